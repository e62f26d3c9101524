/**
 * The inventory: plain, serializable data read from AWS for one account, region by region. src/collect produces
 * it; the engine, checks and remediation planning read it and nothing else (no SDK types), so they stay pure
 * functions of it. Every read that failed is kept as a CollectionError beside the data it would have produced,
 * so "could not look" can never be mistaken for "nothing there".
 */
import { parseArn, partitionOf } from "./arn.ts";

export interface CollectionError {
  service: string;
  operation: string;
  /** The AWS error code (SDK error name), e.g. AccessDeniedException. */
  code: string;
  message: string;
  region?: string;
  /** The resource the call was about, e.g. a trail ARN. */
  resource?: string;
  /** Where in a file the read stopped (a saved inventory that does not parse); line and column are 1-based. */
  position?: { offset: number; line: number; column: number };
}

/** The outcome of one read: the value, or why it could not be read. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: CollectionError };

export interface TrailSummary {
  name: string;
  arn: string;
  homeRegion: string;
  /** The account that owns the trail (from its ARN); differs from the scanned account for organization trails. */
  ownerAccountId: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidationEnabled: boolean;
  kmsKeyId?: string;
  s3BucketName?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  hasCustomEventSelectors: boolean;
}

export interface TrailStatus {
  isLogging: boolean;
  latestDeliveryTime?: string;
  latestDeliveryError?: string;
  latestCloudWatchLogsDeliveryTime?: string;
  latestCloudWatchLogsDeliveryError?: string;
  latestDigestDeliveryTime?: string;
  latestDigestDeliveryError?: string;
  startLoggingTime?: string;
  stopLoggingTime?: string;
}

export interface BasicEventSelector {
  readWriteType: "ReadOnly" | "WriteOnly" | "All";
  includeManagementEvents: boolean;
  excludeManagementEventSources: string[];
  /** Data-event resources; kept so remediation can restore management events without dropping them. */
  dataResources?: Array<{ type: string; values: string[] }>;
}

export interface AdvancedFieldSelector {
  field: string;
  equals?: string[];
  notEquals?: string[];
  startsWith?: string[];
  notStartsWith?: string[];
  endsWith?: string[];
  notEndsWith?: string[];
}

export interface EventSelectors {
  basic?: BasicEventSelector[];
  advanced?: Array<{ name?: string; fieldSelectors: AdvancedFieldSelector[] }>;
}

/** Status and selectors of a trail, read once, in its home region, from the account that owns it. */
export interface TrailDetail {
  arn: string;
  ownerAccountId: string;
  homeRegion: string;
  status: Read<TrailStatus>;
  selectors: Read<EventSelectors>;
  /**
   * The trail's CloudWatch Logs group and what hangs off it (log and alarm paths), read in the owner account and
   * home region. Absent when the trail does not deliver to CloudWatch Logs.
   */
  logGroup?: LogGroupDetail;
}

export interface SubscriptionFilter {
  name: string;
  pattern: string;
  destinationArn: string;
  roleArn?: string;
  distribution?: string;
}

export interface MetricFilter {
  name: string;
  pattern: string;
  metrics: Array<{
    name: string;
    namespace: string;
    /** metricValue: a number, or a field of the event such as `$.size`. */
    value: string;
    /** Published for every log event the pattern does not match. */
    defaultValue?: number;
    /** Dimension name -> the event field whose value names the stream (`$.eventSource`). */
    dimensions?: Record<string, string>;
    unit?: string;
  }>;
}

/** An account-level subscription filter policy (DescribeAccountPolicies, SUBSCRIPTION_FILTER_POLICY). */
export interface AccountSubscriptionPolicy {
  name: string;
  destinationArn?: string;
  roleArn?: string;
  filterPattern: string;
  distribution?: string;
  /** Raw selection criteria, e.g. `LogGroupName NOT IN ["a", "b"]`. */
  selectionCriteria?: string;
  /** Log group names the selection criteria exclude (parsed from selectionCriteria). */
  excludedLogGroups: string[];
  /** The document could not be parsed: it is kept but cannot be judged. */
  unparsable?: string;
}

export interface MetricAlarm {
  name: string;
  arn: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  /** Plain metric alarms; for metric-math alarms the metrics of their queries. */
  metrics: Array<{ name: string; namespace: string; dimensions: Record<string, string> }>;
  isMetricMath: boolean;
  comparisonOperator?: string;
  threshold?: number;
  evaluationPeriods?: number;
  /** M of "M out of N"; absent means EvaluationPeriods. */
  datapointsToAlarm?: number;
  period?: number;
  statistic?: string;
  /** A percentile or other extended statistic (p99, tm90, ...), instead of statistic. */
  extendedStatistic?: string;
  /** The unit the alarm asks for; absent means any. */
  unit?: string;
  evaluateLowSampleCountPercentile?: string;
  treatMissingData?: string;
}

