/**
 * AWS's published per-account, per-region API rate limits as token buckets (the quota pages cited below).
 * A bucket holds one second of requests; a request with no token left is throttled with the service's own error.
 */

/** Requests per second per account and region, by `service:bucket`. */
export const PUBLISHED_TPS: Record<string, number> = {
  // CloudTrail quotas: docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
  "cloudtrail:read": 10,
  "cloudtrail:LookupEvents": 2,
  "cloudtrail:write": 1,
  // EventBridge quotas: docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (all but PutEvents)
  "events:api": 50,
  // CloudWatch Logs quotas: docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
  "logs:DescribeLogGroups": 5,
  "logs:DescribeSubscriptionFilters": 5,
  "logs:DescribeMetricFilters": 5,
  "logs:DescribeAccountPolicies": 5,
  "logs:write": 5,
  // CloudWatch quotas: docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
  "monitoring:DescribeAlarms": 9,
  "monitoring:DescribeAlarmsForMetric": 9,
  "monitoring:PutMetricAlarm": 3,
  "monitoring:write": 3,
  // SNS API throttling: docs.aws.amazon.com/general/latest/gr/sns.html
  "sns:ListSubscriptionsByTopic": 30,
  "sns:GetTopicAttributes": 30,
  "sns:api": 30,
  // Publish is allowed thousands a second, by region (same page); a conservative 300 is modelled.
  "sns:publish": 300,
  // Account Management quotas: docs.aws.amazon.com/accounts/latest/reference/quotas.html (ListRegions 5 TPS)
  "account:api": 5,
  // BatchImportFindings: 10 TPS per account and region
  // (docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html); GetFindings is not limited.
  "securityhub:BatchImportFindings": 10,
  // Not in AWS's quota tables. The AWS Security Blog's "How to monitor and query IAM
  // resources at scale, part 2" describes STS token buckets without a figure we could confirm; 100 TPS is a
  // deliberately conservative stand-in, below what organizations observe in practice.
  "sts:api": 100,
  "organizations:api": 10,
};

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly tps: Record<string, number> = PUBLISHED_TPS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `service:bucket` in an account and region; false when the caller must be throttled. */
  take(accountId: string, region: string, serviceBucket: string): boolean {
    const rate = this.tps[serviceBucket];
    if (rate === undefined) return true;
    const key = `${accountId}|${region}|${serviceBucket}`;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
