/**
 * Collects one account's inventory with the fewest calls that give a complete answer:
 *   1. sts:AssumeRole (through the credential provider; cached and refreshed for the whole scan)
 *   2. account:ListRegions once, for the enabled regions
 *   3. cloudtrail:DescribeTrails once per scanned region (shadow trails included: every trail that applies there)
 *   4. cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors once per trail the account owns, in the trail's
 *      home region, by ARN. Organization trails owned by another scanned account are read there, once, and
 *      shared (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html:
 *      members cannot change an organization trail, and its log group lives with the owner); only when the owner is outside the scan are they read from the member.
 * Every failed call is kept in the inventory as a CollectionError.
 */
import { paginateListRegions } from "@aws-sdk/client-account";
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
  type Trail,
} from "@aws-sdk/client-cloudtrail";
import type { AccountClients } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { selectRegions } from "../discover/accounts.ts";
import { collectRules } from "./eventbridge.ts";
import { collectLogGroup, describeLogGroupByName } from "./logs.ts";
import { read } from "./read.ts";
import {
  failed,
  type AccountInventory,
  type EventSelectors,
  type Read,
  type RegionInventory,
  type TrailDetail,
  type TrailStatus,
  type TrailSummary,
} from "../inventory/model.ts";
import { accountOf, parseArn, regionOf } from "../inventory/arn.ts";

export interface CollectOptions {
  accountId: string;
  accountName?: string;
  regions: Config["regions"];
  roleArn: string;
  /** Details of organization trails already read from their owner account. */
  knownTrailDetail(arn: string): TrailDetail | undefined;
  /** baseline.cloudtrail.logGroup and the region a new trail would be created in (inventory.baselineLogGroup). */
  baselineLogGroup?: { name: string; homeRegion: string };
}

export async function collectAccount(
  clients: AccountClients,
  opts: CollectOptions,
): Promise<AccountInventory> {
  const inventory: AccountInventory = {
    version: 1,
    accountId: opts.accountId,
    accountName: opts.accountName,
    collectedAt: new Date().toISOString(),
    access: await read("sts", "AssumeRole", undefined, opts.roleArn, async () => {
      await clients.credentials();
      return { principalArn: opts.roleArn };
    }),
    enabledRegions: failed({
      service: "account",
      operation: "ListRegions",
      code: "NotAttempted",
      message: "role not assumed",
    }),
    regions: {},
    trailDetails: {},
  };
  if (!inventory.access.ok) return inventory;

  inventory.enabledRegions = await read("account", "ListRegions", undefined, undefined, async () => {
    const regions: string[] = [];
    for await (const page of paginateListRegions(
      { client: clients.account() },
      { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] },
    )) {
      for (const r of page.Regions ?? []) if (r.RegionName) regions.push(r.RegionName);
    }
    return regions;
  });
  if (!inventory.enabledRegions.ok) return inventory;

  const regions = selectRegions(inventory.enabledRegions.value, opts.regions);
  const regionInventories = await Promise.all(
    regions.map((region) => collectRegion(clients, opts.accountId, region)),
  );
  for (const r of regionInventories) inventory.regions[r.region] = r;

  // Each trail once, by ARN, in its home region, from the account that owns it.
  const toRead = new Map<string, TrailSummary>();
  for (const r of regionInventories) {
    if (!r.trails.ok) continue;
    for (const t of r.trails.value) {
      if (toRead.has(t.arn)) continue;
      if (t.ownerAccountId !== opts.accountId && opts.knownTrailDetail(t.arn)) continue;
      toRead.set(t.arn, t);
    }
  }
  const details = await Promise.all(
    [...toRead.values()].map((t) => readTrailDetail(clients, t, t.ownerAccountId === opts.accountId)),
  );
  for (const d of details) inventory.trailDetails[d.arn] = d;
  if (opts.baselineLogGroup) {
    inventory.baselineLogGroup = await readBaselineLogGroup(
      clients,
      opts.baselineLogGroup,
      regionsNeedingLogGroup(regionInventories, opts.accountId, opts.baselineLogGroup.homeRegion),
    );
  }
  return inventory;
}

/** Where remediation may point a trail at the baseline log group (inventory.baselineLogGroup). */
function regionsNeedingLogGroup(regions: RegionInventory[], accountId: string, homeRegion: string): string[] {
  const owned = new Map<string, TrailSummary>();
  for (const r of regions) {
    if (!r.trails.ok) continue;
    for (const t of r.trails.value) if (t.ownerAccountId === accountId) owned.set(t.arn, t);
  }
  const out = new Set<string>();
  for (const t of owned.values()) if (!t.cloudWatchLogsLogGroupArn) out.add(t.homeRegion);
  if (![...owned.values()].some((t) => t.isMultiRegion)) out.add(homeRegion);
  return [...out].sort();
}

