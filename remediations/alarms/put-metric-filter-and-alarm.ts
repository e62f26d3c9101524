import type { AlarmControl } from "../../src/alarms/control.ts";
import { findAlarmControl } from "../../src/alarms/controls.ts";
import { judgeFilter } from "../../src/alarms/judge.ts";
import { fillArnTemplate, regionalArn } from "../../src/inventory/arn.ts";
import type { LogGroupDetail, MetricAlarm, MetricFilter } from "../../src/inventory/model.ts";
import type { PlanOutcome, RemediationContext } from "../../src/remediate/remediation.ts";
import { defineRemediation, tagList } from "../../src/remediate/remediation.ts";
import { ownedLogGroup } from "../logs/_log-group.ts";

/** The name of wirewatch's metric filter and alarm for a control; one of that name is wirewatch's to rewrite. */
export const resourceName = (c: AlarmControl): string => `wirewatch-cis-${c.cis}-${c.id}`;

/** CIS 4.x: alarm on any occurrence, judged every 5 minutes; no data means nothing happened. */
export const ALARM_SHAPE = {
  Statistic: "Sum",
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
  TreatMissingData: "notBreaching",
} as const;

/** Failures about the topic itself: only a person (or the topic's owner) can fix those, not another alarm. */
const TOPIC_FAILURES: Record<string, (topic: string) => string> = {
  noConfirmedSubscription: (topic) =>
    `Subscribe an endpoint that someone reads to ${topic}, or confirm the pending subscription from the message SNS sent to it (wirewatch cannot confirm subscriptions).`,
  topicPolicyDeniesCloudWatch: (topic) =>
    `Change the access policy of ${topic} so that cloudwatch.amazonaws.com may call SNS:Publish for this account's alarms (wirewatch does not edit topic policies).`,
  topicKeyDeniesCloudWatch: (topic) =>
    `Encrypt ${topic} with a customer managed KMS key whose policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*, or remove its encryption (the AWS managed key aws/sns cannot be shared with CloudWatch).`,
};

const alarmArn = (region: string, account: string, name: string) =>
  regionalArn("cloudwatch", region, account, `alarm:${name}`);

/** A filter on the group that publishes the control's metric (no dimensions: the stream an alarm would watch). */
const publishes = (f: MetricFilter, metric: string, namespace: string) =>
  f.metrics.some(
    (m) => m.name === metric && m.namespace === namespace && !Object.keys(m.dimensions ?? {}).length,
  );

/**
 * Another filter publishing the same metric would feed the new alarm too: refuse when that filter fires for events
 * outside the control (near misses, a broad share of ordinary events) or cannot be judged.
 */
function polluter(
  c: AlarmControl,
  group: LogGroupDetail,
  filters: MetricFilter[],
  ns: string,
  account: string,
) {
  for (const f of filters) {
    if (f.name === resourceName(c) || !publishes(f, c.metricName, ns)) continue;
    const v = judgeFilter(c, f.pattern, { account });
    if (v.error || v.wronglyMatched.length > 0 || v.noisy) {
      const why = v.error
        ? `its pattern cannot be judged (${v.error.message})`
        : v.noisy
          ? `it fires for ${v.backgroundMatched.length} of ${v.backgroundTotal} ordinary unrelated events`
          : `it fires for ${v.wronglyMatched.join(", ")}`;
      return `metric filter ${f.name} on ${group.name} also publishes ${ns}/${c.metricName} and ${why}: an alarm on that metric would fire for its matches; fix that filter or give it another metric`;
    }
  }
  return undefined;
}

function filterAndAlarm(
  ctx: RemediationContext,
  c: AlarmControl,
  group: LogGroupDetail,
  topic: string,
): PlanOutcome {
  const account = ctx.inventory.accountId;
  const region = group.region;
  const ns = ctx.baseline.alarms.namespace;
  const name = resourceName(c);
  if (!group.metricFilters.ok) {
    return {
      refuse: `the metric filters of ${group.name} could not be read (${group.metricFilters.error.code})`,
    };
  }
  const filters = group.metricFilters.value;
  const polluted = polluter(c, group, filters, ns, account);
  if (polluted) return { refuse: polluted };
  const ourFilter = filters.find((f) => f.name === name);
  const ourAlarm: MetricAlarm | undefined = group.alarms.ok
    ? group.alarms.value.find((a) => a.name === name)
    : undefined;
  return {
    action: ourFilter || ourAlarm ? "update" : "create",
    region,
    resource: alarmArn(region, account, name),
    summary: `${ourFilter || ourAlarm ? "rewrite" : "create"} metric filter and alarm ${name} on ${group.name} (CIS ${c.cis}, ${c.subject}) notifying ${topic}`,
    calls: [
      {
        service: "logs",
        operation: "PutMetricFilter",
        region,
        input: {
          logGroupName: group.name,
          filterName: name,
          filterPattern: c.canonicalPattern,
          metricTransformations: [{ metricName: c.metricName, metricNamespace: ns, metricValue: "1" }],
        },
      },
      {
        service: "monitoring",
        operation: "PutMetricAlarm",
        region,
        input: {
          AlarmName: name,
          AlarmDescription: `CIS ${c.cis}: ${c.subject} (metric filter ${name} on ${group.name}; wirewatch)`,
          ActionsEnabled: true,
          AlarmActions: [topic],
          MetricName: c.metricName,
          Namespace: ns,
          ...ALARM_SHAPE,
          // Honoured on creation only; PutMetricAlarm ignores tags when it updates an alarm.
          Tags: tagList(ctx.tags),
        },
      },
    ],
    state: {
      logGroup: group.arn,
      control: c.id,
      filters: filters.filter((f) => f.name === name || publishes(f, c.metricName, ns)),
      alarm: ourAlarm ?? null,
    },
  };
}

