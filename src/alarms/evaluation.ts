/**
 * Whether a plain metric alarm goes to ALARM on one event its metric filter matches: what CloudWatch evaluates,
 * link by link. Pure.
 *
 * What one matching event publishes (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html):
 * `metricValue` "the value to publish to the CloudWatch metric when a filter pattern matches a log event" — a number,
 * or a field of the event (`$.field`); `defaultValue` "the value to emit when a filter pattern does not match a log
 * event", so with it every other event of the trail's log group publishes a datapoint too; `dimensions` "the fields
 * to use as dimensions", each event's value of the field naming the stream it lands in; `unit`. An event whose
 * metricValue field is absent or not a number publishes nothing (assumed: the page names only numeric values).
 *
 * What the alarm does with it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html): it watches one stream
 * (MetricName, Namespace, exactly its Dimensions, and its Unit when it names one: "Otherwise, the CloudWatch alarm can
 * get stuck in the INSUFFICIENT DATA state"), aggregates each Period with its Statistic (or ExtendedStatistic),
 * compares that with Threshold through ComparisonOperator, and goes to ALARM when DatapointsToAlarm of the last
 * EvaluationPeriods datapoints breach. Missing datapoints are treated as TreatMissingData says
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
 *
 * One event, reasoned through:
 * - Alone in its period it is one datapoint V: Sum = Minimum = Maximum = Average = any percentile = V, SampleCount = 1.
 * - With a defaultValue d the period also holds a datapoint d for every other log event: Sum = V + k·d,
 *   SampleCount = 1 + k, Average tends to d, Minimum = min(V, d), Maximum = max(V, d), percentiles tend to d. A trail
 *   log group always carries other events, so Average, Minimum and percentiles then miss the event (d = 0 < V).
 * - The alarm must not breach without the event either: with d, a period of ordinary events alone (SampleCount = k,
 *   or Sum = k·d) that breaches keeps the alarm in ALARM, and an alarm notifies on a change of state only.
 * - DatapointsToAlarm M > 1: the event breaches one period. The others are missing (no defaultValue) or hold d
 *   (not breaching). Missing ones count as good under notBreaching and keep the state under ignore: no ALARM. Under
 *   missing (the default), "if some data points in the evaluation range are missing, and the number of actual data
 *   points that were retrieved is lower than the alarm's number of Datapoints to Alarm", CloudWatch evaluates the
 *   ones it has: the one breaching datapoint alarms (the missing-data page's table, "- - X - -" goes to ALARM).
 * - TreatMissingData breaching without a defaultValue: while nothing happens the metric has no data, so the alarm
 *   sits in ALARM and the event changes nothing: no notification.
 * - A percentile with EvaluateLowSampleCountPercentile `ignore`: "the alarm state does not change during periods with
 *   too few data points to be statistically significant" — one event is too few.
 * - Period decides how late the alarm fires (at the end of the period holding the event), not whether it does.
 */
import type { MetricAlarm, MetricFilter } from "../inventory/model.ts";
import type { VerdictData } from "../engine/trails.ts";
import type { Sample } from "./samples.ts";

type Metric = MetricFilter["metrics"][number];

/** The broken links of evaluation, in the order CloudWatch meets them. */
export const EVALUATION_FAILURES = [
  "alarmDimensionsMismatch",
  "alarmUnitMismatch",
  "metricValueNeverBreaches",
  "alarmStatisticNeverBreaches",
  "alarmThresholdNeverBreaches",
  "alarmBreachesWithoutEvents",
  "alarmNeedsMoreDatapoints",
  "alarmTreatsMissingAsBreaching",
] as const;
export type EvaluationFailure = (typeof EVALUATION_FAILURES)[number];

export type Judged =
  | { ok: true; evidence: Record<string, unknown> }
  | { ok: false; messageId: EvaluationFailure; data: VerdictData; evidence?: Record<string, unknown> };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The value at `$.a.b` of a record (JSON metric filters name fields so). */
