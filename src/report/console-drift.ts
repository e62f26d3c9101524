/** The console's "since the last scan" block: what is new, resolved, changed or unknown, before everything else. */
import type { Drift, DriftRef } from "./model.ts";

/** Lines listed per kind before "... N more". */
const MAX_PER_KIND = 15;

type Paint = (style: "bold" | "red" | "green" | "yellow" | "dim", text: string) => string;

const UNKNOWN_TEXT = {
  error: "its check could not read it",
  unreachable: "account or region unreachable",
  notScanned: "not scanned this time",
  checkNotRun: "check not run",
} as const;

function age(seconds: number): string {
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} days`;
}

export function renderDrift(drift: Drift, paint: Paint): string[] {
  const c = drift.counts;
  const since = drift.baseline
    ? `Since the last scan (${drift.baseline.startedAt}, ${drift.baseline.source === "report" ? "baseline report" : "scan"} ${drift.baseline.scanId.slice(0, 8)})`
    : "Since the last scan (none recorded: everything open is new)";
  const out = [
    paint(
      "bold",
      `${since}: ${c.new} new, ${c.resolved} resolved, ${c.changed} changed, ${c.unknown} unknown, ${c.stillOpen} still open`,
    ),
  ];
  const line = (tag: string, r: DriftRef, extra = "") =>
    `  ${tag} ${r.severity.padEnd(8)} ${r.checkId} ${r.accountId}${r.region === "global" ? "" : ` ${r.region}`}${extra}`;
  const list = <T>(items: T[], show: (x: T) => string) => {
    for (const x of items.slice(0, MAX_PER_KIND)) out.push(show(x));
    if (items.length > MAX_PER_KIND)
      out.push(`  ... ${items.length - MAX_PER_KIND} more (see the JSON report)`);
  };
  list(drift.new, (r) => line(paint("red", "NEW     "), r, r.status === "error" ? " (could not look)" : ""));
  list(drift.resolved, (r) => line(paint("green", "RESOLVED"), r));
  list(drift.changed, (r) =>
    line(paint("yellow", "CHANGED "), r, ` (${r.changes.map((x) => x.field).join(", ")})`),
  );
  list(drift.unknown, (r) => line(paint("yellow", "UNKNOWN "), r, ` (${UNKNOWN_TEXT[r.reason]})`));
  if (drift.stillOpen.length > 0) {
    const oldest = Math.max(...drift.stillOpen.map((s) => s.openSeconds));
    out.push(paint("dim", `  ${drift.stillOpen.length} still open, the oldest for ${age(oldest)}`));
  }
  out.push("");
  return out;
}
