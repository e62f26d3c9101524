/**
 * Test tables shared by the 15 alarm controls (checks/alarms/*.test.ts), so each control's test file stays a short
 * list of pattern variants: `filterVariants(control, [...])` judges patterns against the control's samples, and
 * `alarmCheckCases(control)` builds the check's table (every missing link, errors, organization trails) for
 * test/support/check-tester.ts. Test-only code: nothing outside tests imports it.
 */
import { describe, expect, it } from "vitest";
import type {
  BasicEventSelector,
  EventSelectors,
  LogGroupDetail,
  MetricAlarm,
  MetricFilter,
  Read,
  TopicDetail,
} from "../../src/inventory/model.ts";
import type { EvaluationInput } from "../../src/engine/check.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import type { CheckCase, CheckCases } from "./check-tester.ts";
import { failedRead, inv, okRead, type TrailOptions } from "./inventory-builder.ts";
import type { AlarmControl } from "../../src/alarms/control.ts";
import { ALARM_REMEDIATION } from "../../src/alarms/control.ts";
import { judgeFilter } from "../../src/alarms/judge.ts";

// ---------------------------------------------------------------------------------------------------------------
// Pattern variants

export interface FilterVariant {
  name: string;
  pattern: string;
  /** The filter satisfies the control. */
  pass?: true;
  /** Exactly these positive samples are missed. */
  missed?: string[];
  /** Exactly these negative samples are matched. */
  wronglyMatched?: string[];
  noisy?: true;
  /** The pattern does not parse; the error is at this position. */
  errorAt?: number;
}

/** Judges each pattern against the control and asserts the exact verdict; at least 10 variants per control. */
export function filterVariants(control: AlarmControl, variants: FilterVariant[]): void {
  describe(`${control.checkId} filter variants`, () => {
    it("are at least ten, uniquely named, each with an expectation", () => {
      expect(variants.length).toBeGreaterThanOrEqual(10);
      expect(new Set(variants.map((v) => v.name)).size).toBe(variants.length);
      for (const v of variants) {
        const stated = [v.pass, v.missed, v.wronglyMatched, v.noisy, v.errorAt].some((x) => x !== undefined);
        expect(stated, v.name).toBe(true);
      }
    });
    it.each(variants)("$name", (v) => {
      const verdict = judgeFilter(control, v.pattern);
      if (v.errorAt !== undefined) {
        expect(verdict.satisfied).toBe(false);
        expect(verdict.error?.position).toBe(v.errorAt);
        return;
      }
      expect({
        satisfied: verdict.satisfied,
        missed: verdict.missed,
        wronglyMatched: verdict.wronglyMatched,
        noisy: verdict.noisy,
        error: verdict.error,
      }).toEqual({
        satisfied: v.pass === true,
        missed: v.missed ?? [],
        wronglyMatched: v.wronglyMatched ?? [],
        noisy: v.noisy === true,
        error: undefined,
      });
    });
  });
}

export interface EventNameStyle {
  /** `"DeleteVpc"` instead of `DeleteVpc`. */
  quoted?: boolean;
  /** `$.eventName=DeleteVpc` instead of `$.eventName = DeleteVpc`. */
  tight?: boolean;
  /** Each comparison in its own parentheses. */
  parens?: boolean;
}

/** `($.eventName = A) || ($.eventName = B) || ...`, without braces, in the given style. */
export function eventNames(names: readonly string[], style: EventNameStyle = {}): string {
  const eq = style.tight ? "=" : " = ";
  const or = style.tight ? "||" : " || ";
  return names
    .map((n) => `$.eventName${eq}${style.quoted ? `"${n}"` : n}`)
    .map((c) => (style.parens === false ? c : `(${c})`))
    .join(or);
}

/** The names of the control's positive samples (for API-call controls, its event names). */
export const positiveNames = (c: AlarmControl): string[] => c.positives.map((s) => s.name);

/** The positive samples recorded outside `region`: what a filter narrowed to that region misses. */
export const outside = (c: AlarmControl, region: string): string[] =>
  c.positives.filter((s) => s.record.awsRegion !== region).map((s) => s.name);

/** The pattern between the braces of a JSON filter pattern. */
export const inner = (pattern: string): string => pattern.trim().slice(1, -1).trim();

// ---------------------------------------------------------------------------------------------------------------
// Check tables

const MEMBER = "222222222222";
const MGMT = "111111111111";
export const NAMESPACE = "CISBenchmark";

const topicArnOf = (account: string) => `arn:aws:sns:us-east-1:${account}:security-alarms`;
const logGroupArnOf = (account: string) =>
  `arn:aws:logs:us-east-1:${account}:log-group:aws-cloudtrail-logs:*`;

export function metricFilter(control: AlarmControl, over: Partial<MetricFilter> = {}): MetricFilter {
  return {
    name: `cis-${control.cis}-${control.id}`,
    pattern: control.canonicalPattern,
    metrics: [{ name: control.metricName, namespace: NAMESPACE, value: "1" }],
    ...over,
  };
}