function fieldOf(record: Record<string, unknown>, selector: string): unknown {
  if (!selector.startsWith("$.")) return undefined;
  let v: unknown = record;
  for (const part of selector.slice(2).split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** The number one matching event publishes, or undefined when it publishes nothing. */
export function publishedValue(metricValue: string, record: Record<string, unknown>): number | undefined {
  const text = metricValue.trim();
  if (NUMBER.test(text)) return Number(text);
  const v = fieldOf(record, text);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && NUMBER.test(v.trim())) return Number(v);
  return undefined;
}

/** The samples for which the filter publishes no datapoint (metricValue not a number there). */
export function unpublished(m: Metric, positives: readonly Sample[]): string[] {
  return positives.filter((s) => publishedValue(m.value, s.record) === undefined).map((s) => s.name);
}

/** The stream (dimension values) each sample lands in; a sample lacking a dimension field lands nowhere. */
function streamOf(m: Metric, record: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, selector] of Object.entries(m.dimensions ?? {})) {
    const v = fieldOf(record, selector);
    if (v === undefined || v === null || typeof v === "object") return undefined;
    out[key] = String(v as string | number | boolean);
  }
  return out;
}

const showDimensions = (d: Record<string, string> | undefined) =>
  Object.keys(d ?? {}).length === 0
    ? "none"
    : Object.entries(d ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");

/** Whether the alarm's dimension keys are those the filter publishes (enough for a metric-math alarm's query). */
export function sameDimensionKeys(
  alarm: Record<string, string>,
  filter: Record<string, string> | undefined,
): boolean {
  const a = Object.keys(alarm).sort();
  const f = Object.keys(filter ?? {}).sort();
  return a.length === f.length && a.every((k, i) => k === f[i]);
}

/** The positive samples the alarm's stream does not receive. */
function unseen(
  m: Metric,
  alarmDims: Record<string, string>,
  positives: readonly Sample[],
): string[] | "keys" {
  if (!sameDimensionKeys(alarmDims, m.dimensions)) return "keys";
  return positives
    .filter((s) => {
      const stream = streamOf(m, s.record);
      return !stream || Object.entries(alarmDims).some(([k, v]) => stream[k] !== v);
    })
    .map((s) => s.name);
}

type Stat = (values: readonly number[]) => number | undefined;

const sum: Stat = (v) => v.reduce((a, b) => a + b, 0);
const mean: Stat = (v) => (v.length === 0 ? undefined : v.reduce((a, b) => a + b, 0) / v.length);
const percentile =
  (p: number): Stat =>
  (v) => {
    if (v.length === 0) return undefined;
    // Nearest rank: CloudWatch does not document its interpolation; for one value, or many equal ones, it agrees.
    const sorted = [...v].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  };

/**
 * The statistic's function, or undefined when wirewatch cannot compute it. ExtendedStatistic: pNN percentiles,
 * trimmed mean tmNN, winsorized mean wmNN and IQM behave as values (the event's value alone, tending to d among
 * others); trimmed count tcNN as a count; trimmed sum tsNN as a sum
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html).
 */
function statisticOf(name: string): Stat | undefined {
  switch (name) {
    case "Sum":
      return sum;
    case "SampleCount":
      return (v) => v.length;
    case "Average":
      return mean;
    case "Minimum":
      return (v) => (v.length === 0 ? undefined : Math.min(...v));
    case "Maximum":
      return (v) => (v.length === 0 ? undefined : Math.max(...v));
  }
  const p = /^p(\d+(?:\.\d+)?)$/.exec(name);
  if (p) return percentile(Number(p[1]));
  if (/^(tm|wm)\d|^(tm|wm)\(|^IQM$/.test(name)) return percentile(50);
  if (/^tc\d|^TC\(/.test(name)) return (v) => v.length;
  if (/^ts\d|^TS\(/.test(name)) return sum;
  return undefined;
}

const COMPARE: Record<string, (x: number, t: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (x, t) => x >= t,
  GreaterThanThreshold: (x, t) => x > t,
  LessThanThreshold: (x, t) => x < t,
  LessThanOrEqualToThreshold: (x, t) => x <= t,
};

/** Other log events in the same period: one, and many. */
const OTHERS = [1, 999];

interface Scenario {
  name: "alone" | "amongOtherEvents";
  values: number[];
}

function withEvent(v: number, d: number | undefined): Scenario[] {
  const out: Scenario[] = [{ name: "alone", values: [v] }];
  if (d !== undefined) {
    for (const k of OTHERS) out.push({ name: "amongOtherEvents", values: [v, ...Array<number>(k).fill(d)] });
  }
  return out;
}

/** The first scenario of one event in which the alarm does not breach, with what it evaluated. */
function miss(
  stat: Stat,
  breach: (x: number) => boolean,
  v: number,
  d: number | undefined,
): { scenario: string; value: number | undefined } | undefined {
  for (const s of withEvent(v, d)) {
    const x = stat(s.values);
    if (x === undefined || !breach(x)) return { scenario: s.name, value: x };
  }
  return undefined;
}

/**
 * Judges a plain (non metric-math) alarm on the filter's metric against the control's positive samples, whose
 * datapoints the filter publishes (the caller has checked that each publishes one).
 */
export function judgeEvaluation(m: Metric, alarm: MetricAlarm, positives: readonly Sample[]): Judged {
  const alarmDims =
    alarm.metrics.find((x) => x.name === m.name && x.namespace === m.namespace)?.dimensions ?? {};
  const shape: VerdictData = {
    statistic: alarm.extendedStatistic ?? alarm.statistic,
    operator: alarm.comparisonOperator,
    threshold: alarm.threshold,
  };
  const missed = unseen(m, alarmDims, positives);
  if (missed === "keys" || missed.length > 0) {
    return {
      ok: false,
      messageId: "alarmDimensionsMismatch",
      data: {
        alarmDimensions: showDimensions(alarmDims),
        filterDimensions: showDimensions(m.dimensions),
        unseen: missed === "keys" ? "all of them" : missed.join(", "),
      },
    };
  }
  if (alarm.unit !== undefined && alarm.unit !== (m.unit ?? "None")) {
    return {
      ok: false,
      messageId: "alarmUnitMismatch",
      data: { alarmUnit: alarm.unit, filterUnit: m.unit ?? "None" },
    };
  }
  const statName = alarm.extendedStatistic ?? alarm.statistic;
  const stat = statName === undefined ? undefined : statisticOf(statName);
  const compare = alarm.comparisonOperator ? COMPARE[alarm.comparisonOperator] : undefined;
  const threshold = alarm.threshold;
  const timing = {
    period: alarm.period,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    treatMissingData: alarm.treatMissingData ?? "missing",
  };
  // A statistic or operator wirewatch cannot compute (anomaly bands, a threshold metric) is named, not judged.
  if (!stat || !compare || threshold === undefined) {
    return { ok: true, evidence: { evaluation: { ...shape, ...timing, judged: false } } };
  }
  if (alarm.extendedStatistic?.startsWith("p") && alarm.evaluateLowSampleCountPercentile === "ignore") {
    return {
      ok: false,
      messageId: "alarmStatisticNeverBreaches",
      data: { ...shape, value: "too few samples", reason: "lowSampleCountIgnored" },
    };
  }
  const breach = (x: number) => compare(x, threshold);
  const d = m.defaultValue;
  const values = [...new Set(positives.map((s) => publishedValue(m.value, s.record)!))].sort((a, b) => a - b);
  for (const v of values) {
    const missedBy = miss(stat, breach, v, d);
    if (!missedBy) continue;
    const data: VerdictData = {
      ...shape,
      metricValue: m.value,
      value: missedBy.value ?? "no data",
      scenario: missedBy.scenario,
      ...(d === undefined ? {} : { defaultValue: d }),
    };
    // Blame the first setting whose usual value would have breached: the metric value, then the statistic.
    if (v !== 1 && !miss(stat, breach, 1, d))
      return { ok: false, messageId: "metricValueNeverBreaches", data };
    if (statName !== "Sum" && !miss(sum, breach, v, d)) {
      return {
        ok: false,
        messageId: "alarmStatisticNeverBreaches",
        data: { ...data, reason: missedBy.scenario },
      };
    }
    return { ok: false, messageId: "alarmThresholdNeverBreaches", data };
  }
  if (d !== undefined) {
    for (const k of OTHERS) {
      const x = stat(Array<number>(k).fill(d));
      if (x !== undefined && breach(x)) {
        return {
          ok: false,
          messageId: "alarmBreachesWithoutEvents",
          data: { ...shape, defaultValue: d, value: x },
        };
      }
    }
  }
  const treat = timing.treatMissingData;
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods ?? 1;
  if (needed > 1 && (d !== undefined || treat === "notBreaching" || treat === "ignore")) {
    return {
      ok: false,
      messageId: "alarmNeedsMoreDatapoints",
      data: {
        datapointsToAlarm: needed,
        evaluationPeriods: alarm.evaluationPeriods ?? needed,
        treatMissingData: treat,
      },
    };
  }
  if (treat === "breaching" && d === undefined) {
    return { ok: false, messageId: "alarmTreatsMissingAsBreaching", data: { treatMissingData: treat } };
  }
  return {
    ok: true,
    evidence: {
      evaluation: {
        ...shape,
        ...timing,
        judged: true,
        // The alarm fires at the end of the period holding the event.
        ...(alarm.period ? { secondsToAlarm: alarm.period } : {}),
      },
    },
  };
}
