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
import type { Severity } from "../config/schema.ts";
import type { Check, CheckContext } from "../engine/check.ts";
import { defineCheck } from "../engine/check.ts";
import type { LogGroupVerdict } from "../engine/trail-log-groups.ts";
import { reportTrailLogGroups } from "../engine/trail-log-groups.ts";
import { selectorsOf } from "../engine/trails.ts";
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
  trailDropsEvents:
    "The {kind} trail {trail} does not record {droppedCount} of the {positiveCount} {subject} events the alarm exists for ({dropped}: {causes}), so no metric filter on {logGroup} can see them (CIS {cis}); cloudtrail.management-events reports the selectors.",
  noMatchingFilter:
    "No metric filter on {logGroup} (the {kind} trail {trail}, relied on in {regions}) fires for every {subject} event and for none of its near misses (CIS {cis}); {filterCount} filters judged.",
  filterNoisy:
    "Metric filter {filter} on {logGroup} fires for {subject} (CIS {cis}) but also for {backgroundMatched} of {backgroundTotal} ordinary unrelated events: its alarm would be noise.",
  noAlarm:
    "Metric filter {filter} on {logGroup} fires for {subject} (CIS {cis}), but no alarm watches its metric {namespace}/{metric}.",
  alarmWrongNamespace:
    "Alarm {alarm} watches {metric} in namespace {alarmNamespace}, but filter {filter} publishes it in {namespace}: the alarm for {subject} (CIS {cis}) never fires.",
  metricValueNotNumeric:
    "Metric filter {filter} on {logGroup} publishes {metricValue} to {namespace}/{metric}, which is no number in {unpublishedCount} of the {positiveCount} {subject} events ({unpublished}): CloudWatch gets no datapoint for them and no alarm can fire (CIS {cis}).",
  alarmDimensionsMismatch:
    "Alarm {alarm} watches {namespace}/{metric} with dimensions {alarmDimensions}, but filter {filter} publishes it with dimensions {filterDimensions}: the stream the alarm watches never receives {unseen} ({subject}, CIS {cis}).",
  alarmUnitMismatch:
    "Alarm {alarm} asks for {namespace}/{metric} in unit {alarmUnit}, but filter {filter} publishes it in {filterUnit}: the alarm sees no data ({subject}, CIS {cis}).",
  metricValueNeverBreaches:
    "Filter {filter} publishes {metricValue} for each {subject} event, and alarm {alarm} ({statistic} {operator} {threshold}) sees {value} for one ({scenario}): it does not go to ALARM (CIS {cis}).",
  alarmStatisticNeverBreaches:
    "Alarm {alarm} evaluates the {statistic} of {namespace}/{metric}, which is {value} for one {subject} event ({reason}) and does not breach {operator} {threshold}; the Sum would (CIS {cis}).",
  alarmThresholdNeverBreaches:
    "Alarm {alarm} fires when the {statistic} of {namespace}/{metric} is {operator} {threshold}: one {subject} event gives {value} ({scenario}), which does not breach (CIS {cis}).",
  alarmBreachesWithoutEvents:
    "Alarm {alarm} ({statistic} {operator} {threshold}) breaches on the defaultValue {defaultValue} filter {filter} publishes for every other log event ({value}): it sits in ALARM, and a {subject} event changes nothing and notifies nobody (CIS {cis}).",
  alarmNeedsMoreDatapoints:
    "Alarm {alarm} needs {datapointsToAlarm} breaching datapoints of {evaluationPeriods} and treats missing data as {treatMissingData}: one {subject} event breaches one period, so it never goes to ALARM (CIS {cis}).",
  alarmTreatsMissingAsBreaching:
    "Alarm {alarm} treats missing data as breaching: {namespace}/{metric} has no data while nothing happens, so the alarm sits in ALARM and a {subject} event notifies nobody (CIS {cis}).",
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
  "cloudtrail:GetEventSelectors",
  "logs:DescribeLogGroups",
  "logs:DescribeMetricFilters",
  "cloudwatch:DescribeAlarms",
  // In a region with more than a page of alarms, they are read by the metrics of the trail log group's filters.
  "cloudwatch:DescribeAlarmsForMetric",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
];

/** Which failure a machine can fix: a topic nobody confirmed needs a person to confirm it. */
/**
 * Every broken link goes to the alarm remediation, which plans a manual step (no calls) for what a machine
 * cannot do, such as confirming a subscription: the plan then tells a person exactly what to do.
 */
export function remediationFor(messageId: WiringFailure): string | null {
  // The trail's selectors are cloudtrail.management-events' finding and cloudtrail.restore-event-selectors' change:
  // planning them here too would change one trail twice.
  if (messageId === "trailDropsEvents") return null;
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

/**
 * Per region, the log group of the logging trail relied on there (reportTrailLogGroups) is judged for the control's
 * wiring; findings carry the control's cis, control and subject, and an unreadable trail stands on the trail.
 */
function evaluateAlarmControl(ctx: CheckContext<AlarmMessage>, control: Omit<AlarmControl, "check">): void {
  const accountId = ctx.inventory.accountId;
  reportTrailLogGroups(ctx, {
    messages: {
      noTrailLogGroup: "noCloudWatchLogsTrail",
      trailsUnreadable: "trailsUnreadable",
      trailUnreadable: "trailUnreadable",
    },
    data: { cis: control.cis, control: control.id, subject: control.subject },
    trailUnreadableOnTrail: true,
    // Events in an organization trail's group carry the member's account id: judge them as the member's.
    judge: ({ trail, group }) =>
      asLogGroupVerdict(
        judgeWiring(control, group, accountId, {
          summary: trail.summary,
          selectors: selectorsOf(trail),
        }),
      ),
  });
}

function asLogGroupVerdict(v: WiringVerdict): LogGroupVerdict<AlarmMessage> {
  const { data, evidence } = v;
  if (v.status === "pass") return { status: "pass", messageId: "covered", data, evidence };
  // The member cannot change the owner's log group (the helper clears the remediation on a trail not owned);
  // nobody but a person can confirm a subscription.
  if (v.status === "fail") {
    return {
      status: "fail",
      messageId: v.messageId,
      data,
      evidence,
      remediationId: remediationFor(v.messageId),
    };
  }
  return { status: "error", messageId: v.messageId, data, evidence };
}

export type { WiringError, WiringFailure };
