/**
 * Through the CLI, in-process: the alarm path (metric filter -> alarm -> SNS topic -> confirmed subscriber) broken link by link,
 * scanned by the CLI. The 15 CIS controls are judged by what each filter matches, not by its text.
 */
import { describe, expect, it } from "vitest";
import {
  bundledScenario,
  problems,
  regionOf,
  scanE2e,
  trailOf,
  type MutableScenario,
} from "../../support/e2e.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { remediationConfig } from "../../support/remediate.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";

function healthy(change: (s: MutableScenario) => void): MutableScenario {
  const s = bundledScenario("healthy");
  change(s);
  return s;
}
const home = (s: MutableScenario) => regionOf(s, PROD, "us-east-1");
const filters = (s: MutableScenario) =>
  home(s).logGroups[0]!.metricFilters as unknown as Array<{
    name: string;
    pattern: string;
    metricNamespace: string;
    metricValue?: string;
    defaultValue?: number;
  }>;
const filter = (s: MutableScenario, cis: string) => filters(s).find((f) => f.name.startsWith(`cis-${cis}-`))!;
const alarm = (s: MutableScenario, name: string) => {
  const a = home(s).alarms.find((x) => x.name === name);
  if (!a) throw new Error(`no alarm ${name}`);
  return a;
};

/** Standard alarms on Lambda metrics, which no metric filter publishes. */
const unrelatedAlarms = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `workload-${String(i).padStart(3, "0")}-errors`,
    metricName: "Errors",
    namespace: "AWS/Lambda",
    statistic: "Sum",
    dimensions: [{ name: "FunctionName", value: `service-${i}` }],
  }));

/** Every finding as id, status and message id. */
const verdicts = (r: ScanReport) => r.findings.map((f) => `${f.id} ${f.status} ${f.messageId}`).sort();

interface Case {
  name: string;
  scenario: MutableScenario;
  problems: string[];
}

const ALL_CONTROLS = [
  "cloudtrail-config-changes",
  "cmk-disable-or-deletion",
  "config-changes",
  "console-auth-failures",
  "console-signin-without-mfa",
  "iam-policy-changes",
  "nacl-changes",
  "network-gateway-changes",
  "organizations-changes",
  "root-usage",
  "route-table-changes",
  "s3-bucket-policy-changes",
  "security-group-changes",
  "unauthorized-api-calls",
  "vpc-changes",
];

const cases: Case[] = [
  { name: "all 15 controls healthy", scenario: bundledScenario("healthy"), problems: [] },
  {
    name: "a metric filter missing",
    scenario: healthy((s) => {
      home(s).logGroups[0]!.metricFilters = filters(s).filter((f) => !f.name.includes("4.7-"));
    }),
    problems: [`fail alarms.cmk-disable-or-deletion ${PROD} global noMatchingFilter`],
  },
  {
    name: "a metric filter edited to drop one event",
    scenario: healthy((s) => {
      const f = filters(s).find((x) => x.name.includes("4.5-"))!;
      f.pattern =
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }";
    }),
    problems: [`fail alarms.cloudtrail-config-changes ${PROD} global noMatchingFilter`],
  },
  {
    name: "an alarm on the right metric name in the wrong namespace",
    scenario: healthy((s) => (alarm(s, "cis-4.10-security-group-changes").namespace = "Custom/Security")),
    problems: [`fail alarms.security-group-changes ${PROD} global alarmWrongNamespace`],
  },
  {
    name: "alarm actions disabled",
    scenario: healthy((s) => (alarm(s, "cis-4.3-root-usage").actionsEnabled = false)),
    problems: [`fail alarms.root-usage ${PROD} global actionsDisabled`],
  },
  {
    name: "a topic with only a pending subscription",
    scenario: healthy((s) => {
      home(s).topics[0]!.subscriptions = [
        { protocol: "email", endpoint: "new-hire@example.com", confirmed: false },
      ];
    }),
    problems: ALL_CONTROLS.map((c) => `fail alarms.${c} ${PROD} global noConfirmedSubscription`),
  },
  {
    name: "a topic policy that shuts CloudWatch out",
    scenario: healthy((s) => {
      home(s).topics[0]!.policy = {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OwnerOnly",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${PROD}:root` },
            Action: "SNS:Publish",
            Resource: `arn:aws:sns:us-east-1:${PROD}:wirewatch-alarms`,
          },
          {
            Sid: "NoServices",
            Effect: "Deny",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: `arn:aws:sns:us-east-1:${PROD}:wirewatch-alarms`,
          },
        ],
      };
    }),
    problems: ALL_CONTROLS.map((c) => `fail alarms.${c} ${PROD} global topicPolicyDeniesCloudWatch`),
  },
  {
    name: "a trail that excludes KMS management events blinds the KMS control only",
    scenario: healthy((s) => {
      trailOf(s, PROD).eventSelectors = [
        {
          readWriteType: "All",
          includeManagementEvents: true,
          excludeManagementEventSources: ["kms.amazonaws.com"],
        },
      ];
    }),
    problems: [
      `fail alarms.cmk-disable-or-deletion ${PROD} global trailDropsEvents`,
      `fail cloudtrail.management-events ${PROD} global excludedSources`,
    ],
  },
  {
    name: "a trail whose advanced selectors record read events only blinds every control",
    scenario: healthy((s) => {
      trailOf(s, PROD).advancedEventSelectors = [
        {
          name: "Reads only",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "readOnly", equals: ["true"] },
          ],
        },
      ];
    }),
    problems: [
      ...ALL_CONTROLS.map((c) => `fail alarms.${c} ${PROD} global trailDropsEvents`),
      `fail cloudtrail.management-events ${PROD} global readOnly`,
    ],
  },
  {
    name: "an alarm on the Average of a metric that publishes 0 for every other event",
    scenario: healthy((s) => {
      filter(s, "4.8").defaultValue = 0;
      alarm(s, "cis-4.8-s3-bucket-policy-changes").statistic = "Average";
    }),
    problems: [`fail alarms.s3-bucket-policy-changes ${PROD} global alarmStatisticNeverBreaches`],
  },
  {
    name: "an alarm that needs more than one event (GreaterThanThreshold 1)",
    scenario: healthy(
      (s) => (alarm(s, "cis-4.9-config-changes").comparisonOperator = "GreaterThanThreshold"),
    ),
    problems: [`fail alarms.config-changes ${PROD} global alarmThresholdNeverBreaches`],
  },
  {
    name: "an alarm that needs 2 of 2 breaching datapoints, missing data not breaching",
    scenario: healthy((s) => {
      Object.assign(alarm(s, "cis-4.11-nacl-changes"), {
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      });
    }),
    problems: [`fail alarms.nacl-changes ${PROD} global alarmNeedsMoreDatapoints`],
  },
  {
    name: "an alarm watching a dimension the filter never publishes",
    scenario: healthy((s) => {
      alarm(s, "cis-4.12-network-gateway-changes").dimensions = [{ name: "Account", value: PROD }];
    }),
    problems: [`fail alarms.network-gateway-changes ${PROD} global alarmDimensionsMismatch`],
  },
  {
    name: "a metric filter that publishes 0 for each event",
    scenario: healthy((s) => (filter(s, "4.13").metricValue = "0")),
    problems: [`fail alarms.route-table-changes ${PROD} global metricValueNeverBreaches`],
  },
];

