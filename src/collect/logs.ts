/**
 * Log- and alarm-path collection for a trail this account owns, in the log group's region:
 *   logs:DescribeLogGroups (prefix = the group's name), logs:DescribeSubscriptionFilters,
 *   logs:DescribeAccountPolicies (SUBSCRIPTION_FILTER_POLICY), logs:DescribeMetricFilters,
 *   cloudwatch:DescribeAlarms (metric alarms, paged; kept when a metric's name is a filter's metric name, whatever
 *   its namespace, so a wrong namespace can be reported), and for the SNS topics those alarms notify
 *   sns:GetTopicAttributes and sns:ListSubscriptionsByTopic.
 */
import {
  DescribeAccountPoliciesCommand,
  paginateDescribeLogGroups,
  paginateDescribeMetricFilters,
  paginateDescribeSubscriptionFilters,
  type MetricFilter as SdkMetricFilter,
  type SubscriptionFilter as SdkSubscriptionFilter,
} from "@aws-sdk/client-cloudwatch-logs";
import { paginateDescribeAlarms, type MetricAlarm as SdkMetricAlarm } from "@aws-sdk/client-cloudwatch";
import { GetTopicAttributesCommand, paginateListSubscriptionsByTopic } from "@aws-sdk/client-sns";
import type { AccountClients } from "../aws/layer.ts";
import type {
  AccountSubscriptionPolicy,
  LogGroupDetail,
  MetricAlarm,
  MetricFilter,
  SubscriptionFilter,
  TopicDetail,
} from "../inventory/model.ts";
import { isTopicArn, parseLogGroupArn, regionOf } from "../inventory/arn.ts";
import { read } from "./read.ts";

/**
 * Selection criteria of an account subscription policy: only `LogGroupName NOT IN [...]` is supported by AWS
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html).
 */
export function parseSelectionCriteria(criteria: string | undefined): {
  excluded: string[];
  unparsable?: string;
} {
  if (!criteria || criteria.trim() === "") return { excluded: [] };
  const m = /^\s*LogGroupName\s+NOT\s+IN\s*(\[.*\])\s*$/is.exec(criteria);
  if (!m) return { excluded: [], unparsable: criteria };
  try {
    const list = JSON.parse(m[1]!) as unknown;
    if (Array.isArray(list) && list.every((x) => typeof x === "string")) return { excluded: list };
  } catch {
    // fall through
  }
  return { excluded: [], unparsable: criteria };
}

function toPolicy(p: {
  policyName?: string;
  policyDocument?: string;
  selectionCriteria?: string;
}): AccountSubscriptionPolicy {
  const selection = parseSelectionCriteria(p.selectionCriteria);
  const base = {
    name: p.policyName ?? "",
    selectionCriteria: p.selectionCriteria,
    excludedLogGroups: selection.excluded,
    ...(selection.unparsable ? { unparsable: `selectionCriteria: ${selection.unparsable}` } : {}),
  };
  try {
    const doc = JSON.parse(p.policyDocument ?? "{}") as Record<string, unknown>;
    return {
      ...base,
      destinationArn: typeof doc.DestinationArn === "string" ? doc.DestinationArn : undefined,
      roleArn: typeof doc.RoleArn === "string" ? doc.RoleArn : undefined,
      filterPattern: typeof doc.FilterPattern === "string" ? doc.FilterPattern : "",
      distribution: typeof doc.Distribution === "string" ? doc.Distribution : undefined,
    };
  } catch {
    return { ...base, filterPattern: "", unparsable: `policyDocument: ${p.policyDocument ?? ""}` };
  }
}

const toSubscription = (f: SdkSubscriptionFilter): SubscriptionFilter => ({
  name: f.filterName ?? "",
  pattern: f.filterPattern ?? "",
  destinationArn: f.destinationArn ?? "",
  roleArn: f.roleArn,
  distribution: f.distribution,
});

const toMetricFilter = (f: SdkMetricFilter): MetricFilter => ({
  name: f.filterName ?? "",
  pattern: f.filterPattern ?? "",
  metrics: (f.metricTransformations ?? []).map((t) => ({
    name: t.metricName ?? "",
    namespace: t.metricNamespace ?? "",
    value: t.metricValue ?? "",
    ...(t.defaultValue === undefined || t.defaultValue === null ? {} : { defaultValue: t.defaultValue }),
    dimensions: t.dimensions,
    ...(t.unit ? { unit: t.unit } : {}),
  })),
});

