/**
 * The simulated AWS world: per-account, per-region state kept in the shapes the AWS APIs return, so handlers
 * can hand most of it back unchanged. Built from a scenario (scenario.ts) and changed by write calls.
 */
import type { Partition } from "../src/inventory/arn.ts";
import type { PolicyDocument } from "./iam.ts";

export type AccountLifecycle = "PENDING_ACTIVATION" | "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
export type RegionOptStatus = "ENABLED" | "ENABLING" | "DISABLING" | "DISABLED" | "ENABLED_BY_DEFAULT";
/**
 * What a principal without permission policies may do: read-only principals get AccessDenied on every write
 * operation. A principal with policies is judged by them alone (iam.ts).
 */
export type Access = "read-only" | "read-write";

export interface RoleState {
  name: string;
  arn: string;
  /** Principal ARNs admitted by the trust policy; `arn:<partition>:iam::<id>:root` admits the whole account. */
  trustedPrincipals: string[];
  externalId?: string;
  maxSessionDuration: number;
  access: Access;
  /** Inline permission policies; when present they decide every action and `access` is unused. */
  policies?: PolicyDocument[];
}

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  /** The caller ARN as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
  kind: "user" | "assumed-role";
  access: Access;
  /** The principal's permission policies (a session carries its role's); when present they replace `access`. */
  policies?: PolicyDocument[];
  /** Simulated-clock milliseconds; absent for long-term keys. */
  expiresAt?: number;
  roleName?: string;
}

export interface TrailStatus {
  IsLogging: boolean;
  LatestDeliveryTime?: Date;
  LatestDeliveryError?: string;
  LatestCloudWatchLogsDeliveryTime?: Date;
  LatestCloudWatchLogsDeliveryError?: string;
  LatestNotificationError?: string;
  LatestDigestDeliveryTime?: Date;
  LatestDigestDeliveryError?: string;
  StartLoggingTime?: Date;
  StopLoggingTime?: Date;
}

export interface EventSelector {
  ReadWriteType?: "ReadOnly" | "WriteOnly" | "All";
  IncludeManagementEvents?: boolean;
  DataResources?: Array<{ Type?: string; Values?: string[] }>;
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedFieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

export interface TrailState {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  SnsTopicARN?: string;
  IncludeGlobalServiceEvents: boolean;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  /** CreateTrail/UpdateTrail RecursiveLogging as last set; unset means AWS's default, true. */
  RecursiveLogging?: boolean;
  status: TrailStatus;
  /** Exactly one of the two is set once selectors are customised; neither means the default (all management events). */
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  tags: Record<string, string>;
}

export interface Target {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  /** The target's other parameters (InputTransformer, EcsParameters, ...), kept as given and listed back. */
  parameters?: Record<string, unknown>;
}

export interface RuleState {
  Name: string;
  Arn: string;
  EventBusName: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
  Description?: string;
  RoleArn?: string;
  ManagedBy?: string;
  CreatedBy: string;
  targets: Target[];
  tags: Record<string, string>;
}

export interface SubscriptionFilter {
  filterName: string;
  logGroupName: string;
  filterPattern: string;
  destinationArn: string;
  roleArn?: string;
  distribution: "Random" | "ByLogStream";
  creationTime: number;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFields?: string[];
}

export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
  unit?: string;
}

export interface MetricFilter {
  filterName: string;
  logGroupName: string;
  filterPattern: string;
  metricTransformations: MetricTransformation[];
  creationTime: number;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFieldDimensions?: string[];
}

export interface LogGroupState {
  logGroupName: string;
  arn: string;
  creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  /** STANDARD unless CreateLogGroup said otherwise. */
  logGroupClass?: string;
  deletionProtectionEnabled?: boolean;
  storedBytes: number;
  subscriptionFilters: SubscriptionFilter[];
  metricFilters: MetricFilter[];
  tags: Record<string, string>;
}

