/**
 * Shared by the CloudTrail remediations that point a trail at the baseline log group (update-trail, create-trail).
 * CloudTrail refuses a log group that does not exist in the caller's account and the trail's home region
 * (InvalidCloudWatchLogsLogGroupArnException; "You must use a log group that exists in your account",
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html), so the plan reads the
 * inventory: a group that exists is used, a missing one is created first (tagged, with the baseline retention:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html), and one whose
 * existence could not be read is left to a person rather than planned blind.
 */
import { acceptedRetention } from "../logs/put-retention.ts";
import { fillArnTemplate, logGroupArn } from "../../src/inventory/arn.ts";
import type { AwsCall, RemediationContext } from "../../src/remediate/remediation.ts";

export type Delivery =
  | {
      ready: true;
      /** The two UpdateTrail/CreateTrail members. */
      input: { CloudWatchLogsLogGroupArn: string; CloudWatchLogsRoleArn: string };
      /** Calls to run before the trail call: CreateLogGroup (+ PutRetentionPolicy) when the group is missing. */
      prerequisites: AwsCall[];
      /** For the change's summary, e.g. "create log group aws-cloudtrail-logs". */
      note?: string;
      /** What the plan depends on, for the fingerprint. */
      state: { logGroup: string; exists: boolean };
    }
  | {
      ready: false;
      /** The log group's ARN (without `:*`): the resource of the manual step. */
      groupArn: string;
      /** What a person must do. */
      manual: string;
      state: { logGroup: string; exists: null; error: string };
    };

/** null when the baseline has no CloudWatch Logs role: nothing to deliver with. */
export function baselineDelivery(ctx: RemediationContext, region: string): Delivery | null {
  const base = ctx.baseline.cloudtrail;
  if (!base.cloudWatchLogsRoleArn) return null;
  const account = ctx.inventory.accountId;
  const name = base.logGroup;
  const streams = logGroupArn(region, account, name);
  const groupArn = streams.replace(/:\*$/, "");
  const input = {
    CloudWatchLogsLogGroupArn: streams,
    CloudWatchLogsRoleArn: fillArnTemplate(base.cloudWatchLogsRoleArn, { account, region }),
  };
  const collected = ctx.inventory.baselineLogGroup;
  const read = collected?.name === name ? collected.byRegion[region] : undefined;
  if (!read || !read.ok) {
    const why = read ? `${read.error.operation} failed: ${read.error.code}` : "it was not read in this scan";
    return {
      ready: false,
      groupArn,
      manual:
        `Make sure log group ${name} exists in account ${account}, region ${region} (wirewatch could not tell: ` +
        `${why}); CloudTrail refuses to deliver to a log group that does not exist. Then run plan again.`,
      state: { logGroup: groupArn, exists: null, error: read ? read.error.code : "NotCollected" },
    };
  }
  if (read.value.exists) {
    return { ready: true, input, prerequisites: [], state: { logGroup: groupArn, exists: true } };
  }
  const prerequisites: AwsCall[] = [
    {
      service: "logs",
      operation: "CreateLogGroup",
      region,
      input: { logGroupName: name, tags: { ...ctx.tags } },
    },
  ];
  const days = acceptedRetention(ctx.baseline.logs.retentionDays);
  if (days !== undefined) {
    prerequisites.push({
      service: "logs",
      operation: "PutRetentionPolicy",
      region,
      input: { logGroupName: name, retentionInDays: days },
    });
  }
  return {
    ready: true,
    input,
    prerequisites,
    note: `create log group ${name}`,
    state: { logGroup: groupArn, exists: false },
  };
}

/** IAM actions the prerequisites need (CreateLogGroup with tags also needs logs:TagResource, per its reference). */
export const DELIVERY_PERMISSIONS = ["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy"];