function toAlarm(a: SdkMetricAlarm): MetricAlarm {
  const dims = (d: Array<{ Name?: string; Value?: string }> | undefined) =>
    Object.fromEntries((d ?? []).map((x) => [x.Name ?? "", x.Value ?? ""]));
  const mathMetrics = (a.Metrics ?? []).flatMap((q) =>
    q.MetricStat?.Metric
      ? [
          {
            name: q.MetricStat.Metric.MetricName ?? "",
            namespace: q.MetricStat.Metric.Namespace ?? "",
            dimensions: dims(q.MetricStat.Metric.Dimensions),
          },
        ]
      : [],
  );
  return {
    name: a.AlarmName ?? "",
    arn: a.AlarmArn ?? "",
    actionsEnabled: a.ActionsEnabled !== false,
    alarmActions: a.AlarmActions ?? [],
    isMetricMath: mathMetrics.length > 0,
    metrics: a.MetricName
      ? [{ name: a.MetricName, namespace: a.Namespace ?? "", dimensions: dims(a.Dimensions) }]
      : mathMetrics,
    comparisonOperator: a.ComparisonOperator,
    threshold: a.Threshold,
    evaluationPeriods: a.EvaluationPeriods,
    datapointsToAlarm: a.DatapointsToAlarm,
    period: a.Period,
    statistic: a.Statistic,
    extendedStatistic: a.ExtendedStatistic,
    unit: a.Unit,
    evaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
    treatMissingData: a.TreatMissingData,
  };
}

/** A topic an alarm notifies, in any partition; read in its own region (an alarm's topics share its region). */
async function readTopic(clients: AccountClients, arn: string, alarmRegion: string): Promise<TopicDetail> {
  const region = regionOf(arn) ?? alarmRegion;
  const client = clients.sns(region);
  const [attributes, subscriptions] = await Promise.all([
    read("sns", "GetTopicAttributes", region, arn, async () => {
      const out = await client.send(new GetTopicAttributesCommand({ TopicArn: arn }));
      return out.Attributes ?? {};
    }),
    read("sns", "ListSubscriptionsByTopic", region, arn, async () => {
      const subs: Array<{ subscriptionArn: string; protocol: string; endpoint: string }> = [];
      for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: arn })) {
        for (const s of page.Subscriptions ?? []) {
          subs.push({
            subscriptionArn: s.SubscriptionArn ?? "",
            protocol: s.Protocol ?? "",
            endpoint: s.Endpoint ?? "",
          });
        }
      }
      return subs;
    }),
  ]);
  return { arn, attributes, subscriptions };
}

export async function collectLogGroup(clients: AccountClients, groupArn: string): Promise<LogGroupDetail> {
  const parsed = parseLogGroupArn(groupArn);
  const name = parsed?.name ?? groupArn;
  const region = parsed?.region ?? "us-east-1";
  const logs = clients.logs(region);
  const [group, subscriptionFilters, accountPolicies, metricFilters] = await Promise.all([
    read("logs", "DescribeLogGroups", region, groupArn, async () => {
      for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: name })) {
        const found = (page.logGroups ?? []).find((g) => g.logGroupName === name);
        if (found) return { exists: true, retentionInDays: found.retentionInDays, kmsKeyId: found.kmsKeyId };
      }
      return { exists: false };
    }),
    read("logs", "DescribeSubscriptionFilters", region, groupArn, async () => {
      const out: SubscriptionFilter[] = [];
      for await (const page of paginateDescribeSubscriptionFilters(
        { client: logs },
        { logGroupName: name },
      )) {
        out.push(...(page.subscriptionFilters ?? []).map(toSubscription));
      }
      return out;
    }),
    read("logs", "DescribeAccountPolicies", region, undefined, async () => {
      const out = await logs.send(
        new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" }),
      );
      return (out.accountPolicies ?? []).map(toPolicy);
    }),
    read("logs", "DescribeMetricFilters", region, groupArn, async () => {
      const out: MetricFilter[] = [];
      for await (const page of paginateDescribeMetricFilters({ client: logs }, { logGroupName: name })) {
        out.push(...(page.metricFilters ?? []).map(toMetricFilter));
      }
      return out;
    }),
  ]);
  const detail: LogGroupDetail = {
    name,
    arn: groupArn,
    region,
    group,
    subscriptionFilters,
    accountPolicies,
    metricFilters,
    alarms: { ok: true, value: [] },
    topics: {},
  };
  // No metric filters, no alarm can watch this group: skip the alarm reads.
  if (!metricFilters.ok || metricFilters.value.length === 0) {
    if (!metricFilters.ok) detail.alarms = metricFilters;
    return detail;
  }
  const metricNames = new Set(metricFilters.value.flatMap((f) => f.metrics.map((m) => m.name)));
  detail.alarms = await read("monitoring", "DescribeAlarms", region, undefined, async () => {
    const out: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client: clients.cloudwatch(region) },
      { AlarmTypes: ["MetricAlarm"], MaxRecords: 100 },
    )) {
      for (const a of page.MetricAlarms ?? []) {
        const alarm = toAlarm(a);
        if (alarm.metrics.some((m) => metricNames.has(m.name))) out.push(alarm);
      }
    }
    return out;
  });
  if (detail.alarms.ok) {
    const topicArns = new Set(detail.alarms.value.flatMap((a) => a.alarmActions.filter(isTopicArn)));
    const topics = await Promise.all([...topicArns].sort().map((arn) => readTopic(clients, arn, region)));
    for (const t of topics) detail.topics[t.arn] = t;
  }
  return detail;
}