export function metricAlarm(
  control: AlarmControl,
  account: string,
  over: Partial<MetricAlarm> = {},
): MetricAlarm {
  const name = over.name ?? `cis-${control.cis}-${control.id}`;
  return {
    name,
    arn: `arn:aws:cloudwatch:us-east-1:${account}:alarm:${name}`,
    actionsEnabled: true,
    alarmActions: [topicArnOf(account)],
    metrics: [{ name: control.metricName, namespace: NAMESPACE, dimensions: {} }],
    isMetricMath: false,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    period: 300,
    statistic: "Sum",
    treatMissingData: "notBreaching",
    ...over,
  };
}

/** The policy the CloudWatch console writes: CloudWatch may publish on behalf of this account's alarms. */
export function cloudWatchPolicy(account: string, extra: object[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowCloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArnOf(account),
        Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${account}:alarm:*` } },
      },
      ...extra,
    ],
  });
}

export function topic(
  account: string,
  over: { attributes?: Record<string, string>; subscriptions?: string[] } = {},
): TopicDetail {
  const arn = topicArnOf(account);
  const subscriptions = (over.subscriptions ?? [`${arn}:0b9e4c2a-1111-2222-3333-444455556666`]).map(
    (subscriptionArn, i) => ({ subscriptionArn, protocol: "email", endpoint: `secops+${i}@example.com` }),
  );
  return {
    arn,
    attributes: okRead({
      TopicArn: arn,
      Owner: account,
      Policy: cloudWatchPolicy(account),
      ...over.attributes,
    }),
    subscriptions: okRead(subscriptions),
  };
}

export interface WiringOptions {
  filters?: MetricFilter[] | Read<MetricFilter[]>;
  alarms?: MetricAlarm[] | Read<MetricAlarm[]>;
  /** The one topic the alarms notify (healthy by default). */
  topic?: TopicDetail;
  /** Replaces the topics read altogether. */
  topics?: Record<string, TopicDetail>;
  group?: LogGroupDetail["group"];
}

const asRead = <T>(v: T[] | Read<T[]>): Read<T[]> => (Array.isArray(v) ? okRead(v) : v);

/** The whole alarm path for a control, healthy unless overridden, in `account`'s log group. */
export function wiring(
  control: AlarmControl,
  account: string,
  o: WiringOptions = {},
): Partial<LogGroupDetail> {
  const t = o.topic ?? topic(account);
  return {
    metricFilters: asRead(o.filters ?? [metricFilter(control)]),
    alarms: asRead(o.alarms ?? [metricAlarm(control, account)]),
    topics: o.topics ?? { [t.arn]: t },
    ...(o.group ? { group: o.group } : {}),
  };
}

const own = (
  control: AlarmControl,
  over: WiringOptions = {},
  regions = ["us-east-1"],
  trail: Omit<TrailOptions, "logGroup"> = {},
) =>
  inv(MEMBER)
    .regions(...regions)
    .trail({ name: "main" }, { ...trail, logGroup: wiring(control, MEMBER, over) })
    .build();

/** The trail's selectors, with the healthy alarm path behind them. */
const selecting = (control: AlarmControl, selectors: EventSelectors) =>
  own(control, {}, ["us-east-1"], { selectors });

const basicSelector = (over: Partial<BasicEventSelector> = {}): BasicEventSelector => ({
  readWriteType: "All",
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  ...over,
});

/** Names of the control's positive samples a selection drops. */
const positivesWhere = (c: AlarmControl, drop: (r: Record<string, unknown>) => boolean) =>
  c.positives.filter((s) => drop(s.record)).map((s) => s.name);

/**
 * Cases for the trail's selectors: excluding KMS blinds exactly the controls with KMS events, so the case lands in
 * valid or invalid depending on the control.
 */
function selectorCases(c: AlarmControl): Pick<CheckCases, "valid" | "invalid" | "error"> {
  const kms = positivesWhere(c, (r) => r.eventSource === "kms.amazonaws.com");
  const reads = positivesWhere(c, (r) => r.readOnly === true);
  const writes = positivesWhere(c, (r) => r.readOnly !== true);
  const kmsExcluded = {
    name: "the trail excludes KMS management events (ExcludeManagementEventSources)",
    input: selecting(c, { basic: [basicSelector({ excludeManagementEventSources: ["kms.amazonaws.com"] })] }),
  };
  const kmsNotEquals = {
    name: "an advanced selector drops KMS events (eventSource NotEquals kms.amazonaws.com)",
    input: selecting(c, {
      advanced: [
        {
          name: "Management events but KMS",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
          ],
        },
      ],
    }),
  };
  const writeOnly = {
    name: "the trail records write management events only",
    input: selecting(c, { basic: [basicSelector({ readWriteType: "WriteOnly" })] }),
  };
  const dropsKms = (name: string) => ({
    messageId: "trailDropsEvents",
    data: { dropped: kms.join(", "), droppedCount: kms.length, causes: "eventSourceExcluded", trail: name },
  });
  return {
    valid: [
      {
        name: "an advanced selector recording every management event",
        input: selecting(c, {
          advanced: [
            { name: "Management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
          ],
        }),
      },
      {
        name: "excluding RDS Data API events drops none of the control's events",
        input: selecting(c, {
          basic: [basicSelector({ excludeManagementEventSources: ["rdsdata.amazonaws.com"] })],
        }),
      },
      {
        name: "a write-only selector beside a read-only one records everything",
        input: selecting(c, {
          basic: [
            basicSelector({ readWriteType: "WriteOnly" }),
            basicSelector({ readWriteType: "ReadOnly" }),
          ],
        }),
      },
      ...(kms.length === 0 ? [kmsExcluded, kmsNotEquals] : []),
      ...(reads.length === 0 ? [writeOnly] : []),
    ],
    invalid: [
      {
        name: "the trail records read management events only",
        input: selecting(c, { basic: [basicSelector({ readWriteType: "ReadOnly" })] }),
        findings: [
          {
            messageId: "trailDropsEvents",
            data: {
              dropped: writes.join(", "),
              droppedCount: writes.length,
              positiveCount: c.positives.length,
              causes: "writeEventsNotRecorded",
            },
          },
        ],
      },
      {
        name: "an advanced selector records read events only (readOnly = true)",
        input: selecting(c, {
          advanced: [
            {
              fieldSelectors: [
                { field: "eventCategory", equals: ["Management"] },
                { field: "readOnly", equals: ["true"] },
              ],
            },
          ],
        }),
        findings: [
          {
            messageId: "trailDropsEvents",
            data: { droppedCount: writes.length, causes: "writeEventsNotRecorded" },
          },
        ],
      },
      {
        name: "the trail records data events only: management events are off",
        input: selecting(c, {
          basic: [
            basicSelector({
              includeManagementEvents: false,
              dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
            }),
          ],
        }),
        findings: [
          {
            messageId: "trailDropsEvents",
            data: { droppedCount: c.positives.length, causes: "managementEventsOff" },
          },
        ],
      },
      ...(kms.length > 0
        ? [
            { ...kmsExcluded, findings: [dropsKms("main")] },
            { ...kmsNotEquals, findings: [dropsKms("main")] },
          ]
        : []),
      ...(reads.length > 0
        ? [
            {
              ...writeOnly,
              findings: [
                {
                  messageId: "trailDropsEvents",
                  data: { dropped: reads.join(", "), causes: "readEventsNotRecorded" },
                },
              ],
            },
          ]
        : []),
    ],
    error: [
      {
        name: "the trail's event selectors could not be read",
        input: own(c, {}, ["us-east-1"], { selectorsError: "AccessDeniedException" }),
        findings: [
          {
            messageId: "trailUnreadable",
            resource: `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/main`,
            data: { operation: "cloudtrail:GetEventSelectors", code: "AccessDeniedException" },
          },
        ],
      },
    ],
  };
}

const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const viaOrg = (control: AlarmControl, over: WiringOptions = {}) =>
  inv(MEMBER)
    .regions("us-east-1", "eu-west-1")
    .trail(orgTrail, { logGroup: wiring(control, MGMT, over) })
    .build();

/** A pattern that misses the positives sharing the first positive's event name, and nothing else. */
function nearMiss(control: AlarmControl): { pattern: string; missed: string[] } {
  const eventName = String(control.positives[0]!.record.eventName);
  return {
    pattern: `{ (${inner(control.canonicalPattern)}) && ($.eventName != "${eventName}") }`,
    missed: control.positives.filter((s) => s.record.eventName === eventName).map((s) => s.name),
  };
}

/** An alarm on the control's metric, in the member's own trail log group, changed; and its filter changed. */
const evaluated = (
  c: AlarmControl,
  alarm: Partial<MetricAlarm>,
  metric: Partial<MetricFilter["metrics"][number]> = {},
) =>
  own(c, {
    filters: [
      metricFilter(c, { metrics: [{ name: c.metricName, namespace: NAMESPACE, value: "1", ...metric }] }),
    ],
    alarms: [metricAlarm(c, MEMBER, alarm)],
  });

/** What CloudWatch evaluates: statistic, threshold and operator, datapoints, metricValue, defaultValue, dimensions. */
function evaluationCases(c: AlarmControl): { valid: CheckCase[]; invalid: CheckCase[] } {
  const all = positiveNames(c).join(", ");
  const alarmName = metricAlarm(c, MEMBER).name;
  const dims = (d: Record<string, string>) => [{ name: c.metricName, namespace: NAMESPACE, dimensions: d }];
  return {
    valid: [
      { name: "SampleCount counts the event", input: evaluated(c, { statistic: "SampleCount" }) },
      {
        name: "Maximum of a metric published only by the event",
        input: evaluated(c, { statistic: "Maximum" }),
      },
      {
        name: "Average of a metric published only by the event",
        input: evaluated(c, { statistic: "Average" }),
      },
      {
        name: "a p99 percentile of a metric published only by the event",
        input: evaluated(c, { statistic: undefined, extendedStatistic: "p99" }),
      },
      {
        name: "GreaterThanThreshold 0",
        input: evaluated(c, { comparisonOperator: "GreaterThanThreshold", threshold: 0 }),
      },
      { name: "Sum with defaultValue 0", input: evaluated(c, {}, { defaultValue: 0 }) },
      {
        name: "Maximum with defaultValue 0",
        input: evaluated(c, { statistic: "Maximum" }, { defaultValue: 0 }),
      },
      {
        name: "2 of 3 datapoints with missing data treated as missing: the one present datapoint decides",
        input: evaluated(c, { datapointsToAlarm: 2, evaluationPeriods: 3, treatMissingData: "missing" }),
      },
      {
        name: "1 of 3 datapoints, missing data not breaching",
        input: evaluated(c, { datapointsToAlarm: 1, evaluationPeriods: 3 }),
      },
      {
        name: "a dimension every event of the control carries, watched with that value",
        input: evaluated(
          c,
          { metrics: dims({ Category: "Management" }) },
          { dimensions: { Category: "$.eventCategory" } },
        ),
      },
      { name: "the unit the filter publishes", input: evaluated(c, { unit: "Count" }, { unit: "Count" }) },
      { name: "metricValue 2", input: evaluated(c, {}, { value: "2" }) },
    ],
    invalid: [
      {
        name: "GreaterThanThreshold 1: one event is not more than one",
        input: evaluated(c, { comparisonOperator: "GreaterThanThreshold" }),
        findings: [
          {
            messageId: "alarmThresholdNeverBreaches",
            data: {
              alarm: alarmName,
              operator: "GreaterThanThreshold",
              threshold: 1,
              value: 1,
              scenario: "alone",
            },
          },
        ],
      },
      {
        name: "LessThanThreshold never breaches on a count",
        input: evaluated(c, { comparisonOperator: "LessThanThreshold" }),
        findings: [{ messageId: "alarmThresholdNeverBreaches", data: { operator: "LessThanThreshold" } }],
      },
      {
        name: "a threshold of 2 needs two events",
        input: evaluated(c, { threshold: 2 }),
        findings: [{ messageId: "alarmThresholdNeverBreaches", data: { threshold: 2, value: 1 } }],
      },
      {
        name: "Average with defaultValue 0: the other log events pull it under 1",
        input: evaluated(c, { statistic: "Average" }, { defaultValue: 0 }),
        findings: [
          {
            messageId: "alarmStatisticNeverBreaches",
            data: { statistic: "Average", reason: "amongOtherEvents", value: 0.5, defaultValue: 0 },
          },
        ],
      },
      {
        name: "Minimum with defaultValue 0",
        input: evaluated(c, { statistic: "Minimum" }, { defaultValue: 0 }),
        findings: [{ messageId: "alarmStatisticNeverBreaches", data: { statistic: "Minimum", value: 0 } }],
      },
      {
        name: "a percentile that ignores periods with few samples",
        input: evaluated(c, {
          statistic: undefined,
          extendedStatistic: "p90",
          evaluateLowSampleCountPercentile: "ignore",
        }),
        findings: [
          {
            messageId: "alarmStatisticNeverBreaches",
            data: { statistic: "p90", reason: "lowSampleCountIgnored" },
          },
        ],
      },
      {
        name: "metricValue 0: the event adds nothing to the Sum",
        input: evaluated(c, {}, { value: "0" }),
        findings: [{ messageId: "metricValueNeverBreaches", data: { metricValue: "0", value: 0 } }],
      },
      {
        name: "metricValue a text field: no datapoint at all",
        input: evaluated(c, {}, { value: "$.eventName" }),
        findings: [
          {
            messageId: "metricValueNotNumeric",
            data: { metricValue: "$.eventName", unpublished: all, unpublishedCount: c.positives.length },
          },
        ],
      },
      {
        name: "SampleCount with a defaultValue counts every log event",
        input: evaluated(c, { statistic: "SampleCount" }, { defaultValue: 0 }),
        findings: [{ messageId: "alarmBreachesWithoutEvents", data: { defaultValue: 0, value: 1 } }],
      },
      {
        name: "2 of 2 datapoints with missing data not breaching",
        input: evaluated(c, { datapointsToAlarm: 2, evaluationPeriods: 2 }),
        findings: [
          {
            messageId: "alarmNeedsMoreDatapoints",
            data: { datapointsToAlarm: 2, evaluationPeriods: 2, treatMissingData: "notBreaching" },
          },
        ],
      },
      {
        name: "2 evaluation periods (datapoints default to them) with missing data ignored",
        input: evaluated(c, { evaluationPeriods: 2, treatMissingData: "ignore" }),
        findings: [{ messageId: "alarmNeedsMoreDatapoints", data: { datapointsToAlarm: 2 } }],
      },
      {
        name: "2 of 3 datapoints with defaultValue 0: the other periods hold real good datapoints",
        input: evaluated(
          c,
          { datapointsToAlarm: 2, evaluationPeriods: 3, treatMissingData: "missing" },
          { defaultValue: 0 },
        ),
        findings: [{ messageId: "alarmNeedsMoreDatapoints", data: { treatMissingData: "missing" } }],
      },
      {
        name: "missing data treated as breaching keeps the alarm in ALARM",
        input: evaluated(c, { treatMissingData: "breaching" }),
        findings: [{ messageId: "alarmTreatsMissingAsBreaching", data: { treatMissingData: "breaching" } }],
      },
      {
        name: "the alarm asks for a unit the filter does not publish",
        input: evaluated(c, { unit: "Seconds" }),
        findings: [{ messageId: "alarmUnitMismatch", data: { alarmUnit: "Seconds", filterUnit: "None" } }],
      },
      {
        name: "an alarm on the metric with a dimension the filter never writes",
        input: evaluated(c, { metrics: dims({ Account: MEMBER }) }),
        findings: [
          {
            messageId: "alarmDimensionsMismatch",
            data: { alarmDimensions: `Account=${MEMBER}`, filterDimensions: "none", unseen: "all of them" },
          },
        ],
      },
      {
        name: "a filter dimension the alarm does not watch",
        input: evaluated(c, {}, { dimensions: { EventSource: "$.eventSource" } }),
        findings: [{ messageId: "alarmDimensionsMismatch", data: { alarmDimensions: "none" } }],
      },
      {
        name: "the alarm watches a stream no event of the control lands in",
        input: evaluated(
          c,
          { metrics: dims({ EventSource: "nothing.amazonaws.com" }) },
          { dimensions: { EventSource: "$.eventSource" } },
        ),
        findings: [
          {
            messageId: "alarmDimensionsMismatch",
            data: { filterDimensions: "EventSource=$.eventSource", unseen: all },
          },
        ],
      },
      {
        name: "a metric-math alarm reading the metric with a dimension the filter never writes",
        input: evaluated(c, {
          isMetricMath: true,
          metrics: [{ name: c.metricName, namespace: NAMESPACE, dimensions: { Account: MEMBER } }],
        }),
        findings: [{ messageId: "alarmDimensionsMismatch", data: { alarmDimensions: "Account" } }],
      },
      {
        name: "an alarm that cannot breach is reported before its disabled actions",
        input: evaluated(c, { comparisonOperator: "GreaterThanThreshold", actionsEnabled: false }),
        findings: [{ messageId: "alarmThresholdNeverBreaches" }],
      },
    ],
  };
}

/** Every link of the alarm path broken in turn, errors, organization-trail crediting, not applicable. */
/**
 * The same account in GovCloud: every ARN of the inventory (trail, log group, alarms, the topic its alarm actions
 * name, the topic policy's Resource and aws:SourceArn) in aws-us-gov, us-east-1 and eu-west-1 moved to its regions.
 */
function inGovCloud(input: EvaluationInput): EvaluationInput {
  const text = JSON.stringify(input.inventory)
    .replaceAll("arn:aws:", "arn:aws-us-gov:")
    .replaceAll("us-east-1", "us-gov-west-1")
    .replaceAll("eu-west-1", "us-gov-east-1");
  const inventory = JSON.parse(text) as EvaluationInput["inventory"];
  return { ...input, inventory, trailDetail: (arn) => inventory.trailDetails[arn] };
}

export function alarmCheckCases(control: AlarmControl): CheckCases {
  const c = control;
  const filterName = metricFilter(c).name;
  const alarmName = metricAlarm(c, MEMBER).name;
  const topicArn = topicArnOf(MEMBER);
  const near = nearMiss(c);
  const noisy = `{ (${inner(c.canonicalPattern)}) || ($.eventVersion = "1.09") }`;
  const pendingOnly = topic(MEMBER, { subscriptions: ["PendingConfirmation"] });
  const selectors = selectorCases(c);
  return {
    valid: [
      ...(selectors.valid ?? []),
      ...evaluationCases(c).valid,
      {
        name: "the canonical filter, an alarm on its metric and namespace, a topic with a confirmed subscriber",
        input: own(c, {}, ["us-east-1", "eu-west-1"]),
      },
      {
        name: "GovCloud: alarm actions naming an aws-us-gov topic reach its confirmed subscriber",
        input: inGovCloud(own(c, {}, ["us-east-1", "eu-west-1"])),
      },
      {
        name: "an organization trail, read in the management account, credits the member",
        input: viaOrg(c),
      },
      {
        name: "a metric-math alarm that uses the filter's metric",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, {
              isMetricMath: true,
              metrics: [
                { name: "Other", namespace: NAMESPACE, dimensions: {} },
                { name: c.metricName, namespace: NAMESPACE, dimensions: {} },
              ],
            }),
          ],
        }),
      },
      {
        name: "a noisy filter beside one that satisfies the control",
        input: own(c, { filters: [metricFilter(c, { name: "noisy", pattern: noisy }), metricFilter(c)] }),
      },
      {
        name: "one alarm with actions disabled, another enabled",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, { name: "disabled", actionsEnabled: false }),
            metricAlarm(c, MEMBER),
          ],
        }),
      },
      {
        name: "a pending subscription beside a confirmed one",
        input: own(c, {
          topic: topic(MEMBER, { subscriptions: ["PendingConfirmation", `${topicArn}:confirmed`] }),
        }),
      },
      {
        name: "a topic without a custom policy keeps the default owner policy",
        input: own(c, {
          topic: {
            ...topic(MEMBER),
            attributes: okRead({ TopicArn: topicArn, SubscriptionsConfirmed: "1" }),
          },
        }),
      },
      {
        name: "a topic encrypted with a customer managed key",
        input: own(c, {
          topic: topic(MEMBER, {
            attributes: { KmsMasterKeyId: "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef" },
          }),
        }),
      },
      {
        name: "the subscription list unreadable, the topic's own counter says one is confirmed",
        input: own(c, {
          topic: {
            ...topic(MEMBER, { attributes: { SubscriptionsConfirmed: "1", SubscriptionsPending: "0" } }),
            subscriptions: failedRead("AccessDenied", "ListSubscriptionsByTopic", "sns"),
          },
        }),
      },
      {
        name: "an Auto Scaling action beside the topic",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, {
              alarmActions: [
                "arn:aws:autoscaling:us-east-1:222222222222:scalingPolicy:1a2b:autoScalingGroupName/web:policyName/up",
                topicArn,
              ],
            }),
          ],
        }),
      },
      {
        name: "a stopped trail with a broken log group beside a logging trail with a healthy one",
        input: inv(MEMBER)
          .regions("us-east-1")
          .trail(
            { name: "stopped" },
            { status: { isLogging: false }, logGroup: wiring(c, MEMBER, { filters: [] }) },
          )
          .trail({ name: "main" }, { logGroup: wiring(c, MEMBER) })
          .build(),
      },
    ],
    invalid: [
      ...(selectors.invalid ?? []),
      {
        name: "no metric filter on the log group",
        input: own(c, { filters: [] }),
        findings: [{ messageId: "noMatchingFilter", data: { filterCount: 0, cis: c.cis, trail: "main" } }],
      },
      {
        name: "a filter that nearly matches: it misses one event name",
        input: own(c, { filters: [metricFilter(c, { name: "near", pattern: near.pattern })] }),
        findings: [
          {
            messageId: "noMatchingFilter",
            data: {
              filterCount: 1,
              nearestFilter: "near",
              missed: near.missed.join(", "),
              wronglyMatched: "",
            },
          },
        ],
      },
      {
        name: "a filter whose pattern does not parse",
        input: own(c, { filters: [metricFilter(c, { name: "broken", pattern: "{ $.eventName = " })] }),
        findings: [{ messageId: "noMatchingFilter", data: { filterCount: 1, nearestFilter: "broken" } }],
      },
      {
        name: "the trail's log group no longer exists",
        input: own(c, { group: okRead({ exists: false }) }),
        findings: [{ messageId: "noMatchingFilter", data: { filterCount: 0 } }],
      },
      {
        name: "a filter that also fires for ordinary events",
        input: own(c, { filters: [metricFilter(c, { name: "noisy", pattern: noisy })] }),
        findings: [{ messageId: "filterNoisy", data: { filter: "noisy", backgroundMatched: 25 } }],
      },
      {
        name: "no alarm on the filter's metric",
        input: own(c, { alarms: [] }),
        findings: [
          { messageId: "noAlarm", data: { filter: filterName, metric: c.metricName, namespace: NAMESPACE } },
        ],
      },
      ...evaluationCases(c).invalid,
      {
        name: "an alarm on the metric name in another namespace",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, {
              metrics: [{ name: c.metricName, namespace: "CloudTrailMetrics", dimensions: {} }],
            }),
          ],
        }),
        findings: [
          {
            messageId: "alarmWrongNamespace",
            data: { alarm: alarmName, alarmNamespace: "CloudTrailMetrics", namespace: NAMESPACE },
          },
        ],
      },
      {
        name: "the alarm's actions are disabled",
        input: own(c, { alarms: [metricAlarm(c, MEMBER, { actionsEnabled: false })] }),
        findings: [{ messageId: "actionsDisabled", data: { alarm: alarmName } }],
      },
      {
        name: "the alarm notifies no SNS topic",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, {
              alarmActions: ["arn:aws:lambda:us-east-1:222222222222:function:page-oncall"],
            }),
          ],
        }),
        findings: [{ messageId: "noTopicAction", data: { alarm: alarmName } }],
      },
      {
        name: "the topic has only a pending subscription",
        input: own(c, { topic: pendingOnly }),
        findings: [{ messageId: "noConfirmedSubscription", data: { topic: topicArn, pending: 1 } }],
      },
      {
        name: "GovCloud: the aws-us-gov topic has only a pending subscription",
        input: inGovCloud(own(c, { topic: pendingOnly })),
        findings: [
          {
            messageId: "noConfirmedSubscription",
            data: {
              topic: topicArn.replace("arn:aws:sns:us-east-1:", "arn:aws-us-gov:sns:us-gov-west-1:"),
              pending: 1,
            },
          },
        ],
      },
      {
        name: "GovCloud: a commercial Lambda among the actions is no topic either",
        input: inGovCloud(
          own(c, {
            alarms: [
              metricAlarm(c, MEMBER, {
                alarmActions: ["arn:aws:lambda:us-east-1:222222222222:function:page-oncall"],
              }),
            ],
          }),
        ),
        findings: [{ messageId: "noTopicAction", data: { alarm: alarmName } }],
      },
      {
        name: "the topic has no subscription at all",
        input: own(c, { topic: topic(MEMBER, { subscriptions: [] }) }),
        findings: [{ messageId: "noConfirmedSubscription", data: { pending: 0 } }],
      },
      {
        name: "the topic policy denies publishing",
        input: own(c, {
          topic: topic(MEMBER, {
            attributes: {
              Policy: cloudWatchPolicy(MEMBER, [
                { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: "*" },
              ]),
            },
          }),
        }),
        findings: [
          {
            messageId: "topicPolicyDeniesCloudWatch",
            data: { denial: "explicitDeny", statement: "DenyAll" },
          },
        ],
      },
      {
        name: "the topic policy allows only the account's own principals",
        input: own(c, {
          topic: topic(MEMBER, {
            attributes: {
              Policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${MEMBER}:root` },
                    Action: "sns:Publish",
                    Resource: topicArn,
                  },
                ],
              }),
            },
          }),
        }),
        findings: [{ messageId: "topicPolicyDeniesCloudWatch", data: { denial: "noAllow" } }],
      },
      {
        name: "the topic is encrypted with the AWS managed key",
        input: own(c, { topic: topic(MEMBER, { attributes: { KmsMasterKeyId: "alias/aws/sns" } }) }),
        findings: [{ messageId: "topicKeyDeniesCloudWatch", data: { key: "alias/aws/sns" } }],
      },
      {
        name: "the chain that got furthest is reported",
        input: own(c, {
          filters: [
            metricFilter(c, { name: "first" }),
            metricFilter(c, {
              name: "second",
              metrics: [{ name: "Second", namespace: NAMESPACE, value: "1" }],
            }),
          ],
          alarms: [
            metricAlarm(c, MEMBER, {
              name: "second-alarm",
              actionsEnabled: false,
              metrics: [{ name: "Second", namespace: NAMESPACE, dimensions: {} }],
            }),
          ],
        }),
        findings: [{ messageId: "actionsDisabled", data: { filter: "second", alarm: "second-alarm" } }],
      },
      {
        name: "an organization trail whose topic nobody confirmed debits the member",
        input: viaOrg(c, { topic: topic(MGMT, { subscriptions: ["PendingConfirmation"] }) }),
        findings: [
          {
            messageId: "noConfirmedSubscription",
            region: "global",
            resource: logGroupArnOf(MGMT),
            data: { kind: "organization", regions: "eu-west-1, us-east-1" },
          },
        ],
      },
      {
        name: "only the region relying on the broken log group is debited",
        input: inv(MEMBER)
          .regions("us-east-1", "eu-west-1")
          .trail({ name: "broken" }, { logGroup: wiring(c, MEMBER, { alarms: [] }) })
          .trail(
            { name: "regional", isMultiRegion: false, homeRegion: "eu-west-1" },
            { logGroup: wiring(c, MEMBER) },
          )
          .build(),
        findings: [{ messageId: "noAlarm", region: "us-east-1", data: { trail: "broken" } }],
      },
    ],
    error: [
      ...(selectors.error ?? []),
      {
        name: "the metric filters could not be read",
        input: own(c, { filters: failedRead("AccessDeniedException", "DescribeMetricFilters") }),
        findings: [
          {
            messageId: "filtersUnreadable",
            data: { operation: "logs:DescribeMetricFilters", code: "AccessDeniedException" },
          },
        ],
      },
      {
        name: "the alarms could not be read",
        input: own(c, { alarms: failedRead("Throttling", "DescribeAlarms", "monitoring") }),
        findings: [
          {
            messageId: "alarmsUnreadable",
            data: { operation: "monitoring:DescribeAlarms", code: "Throttling" },
          },
        ],
      },
      {
        name: "the alarm's topic was not collected",
        input: own(c, { topics: {} }),
        findings: [{ messageId: "topicUnreadable", data: { topic: topicArn, code: "NotCollected" } }],
      },
      {
        name: "neither the topic's attributes nor its subscriptions could be read",
        input: own(c, {
          topic: {
            arn: topicArn,
            attributes: failedRead("AuthorizationError", "GetTopicAttributes", "sns"),
            subscriptions: failedRead("AuthorizationError", "ListSubscriptionsByTopic", "sns"),
          },
        }),
        findings: [
          {
            messageId: "topicUnreadable",
            data: { operation: "sns:ListSubscriptionsByTopic", code: "AuthorizationError" },
          },
        ],
      },
      {
        name: "a broken chain beside one whose topic could not be read",
        input: own(c, {
          alarms: [
            metricAlarm(c, MEMBER, { name: "disabled", actionsEnabled: false }),
            metricAlarm(c, MEMBER, { alarmActions: ["arn:aws:sns:us-east-1:333333333333:elsewhere"] }),
          ],
        }),
        findings: [
          { messageId: "topicUnreadable", data: { topic: "arn:aws:sns:us-east-1:333333333333:elsewhere" } },
        ],
      },
      {
        name: "the organization trail was not read",
        input: inv(MEMBER).regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
        findings: [{ messageId: "trailUnreadable", data: { code: "NotCollected" } }],
      },
      {
        name: "the trail's status could not be read",
        input: inv(MEMBER)
          .regions("us-east-1")
          .trail({ name: "main" }, { statusError: "AccessDeniedException", logGroup: wiring(c, MEMBER) })
          .build(),
        findings: [
          {
            messageId: "trailUnreadable",
            data: { operation: "cloudtrail:GetTrailStatus", code: "AccessDeniedException" },
          },
        ],
      },
      {
        name: "the region's trails could not be listed",
        input: inv(MEMBER).regions("us-east-1").regionError("us-east-1", "AccessDeniedException").build(),
        findings: [
          { messageId: "trailsUnreadable", region: "us-east-1", data: { code: "AccessDeniedException" } },
        ],
      },
    ],
    notApplicable: [
      { name: "no trail", input: inv(MEMBER).regions("us-east-1", "eu-west-1").build() },
      {
        name: "the logging trail does not deliver to CloudWatch Logs",
        input: inv(MEMBER)
          .regions("us-east-1")
          .trail({ name: "main", cloudWatchLogsLogGroupArn: undefined })
          .build(),
      },
    ],
  };
}

