/**
 * `wirewatch suppressions`: the configured suppressions, and what each matched in a scan's JSON report (the one in
 * the output directory, or --report FILE): how many findings, which, and whether it expired or matched nothing.
 * Reading a report needs no AWS credentials.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { configAnchors } from "../config/anchors.ts";
import { suppressionExpired } from "../engine/suppress.ts";
import { EXIT, UsageError } from "../errors.ts";
import type { ScanReport, SuppressionStatus } from "../report/model.ts";
import { loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";

export interface SuppressionsFlags {
  config?: string;
  report?: string;
  format?: "console" | "json";
}

export interface SuppressionListing {
  /** The report read, or null when none was found (nothing is known of what matched). */
  report: { path: string; scanId: string; startedAt: string } | null;
  suppressions: Array<
    Omit<SuppressionStatus, "state" | "matched" | "findingIds"> & {
      state: "active" | "expired" | "unused";
      matched: number | null;
      findingIds: string[];
    }
  >;
}

async function readReport(path: string, required: boolean): Promise<ScanReport | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UsageError(`--report ${path}: cannot read it (${(err as Error).message})`);
  }
  try {
    const r = JSON.parse(text) as ScanReport;
    if (!Array.isArray(r.findings)) throw new Error("no findings");
    return r;
  } catch (err) {
    throw new UsageError(`${path}: not a wirewatch JSON report (${(err as Error).message})`);
  }
}

export async function listSuppressions(
  flags: SuppressionsFlags,
  now = new Date(),
): Promise<SuppressionListing> {
  const config = loadCommandConfig(flags.config);
  const path = flags.report ?? join(config.report.outputDir, "wirewatch-report.json");
  const report = await readReport(path, flags.report !== undefined);
  const anchors = configAnchors(flags.config);
  const inReport = new Map((report?.suppressions ?? []).map((s) => [s.index, s]));
  return {
    report: report ? { path, scanId: report.scanId, startedAt: report.startedAt } : null,
    suppressions: config.suppressions.map((s, index) => {
      const seen = inReport.get(index);
      // The report matched against the suppression as it was then; a config edited since is matched anew next scan.
      const same = seen && seen.reason === s.reason && seen.expires === s.expires;
      const expired = suppressionExpired(s, now);
      const matched = same ? seen.matched : null;
      const line = anchors.suppressionLine(index);
      return {
        index,
        reason: s.reason,
        owner: s.owner,
        expires: s.expires,
        ...(s.ticket !== undefined ? { ticket: s.ticket } : {}),
        match: { ...s.match },
        ...(line !== undefined ? { line } : {}),
        state: expired ? "expired" : matched === 0 ? "unused" : "active",
        matched,
        findingIds: same ? seen.findingIds : [],
      };
    }),
  };
}

export function renderListing(l: SuppressionListing): string {
  const out: string[] = [];
  if (l.suppressions.length === 0) return "No suppressions configured.\n";
  out.push(
    l.report
      ? `Suppressions, and what each matched in scan ${l.report.scanId} (${l.report.startedAt}, ${l.report.path}):`
      : "Suppressions (no JSON report found: run wirewatch scan --format json, or pass --report FILE):",
    "",
  );
  for (const s of l.suppressions) {
    const what = Object.entries(s.match)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ");
    const state =
      s.state === "expired"
        ? `EXPIRED on ${s.expires}: no longer applies`
        : s.state === "unused"
          ? "UNUSED: matched nothing"
          : `active until ${s.expires}`;
    out.push(`  ${s.index}${s.line !== undefined ? ` (line ${s.line})` : ""}  ${what}`);
    out.push(`      ${s.reason} — owner ${s.owner}${s.ticket ? `, ticket ${s.ticket}` : ""}; ${state}`);
    if (s.matched !== null) {
      out.push(`      ${s.state === "expired" ? "would match" : "matched"} ${s.matched} finding(s)`);
      for (const id of s.findingIds.slice(0, 20)) out.push(`        ${id}`);
      if (s.findingIds.length > 20) out.push(`        ... ${s.findingIds.length - 20} more`);
    }
  }
  return out.join("\n") + "\n";
}

export async function suppressionsCommand(flags: SuppressionsFlags, io: Io): Promise<number> {
  const listing = await listSuppressions(flags);
  io.stdout.write(flags.format === "json" ? JSON.stringify(listing, null, 2) + "\n" : renderListing(listing));
  return EXIT.ok;
}
