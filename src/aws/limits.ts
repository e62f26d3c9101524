/**
 * AWS's published per-account, per-region request rates, as the client paces itself. Sources: CloudTrail
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html,
 * EventBridge https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (all but PutEvents),
 * CloudWatch Logs https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html,
 * CloudWatch https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html,
 * SNS https://docs.aws.amazon.com/general/latest/gr/sns.html and
 * Account Management https://docs.aws.amazon.com/accounts/latest/reference/quotas.html and
 * Security Hub BatchImportFindings (10 TPS per account and region)
 * https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html.
 * We stay a little under each limit so a scan never relies on AWS throttling to slow it down.
 */
const CLOUDTRAIL_READ = 10;

/** Requests per second by `service:Operation`; `service:*` is the service default. */
export const PUBLISHED_TPS: Record<string, number> = {
  "cloudtrail:LookupEvents": 2,
  "cloudtrail:DescribeTrails": CLOUDTRAIL_READ,
  "cloudtrail:GetTrailStatus": CLOUDTRAIL_READ,
  "cloudtrail:GetEventSelectors": CLOUDTRAIL_READ,
  "cloudtrail:ListTrails": CLOUDTRAIL_READ,
  "cloudtrail:*": 1,
  "events:*": 50,
  "logs:*": 5,
  "monitoring:DescribeAlarms": 9,
  "monitoring:DescribeAlarmsForMetric": 9,
  "monitoring:*": 3,
  "sns:*": 30,
  "account:*": 5,
  "securityhub:BatchImportFindings": 10,
  // STS AssumeRole and Organizations ListAccounts have no published rate: conservative guesses.
  "sts:*": 100,
  "organizations:*": 5,
};

/** Fraction of the published rate we aim for. */
export const PACING_MARGIN = 0.85;

/** Operations sharing one published limit share one bucket. */
export function bucketFor(service: string, operation: string): { key: string; tps: number } {
  const exact = PUBLISHED_TPS[`${service}:${operation}`];
  if (exact !== undefined) {
    // CloudTrail's read APIs share the 10 TPS "Describe/Get/List" limit.
    const shared = service === "cloudtrail" && operation !== "LookupEvents" ? "read" : operation;
    return { key: `${service}:${shared}`, tps: exact };
  }
  return { key: `${service}:*`, tps: PUBLISHED_TPS[`${service}:*`] ?? 10 };
}
