/**
 * A small fluent builder of inventories for check tests:
 *   inv("222222222222").regions("us-east-1", "eu-west-1").trail({ name: "main" }, { status: { isLogging: false } })
 * Multi-region and organization trails appear in every region; single-region trails in their home region.
 */
import { parseLogGroupArn, partitionOf, roleArn } from "../../src/inventory/arn.ts";
import { configSchema } from "../../src/config/schema.ts";
import type {
  AccountInventory,
  CollectionError,
  EventRule,
  EventSelectors,
  LogGroupDetail,
  Read,
  RuleTarget,
  TrailDetail,
  TrailStatus,
  TrailSummary,
} from "../../src/inventory/model.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import type { EvaluationInput } from "../../src/engine/check.ts";

export const NOW = new Date("2026-11-22T12:00:00Z");
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

export interface TrailOptions {
  status?: Partial<TrailStatus>;
  selectors?: EventSelectors;
  statusError?: string;
  selectorsError?: string;
  /** Details not read at all (organization trail whose owner is outside the scan). */
  noDetail?: boolean;
  /**
   * The trail's log group, merged over a healthy default (exists, 365 days, nothing attached) when the trail has a
   * CloudWatchLogsLogGroupArn.
   */
  logGroup?: Partial<LogGroupDetail>;
}

export const okRead = <T>(value: T): Read<T> => ({ ok: true, value });
export const failedRead = <T>(
  code: string,
  operation: string,
  service = "logs",
  region = "us-east-1",
): Read<T> => ({
  ok: false,
  error: { service, operation, code, message: code, region },
});

/** A log group as collection reads it for a trail, healthy and empty unless overridden. */
export function logGroupDetail(arn: string, over: Partial<LogGroupDetail> = {}): LogGroupDetail {
  const parsed = parseLogGroupArn(arn);
  return {
    name: parsed?.name ?? "aws-cloudtrail-logs",
    arn,
    region: parsed?.region ?? "us-east-1",
    group: okRead({ exists: true, retentionInDays: 365 }),
    subscriptionFilters: okRead([]),
    accountPolicies: okRead([]),
    metricFilters: okRead([]),
    alarms: okRead([]),
    topics: {},
    ...over,
  };
}

export class InventoryBuilder {
  private readonly inventory: AccountInventory;
  private readonly external = new Map<string, TrailDetail>();
  private baselineOverrides: NonNullable<ConfigInput["baseline"]> = {};

  constructor(accountId: string) {
    this.inventory = {
      version: 1,
      accountId,
      collectedAt: NOW.toISOString(),
      access: { ok: true, value: { principalArn: `arn:aws:iam::${accountId}:role/WirewatchAudit` } },
      enabledRegions: { ok: true, value: [] },
      regions: {},
      trailDetails: {},
    };
  }

  regions(...names: string[]): this {
    for (const region of names) {
      this.inventory.regions[region] = {
        region,
        trails: { ok: true, value: [] },
        rules: { ok: true, value: [] },
      };
    }
    this.inventory.enabledRegions = { ok: true, value: [...names] };
    // The audit role is in the partition of the regions it reads, as the scan builds it.
    if (names[0] && this.inventory.access.ok) {
      const id = this.inventory.accountId;
      const arn = roleArn(partitionOf(names[0]), id, "WirewatchAudit");
      this.inventory.access = { ok: true, value: { principalArn: arn } };
    }
    return this;
  }

