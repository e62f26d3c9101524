/**
 * The log path (docs/architecture.md): trail -> CloudWatch Logs group -> subscription filter or account
 * subscription policy -> central destination. Pure helpers shared by the logs.* checks:
 *   - the CloudTrail records a subscription must deliver (LOG_PATH_SAMPLES);
 *   - the selection criteria of an account subscription policy (`LogGroupName NOT IN ["a", "b"]`);
 *   - whether a log group delivers every sample to a destination (judgeDelivery);
 *   - which trail log groups an account relies on, region by region, and reporting on them (reportTrailLogGroups).
 */
import { parseLogGroupArn } from "../inventory/arn.ts";
import type { CollectionError, LogGroupDetail } from "../inventory/model.ts";
import type { FilterPattern } from "../patterns/filter-pattern.ts";
import { FilterPatternError, matchesFilterPattern, parseFilterPattern } from "../patterns/filter-pattern.ts";
import {
  CONTROL_API_CALLS,
  READ_API_CALLS,
  TAMPERING_API_CALLS,
  cloudTrailRecord,
} from "../samples/api-calls.ts";
import type { ApiCall } from "../samples/api-calls.ts";
import type { CheckContext, FindingData, Report } from "./check.ts";
import type { AppliedTrail, VerdictData } from "./trails.ts";
import { byPreference, kindOf, statusOf, trailsInRegion, unreadableRegions } from "./trails.ts";

// ---------------------------------------------------------------------------------------------------------------
// Samples

export interface LogSample {
  /** `eventSource:eventName`, with a suffix for the special records. */
  id: string;
  /** The record as CloudTrail writes it to CloudWatch Logs: one JSON object a log event. */
  message: string;
}

