/** The console's "since the last scan" block: what is new, resolved, changed or unknown, before everything else. */
import type { Attribution, Drift, DriftRef } from "./model.ts";

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

const NOT_ATTRIBUTED = {
  noMatchingEvent: "no matching change in CloudTrail event history",
  lookupFailed: "event history could not be read",
  budgetExhausted: "the scan's event-history lookups ran out",
  beyondHistory: "the last scan is older than event history's 90 days",
  interrupted: "the scan was interrupted",
} as const;

/** Who changed it, under a new finding: the likeliest event, or why nobody is named. */
export function attributionLine(a: Attribution): string {
  const e = a.events[0];
  if (a.status === "attributed" && e) {
    const more = a.events.length > 1 ? `; ${a.events.length - 1} more in the JSON report` : "";
    return `           by ${e.principalArn ?? "(identity not recorded)"}: ${e.eventName} at ${e.eventTime} from ${e.sourceIPAddress ?? "?"}${more}`;
  }
  return `           not attributed: ${NOT_ATTRIBUTED[a.reason ?? "noMatchingEvent"]}${a.reason === "lookupFailed" && a.detail ? ` (${a.detail})` : ""}`;
}

export function renderDrift(
  drift: Drift,
  paint: Paint,
  attributions: ReadonlyMap<string, Attribution> = new Map(),
): string[] {
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
  list(drift.new, (r) => {
    const shown = line(paint("red", "NEW     "), r, r.status === "error" ? " (could not look)" : "");
    const a = attributions.get(r.id);
    return a ? `${shown}\n${paint("dim", attributionLine(a))}` : shown;
  });
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