export interface AccountPolicyState {
  policyName: string;
  policyDocument: string;
  policyType:
    "SUBSCRIPTION_FILTER_POLICY" | "DATA_PROTECTION_POLICY" | "FIELD_INDEX_POLICY" | "TRANSFORMER_POLICY";
  scope: "ALL";
  selectionCriteria?: string;
  lastUpdatedTime: number;
  accountId: string;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface AlarmState {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  StateValue: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  StateReason: string;
  StateUpdatedTimestamp: Date;
  AlarmConfigurationUpdatedTimestamp: Date;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  EvaluateLowSampleCountPercentile?: string;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  /** Metric-math alarms carry their metrics here instead of MetricName/Namespace. */
  Metrics?: unknown[];
  ThresholdMetricId?: string;
  /** PutMetricAlarm's evaluation and notification settings, kept as given (alarms do not evaluate here). */
  EvaluationWindow?: unknown;
  WarmUpConfiguration?: unknown;
  ActionConfiguration?: unknown;
  tags: Record<string, string>;
}

export interface SnsSubscription {
  SubscriptionArn: string;
  Protocol: string;
  Endpoint: string;
  Owner: string;
  confirmed: boolean;
  /** Subscribe's Attributes (FilterPolicy, RawMessageDelivery, ...). */
  attributes?: Record<string, string>;
}

export interface TopicState {
  TopicArn: string;
  /** Topic attributes as SNS reports them (Policy, DisplayName, KmsMasterKeyId, ...). */
  attributes: Record<string, string>;
  subscriptions: SnsSubscription[];
  tags: Record<string, string>;
  /** CreateTopic's DataProtectionPolicy (a JSON document), when given. */
  dataProtectionPolicy?: string;
  /** What Publish was given, oldest first, so tests and `wirewatch sim` users can read what was sent. */
  published?: PublishedMessage[];
}

export interface PublishedMessage {
  MessageId: string;
  Subject?: string;
  Message: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, unknown>;
  /** The caller's ARN (the hub identity, for wirewatch's notifications). */
  publisher: string;
  at: string;
}

/** A management event as CloudTrail LookupEvents returns it. */
export interface CloudTrailEventRecord {
  EventId: string;
  EventName: string;
  ReadOnly: "true" | "false";
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: Array<{ ResourceType?: string; ResourceName?: string }>;
  CloudTrailEvent: string;
}

export interface RegionState {
  /** Trails whose home region is this region and which this account owns. */
  trails: Map<string, TrailState>;
  /** Keyed by `${EventBusName}/${Name}`. */
  rules: Map<string, RuleState>;
  logGroups: Map<string, LogGroupState>;
  accountPolicies: AccountPolicyState[];
  alarms: Map<string, AlarmState>;
  /** Keyed by topic ARN. */
  topics: Map<string, TopicState>;
  /** Newest last; LookupEvents returns newest first. */
  events: CloudTrailEventRecord[];
}

export interface AccountState {
  id: string;
  name: string;
  email: string;
  state: AccountLifecycle;
  joinedTimestamp: Date;
  /** Every region the account knows with its opt-in status. */
  regions: Map<string, RegionOptStatus>;
  roles: Map<string, RoleState>;
  regionState: Map<string, RegionState>;
}

export interface Organization {
  id: string;
  arn: string;
  masterAccountId: string;
  masterAccountEmail: string;
  featureSet: "ALL" | "CONSOLIDATED_BILLING";
}

export interface World {
  /** The scenario's partition: every ARN the world holds or mints carries it. */
  partition: Partition;
  organization?: Organization;
  accounts: Map<string, AccountState>;
  /** Access key id -> credential, for long-term keys and issued sessions alike. */
  credentials: Map<string, Credential>;
  hubAccessKeyId: string;
  /** Behaviours AWS shows only sometimes, switched on per scenario. */
  quirks?: { emptyPages?: boolean };
}

export function emptyRegionState(): RegionState {
  return {
    trails: new Map(),
    rules: new Map(),
    logGroups: new Map(),
    accountPolicies: [],
    alarms: new Map(),
    topics: new Map(),
    events: [],
  };
}

/** State of one account in one region, created on first use. */
export function regionOf(account: AccountState, region: string): RegionState {
  let state = account.regionState.get(region);
  if (!state) {
    state = emptyRegionState();
    account.regionState.set(region, state);
  }
  return state;
}

export function isRegionEnabled(account: AccountState, region: string): boolean {
  const status = account.regions.get(region);
  return status === "ENABLED" || status === "ENABLED_BY_DEFAULT";
}
