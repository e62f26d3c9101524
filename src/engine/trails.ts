/**
 * Pure facts about trails shared by the CloudTrail checks: which trails apply to a region, whether they log,
 * and which management events their selectors capture
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html).
 */
import type { EventSelectors, Read, TrailDetail, TrailStatus, TrailSummary } from "../inventory/model.ts";
import type { CollectionError } from "../inventory/model.ts";
import type { CheckContext, EvaluationInput, FindingData, Report } from "./check.ts";

export interface AppliedTrail {
  summary: TrailSummary;
  /** Undefined when nobody could read it (owner outside the scan and the member read not attempted). */
  detail?: TrailDetail;
}

/** Trails that apply in a region (DescribeTrails with shadow trails lists exactly those), or why unknown. */
export function trailsInRegion(input: EvaluationInput, region: string): Read<AppliedTrail[]> {
  const r = input.inventory.regions[region];
  if (!r) {
    return {
      ok: false,
      error: {
        service: "cloudtrail",
        operation: "DescribeTrails",
        code: "NotCollected",
        message: "region not collected",
        region,
      },
    };
  }
  if (!r.trails.ok) return r.trails;
  return {
    ok: true,
    value: r.trails.value.map((summary) => ({ summary, detail: input.trailDetail(summary.arn) })),
  };
}

/** Every trail that applies anywhere in the scanned regions, once. */
export function allTrails(input: EvaluationInput): AppliedTrail[] {
  const seen = new Map<string, AppliedTrail>();
  for (const region of Object.keys(input.inventory.regions).sort()) {
    const r = trailsInRegion(input, region);
    if (!r.ok) continue;
    for (const t of r.value) if (!seen.has(t.summary.arn)) seen.set(t.summary.arn, t);
  }
  return [...seen.values()];
}

export function statusOf(t: AppliedTrail): Read<TrailStatus> {
  return t.detail?.status ?? missingDetail(t, "GetTrailStatus");
}

export function selectorsOf(t: AppliedTrail): Read<EventSelectors> {
  return t.detail?.selectors ?? missingDetail(t, "GetEventSelectors");
}

function missingDetail<T>(t: AppliedTrail, operation: string): Read<T> {
  const error: CollectionError = {
    service: "cloudtrail",
    operation,
    code: "NotCollected",
    message: `trail owned by ${t.summary.ownerAccountId} was not read`,
    region: t.summary.homeRegion,
    resource: t.summary.arn,
  };
  return { ok: false, error };
}

export type TrailKind = "organization" | "multi-region" | "single-region";

export function kindOf(t: TrailSummary): TrailKind {
  if (t.isOrganizationTrail) return "organization";
  return t.isMultiRegion ? "multi-region" : "single-region";
}

/** Preference when several trails apply: organization, then multi-region, then single-region; then by name. */
export function byPreference(a: AppliedTrail, b: AppliedTrail): number {
  const rank = { organization: 0, "multi-region": 1, "single-region": 2 };
  return rank[kindOf(a.summary)] - rank[kindOf(b.summary)] || a.summary.arn.localeCompare(b.summary.arn);
}

export interface ManagementCoverage {
  read: "full" | "partial" | "none";
  write: "full" | "partial" | "none";
  /** Event sources excluded, or the only sources included (as "only:<source>"). */
  excluded: string[];
}

/**
 * What management events a trail's selectors capture. No custom selectors means all management events.
 * Basic: IncludeManagementEvents + ReadWriteType, ExcludeManagementEventSources (non-empty = partial).
 * Advanced: eventCategory = Management; readOnly = true/false narrows; eventSource NotEquals excludes.
 */
