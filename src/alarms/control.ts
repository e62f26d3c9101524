/**
 * A CIS 4.x metric-filter alarm control as data — its benchmark number, the canonical pattern remediation writes,
 * and the CloudTrail records that must, must not, or may fire it — and the check `alarms.<id>` built from it.
 * Each control lives in checks/alarms/<id>.ts; `defineAlarmControl` returns the control with its Check.
 *
 * The check, per account: in every scanned region, the logging trails that deliver to CloudWatch Logs are tried in
 * preference order (organization, multi-region, single-region), and one whose log group carries the whole alarm
 * path for the control (wiring.ts) credits the region; an organization trail's group is read in the account that
 * owns it and credits every member. Else a trail whose group could not be judged, or whose status is unknown,
 * leaves the region unknown (error); else the most preferred trail's group is debited with the first broken link.
 * Findings are grouped by trail: resource = the log group ARN, region "global" when the group is relied on in every
 * judged region, else one finding per region. Not applicable when no logging trail delivers to CloudWatch Logs in
 * any region (cloudtrail.cloudwatch-logs-delivery reports that).
 */
import type { CollectionError } from "../collect/inventory.ts";
import type { Severity } from "../config/schema.ts";
import type { Check, CheckContext, FindingData, Report } from "../engine/check.ts";
import { defineCheck } from "../engine/check.ts";
import type { AppliedTrail, VerdictData } from "../engine/trails.ts";
import { byPreference, kindOf, statusOf, trailsInRegion, unreadableRegions } from "../engine/trails.ts";
import type { JudgedControl } from "./judge.ts";
import type { Sample } from "./samples.ts";
import type { WiringError, WiringFailure, WiringVerdict } from "./wiring.ts";
import { judgeWiring } from "./wiring.ts";

export interface AlarmControlSpec {
  /** The control id: the check is `alarms.<id>`. */
  id: string;
  /** CIS AWS Foundations Benchmark number (v1.4 / v3.0 numbering). */
  cis: string;
  title: string;
  /** What the alarm is about, as a message names it: "unauthorized API calls". */
  subject: string;
  rationale: string;
  severity?: Severity;
  /** The pattern remediation writes: the CIS text (for 4.1, the two-clause Security Hub form). */
  canonicalPattern: string;
  /** The metric name remediation gives the filter (namespace from baseline.alarms.namespace). */
  metricName: string;
  positives: Sample[];
  negatives: Sample[];
  tolerated?: Sample[];
}

export interface AlarmControl extends JudgedControl {
  readonly id: string;
  readonly cis: string;
  readonly subject: string;
  readonly canonicalPattern: string;
  readonly metricName: string;
  readonly checkId: string;
  readonly check: Check<AlarmMessage>;
}

export const ALARM_REMEDIATION = "alarms.put-metric-filter-and-alarm";

/**
 * Message ids every alarm check declares. Data common to all: cis, control (the id), subject; and for findings
 * about a trail: trail, kind, logGroup, regions, regionCount.
 */
