/**
 * The console report: the coverage matrix (accounts x regions, one cell per account-region showing each
 * detection path and the best latency left), then the failing findings grouped by account. Fits 100 columns:
 * wide organizations are split into blocks of regions.
 */
import { styleText } from "node:util";
import { PATHS, type CoverageCell, type PathState } from "../engine/coverage.ts";
import { renderDrift } from "./console-drift.ts";
import type { ScanReport } from "./model.ts";

export interface ConsoleOptions {
  width?: number;
  color?: boolean;
  /** Show passing findings too. */
  verbose?: boolean;
}

const SYMBOL: Record<PathState, string> = {
  ok: "✓",
  degraded: "~",
  blind: "✗",
  unknown: "?",
  unchecked: "·",
};
const LATENCY_SHORT: Record<CoverageCell["latency"], string> = {
  seconds: "sec",
  minutes: "min",
  "~15 min": "15m",
  none: "none",
  unknown: "?",
};
/** Matrix rows shown before only troubled accounts are listed. */
const MATRIX_ROWS = 30;
const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => styleText(style, text) : (_style, text) => text;
}

function pad(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : text + " ".repeat(width - len);
}

function truncate(text: string, width: number): string {
  return [...text].length <= width ? text : [...text].slice(0, width - 1).join("") + "…";
}

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && [...line].length + 1 + [...w].length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function cellText(cell: CoverageCell | undefined, paint: Paint): { text: string; width: number } {
  if (!cell) return { text: "", width: 0 };
  const symbols = PATHS.map((p) => {
    const s = cell.paths[p];
    const sym = SYMBOL[s];
    return s === "ok"
      ? paint("green", sym)
      : s === "blind"
        ? paint(["red", "bold"], sym)
        : s === "degraded" || s === "unknown"
          ? paint("yellow", sym)
          : paint("dim", sym);
  }).join("");
  const latency = LATENCY_SHORT[cell.latency];
  const lat = cell.latency === "none" ? paint(["red", "bold"], latency) : latency;
  return { text: `${symbols} ${lat}`, width: PATHS.length + 1 + latency.length };
}

