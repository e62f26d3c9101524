import { describe, expect, it } from "vitest";
import { control as cloudtrailConfigChanges } from "../../checks/alarms/cloudtrail-config-changes.ts";
import { control as rootUsage } from "../../checks/alarms/root-usage.ts";
import type { AlarmControl } from "../../src/alarms/control.ts";
import { ALARM_CONTROLS } from "../../src/alarms/controls.ts";
import type { WiringOptions } from "../../test/support/alarm-tables.ts";
import {
  cloudWatchPolicy,
  metricAlarm,
  metricFilter,
  NAMESPACE,
  topic,
  wiring,
} from "../../test/support/alarm-tables.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import type { Check, EvaluationInput, Finding } from "../../src/engine/check.ts";
import type { TrailOptions } from "../../test/support/inventory-builder.ts";
import { inv, okRead } from "../../test/support/inventory-builder.ts";
import { planWith, shape, TAGS } from "../../test/support/remediation-tester.ts";
import remediation, { ALARM_SHAPE, resourceName } from "./put-metric-filter-and-alarm.ts";

const MEMBER = "222222222222";
const MGMT = "111111111111";
const GROUP = "aws-cloudtrail-logs";
const TOPIC = `arn:aws:sns:us-east-1:${MEMBER}:security-alarms`;
const alarms = { topic: "arn:aws:sns:{region}:{account}:security-alarms" };
const c = rootUsage;

function own(
  controls: readonly AlarmControl[],
  logGroup: TrailOptions["logGroup"],
  baseline: NonNullable<ConfigInput["baseline"]> = { alarms },
): { checks: Check[]; input: EvaluationInput } {
  return {
    checks: controls.map((x) => x.check),
    input: inv(MEMBER)
      .regions("us-east-1", "eu-west-1")
      .trail({ name: "main" }, { logGroup })
      .baseline(baseline)
      .build(),
  };
}
const wired = (o: WiringOptions = {}) => own([c], wiring(c, MEMBER, o));

const create = (x: AlarmControl, action: "create" | "update" = "create") => {
  const name = resourceName(x);
  return {
    action,
    region: "us-east-1",
    resource: `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:${name}`,
    calls: [
      {
        op: "logs:PutMetricFilter",
        region: "us-east-1",
        input: {
          logGroupName: GROUP,
          filterName: name,
          filterPattern: x.canonicalPattern,
          metricTransformations: [{ metricName: x.metricName, metricNamespace: NAMESPACE, metricValue: "1" }],
        },
      },
      {
        op: "monitoring:PutMetricAlarm",
        region: "us-east-1",
        input: {
          AlarmName: name,
          AlarmDescription: expect.any(String),
          ActionsEnabled: true,
          AlarmActions: [TOPIC],
          MetricName: x.metricName,
          Namespace: NAMESPACE,
          Statistic: "Sum",
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
          TreatMissingData: "notBreaching",
          Tags: [{ Key: "wirewatch:managed", Value: TAGS["wirewatch:managed"] }],
        },
      },
    ],
  };
};

const narrowed = `{ (${c.canonicalPattern.slice(1, -1)}) && ($.eventName = "ConsoleLogin") }`;
const ours = resourceName(c);

