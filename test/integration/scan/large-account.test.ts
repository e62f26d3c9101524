/**
 * A scan of one large account (sim/large-account.ts, scaled down so the test stays quick: 5,000 log groups, 1,000
 * metric filters, 1,000 alarms, against 21 filters on the trail's log group and 18 alarms on their metrics) costs
 * calls in proportion to what wirewatch reads about the trail's log group, not to the account, and judges exactly
 * what the same account without the bulk is judged. Call counts come from the report's stats, through the CLI.
 */
import { describe, expect, it } from "vitest";
import { CIS_CONTROLS, TRAIL_LOG_GROUP, generateOrganization } from "../../../sim/generate.ts";
import { generateLargeAccount, PREFIX_SHARING_GROUPS } from "../../../sim/large-account.ts";
import type { ScenarioInput } from "../../../sim/scenario.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { problems, regionOf, scanE2e, trailOf, type MutableScenario } from "../../support/e2e.ts";

const ACCOUNT = "100000000000";
const HOME = "us-east-1";
const SIZE = { logGroups: 5_000, metricFilters: 1_000, alarms: 1_000, regions: 1 };
/** The log and alarm reads of the trail log group, by operation. */
const LOG_AND_ALARM_OPS = [
  "logs:DescribeAccountPolicies",
  "logs:DescribeLogGroups",
  "logs:DescribeMetricFilters",
  "logs:DescribeSubscriptionFilters",
  "monitoring:DescribeAlarms",
  "monitoring:DescribeAlarmsForMetric",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
];

const mutable = (s: ScenarioInput) => JSON.parse(JSON.stringify(s)) as MutableScenario;
const large = () => mutable(generateLargeAccount(SIZE));
/** The same account, wired alike, without the bulk (and without the trail log group's noise filters). */
const small = () => mutable(generateOrganization({ accounts: 1, regions: 1, brokenFraction: 0 }));

const calls = (r: ScanReport) =>
  Object.fromEntries(LOG_AND_ALARM_OPS.map((op) => [op, r.stats.apiCalls[op]?.calls ?? 0]));
const verdicts = (r: ScanReport) => r.findings.map((f) => `${f.id} ${f.status} ${f.messageId}`).sort();
const cisAlarm = (s: MutableScenario, i: number) => {
  const c = CIS_CONTROLS[i]!;
  return regionOf(s, ACCOUNT, HOME).alarms.find((a) => a.name === `cis-${c.id}-${c.control}`)!;
};
const scan = (s: MutableScenario) => scanE2e(s, {}).then((r) => r.report);

describe("a scan of a large account", () => {
  it("reads the trail log group by name and its filters' alarms by metric: 22 calls whatever the account holds", async () => {
    const [big, plain] = await Promise.all([scan(large()), scan(small())]);
    expect(problems(big)).toEqual([]);
    expect(verdicts(big)).toEqual(verdicts(plain));
    expect(calls(big)).toEqual({
      "logs:DescribeAccountPolicies": 1,
      "logs:DescribeLogGroups": 1,
      "logs:DescribeMetricFilters": 1,
      "logs:DescribeSubscriptionFilters": 1,
      // One page tells the region has more than 100 alarms; then one call per CIS metric. The noise filters'
      // metrics are not followed: no control is judged by them.
      "monitoring:DescribeAlarms": 1,
      "monitoring:DescribeAlarmsForMetric": 15,
      "sns:GetTopicAttributes": 1,
      "sns:ListSubscriptionsByTopic": 1,
    });
    expect(calls(plain)).toMatchObject({
      "monitoring:DescribeAlarms": 1,
      "monitoring:DescribeAlarmsForMetric": 0,
    });
  });

  it("lists the region's alarms when a followed metric has no standard alarm, and reports the wrong namespace", async () => {
    const [big, plain] = [large(), small()];
    for (const s of [big, plain]) cisAlarm(s, 6).namespace = "LogMetrics";
    const [b, p] = await Promise.all([scan(big), scan(plain)]);
    const control = CIS_CONTROLS[6]!.control;
    expect(problems(b)).toEqual([`fail alarms.${control} ${ACCOUNT} global alarmWrongNamespace`]);
    expect(verdicts(b)).toEqual(verdicts(p));
    // Every page of the 1,000 alarms, once, beside the 15 reads by metric.
    expect(calls(b)).toMatchObject({
      "monitoring:DescribeAlarms": 10,
      "monitoring:DescribeAlarmsForMetric": 15,
    });
  });

  it("finds a metric-math alarm on a CIS metric, which DescribeAlarmsForMetric leaves out", async () => {
    const [big, plain] = [large(), small()];
    for (const s of [big, plain]) {
      const a = cisAlarm(s, 2);
      const metric = { Namespace: a.namespace, MetricName: a.metricName };
      delete a.metricName;
      delete a.namespace;
      delete a.statistic;
      a.metrics = [
        { Id: "events", ReturnData: false, MetricStat: { Metric: metric, Period: 300, Stat: "Sum" } },
        { Id: "any", Expression: "FILL(events, 0)", ReturnData: true },
      ];
    }
    const [b, p] = await Promise.all([scan(big), scan(plain)]);
    expect(problems(b)).toEqual([]);
    expect(verdicts(b)).toEqual(verdicts(p));
    expect(calls(b)).toMatchObject({ "monitoring:DescribeAlarms": 10 });
  });

  it(`reads a missing log group by name in one call, beside ${PREFIX_SHARING_GROUPS} groups sharing its name as a prefix`, async () => {
    const s = large();
    delete trailOf(s, ACCOUNT).logGroup;
    const home = regionOf(s, ACCOUNT, HOME);
    home.logGroups = home.logGroups.filter((g) => g.name !== TRAIL_LOG_GROUP);
    expect(home.logGroups.filter((g) => String(g.name).startsWith(TRAIL_LOG_GROUP))).toHaveLength(
      PREFIX_SHARING_GROUPS,
    );
    const report = await scan(s);
    // The baseline log group (baseline.cloudtrail.logGroup), where remediation would point the trail: by prefix, the
    // ${PREFIX_SHARING_GROUPS} groups after it would take 4 pages of 50.
    expect(calls(report)["logs:DescribeLogGroups"]).toBe(1);
    expect(problems(report)).toEqual([
      `fail cloudtrail.cloudwatch-logs-delivery ${ACCOUNT} global noLogGroup`,
    ]);
  });
});
