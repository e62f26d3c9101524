/**
 * SARIF 2.1.0 for GitHub code scanning (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one rule per check, one result per failing or error finding. Live-cloud findings have no source file, and code
 * scanning rejects a result without a physicalLocation, so every result is anchored to the configuration file (the
 * line that put its account or baseline in scope). Findings are matched across runs by partialFingerprints built
 * from the finding id, which is stable across scans (finding-id.ts).
 */
import { gzipSync } from "node:zlib";
import type * as Sarif from "sarif";
import { SEVERITY_ORDER } from "./build.ts";
import type { ReportFinding, ScanReport } from "./model.ts";
import type { ReportWriter, WriterContext } from "./writer.ts";
import type { Severity } from "../config/schema.ts";

/**
 * GitHub code scanning's upload limits: at most 25,000 results a run and 10 MB for the gzip-compressed file
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
 * "Upload limits"). Beyond either, the least urgent results are left out and the run's properties say so.
 */
export const SARIF_MAX_RESULTS = 25_000;
export const SARIF_MAX_GZIP_BYTES = 10 * 1000 * 1000;

export interface SarifLimits {
  maxResults: number;
  maxGzipBytes: number;
}

const GITHUB_LIMITS: SarifLimits = { maxResults: SARIF_MAX_RESULTS, maxGzipBytes: SARIF_MAX_GZIP_BYTES };

const SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI = "https://github.com/wirewatch/wirewatch";

/**
 * GitHub's bands for `security-severity`: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low
 * (same page, "reportingDescriptor object"). Info findings carry none.
 */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
  info: undefined,
};

const LEVEL: Record<Severity, Sarif.Result.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** Fingerprint key, versioned so a change in what it hashes never silently re-keys existing alerts. */
export const FINGERPRINT_KEY = "wirewatchFindingId/v1";

