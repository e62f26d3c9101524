/**
 * One huge account for scale benchmarks and tests: the generated organization's wiring (sim/generate.ts) in a
 * one-account organization, whose home region also holds tens of thousands of unrelated log groups, thousands of
 * metric filters on them and thousands of alarms on unrelated metrics. What wirewatch must read is the trail's log
 * group (15 CIS filters and a little noise) and the alarms on its filters' metrics; a scan of this account should
 * cost calls in proportion to that, not to the account. Deterministic: the same options give a deep-equal scenario.
 */
import {
  ALARM_TOPIC,
  CIS_NAMESPACE,
  TRAIL_LOG_GROUP,
  generateOrganization,
  generatedAccountId,
} from "./generate.ts";
import type { ScenarioInput } from "./scenario.ts";

type RegionInput = NonNullable<ScenarioInput["accounts"][number]["regionState"]>[string];
type LogGroupInput = NonNullable<RegionInput["logGroups"]>[number];
type AlarmInput = NonNullable<RegionInput["alarms"]>[number];

export interface LargeAccountOptions {
  /** Log groups in the home region, the trail's included (default 50,000). */
  logGroups?: number;
  /** Metric filters, the trail log group's included (default 5,000). */
  metricFilters?: number;
  /** Metric alarms, the 15 CIS alarms included (default 5,000). */
  alarms?: number;
  /** Region names, or how many of the default regions (default 17); the bulk lives in the home region. */
  regions?: string[] | number;
}

export const LARGE_ACCOUNT_DEFAULTS = { logGroups: 50_000, metricFilters: 5_000, alarms: 5_000 } as const;

/**
 * Groups named like the ones the CloudTrail console creates (`aws-cloudtrail-logs-<account>-<suffix>`): they share
 * the trail log group's name as a prefix, so a DescribeLogGroups by logGroupNamePrefix returns them too.
 */
export const PREFIX_SHARING_GROUPS = 200;

/** Filters on the trail log group beside the 15 CIS ones, half of them with an alarm; none fires for a control. */
const TRAIL_NOISE = [
  { name: "s3-data-reads", pattern: '{ $.eventSource = "s3.amazonaws.com" && $.eventName = "GetObject" }' },
  { name: "lambda-invokes", pattern: '{ $.eventName = "Invoke" }' },
  { name: "sts-assume-role", pattern: '{ $.eventName = "AssumeRole" }' },
  { name: "ec2-describes", pattern: '{ $.eventName = "DescribeInstances" }' },
  { name: "kms-decrypts", pattern: '{ $.eventSource = "kms.amazonaws.com" && $.eventName = "Decrypt" }' },
  { name: "throttled-calls", pattern: '{ $.errorCode = "ThrottlingException" }' },
] as const;
const NOISE_NAMESPACE = "TrailActivity";
const OPS_TOPIC = "ops-alerts";

const pad = (n: number) => String(n).padStart(5, "0");
const hex8 = (n: number) => ((n * 2654435761) >>> 0).toString(16).padStart(8, "0");

/** The n-th unrelated log group: Lambda, ECS and API Gateway groups, as a large workload account has them. */
function otherGroupName(account: string, n: number): string {
  if (n < PREFIX_SHARING_GROUPS) return `${TRAIL_LOG_GROUP}-${account}-${hex8(n)}`;
  const kind = n % 3;
  if (kind === 0) return `/aws/lambda/service-${pad(n)}`;
  if (kind === 1) return `/ecs/app-${pad(n)}`;
  return `API-Gateway-Execution-Logs_${hex8(n)}/prod`;
}