export const ALARM_MESSAGES = {
  covered:
    "Metric filter {filter} on {logGroup} fires for {subject} (CIS {cis}); alarm {alarm} notifies {topic}, which has a confirmed subscriber and lets CloudWatch publish. Relied on in {regions}.",
  noCloudWatchLogsTrail:
    "No logging trail delivers to CloudWatch Logs in any scanned region, so no metric filter can watch for {subject} (cloudtrail.cloudwatch-logs-delivery reports it).",
  trailsUnreadable:
    "The region's trails could not be listed ({code}): the alarm for {subject} (CIS {cis}) is unknown.",
  trailUnreadable:
    "{operation} failed for the {kind} trail {trail} ({code}): the alarm for {subject} (CIS {cis}) in {regions} is unknown.",
  filtersUnreadable:
    "The metric filters of {logGroup} could not be read ({operation}: {code}): the alarm for {subject} (CIS {cis}) in {regions} is unknown.",
  alarmsUnreadable:
    "The alarms on the metrics of {logGroup} could not be read ({operation}: {code}): the alarm for {subject} (CIS {cis}) in {regions} is unknown.",
  topicUnreadable:
    "Topic {topic} of alarm {alarm} could not be read ({operation}: {code}): whether the alarm for {subject} (CIS {cis}) reaches anyone is unknown.",
  noMatchingFilter:
    "No metric filter on {logGroup} (the {kind} trail {trail}, relied on in {regions}) fires for every {subject} event and for none of its near misses (CIS {cis}); {filterCount} filters judged.",
  filterNoisy:
    "Metric filter {filter} on {logGroup} fires for {subject} (CIS {cis}) but also for {backgroundMatched} of {backgroundTotal} ordinary unrelated events: its alarm would be noise.",
  noAlarm:
    "Metric filter {filter} on {logGroup} fires for {subject} (CIS {cis}), but no alarm watches its metric {namespace}/{metric}.",
  alarmWrongNamespace:
    "Alarm {alarm} watches {metric} in namespace {alarmNamespace}, but filter {filter} publishes it in {namespace}: the alarm for {subject} (CIS {cis}) never fires.",
  actionsDisabled:
    "Alarm {alarm} on {namespace}/{metric} ({subject}, CIS {cis}) has its actions disabled: it changes state and notifies nobody.",
  noTopicAction:
    "Alarm {alarm} on {namespace}/{metric} ({subject}, CIS {cis}) has no SNS topic among its alarm actions: nobody is notified.",
  noConfirmedSubscription:
    "Topic {topic}, notified by alarm {alarm} ({subject}, CIS {cis}), has no confirmed subscription ({pending} pending): nobody receives the alarm.",
  topicPolicyDeniesCloudWatch:
    "The policy of topic {topic} does not let cloudwatch.amazonaws.com publish ({denial}): alarm {alarm} ({subject}, CIS {cis}) notifies nobody.",
  topicKeyDeniesCloudWatch:
    "Topic {topic} is encrypted with the AWS managed key {key}, which CloudWatch cannot use: alarm {alarm} ({subject}, CIS {cis}) notifies nobody.",
} as const;
export type AlarmMessage = keyof typeof ALARM_MESSAGES;
export const ALARM_MESSAGE_IDS = Object.keys(ALARM_MESSAGES) as AlarmMessage[];

/** The permissions behind the data: trails and their status, the log group, its filters, alarms and topics. */
export const ALARM_PERMISSIONS = [
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrailStatus",
  "logs:DescribeLogGroups",
  "logs:DescribeMetricFilters",
  "cloudwatch:DescribeAlarms",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
];

/** Which failure a machine can fix: a topic nobody confirmed needs a person to confirm it. */
/**
 * Every broken link goes to the alarm remediation, which plans a manual step (no calls) for what a machine
 * cannot do, such as confirming a subscription: the plan then tells a person exactly what to do.
 */
export function remediationFor(_messageId: WiringFailure): string | null {
  return ALARM_REMEDIATION;
}

export function defineAlarmControl(spec: AlarmControlSpec): AlarmControl {
  const names = [...spec.positives, ...spec.negatives, ...(spec.tolerated ?? [])].map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`alarms.${spec.id}: duplicate sample name "${duplicate}"`);
  if (spec.positives.length === 0) throw new Error(`alarms.${spec.id}: no positive sample`);
  const data: Omit<AlarmControl, "check"> = {
    id: spec.id,
    cis: spec.cis,
    subject: spec.subject,
    canonicalPattern: spec.canonicalPattern,
    metricName: spec.metricName,
    positives: spec.positives,
    negatives: spec.negatives,
    tolerated: spec.tolerated ?? [],
    checkId: `alarms.${spec.id}`,
  };
  const check = defineCheck<AlarmMessage>({
    meta: {
      id: data.checkId,
      title: spec.title,
      severity: spec.severity ?? "medium",
      scope: "account",
      rationale: spec.rationale,
      permissions: ALARM_PERMISSIONS,
      remediationIds: [ALARM_REMEDIATION],
      paths: { alarm: "decides" },
      messages: ALARM_MESSAGES,
    },
    evaluate: (ctx) => evaluateAlarmControl(ctx, data),
  });
  // One object: the judge memoises verdicts per control object.
  return Object.assign(data, { check });
}