describe("alarms.put-metric-filter-and-alarm plans", () => {
  it.each([
    ["no metric filter at all", wired({ filters: [], alarms: [] }), create(c), "noMatchingFilter"],
    [
      "the filter was narrowed: ours goes beside it, theirs is left alone",
      wired({ filters: [metricFilter(c, { pattern: narrowed })] }),
      create(c),
      "noMatchingFilter",
    ],
    ["a good filter without an alarm", wired({ alarms: [] }), create(c), "noAlarm"],
    [
      "the alarm watches another namespace",
      wired({
        alarms: [
          metricAlarm(c, MEMBER, {
            metrics: [{ name: c.metricName, namespace: "LogMetrics", dimensions: {} }],
          }),
        ],
      }),
      create(c),
      "alarmWrongNamespace",
    ],
    [
      "the alarm notifies no topic",
      wired({ alarms: [metricAlarm(c, MEMBER, { alarmActions: [] })] }),
      create(c),
      "noTopicAction",
    ],
    [
      "our own filter was edited: rewrite it",
      wired({ filters: [metricFilter(c, { name: ours, pattern: narrowed })], alarms: [] }),
      create(c, "update"),
      "noMatchingFilter",
    ],
  ] as const)("%s", (_name, { checks, input }, change, messageId) => {
    const planned = planWith(checks, remediation, input);
    expect(planned.refused).toEqual([]);
    expect(planned.changes.map(shape)).toEqual([change]);
    expect(planned.changes[0]!.fixes.map((k) => `${k.checkId} ${k.messageId}`)).toEqual([
      `alarms.root-usage ${messageId}`,
    ]);
  });

  it("an alarm with its actions disabled: EnableAlarmActions on that alarm, nothing else", () => {
    const { checks, input } = wired({ alarms: [metricAlarm(c, MEMBER, { actionsEnabled: false })] });
    const planned = planWith(checks, remediation, input);
    expect(planned.changes.map(shape)).toEqual([
      {
        action: "enable",
        region: "us-east-1",
        resource: `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:${metricFilter(c).name}`,
        calls: [
          {
            op: "monitoring:EnableAlarmActions",
            region: "us-east-1",
            input: { AlarmNames: [metricFilter(c).name] },
          },
        ],
      },
    ]);
  });

  it("a topic CloudWatch may not publish to: a manual step for a person, no call", () => {
    const deny = {
      Sid: "Deny",
      Effect: "Deny",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "SNS:Publish",
      Resource: TOPIC,
    };
    const { checks, input } = wired({
      topic: topic(MEMBER, { attributes: { Policy: cloudWatchPolicy(MEMBER, [deny]) } }),
    });
    const planned = planWith(checks, remediation, input);
    expect(planned.changes.map((x) => [x.action, x.resource, x.calls])).toEqual([["manual", TOPIC, []]]);
    expect(planned.changes[0]!.manual).toContain(TOPIC);
    expect(planned.changes[0]!.manual).toContain("cloudwatch.amazonaws.com");
  });

  it("a topic without a confirmed subscription: a manual step for a person, with no calls", () => {
    const { checks, input } = wired({ topic: topic(MEMBER, { subscriptions: ["PendingConfirmation"] }) });
    const planned = planWith(checks, remediation, input);
    expect([planned.refused, planned.unremediable]).toEqual([[], []]);
    expect(planned.changes.map((x) => [x.action, x.resource, x.calls])).toEqual([["manual", TOPIC, []]]);
    expect(planned.changes[0]!.manual).toContain(TOPIC);
  });

  it("one change per control, never merged, even on the same log group", () => {
    const { checks, input } = own(ALARM_CONTROLS, { metricFilters: okRead([]), alarms: okRead([]) });
    const planned = planWith(checks, remediation, input);
    expect(planned.refused).toEqual([]);
    const byResource = (a: { resource: string }, b: { resource: string }) =>
      a.resource.localeCompare(b.resource);
    expect(planned.changes.map(shape).sort(byResource)).toEqual(
      ALARM_CONTROLS.map((x) => create(x)).sort(byResource),
    );
    expect(new Set(planned.changes.map((x) => x.id)).size).toBe(ALARM_CONTROLS.length);
  });

  it("plans nothing once its filters and alarms are in place: every canonical pattern satisfies its control", () => {
    const name = (x: AlarmControl) => resourceName(x);
    const filters = ALARM_CONTROLS.map((x) => metricFilter(x, { name: name(x) }));
    const alarmList = ALARM_CONTROLS.map((x) =>
      metricAlarm(x, MEMBER, {
        name: name(x),
        threshold: ALARM_SHAPE.Threshold,
        evaluationPeriods: ALARM_SHAPE.EvaluationPeriods,
      }),
    );
    const t = topic(MEMBER);
    const { checks, input } = own(ALARM_CONTROLS, {
      metricFilters: okRead(filters),
      alarms: okRead(alarmList),
      topics: { [t.arn]: t },
    });
    const planned = planWith(checks, remediation, input);
    expect(planned.findings.filter((f) => f.status !== "pass").map((f) => f.checkId)).toEqual([]);
    expect([planned.changes, planned.refused]).toEqual([[], []]);
  });

  it("two controls failing on one log group: two changes", () => {
    const { checks, input } = own([c, cloudtrailConfigChanges], {
      metricFilters: okRead([]),
      alarms: okRead([]),
    });
    const planned = planWith(checks, remediation, input);
    expect(planned.changes.map((x) => x.resource).sort()).toEqual(
      [c, cloudtrailConfigChanges]
        .map((x) => `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:${resourceName(x)}`)
        .sort(),
    );
  });

  describe("alarms.put-metric-filter-and-alarm refuses", () => {
    it("without a topic in the baseline", () => {
      const { checks, input } = own([c], wiring(c, MEMBER, { filters: [], alarms: [] }), {});
      const planned = planWith(checks, remediation, input);
      expect(planned.changes).toEqual([]);
      expect(planned.refused[0]!.reason).toContain("baseline.alarms.topic");
    });

    it("when another filter on the metric fires outside the control: its alarm would alarm on that too", () => {
      const broad = metricFilter(c, { name: "root-ish", pattern: '{ $.userIdentity.type = "Root" }' });
      const { checks, input } = wired({ filters: [broad], alarms: [] });
      const planned = planWith(checks, remediation, input);
      expect(planned.changes).toEqual([]);
      expect(planned.refused.map((r) => r.finding.messageId)).toEqual(["noMatchingFilter"]);
      for (const fact of ["root-ish", `${NAMESPACE}/${c.metricName}`])
        expect(planned.refused[0]!.reason).toContain(fact);
    });

    it("for a log group that does not exist", () => {
      const { checks, input } = wired({ group: okRead({ exists: false }) });
      const planned = planWith(checks, remediation, input);
      expect(planned.changes).toEqual([]);
      expect(planned.refused[0]!.reason).toContain(GROUP);
    });

    it("for an organization trail's group seen from a member, even when a finding is routed to it", () => {
      const input = inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true },
          { logGroup: wiring(c, MGMT, { filters: [], alarms: [] }) },
        )
        .baseline({ alarms })
        .build();
      const planned = planWith([c.check], remediation, input);
      expect([planned.changes, planned.refused]).toEqual([[], []]);
      expect(planned.unremediable).toEqual(["alarms.root-usage global noMatchingFilter"]);
      const toUs = (f: Finding): Finding =>
        f.status === "fail" ? { ...f, remediationId: remediation.meta.id } : f;
      const forced = planWith([c.check], remediation, input, toUs);
      expect(forced.changes).toEqual([]);
      expect(forced.refused[0]!.reason).toContain(MGMT);
    });
  });
});