export function generateLargeAccount(opts: LargeAccountOptions = {}): ScenarioInput {
  const logGroups = opts.logGroups ?? LARGE_ACCOUNT_DEFAULTS.logGroups;
  const metricFilters = opts.metricFilters ?? LARGE_ACCOUNT_DEFAULTS.metricFilters;
  const alarms = opts.alarms ?? LARGE_ACCOUNT_DEFAULTS.alarms;
  const cisCount = 15;
  const trailFilters = cisCount + TRAIL_NOISE.length;
  if (!Number.isInteger(logGroups) || logGroups < 1 + PREFIX_SHARING_GROUPS) {
    throw new RangeError(`logGroups: at least ${1 + PREFIX_SHARING_GROUPS}, got ${logGroups}`);
  }
  // At most 100 filters a group (PutMetricFilter): five a group on the other groups.
  if (!Number.isInteger(metricFilters) || metricFilters < trailFilters) {
    throw new RangeError(`metricFilters: at least ${trailFilters}, got ${metricFilters}`);
  }
  const otherFilters = metricFilters - trailFilters;
  if (Math.ceil(otherFilters / 5) > logGroups - 1) {
    throw new RangeError(`metricFilters: at most 5 per other log group, got ${metricFilters}`);
  }
  const noiseAlarms = Math.ceil(TRAIL_NOISE.length / 2);
  if (!Number.isInteger(alarms) || alarms < cisCount + noiseAlarms) {
    throw new RangeError(`alarms: at least ${cisCount + noiseAlarms}, got ${alarms}`);
  }

  const scenario = generateOrganization({ accounts: 1, regions: opts.regions ?? 17, brokenFraction: 0 });
  const account = scenario.accounts[0]!;
  const id = generatedAccountId(0);
  const home = scenario.hub.region!;
  const region = account.regionState![home]!;
  const arn = `arn:${scenario.partition}:`;
  const trailGroup = region.logGroups!.find((g) => g.name === TRAIL_LOG_GROUP)!;
  const opsTopic = `${arn}sns:${home}:${id}:${OPS_TOPIC}`;

  trailGroup.metricFilters = [
    ...(trailGroup.metricFilters ?? []),
    ...TRAIL_NOISE.map((f) => ({
      name: f.name,
      pattern: f.pattern,
      metricName: f.name,
      metricNamespace: NOISE_NAMESPACE,
      metricValue: "1",
    })),
  ];

  const others: LogGroupInput[] = [];
  for (let n = 0; n < logGroups - 1; n++) {
    const group: LogGroupInput = { name: otherGroupName(id, n), retentionInDays: 30 };
    // Five filters a group, on the groups after the prefix-sharing ones, until the count is reached.
    const first = (n - PREFIX_SHARING_GROUPS) * 5;
    if (n >= PREFIX_SHARING_GROUPS && first < otherFilters) {
      group.metricFilters = Array.from({ length: Math.min(5, otherFilters - first) }, (_, k) => ({
        name: `app-${pad(first + k)}`,
        pattern: k % 2 === 0 ? '{ $.level = "ERROR" }' : "Exception",
        metricName: `app-${pad(first + k)}-errors`,
        metricNamespace: "Workloads",
        metricValue: "1",
      }));
    }
    others.push(group);
  }
  region.logGroups = [trailGroup, ...others];

  const unrelated: AlarmInput[] = [];
  const unrelatedCount = alarms - cisCount - noiseAlarms;
  for (let n = 0; n < unrelatedCount; n++) {
    const name = `workload-${pad(n)}`;
    if (n % 50 === 49) {
      // A metric-math alarm now and then: an error rate over two Lambda metrics.
      unrelated.push({
        name: `${name}-error-rate`,
        metrics: [
          {
            Id: "errors",
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: "AWS/Lambda",
                MetricName: "Errors",
                Dimensions: [{ Name: "FunctionName", Value: `service-${pad(n)}` }],
              },
              Period: 300,
              Stat: "Sum",
            },
          },
          {
            Id: "invocations",
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: "AWS/Lambda",
                MetricName: "Invocations",
                Dimensions: [{ Name: "FunctionName", Value: `service-${pad(n)}` }],
              },
              Period: 300,
              Stat: "Sum",
            },
          },
          { Id: "rate", Expression: "errors / invocations", ReturnData: true },
        ],
        threshold: 0.05,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: [opsTopic],
      });
    } else if (n < otherFilters && n % 2 === 0) {
      // On a workload filter's metric.
      unrelated.push({
        name: `${name}-app-errors`,
        metricName: `app-${pad(n)}-errors`,
        namespace: "Workloads",
        statistic: "Sum",
        alarmActions: [opsTopic],
      });
    } else {
      unrelated.push({
        name: `${name}-lambda-errors`,
        metricName: "Errors",
        namespace: "AWS/Lambda",
        statistic: "Sum",
        dimensions: [{ name: "FunctionName", value: `service-${pad(n)}` }],
        alarmActions: [opsTopic],
      });
    }
  }
  region.alarms = [
    ...(region.alarms ?? []),
    ...TRAIL_NOISE.slice(0, noiseAlarms).map((f): AlarmInput => ({
      name: `trail-${f.name}`,
      metricName: f.name,
      namespace: NOISE_NAMESPACE,
      statistic: "Sum",
      threshold: 1000,
      alarmActions: [opsTopic],
    })),
    ...unrelated,
  ];
  region.topics = [
    ...(region.topics ?? []),
    { name: OPS_TOPIC, subscriptions: [{ protocol: "email", endpoint: `ops+${id}@example.com` }] },
  ];

  scenario.description =
    `Generated large account: ${logGroups} log groups, ${metricFilters} metric filters and ${alarms} alarms in ` +
    `${home}, wired as the generated organizations are (its trail log group ${TRAIL_LOG_GROUP}, topic ${ALARM_TOPIC}, ` +
    `namespace ${CIS_NAMESPACE}).`;
  return scenario;
}