type Verdict =
  | WiringVerdict
  | {
      status: "error";
      messageId: "trailUnreadable";
      data: VerdictData;
      error: CollectionError;
      evidence: Record<string, unknown>;
    };

interface Group {
  trail: AppliedTrail;
  regions: string[];
  verdict: Verdict;
  others: Map<string, string>;
}

const logGroupNameOf = (arn: string) => arn.split(":")[6] ?? arn;

function defined(d: VerdictData): FindingData {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as FindingData;
}

function evaluateAlarmControl(ctx: CheckContext<AlarmMessage>, control: Omit<AlarmControl, "check">): void {
  const accountId = ctx.inventory.accountId;
  const regions = Object.keys(ctx.inventory.regions).sort();
  const common: FindingData = { cis: control.cis, control: control.id, subject: control.subject };
  const verdicts = new Map<string, Verdict>();
  const verdictOf = (t: AppliedTrail): Verdict => {
    let v = verdicts.get(t.summary.arn);
    if (v) return v;
    const status = statusOf(t);
    const group = t.detail?.logGroup;
    if (!t.detail && !status.ok) {
      v = trailUnreadable(status.error);
    } else if (!group) {
      v = trailUnreadable({
        service: "logs",
        operation: "DescribeLogGroups",
        code: "NotCollected",
        message: "the trail's log group was not read",
        resource: t.summary.cloudWatchLogsLogGroupArn,
      });
    } else {
      // Events in an organization trail's group carry the member's account id: judge them as the member's.
      v = judgeWiring(control, group, accountId);
    }
    verdicts.set(t.summary.arn, v);
    return v;
  };

  const groups = new Map<string, Group>();
  const add = (trail: AppliedTrail, region: string, verdict: Verdict, others: AppliedTrail[] = []) => {
    const key = `${verdict.status} ${trail.summary.arn}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { trail, regions: [], verdict, others: new Map() }));
    g.regions.push(region);
    for (const o of others) {
      const ov = verdictOf(o);
      g.others.set(o.summary.arn, `${ov.status}:${"messageId" in ov ? ov.messageId : "covered"}`);
    }
  };
  const withoutTrailLogGroup: string[] = [];
  const judged = new Set<string>();

  for (const region of regions) {
    const listed = trailsInRegion(ctx, region);
    if (!listed.ok) {
      ctx.report({
        status: "error",
        messageId: "trailsUnreadable",
        region,
        resource: `${accountId}/${region}`,
        data: { ...common, code: listed.error.code },
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
      add(unknown, region, s.ok ? verdictOf(unknown) : trailUnreadable(s.error));
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
        messageId: "noCloudWatchLogsTrail",
        resource: accountId,
        data: common,
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
    const data: FindingData = {
      ...common,
      trail: t.summary.name,
      kind: kindOf(t.summary),
      logGroup: t.detail?.logGroup?.name ?? logGroupNameOf(groupArn),
      regions: g.regions.join(", "),
      regionCount: g.regions.length,
      ...defined(v.data),
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
      const r: Report<AlarmMessage> =
        v.status === "pass"
          ? { status: "pass", messageId: "covered", region, resource: groupArn, data, evidence }
          : {
              status: v.status,
              messageId: v.messageId,
              region,
              resource: v.messageId === "trailUnreadable" ? t.summary.arn : groupArn,
              data,
              evidence,
            };
      // The member cannot change the owner's log group; nobody but a person can confirm a subscription.
      if (v.status === "fail") r.remediationId = own ? remediationFor(v.messageId) : null;
      ctx.report(r);
    }
  }
}

function trailUnreadable(error: CollectionError): Verdict {
  return {
    status: "error",
    messageId: "trailUnreadable",
    data: { operation: `${error.service}:${error.operation}`, code: error.code },
    error,
    evidence: { error },
  };
}

export type { WiringError, WiringFailure };
