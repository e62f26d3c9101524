/**
 * Reads CloudTrail event history (LookupEvents) with the audit role for the failing findings new since the last
 * scan, and attaches who changed each one. LookupEvents allows 2 requests per second per account and region and 50
 * events a page, and keeps 90 days (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html):
 * the layer paces to that rate, each (account, region, event name) is looked up once however many findings share
 * it, and a scan spends at most a fixed number of requests, so a thousand new gaps cannot stall it. What could not
 * be looked up is said so on the finding ("notAttributed" with a reason), never left empty.
 */
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import pLimit from "p-limit";
import { errorCode, type AwsLayer, type RoleSpec } from "../aws/layer.ts";
import {
  attributionOf,
  parseEvent,
  targetOf,
  type AttributionTarget,
  type LookedUpEvent,
  type TargetLookups,
} from "../drift/attribution.ts";
import type { ScanReport } from "../report/model.ts";

export interface AttributionLimits {
  /** LookupEvents requests one scan may make in all. */
  maxRequests: number;
  /** Pages (50 events each) read for one event name in one account and region. */
  maxPagesPerLookup: number;
}

export const ATTRIBUTION_LIMITS: AttributionLimits = { maxRequests: 200, maxPagesPerLookup: 4 };

const EVENT_HISTORY_MS = 90 * 86_400_000;
const PAGE_SIZE = 50;
/** Account-regions looked up side by side (each is paced to its own 2 requests a second). */
const CONCURRENCY = 8;

interface Lookup {
  key: string;
  accountId: string;
  region: string;
  eventName: string;
  events: LookedUpEvent[];
  incomplete: boolean;
  interrupted: boolean;
  failure: string | null;
}

const lookupKey = (accountId: string, region: string, eventName: string) =>
  `${accountId}|${region}|${eventName}`;

async function readLookup(
  clients: ReturnType<AwsLayer["assume"]>,
  lookup: Lookup,
  window: { from: Date; to: Date },
  budget: { left: number },
  maxPages: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const ct = clients.cloudtrail(lookup.region);
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (signal?.aborted) {
      lookup.interrupted = true;
      return;
    }
    if (page >= maxPages || budget.left <= 0) {
      lookup.incomplete = true;
      return;
    }
    budget.left--;
    try {
      const out = await ct.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: lookup.eventName }],
          StartTime: window.from,
          EndTime: window.to,
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      );
      for (const e of out.Events ?? []) lookup.events.push(parseEvent(e));
      token = out.NextToken || undefined;
    } catch (err) {
      const { code, message } = errorCode(err);
      lookup.failure = `${lookup.eventName}: ${code}: ${message}`;
      return;
    }
    if (!token) return;
  }
}

/**
 * The report with `attribution` on each failing finding new since a previous scan (none on a first scan: with
 * nothing to compare, every gap is "new" and no window says when it changed) and the lookups counted in its stats.
 */
export async function attributeNewFindings(
  layer: AwsLayer,
  role: RoleSpec,
  report: ScanReport,
  homeRegion: string,
  opts: { limits?: AttributionLimits; signal?: AbortSignal } = {},
): Promise<ScanReport> {
  const limits = opts.limits ?? ATTRIBUTION_LIMITS;
  const baseline = report.drift?.baseline;
  if (!report.drift || !baseline) return report;
  const newIds = new Set(report.drift.new.map((r) => r.id));
  const targets = new Map<string, AttributionTarget>();
  for (const f of report.findings) {
    if (!newIds.has(f.id)) continue;
    const t = targetOf(f, homeRegion);
    if (t) targets.set(f.id, t);
  }
  if (targets.size === 0) return report;

  const to = new Date(report.finishedAt);
  const floor = to.getTime() - EVENT_HISTORY_MS;
  const windowCut = new Date(baseline.startedAt).getTime() < floor;
  const from = new Date(Math.max(new Date(baseline.startedAt).getTime(), floor));
  const window = { from: from.toISOString(), to: to.toISOString() };

  const lookups = new Map<string, Lookup>();
  for (const t of targets.values()) {
    for (const eventName of t.eventNames) {
      const key = lookupKey(t.accountId, t.region, eventName);
      if (!lookups.has(key)) {
        lookups.set(key, {
          key,
          accountId: t.accountId,
          region: t.region,
          eventName,
          events: [],
          incomplete: false,
          interrupted: false,
          failure: null,
        });
      }
    }
  }
  // The first page of each lookup is reserved in a fixed order, so which lookups a small budget covers does not
  // depend on timing; further pages come from what is left.
  const ordered = [...lookups.values()].sort((a, b) => a.key.localeCompare(b.key));
  const reserved = new Set(ordered.slice(0, limits.maxRequests).map((l) => l.key));
  for (const l of ordered) if (!reserved.has(l.key)) l.incomplete = true;
  const budget = { left: limits.maxRequests - reserved.size };

  const byAccountRegion = new Map<string, Lookup[]>();
  for (const l of ordered) {
    if (!reserved.has(l.key)) continue;
    const k = `${l.accountId}|${l.region}`;
    byAccountRegion.set(k, [...(byAccountRegion.get(k) ?? []), l]);
  }
  const limit = pLimit(CONCURRENCY);
  const accounts = new Map<string, ReturnType<AwsLayer["assume"]>>();
  const clientsFor = (accountId: string) => {
    let c = accounts.get(accountId);
    if (!c) accounts.set(accountId, (c = layer.assume(accountId, role)));
    return c;
  };
  try {
    await Promise.all(
      [...byAccountRegion.values()].map((group) =>
        limit(async () => {
          for (const l of group) {
            // This lookup's first page was reserved; give it back so readLookup can spend it.
            budget.left++;
            await readLookup(
              clientsFor(l.accountId),
              l,
              { from, to },
              budget,
              limits.maxPagesPerLookup,
              opts.signal,
            );
          }
        }),
      ),
    );
  } finally {
    for (const c of accounts.values()) c.close();
  }

  const findings = report.findings.map((f) => {
    const t = targets.get(f.id);
    if (!t) return f;
    const found: TargetLookups = { events: [], incomplete: false, interrupted: false, failures: [] };
    for (const eventName of t.eventNames) {
      const l = lookups.get(lookupKey(t.accountId, t.region, eventName))!;
      found.events.push(...l.events);
      found.incomplete ||= l.incomplete;
      found.interrupted ||= l.interrupted;
      if (l.failure) found.failures.push(l.failure);
    }
    return { ...f, attribution: attributionOf(t, found, window, windowCut) };
  });
  const apiCalls = layer.apiStats();
  return { ...report, findings, stats: { ...report.stats, apiCalls, totals: layer.totals() } };
}
