/**
 * Which trail log groups an account relies on, region by region, and reporting a verdict on each
 * (reportTrailLogGroups): shared by the logs.* checks and the CIS alarm controls. Pure.
 */
import { parseLogGroupArn } from "../inventory/arn.ts";
import type { CollectionError, LogGroupDetail } from "../inventory/model.ts";
import type { CheckContext, FindingData, Report } from "./check.ts";
import type { AppliedTrail, VerdictData } from "./trails.ts";
import { byPreference, kindOf, statusOf, trailsInRegion, unreadableRegions } from "./trails.ts";

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