export default defineRemediation({
  meta: {
    id: "alarms.put-metric-filter-and-alarm",
    title: "Create the CIS metric filter and alarm for a control, or re-enable its alarm's actions",
    fixes: [
      "alarms.cloudtrail-config-changes",
      "alarms.cmk-disable-or-deletion",
      "alarms.config-changes",
      "alarms.console-auth-failures",
      "alarms.console-signin-without-mfa",
      "alarms.iam-policy-changes",
      "alarms.nacl-changes",
      "alarms.network-gateway-changes",
      "alarms.organizations-changes",
      "alarms.root-usage",
      "alarms.route-table-changes",
      "alarms.s3-bucket-policy-changes",
      "alarms.security-group-changes",
      "alarms.unauthorized-api-calls",
      "alarms.vpc-changes",
    ],
    permissions: [
      "cloudwatch:EnableAlarmActions",
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:TagResource",
      "logs:PutMetricFilter",
    ],
    description:
      "Per control, on the trail's log group and in its region: an alarm whose actions are disabled gets EnableAlarmActions; a topic that cannot notify (no confirmed subscription, a policy or key that shuts CloudWatch out) becomes a manual step for a person; every other gap gets PutMetricFilter wirewatch-cis-<n>-<control> with the control's canonical pattern publishing its metric (value 1) in baseline.alarms.namespace, and PutMetricAlarm of the same name on that metric (Sum >= 1 over 300 s, 1 period, missing data not breaching) notifying baseline.alarms.topic, tagged. Never edits a filter or alarm of another name. Refuses without a topic, when another filter publishing the same metric fires outside the control, and for a group another account owns (an organization trail seen from a member).",
  },
  plan(ctx) {
    const c = findAlarmControl(ctx.finding.checkId);
    if (!c) return { refuse: `${ctx.finding.checkId} is not a CIS alarm control` };
    const found = ownedLogGroup(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { group } = found;
    const account = ctx.inventory.accountId;
    const data = ctx.finding.data;
    const manual = TOPIC_FAILURES[ctx.finding.messageId];
    if (manual) {
      const topic = String(data.topic);
      const detail = group.topics[topic];
      return {
        action: "manual",
        region: group.region,
        // One step per topic: a person fixes it once for every control whose alarm notifies it.
        resource: topic,
        summary: `topic ${topic} cannot notify anyone (${ctx.finding.messageId}): a person must fix it`,
        calls: [],
        manual: manual(topic),
        state: {
          topic,
          subscriptions: detail?.subscriptions.ok ? detail.subscriptions.value : null,
          attributes: detail?.attributes.ok ? detail.attributes.value : null,
        },
      };
    }
    if (ctx.finding.messageId === "actionsDisabled") {
      const name = String(data.alarm);
      const alarm = group.alarms.ok ? group.alarms.value.find((a) => a.name === name) : undefined;
      if (!alarm) return { refuse: `alarm ${name} is not in the inventory of ${group.name}` };
      return {
        action: "enable",
        region: group.region,
        resource: alarm.arn,
        summary: `enable the actions of alarm ${name} (CIS ${c.cis}, ${c.subject})`,
        calls: [
          {
            service: "monitoring",
            operation: "EnableAlarmActions",
            region: group.region,
            input: { AlarmNames: [name] },
          },
        ],
        state: { alarm },
      };
    }
    const template = ctx.baseline.alarms.topic;
    if (!template)
      return { refuse: "baseline.alarms.topic is not set: there is no topic for the alarm to notify" };
    return filterAndAlarm(ctx, c, group, fillArnTemplate(template, { account, region: group.region }));
  },
});