export function managementCoverage(summary: TrailSummary, selectors: EventSelectors): ManagementCoverage {
  const cov: ManagementCoverage = { read: "none", write: "none", excluded: [] };
  const mark = (dir: "read" | "write", full: boolean) => {
    if (full) cov[dir] = "full";
    else if (cov[dir] === "none") cov[dir] = "partial";
  };
  const advanced = selectors.advanced;
  if (advanced && advanced.length > 0) {
    for (const sel of advanced) {
      const category = sel.fieldSelectors.find((f) => f.field === "eventCategory");
      if (!category?.equals?.includes("Management")) continue;
      const readOnly = sel.fieldSelectors.find((f) => f.field === "readOnly");
      const narrowing: string[] = [];
      for (const f of sel.fieldSelectors) {
        if (f.field === "eventCategory" || f.field === "readOnly") continue;
        for (const v of f.notEquals ?? []) narrowing.push(v);
        for (const v of f.notStartsWith ?? []) narrowing.push(`${v}*`);
        for (const v of f.notEndsWith ?? []) narrowing.push(`*${v}`);
        for (const v of [...(f.equals ?? []), ...(f.startsWith ?? []), ...(f.endsWith ?? [])]) {
          narrowing.push(`only:${f.field}=${v}`);
        }
      }
      const full = narrowing.length === 0;
      cov.excluded.push(...narrowing);
      const ro =
        readOnly?.equals ??
        (readOnly?.notEquals ? readOnly.notEquals.map((v) => (v === "true" ? "false" : "true")) : undefined);
      if (!ro || ro.includes("true")) mark("read", full);
      if (!ro || ro.includes("false")) mark("write", full);
    }
  } else if (!summary.hasCustomEventSelectors && (!selectors.basic || selectors.basic.length === 0)) {
    return { read: "full", write: "full", excluded: [] };
  } else {
    for (const sel of selectors.basic ?? []) {
      if (!sel.includeManagementEvents) continue;
      const full = sel.excludeManagementEventSources.length === 0;
      cov.excluded.push(...sel.excludeManagementEventSources);
      if (sel.readWriteType !== "WriteOnly") mark("read", full);
      if (sel.readWriteType !== "ReadOnly") mark("write", full);
    }
  }
  cov.excluded = [...new Set(cov.excluded)].sort();
  if (cov.read === "full" && cov.write === "full") cov.excluded = [];
  return cov;
}

export function minutesSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  return Math.floor((now.getTime() - new Date(iso).getTime()) / 60000);
}

export type DeliveryFreshness =
  | { state: "fresh"; ageMinutes: number }
  | { state: "awaiting"; sinceMinutes: number }
  | { state: "stale"; ageMinutes: number }
  | { state: "never" };

/**
 * How recent a trail's last delivery is against the allowed age. A trail that started logging (again) less than
 * that age ago and has not delivered since is awaiting its first delivery, not stale: judged any sooner, every
 * trail just started or restarted (by a person or by `wirewatch apply`) would fail until its first log file lands.
 * `latest` and `startLoggingTime` are GetTrailStatus's LatestDeliveryTime (or LatestCloudWatchLogsDeliveryTime)
 * and StartLoggingTime: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */
export function deliveryFreshness(
  latest: string | undefined,
  startLoggingTime: string | undefined,
  now: Date,
  maxAgeMinutes: number,
): DeliveryFreshness {
  const ageMinutes = minutesSince(latest, now);
  if (ageMinutes !== undefined && ageMinutes <= maxAgeMinutes) return { state: "fresh", ageMinutes };
  // Not fresh, yet started within the allowed age: so it has not delivered since it started (that would be fresh).
  const sinceMinutes = minutesSince(startLoggingTime, now);
  if (sinceMinutes !== undefined && sinceMinutes >= 0 && sinceMinutes <= maxAgeMinutes) {
    return { state: "awaiting", sinceMinutes };
  }
  return ageMinutes === undefined ? { state: "never" } : { state: "stale", ageMinutes };
}

/** DescribeTrails failures of the scanned regions (or of the given ones), in region order. */
export function unreadableRegions(
  input: EvaluationInput,
  regions: readonly string[] = Object.keys(input.inventory.regions).sort(),
): Array<{ region: string; error: CollectionError }> {
  const out: Array<{ region: string; error: CollectionError }> = [];
  for (const region of regions) {
    const r = trailsInRegion(input, region);
    if (!r.ok) out.push({ region, error: r.error });
  }
  return out;
}

/** Finding data a verdict adds to its message; undefined entries are dropped. */
export type VerdictData = Record<string, string | number | boolean | undefined>;

