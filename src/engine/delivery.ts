/**
 * Whether a log group delivers every log-path sample to a destination, through a subscription filter on it or the
 * account's subscription policy (judgeDelivery). Pure.
 */
import type { CollectionError, LogGroupDetail } from "../inventory/model.ts";
import type { FilterPattern } from "../patterns/filter-pattern.ts";
import { FilterPatternError, matchesFilterPattern, parseFilterPattern } from "../patterns/filter-pattern.ts";
import { LOG_PATH_SAMPLES, type LogSample } from "./log-samples.ts";
import { parseSelectionCriteria } from "./subscription-policy.ts";

/** One way events leave the log group: a subscription filter on it, or the account's subscription policy. */
export interface Route {
  via: "filter" | "policy";
  name: string;
  destinationArn?: string;
  pattern: string;
  /** For a policy: its selection criteria exclude this log group. */
  excludesGroup: boolean;
  /** For a policy: its selection criteria do not parse, so whether they select this group is unknown. */
  criteriaError?: string;
  /** Whether it reaches the wanted destination (any destination when none is configured). */
  reachesDestination: boolean;
  /** Sample ids the pattern does not match; undefined when the pattern was not evaluated. */
  dropped?: string[];
  patternError?: { message: string; position: number };
}

export type Delivery =
  | { verdict: "delivers"; route: Route }
  | { verdict: "noSubscription" }
  | { verdict: "wrongDestination"; routes: Route[] }
  | { verdict: "narrowingPattern"; route: Route; dropped: string[] }
  | { verdict: "excludedByPolicy"; route: Route }
  | { verdict: "logGroupMissing" }
  | { verdict: "unreadable"; error: CollectionError }
  | { verdict: "patternUnparsable"; route: Route }
  | { verdict: "policyUnparsable"; policy: string; reason: string };

type Unknown = Extract<Delivery, { verdict: "unreadable" | "patternUnparsable" | "policyUnparsable" }>;

/**
 * Whether the log group delivers every sample to `destination` (undefined: any destination will do).
 * A log group can carry up to two subscription filters, and the account one subscription policy per region; all
 * of them apply (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions.html), so one route
 * that reaches the destination with a pattern passing every sample suffices. Otherwise the closest miss is
 * reported: a narrowing pattern, then a policy that excludes the group, then other destinations, then nothing.
 * A read that failed or a pattern that does not parse makes the verdict unknown only when no route already
 * delivers and the unknown part could have (a filter to another destination is not judged on its pattern).
 */
export function judgeDelivery(
  group: LogGroupDetail,
  destination: string | undefined,
  samples: readonly LogSample[] = LOG_PATH_SAMPLES,
): Delivery {
  if (!group.group.ok) return { verdict: "unreadable", error: group.group.error };
  if (!group.group.value.exists) return { verdict: "logGroupMissing" };
  const routes: Route[] = [];
  const unknowns: Unknown[] = [];
  const judge = (r: Omit<Route, "reachesDestination">): Route => {
    const route: Route = {
      ...r,
      reachesDestination: destination === undefined ? true : r.destinationArn === destination,
    };
    if (route.reachesDestination) {
      let parsed: FilterPattern | undefined;
      try {
        parsed = parseFilterPattern(route.pattern);
      } catch (err) {
        if (!(err instanceof FilterPatternError)) throw err;
        route.patternError = { message: err.message, position: err.position };
        if (!route.excludesGroup && route.criteriaError === undefined) {
          unknowns.push({ verdict: "patternUnparsable", route });
        }
      }
      if (parsed) {
        const p = parsed;
        route.dropped = samples.filter((s) => !matchesFilterPattern(p, s.message)).map((s) => s.id);
      }
    }
    routes.push(route);
    return route;
  };

  if (group.subscriptionFilters.ok) {
    for (const f of group.subscriptionFilters.value) {
      judge({
        via: "filter",
        name: f.name,
        destinationArn: f.destinationArn,
        pattern: f.pattern,
        excludesGroup: false,
      });
    }
  } else unknowns.push({ verdict: "unreadable", error: group.subscriptionFilters.error });

  if (group.accountPolicies.ok) {
    for (const p of group.accountPolicies.value) {
      if (p.unparsable !== undefined) {
        unknowns.push({ verdict: "policyUnparsable", policy: p.name, reason: p.unparsable });
        continue;
      }
      // The raw criteria are authoritative; the collector's parsed list stands in when only it was kept.
      let excluded = p.excludedLogGroups;
      let criteriaError: string | undefined;
      if (p.selectionCriteria !== undefined) {
        const c = parseSelectionCriteria(p.selectionCriteria);
        if (c.ok) excluded = c.excluded;
        else criteriaError = `selection criteria: ${c.message} (at position ${c.position})`;
      }
      const route = judge({
        via: "policy",
        name: p.name,
        destinationArn: p.destinationArn,
        pattern: p.filterPattern,
        excludesGroup: criteriaError === undefined && excluded.includes(group.name),
        ...(criteriaError === undefined ? {} : { criteriaError }),
      });
      if (route.criteriaError !== undefined && route.reachesDestination) {
        unknowns.push({ verdict: "policyUnparsable", policy: p.name, reason: route.criteriaError });
      }
    }
  } else unknowns.push({ verdict: "unreadable", error: group.accountPolicies.error });

  const reaching = routes.filter(
    (r) =>
      r.reachesDestination && !r.excludesGroup && r.criteriaError === undefined && r.dropped !== undefined,
  );
  const delivering = reaching.find((r) => r.dropped?.length === 0);
  if (delivering) return { verdict: "delivers", route: delivering };
  if (unknowns[0]) return unknowns[0];
  const narrowest = [...reaching].sort((a, b) => (a.dropped?.length ?? 0) - (b.dropped?.length ?? 0))[0];
  if (narrowest) return { verdict: "narrowingPattern", route: narrowest, dropped: narrowest.dropped ?? [] };
  const excludedBy = routes.find((r) => r.reachesDestination && r.excludesGroup);
  if (excludedBy) return { verdict: "excludedByPolicy", route: excludedBy };
  if (routes.length > 0) return { verdict: "wrongDestination", routes };
  return { verdict: "noSubscription" };
}