describe("scan: the alarm path through the CLI", () => {
  it.concurrent.each(cases.map((c) => [c.name, c] as const))(
    "%s, alike in a region with more than a page of alarms",
    async (_name, c) => {
      // 150 more alarms, on unrelated metrics: the prod account's alarms are then read by the filters' metrics.
      const large = JSON.parse(JSON.stringify(c.scenario)) as MutableScenario;
      home(large).alarms.push(...unrelatedAlarms(150));
      const [small, big] = await Promise.all(
        [c.scenario, large].map((s) => scanE2e(s, { config: remediationConfig() })),
      );
      expect(problems(small!.report)).toEqual([...c.problems].sort());
      expect(verdicts(big!.report)).toEqual(verdicts(small!.report));
      const calls = (r: ScanReport, op: string) => r.stats.apiCalls[op]?.calls ?? 0;
      // The small account's alarms are one page; the large one's are read by metric, and listed (2 pages of
      // 100) only where a metric the controls follow has no standard alarm of its own.
      expect(calls(small!.report, "monitoring:DescribeAlarmsForMetric")).toBe(0);
      expect(calls(big!.report, "monitoring:DescribeAlarmsForMetric")).toBeGreaterThan(0);
      expect(calls(big!.report, "monitoring:DescribeAlarmsForMetric")).toBeLessThanOrEqual(15);
      expect(calls(big!.report, "monitoring:DescribeAlarms")).toBeLessThanOrEqual(
        calls(small!.report, "monitoring:DescribeAlarms") + 1,
      );
    },
  );

  it("judges an organization trail's alarms in the management account and credits every member", async () => {
    const result = await scanE2e(bundledScenario("org-trail"), { config: remediationConfig() });
    const alarms = result.report.findings.filter((f) => f.checkId.startsWith("alarms."));
    expect(alarms).toHaveLength(15 * 3);
    expect(alarms.every((f) => f.status === "pass" && f.resource.includes(`:${MGMT}:log-group:`))).toBe(true);
    expect(new Set(alarms.map((f) => f.accountId))).toEqual(new Set([MGMT, PROD, DEV]));
  });

  it("debits every member when the organization trail's filter is edited", async () => {
    const s = bundledScenario("org-trail");
    const group = regionOf(s, MGMT, "us-east-1").logGroups[0]! as unknown as {
      metricFilters: Array<{ name: string }>;
    };
    group.metricFilters = group.metricFilters.filter((f) => !f.name.includes("4.7-"));
    const result = await scanE2e(s, { config: remediationConfig() });
    expect(problems(result.report)).toEqual(
      [MGMT, PROD, DEV].map((a) => `fail alarms.cmk-disable-or-deletion ${a} global noMatchingFilter`).sort(),
    );
  });
});