/** What the table cannot say: remediation ids, evidence, and judging an organization trail's events as the member's. */
export function alarmCheckDetails(control: AlarmControl): void {
  const c = control;
  const run = (input: EvaluationInput) => evaluateAccount([c.check], input);
  const failure = (input: EvaluationInput) => run(input).find((f) => f.status === "fail");

  describe(`${c.checkId} details`, () => {
    it("offers the put-metric-filter-and-alarm remediation for a link a machine can fix on an own trail", () => {
      expect(failure(own(c, { alarms: [] }))?.remediationId).toBe(ALARM_REMEDIATION);
      expect(failure(own(c, { filters: [] }))?.remediationId).toBe(ALARM_REMEDIATION);
    });

    it("leaves a trail's selectors to cloudtrail.restore-event-selectors, planned for cloudtrail.management-events", () => {
      const input = selecting(c, { basic: [basicSelector({ readWriteType: "ReadOnly" })] });
      expect(failure(input)).toMatchObject({ messageId: "trailDropsEvents", remediationId: null });
    });

    it("credits a region whose second logging trail records the events the first one drops", () => {
      const input = inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "reads" },
          {
            selectors: { basic: [basicSelector({ readWriteType: "ReadOnly" })] },
            logGroup: wiring(c, MEMBER),
          },
        )
        .trail({ name: "main" }, { logGroup: wiring(c, MEMBER) })
        .build();
      expect(run(input).map((f) => [f.status, f.data.trail])).toEqual([["pass", "main"]]);
    });

    it("sends a subscription only a person can confirm to the remediation, which plans a manual step", () => {
      const f = failure(own(c, { topic: topic(MEMBER, { subscriptions: ["PendingConfirmation"] }) }));
      expect(f?.messageId).toBe("noConfirmedSubscription");
      expect(f?.remediationId).toBe(ALARM_REMEDIATION);
    });

    it("offers no remediation to a member for the organization trail's log group, but does to its owner", () => {
      expect(failure(viaOrg(c, { alarms: [] }))?.remediationId).toBeNull();
      const owner = inv(MGMT)
        .regions("us-east-1")
        .trail(orgTrail, { logGroup: wiring(c, MGMT, { alarms: [] }) })
        .build();
      expect(failure(owner)).toMatchObject({ messageId: "noAlarm", remediationId: ALARM_REMEDIATION });
    });

    it("names the filter, alarm and topic that pass, and lists what each filter misses", () => {
      const [pass] = run(own(c));
      expect(pass).toMatchObject({
        status: "pass",
        messageId: "covered",
        data: { filter: metricFilter(c).name, alarm: metricAlarm(c, MEMBER).name, topic: topicArnOf(MEMBER) },
      });
      const near = nearMiss(c);
      const f = failure(own(c, { filters: [metricFilter(c, { name: "near", pattern: near.pattern })] }));
      expect(f?.evidence.filters).toEqual([
        expect.objectContaining({ name: "near", satisfied: false, missed: near.missed, wronglyMatched: [] }),
      ]);
    });

    it("shows a pass only the filters it relies on, and counts the others", () => {
      const near = nearMiss(c);
      const filters = [metricFilter(c, { name: "near", pattern: near.pattern }), metricFilter(c)];
      const [pass] = run(own(c, { filters }));
      expect(pass?.status).toBe("pass");
      expect(pass?.evidence.filters).toEqual([
        expect.objectContaining({ name: metricFilter(c).name, satisfied: true }),
      ]);
      expect(pass?.evidence.otherFilters).toBe(1);
    });

    it("judges an organization trail's events as the member's: a filter narrowed to another account fails", () => {
      const narrowed = `{ (${inner(c.canonicalPattern)}) && ($.recipientAccountId = "${MGMT}") }`;
      const filters = [metricFilter(c, { pattern: narrowed })];
      expect(failure(viaOrg(c, { filters }))?.messageId).toBe("noMatchingFilter");
      const owner = inv(MGMT)
        .regions("us-east-1")
        .trail(orgTrail, { logGroup: wiring(c, MGMT, { filters }) })
        .build();
      expect(run(owner).map((x) => x.status)).toEqual(["pass"]);
    });
  });
}