  trail(partial: Partial<TrailSummary> & { name: string }, opts: TrailOptions = {}): this {
    const owner = partial.ownerAccountId ?? this.inventory.accountId;
    const home = partial.homeRegion ?? "us-east-1";
    const summary: TrailSummary = {
      arn: `arn:${partitionOf(home)}:cloudtrail:${home}:${owner}:trail/${partial.name}`,
      homeRegion: home,
      ownerAccountId: owner,
      isMultiRegion: true,
      isOrganizationTrail: false,
      includeGlobalServiceEvents: true,
      logFileValidationEnabled: true,
      kmsKeyId: `arn:${partitionOf(home)}:kms:${home}:${owner}:key/11111111-2222-3333-4444-555555555555`,
      s3BucketName: "trail-bucket",
      cloudWatchLogsLogGroupArn: `arn:${partitionOf(home)}:logs:${home}:${owner}:log-group:aws-cloudtrail-logs:*`,
      hasCustomEventSelectors: opts.selectors !== undefined,
      ...partial,
    };
    for (const r of Object.values(this.inventory.regions)) {
      if ((summary.isMultiRegion || r.region === home) && r.trails.ok) r.trails.value.push(summary);
    }
    if (!opts.noDetail) {
      const err = (operation: string, code: string): CollectionError => ({
        service: "cloudtrail",
        operation,
        code,
        message: code,
        region: home,
        resource: summary.arn,
      });
      const detail: TrailDetail = {
        arn: summary.arn,
        ownerAccountId: owner,
        homeRegion: home,
        status: opts.statusError
          ? { ok: false, error: err("GetTrailStatus", opts.statusError) }
          : {
              ok: true,
              value: {
                isLogging: true,
                latestDeliveryTime: minutesAgo(5),
                latestCloudWatchLogsDeliveryTime: summary.cloudWatchLogsLogGroupArn
                  ? minutesAgo(2)
                  : undefined,
                startLoggingTime: minutesAgo(60 * 24 * 90),
                ...opts.status,
              },
            },
        selectors: opts.selectorsError
          ? { ok: false, error: err("GetEventSelectors", opts.selectorsError) }
          : {
              ok: true,
              value: opts.selectors ?? {
                basic: [
                  { readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: [] },
                ],
              },
            },
      };
      if (summary.cloudWatchLogsLogGroupArn) {
        detail.logGroup = logGroupDetail(summary.cloudWatchLogsLogGroupArn, opts.logGroup);
      }
      if (owner === this.inventory.accountId) this.inventory.trailDetails[summary.arn] = detail;
      else this.external.set(summary.arn, detail);
    }
    return this;
  }

  /** DescribeTrails failed in a region (AccessDenied by SCP, throttled past retries, ...). */
  regionError(region: string, code: string, operation = "DescribeTrails"): this {
    this.inventory.regions[region] = {
      region,
      trails: { ok: false, error: { service: "cloudtrail", operation, code, message: code, region } },
    };
    return this;
  }

  unreachable(code = "AccessDenied"): this {
    this.inventory.access = {
      ok: false,
      error: { service: "sts", operation: "AssumeRole", code, message: code },
    };
    this.inventory.enabledRegions = {
      ok: false,
      error: {
        service: "account",
        operation: "ListRegions",
        code: "NotAttempted",
        message: "role not assumed",
      },
    };
    this.inventory.regions = {};
    return this;
  }

  regionsUnreadable(code = "AccessDeniedException"): this {
    this.inventory.enabledRegions = {
      ok: false,
      error: { service: "account", operation: "ListRegions", code, message: code },
    };
    this.inventory.regions = {};
    return this;
  }

  /** A rule on the default bus of a region; targets as read by ListTargetsByRule (omit for a non-candidate). */
  rule(
    region: string,
    rule: Partial<EventRule> & { name: string },
    targets?: RuleTarget[] | Read<RuleTarget[]>,
  ): this {
    const r = this.inventory.regions[region];
    if (!r) throw new Error(`region ${region} not added with .regions()`);
    if (!r.rules || !r.rules.ok) r.rules = okRead([]);
    if (!r.rules.ok) return this;
    const account = this.inventory.accountId;
    r.rules.value.push({
      arn: `arn:aws:events:${region}:${account}:rule/${rule.name}`,
      state: "ENABLED",
      ...rule,
      ...(targets === undefined ? {} : { targets: Array.isArray(targets) ? okRead(targets) : targets }),
    });
    return this;
  }

  /** ListRules failed in a region. */
  rulesError(region: string, code: string): this {
    const r = this.inventory.regions[region];
    if (!r) throw new Error(`region ${region} not added with .regions()`);
    r.rules = failedRead(code, "ListRules", "events", region);
    return this;
  }

  /** The baseline log group as collected in a region: exists, missing, or its read failed with a code. */
  baselineLogGroup(
    region: string,
    state: "exists" | "missing" | { error: string },
    name = "aws-cloudtrail-logs",
  ): this {
    const group = (this.inventory.baselineLogGroup ??= { name, byRegion: {} });
    group.byRegion[region] =
      typeof state === "object"
        ? failedRead(state.error, "DescribeLogGroups", "logs", region)
        : { ok: true, value: { exists: state === "exists" } };
    return this;
  }

  /** Baseline settings merged over config/default.yaml's, section by section. */
  baseline(overrides: NonNullable<ConfigInput["baseline"]>): this {
    this.baselineOverrides = overrides;
    return this;
  }

  build(): EvaluationInput {
    const baseline = configSchema.parse({ baseline: this.baselineOverrides }).baseline;
    const inventory = structuredClone(this.inventory);
    const external = new Map(this.external);
    return {
      inventory,
      trailDetail: (arn) => inventory.trailDetails[arn] ?? external.get(arn),
      baseline,
      now: NOW,
    };
  }
}

export const inv = (accountId = "222222222222") => new InventoryBuilder(accountId);