/** What one trail says about a property: it has it, it lacks it (and why), or it could not be read. */
export type TrailVerdict<R extends string> =
  /** `message`: a pass message other than "covered", for a trail that has the property in a particular way. */
  | { has: true; data?: VerdictData; message?: R }
  | { has: false; reason: R; data?: VerdictData; evidence?: Record<string, unknown> }
  | { has: "unknown"; error: CollectionError };

export interface TrailPropertyRule<R extends string> {
  /** Judges one trail; pure, and a function of the trail alone (it is asked once per trail). */
  judge(t: AppliedTrail): TrailVerdict<R>;
  /** Regions that must have the property; every scanned region by default. */
  regions?: readonly string[];
  /** The remediation that fixes a reason on a trail this account owns (a trail it does not own gets null). */
  remediationFor(reason: R): string | null;
}

/**
 * Message ids every check built on `reportTrailProperty` declares, beside its reason ids:
 * - covered: { trail, kind, regions, regionCount } a logging trail has the property in those regions
 * - noLoggingTrail: no logging trail applies in any judged region (not applicable)
 * - trailsUnreadable: { code } the trails of a region could not be listed (reported in that region)
 * - trailUnreadable: { trail, kind, operation, code, regions, regionCount } the status or selectors of the trail
 *   the verdict depends on could not be read
 */
export const TRAIL_PROPERTY_MESSAGES = [
  "covered",
  "noLoggingTrail",
  "trailsUnreadable",
  "trailUnreadable",
] as const;
export type TrailPropertyMessage = (typeof TRAIL_PROPERTY_MESSAGES)[number];

interface Group<R extends string> {
  status: "pass" | "fail" | "error";
  trail: AppliedTrail;
  regions: string[];
  verdict: TrailVerdict<R>;
  /** For failures: the other logging trails of those regions, and why they did not count either. */
  others: Map<string, string>;
}

/**
 * "In every judged region, some logging trail that applies there has property P", reported for an account.
 * Per region, the logging trails (status read, IsLogging) are tried in preference order (byPreference):
 *   - the first that has P credits the region (pass), whoever owns it: an organization trail credits the member;
 *   - else, if one of them could not be judged (its status or selectors unreadable), the region is unknown (error);
 *   - else, if a trail whose status is unreadable might be logging and have P (or no trail is known to log), the
 *     region is unknown (error);
 *   - else the most preferred logging trail is debited (fail), with the reason P is missing;
 *   - a region without any logging trail is left to cloudtrail.multi-region-logging.
 * Regions whose trails could not be listed are errors in that region. Findings are grouped by trail and verdict,
 * with the regions in `data.regions` and `evidence.regions`; a group that spans every region with a verdict is
 * reported once in region "global", otherwise once per region it covers, so the coverage matrix blames no cell
 * the trail does not affect. Failures of a trail this account does not own carry `remediationId: null`.
 * When no region has a verdict at all, the check is not applicable (noLoggingTrail).
 */
