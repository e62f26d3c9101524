/**
 * Log- and alarm-path collection for a trail this account owns, in the log group's region. Every read is by the
 * group's name, so its cost does not grow with the other groups, filters and alarms of the account:
 *   logs:DescribeLogGroups (logGroupIdentifiers = [the group's name]), logs:DescribeSubscriptionFilters and
 *   logs:DescribeMetricFilters (logGroupName = the group's name), logs:DescribeAccountPolicies
 *   (SUBSCRIPTION_FILTER_POLICY), the metric alarms on the metrics the group's filters publish (readAlarms), and for
 *   the SNS topics those alarms notify sns:GetTopicAttributes and sns:ListSubscriptionsByTopic.
 */
import {
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  paginateDescribeMetricFilters,
  paginateDescribeSubscriptionFilters,
  type MetricFilter as SdkMetricFilter,
  type SubscriptionFilter as SdkSubscriptionFilter,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  paginateDescribeAlarms,
  type MetricAlarm as SdkMetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import { GetTopicAttributesCommand, paginateListSubscriptionsByTopic } from "@aws-sdk/client-sns";
import type { AccountClients } from "../aws/layer.ts";
import { isFollowedFilter } from "../alarms/followed-filters.ts";
import {
  ok,
  type AccountSubscriptionPolicy,
  type LogGroupDetail,
  type MetricAlarm,
  type MetricFilter,
  type Read,
  type SubscriptionFilter,
  type TopicDetail,
} from "../inventory/model.ts";
import { isTopicArn, parseLogGroupArn, partitionOf, regionOf } from "../inventory/arn.ts";
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

type LogsClient = ReturnType<AccountClients["logs"]>;

/**
 * One log group by its exact name: logGroupIdentifiers selects groups by name, where logGroupNamePrefix would also
 * return every group whose name starts with it (the CloudTrail console names groups
 * `aws-cloudtrail-logs-<account>-<suffix>`). Outside a monitoring account the identifiers are names of the caller's
 * own groups, and only includeLinkedAccounts may accompany them; a name no group has is left out of the answer
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html).
 */
export async function describeLogGroupByName(logs: LogsClient, name: string) {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupIdentifiers: [name] }));
  return (out.logGroups ?? []).find((g) => g.logGroupName === name);
}

/** DescribeAlarms' largest page (MaxRecords 1-100, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html). */
const ALARM_PAGE = 100;

const metricKey = (m: { name: string; namespace: string }) => `${m.namespace}\u0000${m.name}`;
const byAlarmName = (a: MetricAlarm, b: MetricAlarm) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The metric alarms the alarm checks judge for the group's filters: every alarm whose metric (or one of whose
 * metric-math metrics) has the name a filter publishes, in any namespace, so a wrong namespace can be reported.
 *
 * A region's alarms are listed with one DescribeAlarms page of 100; when that is all of them, the listing is the
 * answer, as it always was. When there are more, the alarms are read by metric instead: DescribeAlarmsForMetric
 * (MetricName and Namespace, no dimensions) for each metric a followed filter publishes (followed-filters.ts; the
 * checks judge no alarm of another filter), a call each instead of a page per 100 alarms of the whole region.
 * DescribeAlarmsForMetric returns only standard alarms on exactly that metric, dimensions included; it leaves out
 * metric-math alarms and alarms on the name in another namespace
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html). So where a
 * followed metric has no such alarm, or publishes dimensions (their values come from the log events and cannot be
 * named), the listing goes on from its second page and the checks judge every alarm, as they would without this.
 * What is left out is where a standard alarm exists: other alarms on that metric's name (metric math, other
 * dimensions or namespaces) are then not read.
 */
async function readAlarms(
  clients: AccountClients,
  region: string,
  filters: MetricFilter[],
): Promise<Read<MetricAlarm[]>> {
  const cloudwatch = clients.cloudwatch(region);
  const names = new Set(filters.flatMap((f) => f.metrics.map((m) => m.name)));
  const onFilterMetric = (a: MetricAlarm) => a.metrics.some((m) => names.has(m.name));
  const first = await read("monitoring", "DescribeAlarms", region, undefined, () =>
    cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm"], MaxRecords: ALARM_PAGE })),
  );
  if (!first.ok) return first;
  const firstPage = (first.value.MetricAlarms ?? []).map(toAlarm).filter(onFilterMetric);
  const token = first.value.NextToken;
  if (!token) return ok(firstPage);

  const listRest = () =>
    read("monitoring", "DescribeAlarms", region, undefined, async () => {
      const out = [...firstPage];
      for await (const page of paginateDescribeAlarms(
        { client: cloudwatch, startingToken: token },
        { AlarmTypes: ["MetricAlarm"], MaxRecords: ALARM_PAGE },
      )) {
        out.push(...(page.MetricAlarms ?? []).map(toAlarm).filter(onFilterMetric));
      }
      return out;
    });
  const options = { account: clients.accountId, partition: partitionOf(region) };
  const follows = (pattern: string) => {
    try {
      return isFollowedFilter(pattern, options);
    } catch {
      // A pattern the judge could not finish with is the checks' to report; its alarms are read all the same.
      return true;
    }
  };
  const followed = new Map<string, MetricFilter["metrics"][number]>();
  for (const f of filters) {
    if (f.metrics.length === 0 || !follows(f.pattern)) continue;
    for (const m of f.metrics) followed.set(metricKey(m), m);
  }
  if ([...followed.values()].some((m) => Object.keys(m.dimensions ?? {}).length > 0)) return listRest();
  const byMetric = await Promise.all(
    [...followed.values()].map((m) =>
      read("monitoring", "DescribeAlarmsForMetric", region, `${m.namespace}/${m.name}`, async () => {
        const out = await cloudwatch.send(
          new DescribeAlarmsForMetricCommand({ MetricName: m.name, Namespace: m.namespace }),
        );
        return (out.MetricAlarms ?? []).map(toAlarm);
      }),
    ),
  );
  const unread = byMetric.find((r) => !r.ok);
  if (unread) return unread;
  if (byMetric.some((r) => r.ok && r.value.length === 0)) return listRest();
  const alarms = new Map<string, MetricAlarm>();
  for (const r of byMetric) if (r.ok) for (const a of r.value) alarms.set(a.arn || a.name, a);
  // In name order, as DescribeAlarms lists them: the checks report the first complete chain they find.
  return ok([...alarms.values()].sort(byAlarmName));
}

export async function collectLogGroup(clients: AccountClients, groupArn: string): Promise<LogGroupDetail> {
  const parsed = parseLogGroupArn(groupArn);
  const name = parsed?.name ?? groupArn;
  const region = parsed?.region ?? "us-east-1";
  const logs = clients.logs(region);
  const [group, subscriptionFilters, accountPolicies, metricFilters] = await Promise.all([
    read("logs", "DescribeLogGroups", region, groupArn, async () => {
      const found = await describeLogGroupByName(logs, name);
      return found
        ? { exists: true, retentionInDays: found.retentionInDays, kmsKeyId: found.kmsKeyId }
        : { exists: false };
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
  detail.alarms = await readAlarms(clients, region, metricFilters.value);
  if (detail.alarms.ok) {
    const topicArns = new Set(detail.alarms.value.flatMap((a) => a.alarmActions.filter(isTopicArn)));
    const topics = await Promise.all([...topicArns].sort().map((arn) => readTopic(clients, arn, region)));
    for (const t of topics) detail.topics[t.arn] = t;
  }
  return detail;
}
