/**
 * Markdown for pull requests and job summaries: totals, the account-regions where a detection path is blind (or
 * could not be looked at), findings by severity and drift since the baseline. GitHub caps a step's job summary at
 * 1 MiB (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary):
 * fitMarkdown cuts at a line and says so.
 */
import { PATHS } from "../engine/coverage.ts";
import { SEVERITY_ORDER } from "./build.ts";
import type { ReportFinding, ScanReport } from "./model.ts";
import type { ReportWriter } from "./writer.ts";

export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

/** Table rows listed per section before "N more": a summary is read, the JSON report is searched. */
const MAX_ROWS = 200;

/** A table cell: no pipe, newline or HTML can break out of it. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`)
    .trim();
}

const code = (text: string) => "`" + text.replace(/`/g, "'") + "`";

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

function more(total: number): string[] {
  return total > MAX_ROWS ? ["", `… and ${total - MAX_ROWS} more (see the JSON report).`] : [];
}

export function renderMarkdown(report: ScanReport): string {
  const s = report.summary;
  const out: string[] = [
    "## wirewatch scan",
    "",
    `${s.accounts.scanned} of ${s.accounts.total} accounts scanned, ${report.scope.regions.length} regions; ` +
      `${s.findings.fail} failing, ${s.findings.error} could not be checked, ${s.findings.suppressed} suppressed; ` +
      `${s.blindCells} blind account-regions.` +
      (s.incomplete ? " **The scan is incomplete**: some things could not be read." : ""),
    "",
  ];
  const troubled = report.coverage.filter((c) =>
    PATHS.some((p) => c.paths[p] === "blind" || c.paths[p] === "unknown"),
  );
  out.push("### Blind account-regions", "");
  if (troubled.length === 0) out.push("None: every detection path works everywhere it was checked.", "");
  else {
    out.push(
      ...table(
        ["Account", "Region", ...PATHS, "Latency"],
        troubled
          .slice(0, MAX_ROWS)
          .map((c) => [
            code(c.accountId),
            c.region === "*" ? "all" : code(c.region),
            ...PATHS.map((p) => c.paths[p]),
            cell(c.latency),
          ]),
      ),
      ...more(troubled.length),
      "",
    );
  }
  const open = report.findings.filter((f) => (f.status === "fail" || f.status === "error") && !f.suppressed);
  out.push("### Findings by severity", "");
  if (open.length === 0) out.push("No open findings.", "");
  for (const sev of SEVERITY_ORDER) {
    const these = open.filter((f) => f.severity === sev);
    if (these.length === 0) continue;
    out.push(
      `#### ${sev} (${these.length})`,
      "",
      ...table(
        ["Check", "Account", "Region", "Resource", "Finding"],
        these
          .slice(0, MAX_ROWS)
          .map((f: ReportFinding) => [
            code(f.checkId),
            code(f.accountId),
            code(f.region),
            code(f.resource),
            (f.status === "error" ? "could not check: " : "") + cell(f.message),
          ]),
      ),
      ...more(these.length),
      "",
    );
  }
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    out.push(
      `### Suppressed (${suppressed.length})`,
      "",
      ...table(
        ["Check", "Account", "Region", "Reason", "Owner", "Expires"],
        suppressed
          .slice(0, MAX_ROWS)
          .map((f) => [
            code(f.checkId),
            code(f.accountId),
            code(f.region),
            cell(f.suppression?.reason ?? ""),
            cell(f.suppression?.owner ?? ""),
            cell(f.suppression?.expires ?? ""),
          ]),
      ),
      ...more(suppressed.length),
      "",
    );
  }
  const stale = (report.suppressions ?? []).filter((x) => x.state === "expired" || x.matched === 0);
  if (stale.length > 0) {
    out.push("### Suppressions to review", "");
    for (const x of stale)
      out.push(
        `- suppression ${x.index} (${cell(x.reason)}, owner ${cell(x.owner)}): ` +
          (x.state === "expired" ? `expired on ${x.expires}, no longer applies` : "matched no finding"),
      );
    out.push("");
  }
  const d = report.drift;
  if (d) {
    const c = d.counts;
    out.push(
      "### Since the baseline",
      "",
      d.baseline
        ? `Compared with scan ${code(d.baseline.scanId)} of ${d.baseline.startedAt}: ` +
            `${c.new} new, ${c.resolved} resolved, ${c.changed} changed, ${c.unknown} unknown, ${c.stillOpen} still open.`
        : `No earlier scan recorded: ${c.new} new.`,
      "",
    );
    const rows = [
      ...d.new.map((r) => ["new", r] as const),
      ...d.resolved.map((r) => ["resolved", r] as const),
      ...d.changed.map((r) => ["changed", r] as const),
      ...d.unknown.map((r) => ["unknown", r] as const),
    ];
    if (rows.length > 0) {
      out.push(
        ...table(
          ["Change", "Severity", "Check", "Account", "Region", "Resource"],
          rows
            .slice(0, MAX_ROWS)
            .map(([kind, r]) => [
              kind,
              r.severity,
              code(r.checkId),
              code(r.accountId),
              code(r.region),
              code(r.resource),
            ]),
        ),
        ...more(rows.length),
        "",
      );
    }
  }
  out.push(`<sub>wirewatch ${report.tool.version}, scan ${report.scanId}, ${report.startedAt}</sub>`, "");
  return out.join("\n");
}

/** The text cut at a line to fit `maxBytes` of UTF-8, with a note saying so; unchanged when it fits. */
export function fitMarkdown(text: string, maxBytes = STEP_SUMMARY_MAX_BYTES): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const note =
    "\n\n**Truncated** to fit the 1 MiB job summary limit: the full report is in the JSON report.\n";
  const budget = maxBytes - Buffer.byteLength(note);
  let cut = Buffer.from(text).subarray(0, budget).toString("utf8");
  // A partly cut multi-byte character decodes as U+FFFD; drop it and the partial line.
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf("\n")));
  return cut + note;
}

export const markdownWriter: ReportWriter = {
  format: "markdown",
  fileName: "wirewatch-report.md",
  render: (report) => renderMarkdown(report),
};