function buildSamples(): LogSample[] {
  const out = new Map<string, LogSample>();
  const add = (id: string, record: Record<string, unknown>) => {
    if (!out.has(id)) out.set(id, { id, message: JSON.stringify(record) });
  };
  const calls: ApiCall[] = [
    ...Object.values(CONTROL_API_CALLS).flat(),
    ...TAMPERING_API_CALLS,
    ...READ_API_CALLS,
  ];
  for (const call of calls) add(`${call.eventSource}:${call.eventName}`, cloudTrailRecord(call));
  // A console sign-in (CIS 4.2 / 4.6 watch these): eventType AwsConsoleSignIn, an IAM user without MFA.
  add(
    "signin.amazonaws.com:ConsoleLogin",
    cloudTrailRecord(
      { eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin" },
      {
        region: "us-east-1",
        overrides: {
          eventType: "AwsConsoleSignIn",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
          userIdentity: {
            type: "IAMUser",
            principalId: "AIDAEXAMPLEUSERID01",
            arn: "arn:aws:iam::123456789012:user/alice",
            userName: "alice",
            accessKeyId: undefined,
            sessionContext: undefined,
          },
          requestParameters: null,
          responseElements: { ConsoleLogin: "Success" },
          additionalEventData: {
            LoginTo: "https://console.aws.amazon.com/",
            MobileVersion: "No",
            MFAUsed: "No",
          },
          tlsDetails: undefined,
        },
      },
    ),
  );
  // A denied call (CIS 4.1): errorCode / errorMessage present, no response.
  add(
    "iam.amazonaws.com:CreateAccessKey#AccessDenied",
    cloudTrailRecord(
      { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" },
      {
        overrides: {
          errorCode: "AccessDenied",
          errorMessage:
            "User: arn:aws:sts::123456789012:assumed-role/Admin/alice is not authorized to perform: iam:CreateAccessKey",
        },
      },
    ),
  );
  return [...out.values()];
}

/**
 * Every CloudTrail record the log path must carry: each CIS control call, each tampering call, the read calls,
 * a console sign-in and an AccessDenied error. A subscription that drops any of them narrows the path.
 */
export const LOG_PATH_SAMPLES: readonly LogSample[] = buildSamples();

// ---------------------------------------------------------------------------------------------------------------
// Selection criteria of an account subscription policy

export type SelectionCriteria =
  { ok: true; excluded: string[] } | { ok: false; message: string; position: number };

/**
 * Parses the selectionCriteria of a SUBSCRIPTION_FILTER_POLICY: "the only supported selectionCriteria filter is
 * `LogGroupName NOT IN []`", a list of exact log group names
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html; example
 * `LogGroupName NOT IN ["LogGroupToExclude1", "LogGroupToExclude2"]` in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilter-Account.html).
 * Empty criteria select every log group. Assumed: keywords are case-insensitive, names are JSON strings.
 */
export function parseSelectionCriteria(text: string): SelectionCriteria {
  let pos = 0;
  const fail = (message: string): SelectionCriteria => ({ ok: false, message, position: pos });
  const space = () => {
    while (pos < text.length && /\s/.test(text.charAt(pos))) pos++;
  };
  const keyword = (word: string): boolean => {
    space();
    const found = text.slice(pos, pos + word.length);
    const next = text.charAt(pos + word.length);
    if (found.toLowerCase() !== word.toLowerCase() || /\w/.test(next)) return false;
    pos += word.length;
    return true;
  };
  space();
  if (pos === text.length) return { ok: true, excluded: [] };
  if (!keyword("LogGroupName"))
    return fail("expected LogGroupName (the only field a subscription policy selects on)");
  if (!keyword("NOT") || !keyword("IN"))
    return fail("expected NOT IN (the only operator a subscription policy allows)");
  space();
  if (text.charAt(pos) !== "[") return fail("expected [");
  pos++;
  const excluded: string[] = [];
  space();
  if (text.charAt(pos) === "]") pos++;
  else {
    for (;;) {
      space();
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(pos));
      if (!m) return fail("expected a double-quoted log group name");
      try {
        excluded.push(JSON.parse(m[0]) as string);
      } catch {
        return fail("invalid escape in a log group name");
      }
      pos += m[0].length;
      space();
      const c = text.charAt(pos);
      pos++;
      if (c === "]") break;
      if (c !== ",") {
        pos--;
        return fail("expected , or ]");
      }
    }
  }
  space();
  if (pos < text.length) return fail("unexpected text after the list");
  return { ok: true, excluded };
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery of a log group to a destination

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

// ---------------------------------------------------------------------------------------------------------------
// The trail log groups an account relies on

export interface TrailLogGroup {
  trail: AppliedTrail;
  /** Read in the account that owns the trail, in the group's region. */
  group: LogGroupDetail;
}

/** What a check says about one trail log group; failures name the remediation that fixes them on an own trail. */
export type LogGroupVerdict<M extends string> =
  | { status: "pass" | "error"; messageId: M; data?: VerdictData; evidence?: Record<string, unknown> }
  | {
      status: "fail";
      messageId: M;
      data?: VerdictData;
      evidence?: Record<string, unknown>;
      remediationId: string | null;
    };

export interface TrailLogGroupRule<M extends string> {
  /** The check's ids for what the helper reports itself (data below is added to the common data). */
  messages: {
    /** not_applicable: no logging trail applies with a log group (cloudtrail.cloudwatch-logs-delivery reports it). */
    noTrailLogGroup: M;
    /** error { code }: the trails of a region could not be listed (reported in that region). */
    trailsUnreadable: M;
    /** error { operation, code }: the trail's status or log group was not read. */
    trailUnreadable: M;
  };
  /** Judges one log group; pure, and asked once per trail. */
  judge(t: TrailLogGroup): LogGroupVerdict<M>;
  /** Data every finding of the helper starts with (trailsUnreadable and noTrailLogGroup included). */
  data?: FindingData;
  /** Whether trailUnreadable findings stand on the trail's ARN rather than on its log group's. */
  trailUnreadableOnTrail?: boolean;
}

interface Group<M extends string> {
  trail: AppliedTrail;
  regions: string[];
  verdict: LogGroupVerdict<M>;
  /** For failures: the other logging trails with a log group in those regions, and what they were judged. */
  others: Map<string, string>;
}

function groupNameOf(arn: string): string {
  return parseLogGroupArn(arn)?.name ?? arn;
}

/**
 * "In every scanned region, a log group of a logging trail that applies there has property P", for an account.
 * Only trails that deliver to CloudWatch Logs are relied on here (the others are cloudtrail.cloudwatch-logs-delivery's
 * business). Per region, those logging trails are tried in preference order (byPreference), and any one whose log
 * group has P credits the region: an organization trail's group, read in the account that owns it, credits every
 * member. Else a group that could not be judged, or a trail with a log group whose status is unknown, leaves the
 * region unknown (error); else the most preferred trail's group is debited (fail). Findings are grouped by trail
 * and verdict, resource = the log group ARN; a group spanning every judged region is reported once in "global",
 * otherwise once per region, so the coverage matrix blames only the cells it affects. Failures on a trail this
 * account does not own carry remediationId null: the member cannot change the owner's log group.
 */
export function reportTrailLogGroups<M extends string>(
  ctx: CheckContext<M>,
  rule: TrailLogGroupRule<NoInfer<M>>,
): void {
  const accountId = ctx.inventory.accountId;
  const regions = Object.keys(ctx.inventory.regions).sort();
  const ids = rule.messages;
  const verdicts = new Map<string, LogGroupVerdict<M>>();
  const verdictOf = (t: AppliedTrail): LogGroupVerdict<M> => {
    let v = verdicts.get(t.summary.arn);
    if (v) return v;
    const status = statusOf(t);
    const group = t.detail?.logGroup;
    if (!t.detail && !status.ok) {
      v = unreadable(ids.trailUnreadable, status.error);
    } else if (!group) {
      v = unreadable(ids.trailUnreadable, {
        service: "logs",
        operation: "DescribeLogGroups",
        code: "NotCollected",
        message: "the trail's log group was not read",
        resource: t.summary.cloudWatchLogsLogGroupArn,
      });
    } else v = rule.judge({ trail: t, group });
    verdicts.set(t.summary.arn, v);
    return v;
  };

  const groups = new Map<string, Group<M>>();
  const add = (
    trail: AppliedTrail,
    region: string,
    verdict: LogGroupVerdict<M>,
    others: AppliedTrail[] = [],
  ) => {
    const key = `${verdict.status} ${trail.summary.arn}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { trail, regions: [], verdict, others: new Map() }));
    g.regions.push(region);
    for (const o of others) g.others.set(o.summary.arn, `${verdictOf(o).status}:${verdictOf(o).messageId}`);
  };
  const withoutTrailLogGroup: string[] = [];
  const judged = new Set<string>();

  for (const region of regions) {
    const listed = trailsInRegion(ctx, region);
    if (!listed.ok) {
      ctx.report({
        status: "error",
        messageId: ids.trailsUnreadable,
        region,
        resource: `${accountId}/${region}`,
        data: { ...rule.data, code: listed.error.code },
        evidence: { error: listed.error },
      });
      continue;
    }
    const delivering = listed.value.filter((t) => t.summary.cloudWatchLogsLogGroupArn).sort(byPreference);
    const logging = delivering.filter((t) => {
      const s = statusOf(t);
      return s.ok && s.value.isLogging;
    });
    const statusUnknown = delivering.filter((t) => !statusOf(t).ok);
    const credit = logging.find((t) => verdictOf(t).status === "pass");
    if (credit) {
      add(credit, region, verdictOf(credit));
      judged.add(region);
      continue;
    }
    const unknown =
      logging.find((t) => verdictOf(t).status === "error") ??
      (logging.length === 0 || statusUnknown.some((t) => verdictOf(t).status !== "fail")
        ? statusUnknown[0]
        : undefined);
    if (unknown) {
      const s = statusOf(unknown);
      // A trail not known to log leaves the region unknown even when its log group could be judged.
      add(unknown, region, s.ok ? verdictOf(unknown) : unreadable(ids.trailUnreadable, s.error));
      judged.add(region);
      continue;
    }
    const relied = logging[0];
    if (relied) {
      add(relied, region, verdictOf(relied), logging.slice(1));
      judged.add(region);
      continue;
    }
    withoutTrailLogGroup.push(region);
  }

  if (groups.size === 0) {
    if (unreadableRegions(ctx, regions).length === 0) {
      ctx.report({
        status: "not_applicable",
        messageId: ids.noTrailLogGroup,
        resource: accountId,
        ...(rule.data ? { data: rule.data } : {}),
        evidence: { regionsWithoutTrailLogGroup: withoutTrailLogGroup },
      });
    }
    return;
  }

  const order = { fail: 0, error: 1, pass: 2 };
  const sorted = [...groups.values()].sort(
    (a, b) =>
      order[a.verdict.status] - order[b.verdict.status] ||
      regions.indexOf(a.regions[0]!) - regions.indexOf(b.regions[0]!),
  );
  for (const g of sorted) {
    const t = g.trail;
    const v = g.verdict;
    const groupArn = t.detail?.logGroup?.arn ?? t.summary.cloudWatchLogsLogGroupArn ?? "";
    const base: FindingData = {
      ...rule.data,
      trail: t.summary.name,
      kind: kindOf(t.summary),
      logGroup: t.detail?.logGroup?.name ?? groupNameOf(groupArn),
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
      ...v.evidence,
    };
    if (g.others.size > 0) evidence.otherTrailLogGroups = Object.fromEntries(g.others);
    if (withoutTrailLogGroup.length > 0) evidence.regionsWithoutTrailLogGroup = withoutTrailLogGroup;
    const own = t.summary.ownerAccountId === accountId;
    const at = g.regions.length === judged.size ? ["global"] : g.regions;
    for (const region of at) {
      const r: Report<M> = {
        status: v.status,
        messageId: v.messageId,
        region,
        resource:
          rule.trailUnreadableOnTrail && v.messageId === ids.trailUnreadable ? t.summary.arn : groupArn,
        data: { ...base, ...defined(v.data) },
        evidence,
      };
      if (v.status === "fail") r.remediationId = own ? v.remediationId : null;
      ctx.report(r);
    }
  }
}

function unreadable<M extends string>(messageId: M, error: CollectionError): LogGroupVerdict<M> {
  return {
    status: "error",
    messageId,
    data: { operation: `${error.service}:${error.operation}`, code: error.code },
    evidence: { error },
  };
}

function defined(d: VerdictData | undefined): FindingData {
  return Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => v !== undefined)) as FindingData;
}
