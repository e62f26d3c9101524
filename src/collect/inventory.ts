/**
 * The inventory: plain, serializable data read from AWS for one account, region by region. Checks are pure
 * functions of it. Every read that failed is kept as a CollectionError beside the data it would have produced,
 * so "could not look" can never be mistaken for "nothing there".
 */

export interface CollectionError {
  service: string;
  operation: string;
  /** The AWS error code (SDK error name), e.g. AccessDeniedException. */
  code: string;
  message: string;
  region?: string;
  /** The resource the call was about, e.g. a trail ARN. */
  resource?: string;
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
}

export interface RegionInventory {
  region: string;
  /** DescribeTrails in this region (shadow trails included): every trail that applies here. */
  trails: Read<TrailSummary[]>;
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
}

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const failed = <T>(error: CollectionError): Read<T> => ({ ok: false, error });