export function reportTrailProperty<M extends string>(
  // The check must declare the standard message ids; its reasons are checked against its messages too.
  ctx: CheckContext<M> &
    (TrailPropertyMessage extends M ? unknown : { missingMessages: Exclude<TrailPropertyMessage, M> }),
  rule: TrailPropertyRule<NoInfer<M>>,
): void {
  const accountId = ctx.inventory.accountId;
  const regions = [...(rule.regions ?? Object.keys(ctx.inventory.regions))].sort();
  // The signature guarantees the standard ids are among the check's messages.
  const report = (r: Report<M | TrailPropertyMessage>) => ctx.report(r as Report<M>);
  const defined = (d: VerdictData | undefined): FindingData =>
    Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => v !== undefined)) as FindingData;
  const verdicts = new Map<string, TrailVerdict<M>>();
  const verdictOf = (t: AppliedTrail): TrailVerdict<M> => {
    let v = verdicts.get(t.summary.arn);
    if (!v) verdicts.set(t.summary.arn, (v = rule.judge(t)));
    return v;
  };
  const groups = new Map<string, Group<M>>();
  const add = (
    status: Group<M>["status"],
    trail: AppliedTrail,
    region: string,
    verdict: TrailVerdict<M>,
    others: AppliedTrail[] = [],
  ) => {
    const key = `${status} ${trail.summary.arn}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { status, trail, regions: [], verdict, others: new Map() }));
    g.regions.push(region);
    for (const o of others) {
      const v = verdictOf(o);
      g.others.set(o.summary.arn, v.has === false ? v.reason : v.has === "unknown" ? v.error.code : "has");
    }
  };
  const withoutLoggingTrail: string[] = [];
  const judged = new Set<string>();

  for (const region of regions) {
    const listed = trailsInRegion(ctx, region);
    if (!listed.ok) {
      report({
        status: "error",
        messageId: "trailsUnreadable",
        region,
        resource: `${accountId}/${region}`,
        data: { code: listed.error.code },
        evidence: { error: listed.error },
      });
      continue;
    }
    const trails = [...listed.value].sort(byPreference);
    const logging = trails.filter((t) => {
      const s = statusOf(t);
      return s.ok && s.value.isLogging;
    });
    const statusUnknown = trails.filter((t) => !statusOf(t).ok);
    const credit = logging.find((t) => verdictOf(t).has === true);
    if (credit) {
      add("pass", credit, region, verdictOf(credit));
      judged.add(region);
      continue;
    }
    const unknown =
      logging.find((t) => verdictOf(t).has === "unknown") ??
      (logging.length === 0 || statusUnknown.some((t) => verdictOf(t).has !== false)
        ? statusUnknown[0]
        : undefined);
    if (unknown) {
      const v = verdictOf(unknown);
      const s = statusOf(unknown);
      // A trail not known to log is unknown for its status even when its property could be read.
      const verdict: TrailVerdict<M> = !s.ok ? { has: "unknown", error: s.error } : v;
      add("error", unknown, region, verdict);
      judged.add(region);
      continue;
    }
    const relied = logging[0];
    if (relied) {
      add("fail", relied, region, verdictOf(relied), logging.slice(1));
      judged.add(region);
      continue;
    }
    withoutLoggingTrail.push(region);
  }

  if (groups.size === 0) {
    if (unreadableRegions(ctx, regions).length === 0) {
      report({
        status: "not_applicable",
        messageId: "noLoggingTrail",
        resource: accountId,
        evidence: { regionsWithoutLoggingTrail: withoutLoggingTrail },
      });
    }
    return;
  }

  const order = { fail: 0, error: 1, pass: 2 };
  const sorted = [...groups.values()].sort(
    (a, b) =>
      order[a.status] - order[b.status] || regions.indexOf(a.regions[0]!) - regions.indexOf(b.regions[0]!),
  );
  for (const g of sorted) {
    const t = g.trail;
    const own = t.summary.ownerAccountId === accountId;
    const base: FindingData = {
      trail: t.summary.name,
      kind: kindOf(t.summary),
      regions: g.regions.join(", "),
      regionCount: g.regions.length,
    };
    const evidence: Record<string, unknown> = {
      regions: g.regions,
      trail: {
        arn: t.summary.arn,
        owner: t.summary.ownerAccountId,
        homeRegion: t.summary.homeRegion,
        kind: kindOf(t.summary),
      },
    };
    if (withoutLoggingTrail.length > 0) evidence.regionsWithoutLoggingTrail = withoutLoggingTrail;
    const at = g.regions.length === judged.size ? ["global"] : g.regions;
    for (const region of at) {
      const v = g.verdict;
      if (v.has === true) {
        report({
          status: "pass",
          messageId: v.message ?? "covered",
          region,
          resource: t.summary.arn,
          data: { ...base, ...defined(v.data) },
          evidence,
        });
      } else if (v.has === "unknown") {
        report({
          status: "error",
          messageId: "trailUnreadable",
          region,
          resource: t.summary.arn,
          data: { ...base, operation: `${v.error.service}:${v.error.operation}`, code: v.error.code },
          evidence: { ...evidence, error: v.error },
        });
      } else if (v.has === false) {
        report({
          status: "fail",
          messageId: v.reason,
          region,
          resource: t.summary.arn,
          data: { ...base, ...defined(v.data) },
          evidence: {
            ...evidence,
            ...v.evidence,
            ...(g.others.size > 0 ? { otherLoggingTrails: Object.fromEntries(g.others) } : {}),
          },
          remediationId: own ? rule.remediationFor(v.reason) : null,
        });
      }
    }
  }
}