export interface TopicDetail {
  arn: string;
  /** GetTopicAttributes: Policy, KmsMasterKeyId, SubscriptionsConfirmed, SubscriptionsPending, ... */
  attributes: Read<Record<string, string>>;
  /** ListSubscriptionsByTopic; pending ones have subscriptionArn "PendingConfirmation". */
  subscriptions: Read<Array<{ subscriptionArn: string; protocol: string; endpoint: string }>>;
}

export interface LogGroupDetail {
  /** Name and region parsed from the trail's CloudWatchLogsLogGroupArn. */
  name: string;
  arn: string;
  region: string;
  /** DescribeLogGroups; `exists: false` when the trail points at a group that is gone. */
  group: Read<{ exists: boolean; retentionInDays?: number; kmsKeyId?: string }>;
  subscriptionFilters: Read<SubscriptionFilter[]>;
  /** The account's subscription policies in the log group's region. */
  accountPolicies: Read<AccountSubscriptionPolicy[]>;
  metricFilters: Read<MetricFilter[]>;
  /** Metric alarms of the log group's region whose metric is one of the metric filters' metrics. */
  alarms: Read<MetricAlarm[]>;
  /** SNS topics the alarms notify, by ARN. */
  topics: Record<string, TopicDetail>;
}

export interface RuleTarget {
  id: string;
  arn: string;
  roleArn?: string;
  deadLetterArn?: string;
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  inputTransformed: boolean;
}

export interface EventRule {
  name: string;
  arn: string;
  state: string;
  eventPattern?: string;
  managedBy?: string;
  /**
   * ListTargetsByRule, read only for candidate rules (a pattern that matches at least one CloudTrail API-call
   * sample); absent for the others.
   */
  targets?: Read<RuleTarget[]>;
}

export interface RegionInventory {
  region: string;
  /** DescribeTrails in this region (shadow trails included): every trail that applies here. */
  trails: Read<TrailSummary[]>;
  /** Rules of the default event bus (ListRules); absent in inventories saved before the fast path was collected. */
  rules?: Read<EventRule[]>;
}

export interface AccountInventory {
  version: 1;
  accountId: string;
  accountName?: string;
  collectedAt: string;
  /** Whether the audit role could be assumed; when not, nothing else was read. */
  access: Read<{ principalArn: string }>;
  /** Enabled regions of the account (Account ListRegions), before the config's include/exclude. */
  enabledRegions: Read<string[]>;
  /** Regions scanned: enabled regions intersected with the config. */
  regions: Record<string, RegionInventory>;
  /** Details of the trails this account owns (and of organization trails read on its behalf), by ARN. */
  trailDetails: Record<string, TrailDetail>;
  /**
   * The baseline's CloudTrail log group (baseline.cloudtrail.logGroup), by region, read where remediation may
   * point a trail at it: the home region of each owned trail that does not deliver to CloudWatch Logs, and the home
   * region when the account owns no multi-region trail. CloudTrail refuses a log group that does not exist
   * (InvalidCloudWatchLogsLogGroupArnException), so a plan must create it first or leave it to a person.
   * Absent in inventories collected without a baseline log group.
   */
  baselineLogGroup?: { name: string; byRegion: Record<string, Read<{ exists: boolean }>> };
}

/**
 * The code of the error an account carries when its saved inventory file (scan --inventory) is missing or cannot
 * be parsed: nothing about the account could be looked at.
 */
export const INVENTORY_UNREADABLE = "InventoryUnreadable";

/** The code of the error an account carries when the scan was interrupted before it was read. */
export const SCAN_INTERRUPTED = "ScanInterrupted";

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const failed = <T>(error: CollectionError): Read<T> => ({ ok: false, error });

/**
 * The partition an account was read in: that of the audit role's ARN, which the scan builds from the partition of
 * the caller identity (the hub's GetCallerIdentity ARN); else that of its scanned regions, else aws.
 */
export function partitionOfInventory(inv: AccountInventory): string {
  const fromRole = inv.access.ok ? parseArn(inv.access.value.principalArn)?.partition : undefined;
  if (fromRole) return fromRole;
  const region = Object.keys(inv.regions)[0];
  return region ? partitionOf(region) : "aws";
}

/** An account nothing could be looked at in: its access and its regions both carry `error`. */
export function unlookedInventory(accountId: string, error: CollectionError): AccountInventory {
  return {
    version: 1,
    accountId,
    collectedAt: new Date().toISOString(),
    access: failed(error),
    enabledRegions: failed(error),
    regions: {},
    trailDetails: {},
  };
}