export function renderConsole(report: ScanReport, opts: ConsoleOptions = {}): string {
  const width = opts.width ?? 100;
  const paint = painter(opts.color ?? false);
  const out: string[] = [];
  const names = new Map(report.scope.accounts.map((a) => [a.id, a.name ?? ""]));
  const s = report.summary;

  out.push(
    paint(
      "bold",
      `wirewatch scan${report.scope.organizationId ? ` of ${report.scope.organizationId}` : ""}: ` +
        `${s.accounts.scanned} of ${s.accounts.total} accounts x ${regionCount(report)}`,
    ),
  );
  if (report.shard) {
    const elsewhere = report.scope.accounts.filter((a) => a.skipReason === "other-shard").length;
    out.push(
      `  shard ${report.shard.index} of ${report.shard.count} (0-based) of run ${report.shard.runId}: ` +
        `${elsewhere} accounts belong to other shards; wirewatch merge combines them`,
    );
  }
  const skipped = report.scope.accounts.filter((a) => !a.scanned && a.skipReason !== "other-shard");
  if (skipped.length > 0) {
    out.push(`  not scanned: ${skipped.map((a) => `${a.id} (${a.skipReason ?? a.state})`).join(", ")}`);
  }
  out.push("");
  if (report.drift) {
    const attributions = new Map(
      report.findings.flatMap((f) => (f.attribution ? [[f.id, f.attribution]] : [])),
    );
    out.push(...renderDrift(report.drift, paint, attributions));
  }

  // Coverage matrix, split into blocks of regions that fit the width.
  const accountCol = 26;
  const regions = report.scope.regions;
  const cellCol = Math.min(15, Math.max(10, ...regions.map((r) => r.length + 1)));
  const perBlock = Math.max(1, Math.floor((width - accountCol) / cellCol));
  const byKey = new Map(report.coverage.map((c) => [`${c.accountId}|${c.region}`, c]));
  // A large organization shows only the accounts with something to see.
  const allAccounts = [...new Set(report.coverage.map((c) => c.accountId))].sort();
  const troubled = allAccounts.filter((id) =>
    report.coverage.some(
      (c) =>
        c.accountId === id &&
        (c.region === "*" || Object.values(c.paths).some((p) => p !== "ok" && p !== "unchecked")),
    ),
  );
  const accounts = allAccounts.length > MATRIX_ROWS ? troubled.slice(0, MATRIX_ROWS) : allAccounts;
  const hidden = allAccounts.length - accounts.length;
  out.push(paint("bold", "Coverage") + "  (A archive  L log  M alarm  F fast;  best detection latency)");
  for (let i = 0; i < Math.max(regions.length, 1); i += perBlock) {
    const block = regions.slice(i, i + perBlock);
    out.push(
      pad("", accountCol) +
        block
          .map((r) => pad(truncate(r, cellCol - 1), cellCol))
          .join("")
          .trimEnd(),
    );
    for (const id of accounts) {
      const label = pad(truncate(`${id} ${names.get(id) ?? ""}`.trim(), accountCol - 1), accountCol);
      const whole = byKey.get(`${id}|*`);
      if (whole) {
        out.push(label + paint(["red", "bold"], "not reachable: no region could be read"));
        continue;
      }
      const cells = block.map((r) => {
        const c = cellText(byKey.get(`${id}|${r}`), paint);
        return c.text + " ".repeat(Math.max(0, cellCol - c.width));
      });
      out.push((label + cells.join("")).trimEnd());
    }
    out.push("");
  }
  if (hidden > 0) {
    out.push(
      `  ... ${hidden} more accounts not shown (${allAccounts.length - troubled.length} fully covered); the JSON report has every cell.`,
    );
  }
  out.push(
    `  ${SYMBOL.ok} works  ${SYMBOL.degraded} weakened  ${SYMBOL.blind} blind  ${SYMBOL.unknown} could not look  ${SYMBOL.unchecked} not checked`,
  );
  out.push("");

  // Findings that need attention, grouped by account.
  const shown = report.findings
    // A suppressed finding is still listed, marked with the suppression that muted it: a mute is not a fix.
    .filter((f) => opts.verbose || f.status === "fail" || f.status === "error")
    .sort(
      (a, b) =>
        a.accountId.localeCompare(b.accountId) ||
        (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0) ||
        (a.status === "error" ? 1 : 0) - (b.status === "error" ? 1 : 0) ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.checkId.localeCompare(b.checkId) ||
        a.region.localeCompare(b.region),
    );
  let current = "";
  for (const f of shown) {
    if (f.accountId !== current) {
      current = f.accountId;
      out.push(paint("bold", `${f.accountId} ${names.get(f.accountId) ?? ""}`.trim()));
    }
    const tag = f.suppressed
      ? paint("dim", "MUTED   ")
      : f.status === "error"
        ? paint("yellow", "ERROR   ")
        : f.status === "fail"
          ? paint(
              f.severity === "critical" || f.severity === "high" ? "red" : "yellow",
              pad(f.severity.toUpperCase(), 8),
            )
          : paint("green", pad(f.status.toUpperCase(), 8));
    const where = f.region === "global" ? "" : ` [${f.region}]`;
    const head = `  ${tag} ${f.checkId}${where}`;
    out.push(head);
    for (const line of wrap(f.message, width - 11)) out.push(`           ${line}`);
    if (f.suppressed && f.suppression) {
      const x = f.suppression;
      const why = `Suppressed by suppression ${x.index} until ${x.expires}: ${x.reason} (owner ${x.owner}${x.ticket ? `, ticket ${x.ticket}` : ""}).`;
      for (const line of wrap(why, width - 11)) out.push(paint("dim", `           ${line}`));
    }
    if (f.hides && f.hides.length > 0) {
      const what = `So ${plural(f.hides.length, "other check")} could not look here and ${f.hides.length === 1 ? "is" : "are"} unknown.`;
      for (const line of wrap(what, width - 11)) out.push(paint("dim", `           ${line}`));
    }
  }
  if (shown.length > 0) out.push("");

  const sev = Object.entries(s.failuresBySeverity)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  out.push(
    paint(
      "bold",
      `${s.findings.fail} failing${sev ? ` (${sev})` : ""}, ${s.findings.error} could not be checked, ` +
        `${s.findings.pass} passing; ${coverageSentence(report)}`,
    ),
  );
  if (s.incomplete)
    out.push(paint("yellow", "The scan is incomplete: some accounts or regions could not be read."));
  if (s.findings.suppressed > 0)
    out.push(`${plural(s.findings.suppressed, "finding")} suppressed (wirewatch suppressions lists them).`);
  for (const x of report.suppressions ?? []) {
    if (x.state === "expired")
      out.push(
        paint(
          "yellow",
          `Suppression ${x.index} (${x.reason}) expired on ${x.expires}: its findings count again.`,
        ),
      );
    else if (x.matched === 0)
      out.push(
        paint("yellow", `Suppression ${x.index} (${x.reason}) matched nothing: remove it or fix its match.`),
      );
  }
  const t = report.stats.totals;
  out.push(
    paint(
      "dim",
      `${(report.stats.durationMs / 1000).toFixed(1)} s, ${t.calls} AWS calls, ${t.throttles} throttled, ${t.retries} retried. ` +
        `Explain a check: wirewatch explain <check-id>`,
    ),
  );
  return out.join("\n") + "\n";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function regionCount(report: ScanReport): string {
  const n = report.scope.regions.length;
  return n === 0 && report.scope.accounts.some((a) => a.scanned) ? "no region read" : plural(n, "region");
}

export interface CoverageCounts {
  cells: number;
  /** Cells where some path could not be judged and none is known blind. */
  unknown: number;
  /** Cells blind on at least one path (known blind whatever their other paths). */
  blind: number;
  accounts: number;
}

export function coverageCounts(report: ScanReport): CoverageCounts {
  const cells = report.coverage;
  const unknown = cells.filter((c) => {
    const states = Object.values(c.paths);
    return states.includes("unknown") && !states.includes("blind");
  }).length;
  return {
    cells: cells.length,
    unknown,
    blind: report.summary.blindCells,
    accounts: new Set(cells.map((c) => c.accountId)).size,
  };
}

/**
 * Blind cells counted among those that could be read: "0 of 4 blind" over cells nobody could read would read as
 * all clear.
 */
function coverageSentence(report: ScanReport): string {
  const n = coverageCounts(report);
  if (n.cells > 0 && n.unknown === n.cells) {
    const where = n.accounts === 1 ? "the one account scanned" : `all ${n.accounts} accounts`;
    return `nothing could be read: coverage is unknown in ${where}.`;
  }
  const read = `${n.blind} of ${plural(n.cells - n.unknown, "account-region")} read blind on at least one path`;
  return n.unknown > 0 ? `${read}; ${plural(n.unknown, "account-region")} could not be read.` : `${read}.`;
}
