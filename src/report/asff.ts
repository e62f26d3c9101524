/**
 * ASFF, the AWS Security Finding Format, for Security Hub's BatchImportFindings
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html, the attributes in
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html): one finding a failing,
 * could-not-look or suppressed wirewatch finding, and one ARCHIVED finding a finding drift says resolved, so Security
 * Hub closes what was fixed. Ids are the wirewatch finding ids, so a finding keeps its Security Hub identity across
 * scans and a re-import updates it. Findings are imported into the home region as a custom integration of the
 * account that owns them (its default product ARN).
 */
import type { Severity } from "../config/schema.ts";
import type { DriftRef, ReportFinding, ScanReport } from "./model.ts";
import type { ReportWriter, WriterContext } from "./writer.ts";

/** The only ASFF schema version (required top-level attribute SchemaVersion). */
export const ASFF_SCHEMA_VERSION = "2018-10-08";

/** String limits of the ASFF attributes wirewatch fills (API_AwsSecurityFinding.html). */
const MAX = { title: 256, description: 1024, recommendation: 512, productField: 2048 } as const;

const SEVERITY_LABEL: Record<Severity, AsffFinding["Severity"]["Label"]> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  info: "INFORMATIONAL",
};

export interface AsffResource {
  Type: string;
  Id: string;
  Partition: string;
  Region: string;
}

/** The subset of AwsSecurityFinding wirewatch writes: every required attribute and the ones it has data for. */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt?: string;
  LastObservedAt?: string;
  Severity: { Label: "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL"; Original: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
  Compliance: { Status: "PASSED" | "WARNING" | "FAILED" | "NOT_AVAILABLE" };
  Workflow?: { Status: "NEW" | "SUPPRESSED" };
  RecordState: "ACTIVE" | "ARCHIVED";
}

export interface AsffOptions {
  /** The region findings are imported into (BatchImportFindings is regional): wirewatch's home region. */
  region: string;
}

const cut = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n - 1) + "…");

/** The partition of an ARN, else of the home region. */
function partitionOf(resource: string, region: string): string {
  const m = /^arn:([^:]+):/.exec(resource);
  if (m?.[1]) return m[1];
  return region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
}

/**
 * The ASFF resource type of a wirewatch resource: a type Security Hub names where there is one
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html), else Other.
 */
export function resourceType(resource: string): string {
  const m = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.*)$/.exec(resource);
  if (!m) return /^\d{12}$/.test(resource) ? "AwsAccount" : "Other";
  const [, service, rest = ""] = m;
  if (service === "cloudtrail" && rest.startsWith("trail/")) return "AwsCloudTrailTrail";
  if (service === "sns") return "AwsSnsTopic";
  if (service === "cloudwatch" && rest.startsWith("alarm:")) return "AwsCloudWatchAlarm";
  if (service === "iam" && rest.startsWith("role/")) return "AwsIamRole";
  if (service === "events" && rest.startsWith("event-bus/")) return "AwsEventsEventbus";
  return "Other";
}

/** CIS alarms are the CIS AWS Foundations Benchmark's monitoring controls; the rest are best practices. */
const typesOf = (checkId: string) =>
  checkId.startsWith("alarms.")
    ? ["Industry and Regulatory Standards/CIS AWS Foundations Benchmark"]
    : ["Software and Configuration Checks/AWS Security Best Practices"];

const productArn = (partition: string, region: string, accountId: string) =>
  `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;

function base(
  f: Pick<ReportFinding, "id" | "checkId" | "accountId" | "region" | "resource" | "severity" | "messageId">,
  report: ScanReport,
  ctx: WriterContext,
  opts: AsffOptions,
) {
  const partition = partitionOf(f.resource, opts.region);
  const meta = ctx.checks.get(f.checkId);
  const remediation = meta?.remediationIds[0] ? ctx.remediations.get(meta.remediationIds[0]) : undefined;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: f.id,
    ProductArn: productArn(partition, opts.region, f.accountId),
    GeneratorId: `wirewatch/${f.checkId}`,
    AwsAccountId: f.accountId,
    Types: typesOf(f.checkId),
    UpdatedAt: report.startedAt,
    Severity: { Label: SEVERITY_LABEL[f.severity], Original: f.severity },
    Title: cut(meta?.title ?? f.checkId, MAX.title),
    ...(remediation
      ? {
          Remediation: {
            Recommendation: {
              Text: cut(
                `${remediation.title}: ${remediation.description} (wirewatch plan)`,
                MAX.recommendation,
              ),
            },
          },
        }
      : {}),
    Resources: [
      {
        Type: resourceType(f.resource),
        Id: f.resource,
        Partition: partition,
        Region: f.region === "global" ? opts.region : f.region,
      },
    ],
    productFields: {
      "wirewatch/CheckId": f.checkId,
      "wirewatch/FindingId": f.id,
      "wirewatch/MessageId": f.messageId,
      "wirewatch/Region": f.region,
      "wirewatch/ScanId": report.scanId,
    },
  };
}

/** The ASFF findings of a report: open and suppressed ones ACTIVE, resolved ones (drift) ARCHIVED. */
export function asffFindings(report: ScanReport, ctx: WriterContext, opts: AsffOptions): AsffFinding[] {
  const out: AsffFinding[] = [];
  for (const f of report.findings) {
    if (f.status !== "fail" && f.status !== "error") continue;
    const { productFields, ...b } = base(f, report, ctx, opts);
    const suppression = f.suppressed && f.suppression ? f.suppression : undefined;
    out.push({
      ...b,
      CreatedAt: f.firstSeen ?? report.startedAt,
      FirstObservedAt: f.firstSeen ?? report.startedAt,
      LastObservedAt: f.lastSeen ?? report.startedAt,
      Description: cut((f.status === "error" ? "Could not check: " : "") + f.message, MAX.description),
      ProductFields: {
        ...productFields,
        "wirewatch/Status": f.status,
        ...(suppression
          ? {
              "wirewatch/Suppression": cut(
                `${suppression.reason} (owner ${suppression.owner}, expires ${suppression.expires}${suppression.ticket ? `, ticket ${suppression.ticket}` : ""})`,
                MAX.productField,
              ),
            }
          : {}),
      },
      // Could not look is not compliant and not failed: NOT_AVAILABLE, as Security Hub's own controls say it.
      Compliance: { Status: f.status === "error" ? "NOT_AVAILABLE" : "FAILED" },
      Workflow: { Status: suppression ? "SUPPRESSED" : "NEW" },
      RecordState: "ACTIVE",
    });
  }
  for (const r of report.drift?.resolved ?? []) out.push(archived(r, report, ctx, opts));
  return out;
}

function archived(
  r: DriftRef & { firstSeen: string },
  report: ScanReport,
  ctx: WriterContext,
  opts: AsffOptions,
): AsffFinding {
  const { productFields, ...b } = base(r, report, ctx, opts);
  return {
    ...b,
    CreatedAt: r.firstSeen,
    FirstObservedAt: r.firstSeen,
    Description: cut(`Resolved: scan ${report.scanId} found this passing or gone.`, MAX.description),
    ProductFields: { ...productFields, "wirewatch/Status": "resolved" },
    Compliance: { Status: "PASSED" },
    RecordState: "ARCHIVED",
  };
}

export const asffWriter: ReportWriter = {
  format: "asff",
  fileName: "wirewatch-report.asff.json",
  render: (report, ctx) =>
    JSON.stringify(asffFindings(report, ctx, { region: ctx.homeRegion }), null, 2) + "\n",
};
