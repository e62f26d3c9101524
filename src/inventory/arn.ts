/**
 * ARNs, parsed and built in one place: `arn:<partition>:<service>:<region>:<account>:<resource>`. The resource part
 * may itself contain `:` and `/` (`log-group:name:*`, `role/path/name`, `alarm:name`), so only the first five
 * colons separate fields. Partitions are aws, aws-us-gov and aws-cn; the partition of a region follows its name.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
export type Partition = (typeof PARTITIONS)[number];

export interface Arn {
  partition: string;
  service: string;
  /** Empty for global resources (IAM). */
  region: string;
  /** Empty for resources without an owner account (S3 buckets, AWS managed policies). */
  account: string;
  /** Everything after the fifth colon, separators included. */
  resource: string;
}

const ARN = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/;

/** The parts of an ARN, or undefined when the text is not one. */
export function parseArn(arn: string): Arn | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/**
 * The partition a region belongs to: `cn-*` regions are aws-cn, `us-gov-*` are aws-us-gov, every other commercial
 * region is aws. https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
export function partitionOf(region: string): Partition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * The region where a partition records its global services' events (IAM, STS's global endpoint, Organizations)
 * and where they reach EventBridge.
 * - aws: us-east-1 (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events).
 * - aws-us-gov: us-gov-west-1, home of the one IAM control plane of the GovCloud (US) regions
 *   (https://docs.aws.amazon.com/govcloud-us/latest/ug-west/govcloud-iam.html); also the SDK's implicit global
 *   region for the partition.
 * - aws-cn: cn-north-1 (Beijing), where single-region trails see global service events
 *   (http://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudtrail.html; CloudFront's alone are in cn-northwest-1).
 */
export function globalEventsRegion(partition: string): string {
  if (partition === "aws-us-gov") return "us-gov-west-1";
  if (partition === "aws-cn") return "cn-north-1";
  return "us-east-1";
}

/** Whether `region` is where its partition records global service events. */
export function isGlobalEventsRegion(region: string): boolean {
  return region === globalEventsRegion(partitionOf(region));
}

export function isPartition(value: string): value is Partition {
  return (PARTITIONS as readonly string[]).includes(value);
}

/** A regional resource's ARN, in the partition of its region. */
export function regionalArn(service: string, region: string, account: string, resource: string): string {
  return formatArn({ partition: partitionOf(region), service, region, account, resource });
}

/** The account an ARN names, when it names one (12 digits). */
export function accountOf(arn: string): string | undefined {
  const account = parseArn(arn)?.account;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The region an ARN names, when it names one. */
export function regionOf(arn: string): string | undefined {
  return parseArn(arn)?.region || undefined;
}

export function serviceOf(arn: string): string | undefined {
  return parseArn(arn)?.service;
}

/**
 * An SNS topic ARN (any partition). CloudWatch alarm actions may also be Auto Scaling, EC2, Systems Manager or
 * Lambda ARNs; only a topic notifies a person.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions
 */
export function isTopicArn(arn: string): boolean {
  return serviceOf(arn) === "sns";
}

/**
 * An IAM role's ARN. `name` may carry the role's path (`ops/wirewatch-audit`), which the ARN keeps:
 * `arn:aws:iam::<account>:role/ops/wirewatch-audit`. IAM is global, so the partition is given, not derived.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function roleArn(partition: string, account: string, name: string): string {
  const pathAndName = name.replace(/^\/+/, "");
  return formatArn({ partition, service: "iam", region: "", account, resource: `role/${pathAndName}` });
}

/** The path (`/` or `/ops/`) and name of a role ARN. */
export function parseRoleArn(arn: string): { account: string; path: string; name: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== "iam" || !p.resource.startsWith("role/")) return undefined;
  const parts = p.resource.slice("role/".length).split("/");
  const name = parts.pop();
  if (!name) return undefined;
  return { account: p.account, path: `/${parts.map((s) => `${s}/`).join("")}`, name };
}

/**
 * A CloudWatch Logs group's ARN as CloudTrail's CloudWatchLogsLogGroupArn takes it, with the `:*` suffix that covers
 * its streams. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 */
export function logGroupArn(region: string, account: string, name: string): string {
  return regionalArn("logs", region, account, `log-group:${name}:*`);
}

/** Region, account and name of a log group ARN, with or without the `:*` suffix. */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== "logs" || !p.resource.startsWith("log-group:")) return undefined;
  const name = p.resource.slice("log-group:".length).replace(/:\*$/, "");
  if (!name || !p.region || !/^\d{12}$/.test(p.account)) return undefined;
  return { region: p.region, account: p.account, name };
}

/**
 * Fills the `{partition}`, `{region}` and `{account}` placeholders of a configured ARN template (baseline
 * destinations, roles, keys) for one account and region, so one configuration serves every partition. The
 * partition is the region's: a caller can reach only the regions of its own partition, so it is also the
 * caller identity's. A template may instead spell its partition out (`arn:aws-us-gov:...`).
 */
export function fillArnTemplate(template: string, at: { account: string; region: string }): string {
  return template
    .replaceAll("{partition}", partitionOf(at.region))
    .replaceAll("{region}", at.region)
    .replaceAll("{account}", at.account);
}