async function readBaselineLogGroup(
  clients: AccountClients,
  group: { name: string },
  regions: string[],
): Promise<NonNullable<AccountInventory["baselineLogGroup"]>> {
  const byRegion: Record<string, Read<{ exists: boolean }>> = {};
  const reads = await Promise.all(
    regions.map((region) =>
      read("logs", "DescribeLogGroups", region, group.name, async () => ({
        exists: (await describeLogGroupByName(clients.logs(region), group.name)) !== undefined,
      })),
    ),
  );
  regions.forEach((region, i) => (byRegion[region] = reads[i]!));
  return { name: group.name, byRegion };
}

async function collectRegion(
  clients: AccountClients,
  accountId: string,
  region: string,
): Promise<RegionInventory> {
  const trails = await read("cloudtrail", "DescribeTrails", region, undefined, async () => {
    const out = await clients
      .cloudtrail(region)
      .send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    return (out.trailList ?? []).flatMap((t) => (t.TrailARN ? [toSummary(t)] : []));
  });
  const rules = await collectRules(clients, accountId, region);
  return { region, trails, rules };
}

function toSummary(t: Trail): TrailSummary {
  const arn = t.TrailARN ?? "";
  return {
    name: t.Name ?? parseArn(arn)?.resource.replace(/^trail\//, "") ?? arn,
    arn,
    homeRegion: t.HomeRegion ?? regionOf(arn) ?? "",
    ownerAccountId: accountOf(arn) ?? "",
    isMultiRegion: t.IsMultiRegionTrail === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: t.LogFileValidationEnabled === true,
    kmsKeyId: t.KmsKeyId,
    s3BucketName: t.S3BucketName,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    hasCustomEventSelectors: t.HasCustomEventSelectors === true,
  };
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

function toStatus(s: GetTrailStatusCommandOutput): TrailStatus {
  return {
    isLogging: s.IsLogging === true,
    latestDeliveryTime: iso(s.LatestDeliveryTime),
    latestDeliveryError: s.LatestDeliveryError || undefined,
    latestCloudWatchLogsDeliveryTime: iso(s.LatestCloudWatchLogsDeliveryTime),
    latestCloudWatchLogsDeliveryError: s.LatestCloudWatchLogsDeliveryError || undefined,
    latestDigestDeliveryTime: iso(s.LatestDigestDeliveryTime),
    latestDigestDeliveryError: s.LatestDigestDeliveryError || undefined,
    startLoggingTime: iso(s.StartLoggingTime),
    stopLoggingTime: iso(s.StopLoggingTime),
  };
}

function toSelectors(s: GetEventSelectorsCommandOutput): EventSelectors {
  // A trail uses basic or advanced selectors, never both; the response may omit the unused one.
  if (s.AdvancedEventSelectors && s.AdvancedEventSelectors.length > 0) {
    return {
      advanced: s.AdvancedEventSelectors.map((a) => ({
        name: a.Name,
        fieldSelectors: (a.FieldSelectors ?? []).map((f) => ({
          field: f.Field ?? "",
          equals: f.Equals,
          notEquals: f.NotEquals,
          startsWith: f.StartsWith,
          notStartsWith: f.NotStartsWith,
          endsWith: f.EndsWith,
          notEndsWith: f.NotEndsWith,
        })),
      })),
    };
  }
  return {
    basic: (s.EventSelectors ?? []).map((e) => ({
      readWriteType: e.ReadWriteType ?? "All",
      includeManagementEvents: e.IncludeManagementEvents !== false,
      excludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
      dataResources: (e.DataResources ?? []).map((d) => ({ type: d.Type ?? "", values: d.Values ?? [] })),
    })),
  };
}

async function readTrailDetail(
  clients: AccountClients,
  t: TrailSummary,
  owned: boolean,
): Promise<TrailDetail> {
  const client = clients.cloudtrail(t.homeRegion);
  const [status, selectors] = await Promise.all([
    read("cloudtrail", "GetTrailStatus", t.homeRegion, t.arn, async () =>
      toStatus(await client.send(new GetTrailStatusCommand({ Name: t.arn }))),
    ),
    read("cloudtrail", "GetEventSelectors", t.homeRegion, t.arn, async () =>
      toSelectors(await client.send(new GetEventSelectorsCommand({ TrailName: t.arn }))),
    ),
  ]);
  const detail: TrailDetail = {
    arn: t.arn,
    ownerAccountId: t.ownerAccountId,
    homeRegion: t.homeRegion,
    status,
    selectors,
  };
  // The log group lives in the account that owns the trail: only the owner can read it.
  if (owned && t.cloudWatchLogsLogGroupArn)
    detail.logGroup = await collectLogGroup(clients, t.cloudWatchLogsLogGroupArn);
  return detail;
}