function rule(checkId: string, severity: Severity, ctx: WriterContext): Sarif.ReportingDescriptor {
  const meta = ctx.checks.get(checkId);
  const remediations = (meta?.remediationIds ?? [])
    .map((id) => ctx.remediations.get(id))
    .filter((r) => r !== undefined);
  const fix =
    remediations.length > 0
      ? remediations.map((r) => `${r.title}: ${r.description}`).join("\n\n")
      : "No automatic remediation: see the finding's message and `wirewatch explain " + checkId + "`.";
  const title = meta?.title ?? checkId;
  const sev = meta?.severity ?? severity;
  const securitySeverity = SECURITY_SEVERITY[sev];
  return {
    id: checkId,
    name: checkId.replace(/(^|[.-])([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: meta?.rationale ?? title },
    help: {
      text: `${meta?.rationale ?? title}\n\nRemediation: ${fix}\n\nwirewatch explain ${checkId}`,
      markdown:
        `${meta?.rationale ?? title}\n\n**Remediation**: ${fix}\n\n` + "`wirewatch explain " + checkId + "`",
    },
    defaultConfiguration: { level: LEVEL[sev] },
    properties: {
      tags: ["security", "aws", checkId.split(".")[0] ?? "wirewatch"],
      ...(securitySeverity !== undefined ? { "security-severity": securitySeverity } : {}),
      precision: "very-high",
    },
  };
}

function result(f: ReportFinding, ruleIndex: number, ctx: WriterContext): Sarif.Result {
  const couldNotLook = f.status === "error";
  const r: Sarif.Result = {
    ruleId: f.checkId,
    ruleIndex,
    kind: "fail",
    level: couldNotLook ? "error" : LEVEL[f.severity],
    message: {
      text: `${couldNotLook ? "Could not check: " : ""}${f.message} (account ${f.accountId}, ${f.region}, ${f.resource})`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: ctx.anchor.uri },
          region: { startLine: ctx.anchor.lineFor(f) },
        },
        logicalLocations: [
          {
            name: f.resource,
            fullyQualifiedName: `${f.accountId}/${f.region}/${f.resource}`,
            kind: "resource",
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.id },
    properties: {
      findingId: f.id,
      status: f.status,
      severity: f.severity,
      accountId: f.accountId,
      region: f.region,
      resource: f.resource,
      messageId: f.messageId,
      ...(f.firstSeen ? { firstSeen: f.firstSeen } : {}),
    },
  };
  if (f.suppressed) {
    const s = f.suppression;
    r.suppressions = [
      {
        kind: "external",
        status: "accepted",
        justification: s
          ? `${s.reason} (owner ${s.owner}, expires ${s.expires}${s.ticket ? `, ticket ${s.ticket}` : ""})`
          : "suppressed",
      },
    ];
  }
  return r;
}

/** Most urgent first, so the results kept under the cap are the ones that matter. */
function byUrgency(a: ReportFinding, b: ReportFinding): number {
  const rank = (f: ReportFinding) =>
    (f.suppressed ? 100 : 0) + (f.status === "error" ? 0 : 1) * 10 + SEVERITY_ORDER.indexOf(f.severity);
  return rank(a) - rank(b);
}

/** Why results were left out: the result count, or the compressed size once the count was within its limit. */
type TruncatedBy = "results" | "gzipSize";

function sarifText(
  report: ScanReport,
  ctx: WriterContext,
  open: ReportFinding[],
  keep: number,
  limits: SarifLimits,
  truncatedBy: TruncatedBy,
): string {
  const ruleIds = [...new Set([...report.scope.checks, ...open.map((f) => f.checkId)])].sort();
  const severityOf = new Map(open.map((f) => [f.checkId, f.severity]));
  const rules = ruleIds.map((id) => rule(id, severityOf.get(id) ?? "medium", ctx));
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  // A stable sort keeps the report's order within each urgency.
  const kept = open.length > keep ? [...open].sort(byUrgency).slice(0, keep) : open;
  const keptSet = new Set(kept);
  const omitted = open.filter((f) => !keptSet.has(f));
  const omittedBySeverity = Object.fromEntries(
    SEVERITY_ORDER.map((s) => [s, omitted.filter((f) => f.severity === s).length]),
  );
  const unused = (report.suppressions ?? []).filter((s) => s.state !== "active" || s.matched === 0);
  const log: Sarif.Log = {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "wirewatch",
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        automationDetails: { id: `wirewatch/${report.scope.organizationId ?? "accounts"}/` },
        invocations: [
          {
            executionSuccessful: !report.summary.incomplete,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(unused.length > 0
              ? {
                  toolConfigurationNotifications: unused.map((s) => ({
                    level: "warning" as const,
                    descriptor: { id: s.state === "expired" ? "suppression-expired" : "suppression-unused" },
                    message: {
                      text:
                        s.state === "expired"
                          ? `suppression ${s.index} (${s.reason}) expired on ${s.expires} and no longer applies`
                          : `suppression ${s.index} (${s.reason}) matched no finding`,
                    },
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: ctx.anchor.uri },
                          region: { startLine: s.line ?? 1 },
                        },
                      },
                    ],
                  })),
                }
              : {}),
          },
        ],
        results: kept.map((f) => result(f, ruleIndex.get(f.checkId) ?? 0, ctx)),
        properties: {
          scanId: report.scanId,
          incomplete: report.summary.incomplete,
          openFindings: open.length,
          resultsWritten: kept.length,
          resultsOmitted: omitted.length,
          limits: { ...limits },
          ...(omitted.length > 0
            ? {
                truncated: true,
                truncatedBy,
                truncatedReason:
                  truncatedBy === "results"
                    ? `GitHub code scanning accepts at most ${limits.maxResults} results a run; the JSON report has all ${open.length}`
                    : `GitHub code scanning accepts at most ${limits.maxGzipBytes} bytes of gzip-compressed SARIF; the JSON report has all ${open.length}`,
                omittedBySeverity,
              }
            : { truncated: false }),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/**
 * The SARIF log within GitHub's limits: first the result cap, then, while the compressed file is too large, fewer
 * results in proportion to the excess (the least urgent go first), so a run is never rejected for its size.
 */
export function renderSarif(
  report: ScanReport,
  ctx: WriterContext,
  limits: Partial<SarifLimits> = {},
): string {
  const lim: SarifLimits = { ...GITHUB_LIMITS, ...limits };
  const open = report.findings.filter((f) => f.status === "fail" || f.status === "error");
  let keep = Math.min(open.length, lim.maxResults);
  let truncatedBy: TruncatedBy = "results";
  let text = sarifText(report, ctx, open, keep, lim, truncatedBy);
  for (let size = gzipSync(text).length; size > lim.maxGzipBytes && keep > 0; size = gzipSync(text).length) {
    // 5% under the proportional share, so one or two rounds usually settle it.
    keep = Math.min(keep - 1, Math.floor((keep * lim.maxGzipBytes * 0.95) / size));
    keep = Math.max(keep, 0);
    truncatedBy = "gzipSize";
    text = sarifText(report, ctx, open, keep, lim, truncatedBy);
  }
  return text;
}

export const sarifWriter: ReportWriter = {
  format: "sarif",
  fileName: "wirewatch-report.sarif",
  render: (report, ctx) => renderSarif(report, ctx),
};
