/**
 * Pure facts about trails shared by the CloudTrail checks: which trails apply to a region, whether they log,
 * and which management events their selectors capture (aws-facts.md section 3).
 */
import type { EventSelectors, Read, TrailDetail, TrailStatus, TrailSummary } from "../collect/inventory.ts";
import type { CollectionError } from "../collect/inventory.ts";
import type { EvaluationInput } from "./check.ts";

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
