/**
 * CloudWatch alarms. One endpoint speaks both protocols AWS accepts: awsJson1_0 (the current SDKs, query-compatible,
 * so JSON errors carry `x-amzn-query-error`) and the older awsQuery (form body, XML). Handlers raise the awsQuery
 * error codes; the SDK maps them to its exception names through the model's awsQueryError trait.
 *
 * Error families, as the real service answers them:
 * - a model-required parameter missing: `MissingParameter` "The parameter Namespace is required."
 *   (https://github.com/JuliaCloud/AWSSDK.jl/issues/2, https://github.com/yegor256/s3auth/issues/134)
 * - a model constraint (range, enum, length): `ValidationError` "1 validation error detected: Value '999' at
 *   'maxRecords' failed to satisfy constraint: ..." (https://github.com/boto/boto3/issues/3475)
 * - PutMetricAlarm's own checks: `ValidationError` "MetricName must not be null", "Period must not be null",
 *   "DatapointsToAlarm must be less than or equal to EvaluationPeriods"
 *   (https://github.com/hashicorp/terraform-provider-aws/pull/11105, .../issues/32227,
 *   https://github.com/hashicorp/terraform/issues/24070)
 */
import { arnPrefix } from "../partition.ts";
import { SimError } from "../errors.ts";
import type { Input } from "../protocol.ts";
import { paginate } from "../pagination.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type { AlarmState, Dimension } from "../state.ts";

const STATE_VALUES = ["OK", "ALARM", "INSUFFICIENT_DATA"];
const ALARM_TYPES = ["CompositeAlarm", "MetricAlarm", "LogAlarm"];
const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
];
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (TreatMissingData)
const TREAT_MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"];
/** DescribeAlarms MaxRecords: 1-100, default 50 (https://github.com/boto/boto/issues/3036). */
const DEFAULT_RECORDS = 50;
const MAX_RECORDS = 100;
/** A metric has at most 30 dimensions (CloudWatch model, Dimensions member max 30). */
const MAX_METRIC_DIMENSIONS = 30;
/** AlarmNames lists hold at most 100 names (CloudWatch model, AlarmNames member max 100). */
const MAX_NAMES = 100;

const missing = (...params: string[]): SimError =>
  new SimError("MissingParameter", params.map((p) => `The parameter ${p} is required.`).join("\n"));

/** The Coral constraint message CloudWatch's awsQuery front end returns as ValidationError. */
const constraint = (field: string, value: unknown, rule: string): SimError =>
  new SimError(
    "ValidationError",
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

const validation = (message: string): SimError => new SimError("ValidationError", message);

function enumValue(field: string, value: string | undefined, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw constraint(field, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
}

function length(field: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (value.length < min)
    throw constraint(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw constraint(field, value, `Member must have length less than or equal to ${max}`);
}

function intRange(field: string, value: number | undefined, min: number, max?: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value)) throw constraint(field, value, "Member must be an integer");
  if (value < min) throw constraint(field, value, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max) {
    throw constraint(field, value, `Member must have value less than or equal to ${max}`);
  }
}

function names(input: Input, key: string, field: string): string[] | undefined {
  const list = inputs.list<unknown>(input, key)?.map(String);
  if (list && list.length > MAX_NAMES) {
    throw constraint(
      field,
      `[${list.join(", ")}]`,
      `Member must have length less than or equal to ${MAX_NAMES}`,
    );
  }
  return list;
}

/** Dimensions from JSON objects or awsQuery `Dimensions.member.N.Name/Value`; Name and Value are required. */
function dimensions(input: Input, key: string): Dimension[] {
  const list = inputs.list<unknown>(input, key) ?? [];
  return list.map((raw, i) => {
    const d = (typeof raw === "object" && raw !== null ? raw : {}) as Input;
    const name = inputs.str(d, "Name");
    const value = inputs.str(d, "Value");
    const absent = [
      ...(name === undefined ? [`${key}.member.${i + 1}.Name`] : []),
      ...(value === undefined ? [`${key}.member.${i + 1}.Value`] : []),
    ];
    if (absent.length > 0) throw missing(...absent);
    return { Name: name!, Value: value! };
  });
}

/** A MetricDataQuery with awsQuery's strings coerced back to numbers and booleans. */
function metricQuery(raw: unknown, i: number): Record<string, unknown> {
  const q = (typeof raw === "object" && raw !== null ? raw : {}) as Input;
  const id = inputs.str(q, "Id");
  if (id === undefined) throw missing(`Metrics.member.${i + 1}.Id`);
  const stat = inputs.obj(q, "MetricStat");
  const metric = stat ? inputs.obj(stat, "Metric") : undefined;
  return {
    Id: id,
    MetricStat: stat
      ? {
          Metric: metric
            ? {
                Namespace: inputs.str(metric, "Namespace"),
                MetricName: inputs.str(metric, "MetricName"),
                Dimensions: dimensions(metric, "Dimensions"),
              }
            : undefined,
          Period: inputs.num(stat, "Period"),
          Stat: inputs.str(stat, "Stat"),
          Unit: inputs.str(stat, "Unit"),
        }
      : undefined,
    Expression: inputs.str(q, "Expression"),
    Label: inputs.str(q, "Label"),
    ReturnData: inputs.bool(q, "ReturnData"),
    Period: inputs.num(q, "Period"),
    AccountId: inputs.str(q, "AccountId"),
  };
}

/** The MetricAlarm shape DescribeAlarms returns: the stored alarm without the simulator's tags. */
function metricAlarm(a: AlarmState) {
  return {
    AlarmName: a.AlarmName,
    AlarmArn: a.AlarmArn,
    AlarmDescription: a.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: a.AlarmConfigurationUpdatedTimestamp,
    ActionsEnabled: a.ActionsEnabled,
    OKActions: a.OKActions,
    AlarmActions: a.AlarmActions,
    InsufficientDataActions: a.InsufficientDataActions,
    StateValue: a.StateValue,
    StateReason: a.StateReason,
    StateUpdatedTimestamp: a.StateUpdatedTimestamp,
    MetricName: a.MetricName,
    Namespace: a.Namespace,
    Statistic: a.Statistic,
    ExtendedStatistic: a.ExtendedStatistic,
    Dimensions: a.Dimensions,
    Period: a.Period,
    Unit: a.Unit,
    EvaluationPeriods: a.EvaluationPeriods,
    DatapointsToAlarm: a.DatapointsToAlarm,
    EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
    Threshold: a.Threshold,
    ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: a.TreatMissingData,
    Metrics: a.Metrics,
    ThresholdMetricId: a.ThresholdMetricId,
    StateTransitionedTimestamp: a.StateUpdatedTimestamp,
    EvaluationWindow: a.EvaluationWindow,
    WarmUpConfiguration: a.WarmUpConfiguration,
    ActionConfiguration: a.ActionConfiguration,
  };
}

/** Alarms in name order, as DescribeAlarms lists them. */
function sortedAlarms(ctx: RequestContext): AlarmState[] {
  return [...ctx.regionState.alarms.values()].sort((a, b) =>
    a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0,
  );
}

function sameDimensions(a: Dimension[], b: Dimension[]): boolean {
  if (a.length !== b.length) return false;
  const key = (ds: Dimension[]) =>
    ds
      .map((d) => `${d.Name}\u0000${d.Value}`)
      .sort()
      .join("\u0001");
  return key(a) === key(b);
}

function describeAlarms(ctx: RequestContext, input: Input) {
  const alarmNames = names(input, "AlarmNames", "alarmNames");
  const prefix = inputs.str(input, "AlarmNamePrefix");
  const types = inputs.list<unknown>(input, "AlarmTypes")?.map(String);
  const children = inputs.str(input, "ChildrenOfAlarmName");
  const parents = inputs.str(input, "ParentsOfAlarmName");
  const stateValue = inputs.str(input, "StateValue");
  const actionPrefix = inputs.str(input, "ActionPrefix");
  const maxRecords = inputs.num(input, "MaxRecords");
  length("alarmNamePrefix", prefix, 1, 255);
  length("actionPrefix", actionPrefix, 1, 1024);
  length("childrenOfAlarmName", children, 1, 255);
  length("parentsOfAlarmName", parents, 1, 255);
  enumValue("stateValue", stateValue, STATE_VALUES);
  for (const t of types ?? []) enumValue("alarmTypes", t, ALARM_TYPES);
  intRange("maxRecords", maxRecords, 1, MAX_RECORDS);
  // "If this parameter is specified, you cannot specify AlarmNames." The error code is not documented.
  if (alarmNames !== undefined && alarmNames.length > 0 && prefix !== undefined) {
    throw new SimError(
      "InvalidParameterCombination",
      "AlarmNamePrefix and AlarmNames cannot be specified together.",
    );
  }
  // Children/Parents allow only MaxRecords and NextToken beside them: "you receive a validation error".
  if (children !== undefined || parents !== undefined) {
    const others = [
      alarmNames?.length ? 1 : undefined,
      prefix,
      types?.length ? 1 : undefined,
      stateValue,
      actionPrefix,
    ];
    if ((children !== undefined && parents !== undefined) || others.some((o) => o !== undefined)) {
      throw validation(
        "ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with any other filter but MaxRecords and NextToken.",
      );
    }
  }

  // Without AlarmTypes only metric alarms are returned
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html). The simulator holds no composite
  // or log alarms, and a metric alarm has no children and (with no composite alarms) no parents.
  const wantMetric =
    (types === undefined || types.length === 0 || types.includes("MetricAlarm")) && !children && !parents;
  const matching = wantMetric
    ? sortedAlarms(ctx).filter(
        (a) =>
          (!alarmNames?.length || alarmNames.includes(a.AlarmName)) &&
          (prefix === undefined || a.AlarmName.startsWith(prefix)) &&
          (stateValue === undefined || a.StateValue === stateValue) &&
          (actionPrefix === undefined ||
            [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((x) =>
              x.startsWith(actionPrefix),
            )),
      )
    : [];
  const { page, nextToken } = paginate(
    matching,
    inputs.str(input, "NextToken"),
    maxRecords ?? DEFAULT_RECORDS,
    "monitoring:DescribeAlarms",
    { defaultSize: DEFAULT_RECORDS, maxSize: MAX_RECORDS, invalidTokenCode: "InvalidNextToken" },
  );
  return {
    MetricAlarms: page.map(metricAlarm),
    CompositeAlarms: [],
    LogAlarms: types?.includes("LogAlarm") ? [] : undefined,
    NextToken: nextToken,
  };
}

function describeAlarmsForMetric(ctx: RequestContext, input: Input) {
  const metricName = inputs.str(input, "MetricName");
  const namespace = inputs.str(input, "Namespace");
  const absent = [
    ...(metricName === undefined ? ["MetricName"] : []),
    ...(namespace === undefined ? ["Namespace"] : []),
  ];
  if (absent.length > 0) throw missing(...absent);
  // MetricName and Namespace: 1-255 characters, a namespace not starting with ':'; at most 30 dimensions
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html).
  length("metricName", metricName, 1, 255);
  length("namespace", namespace, 1, 255);
  if (namespace!.startsWith(":")) {
    throw constraint("namespace", namespace, "Member must satisfy regular expression pattern: [^:].*");
  }
  const statistic = inputs.str(input, "Statistic");
  const extended = inputs.str(input, "ExtendedStatistic");
  const period = inputs.num(input, "Period");
  const unit = inputs.str(input, "Unit");
  enumValue("statistic", statistic, STATISTICS);
  intRange("period", period, 1);
  const wanted = dimensions(input, "Dimensions");
  if (wanted.length > MAX_METRIC_DIMENSIONS) {
    throw constraint(
      "dimensions",
      `[${wanted.map((d) => `${d.Name}=${d.Value}`).join(", ")}]`,
      `Member must have length less than or equal to ${MAX_METRIC_DIMENSIONS}`,
    );
  }
  // Only plain alarms on exactly this metric: metric-math alarms (Metrics[]) carry no MetricName and never match.
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html
  const alarms = sortedAlarms(ctx).filter(
    (a) =>
      a.Metrics === undefined &&
      a.MetricName === metricName &&
      a.Namespace === namespace &&
      sameDimensions(a.Dimensions, wanted) &&
      (statistic === undefined || a.Statistic === statistic) &&
      (extended === undefined || a.ExtendedStatistic === extended) &&
      (period === undefined || a.Period === period) &&
      (unit === undefined || a.Unit === unit),
  );
  return { MetricAlarms: alarms.map(metricAlarm) };
}

function putMetricAlarm(ctx: RequestContext, input: Input) {
  const name = inputs.str(input, "AlarmName");
  const evaluationPeriods = inputs.num(input, "EvaluationPeriods");
  const comparison = inputs.str(input, "ComparisonOperator");
  const absent = [
    ...(name === undefined ? ["AlarmName"] : []),
    ...(comparison === undefined ? ["ComparisonOperator"] : []),
    ...(evaluationPeriods === undefined ? ["EvaluationPeriods"] : []),
  ];
  if (absent.length > 0) throw missing(...absent);
  const alarmName = name!;
  length("alarmName", alarmName, 1, 255);
  length("alarmDescription", inputs.str(input, "AlarmDescription"), 0, 1024);
  intRange("evaluationPeriods", evaluationPeriods, 1);
  enumValue("comparisonOperator", comparison, COMPARISON_OPERATORS);
  const datapoints = inputs.num(input, "DatapointsToAlarm");
  intRange("datapointsToAlarm", datapoints, 1);
  const statistic = inputs.str(input, "Statistic");
  enumValue("statistic", statistic, STATISTICS);
  const treatMissing = inputs.str(input, "TreatMissingData");
  if (treatMissing !== undefined && !TREAT_MISSING_DATA.includes(treatMissing)) {
    throw validation(
      `Invalid value for TreatMissingData: ${treatMissing}. Valid values: ${TREAT_MISSING_DATA.join(", ")}`,
    );
  }
  const period = inputs.num(input, "Period");
  intRange("period", period, 1);
  const threshold = inputs.num(input, "Threshold");
  if (threshold !== undefined && Number.isNaN(threshold))
    throw constraint("threshold", input.Threshold, "Member must be a number");
  const thresholdMetricId = inputs.str(input, "ThresholdMetricId");
  const metricName = inputs.str(input, "MetricName");
  const namespace = inputs.str(input, "Namespace");
  const extended = inputs.str(input, "ExtendedStatistic");
  const dims = dimensions(input, "Dimensions");
  const rawMetrics = inputs.list<unknown>(input, "Metrics");
  const metrics = rawMetrics && rawMetrics.length > 0 ? rawMetrics.map(metricQuery) : undefined;

  // "If you use the Metrics parameter, you cannot include the MetricName, Dimensions, Period, Namespace, Statistic,
  // or ExtendedStatistic parameters" (API_PutMetricAlarm). The error code for breaking this is not verified.
  if (metrics) {
    const clash = {
      MetricName: metricName,
      Namespace: namespace,
      Statistic: statistic,
      ExtendedStatistic: extended,
      Period: period,
    };
    const used = Object.entries(clash)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (dims.length > 0) used.push("Dimensions");
    if (used.length > 0) {
      throw validation(`${used.join(", ")} must not be specified together with Metrics.`);
    }
    if (!metrics.some((m) => m.ReturnData !== false)) {
      throw validation("Exactly one element of the metrics list should return data.");
    }
  } else {
    if (metricName === undefined) throw validation("MetricName must not be null");
    if (namespace === undefined) throw validation("Namespace must not be null");
    if (period === undefined) throw validation("Period must not be null");
    if (statistic === undefined && extended === undefined) {
      throw validation("Statistic or ExtendedStatistic must be specified.");
    }
    if (statistic !== undefined && extended !== undefined) {
      throw validation("Statistic and ExtendedStatistic cannot be specified together.");
    }
    // "Valid values are 10, 20, 30, and any multiple of 60." (API_PutMetricAlarm, Period)
    if (period !== undefined && ![10, 20, 30].includes(period) && period % 60 !== 0) {
      throw validation("Period must be 10, 20, 30 or a multiple of 60.");
    }
  }
  if (threshold === undefined && thresholdMetricId === undefined) {
    throw validation("Threshold must not be null");
  }
  if (datapoints !== undefined && evaluationPeriods !== undefined && datapoints > evaluationPeriods) {
    throw validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods");
  }

  const now = ctx.now();
  const existing = ctx.regionState.alarms.get(alarmName);
  const tags: Record<string, string> = {};
  for (const raw of inputs.list<unknown>(input, "Tags") ?? []) {
    const t = (typeof raw === "object" && raw !== null ? raw : {}) as Input;
    const key = inputs.str(t, "Key");
    if (key !== undefined) tags[key] = inputs.str(t, "Value") ?? "";
  }
  const actions = (key: string) => (inputs.list<unknown>(input, key) ?? []).map(String);
  // A new alarm starts in INSUFFICIENT_DATA; an update keeps the state and ignores Tags (API_PutMetricAlarm).
  ctx.regionState.alarms.set(alarmName, {
    AlarmName: alarmName,
    AlarmArn: `${arnPrefix(ctx.world)}cloudwatch:${ctx.region}:${ctx.account.id}:alarm:${alarmName}`,
    AlarmDescription: inputs.str(input, "AlarmDescription"),
    ActionsEnabled: inputs.bool(input, "ActionsEnabled") ?? true,
    OKActions: actions("OKActions"),
    AlarmActions: actions("AlarmActions"),
    InsufficientDataActions: actions("InsufficientDataActions"),
    StateValue: existing?.StateValue ?? "INSUFFICIENT_DATA",
    StateReason: existing?.StateReason ?? "Unchecked: Initial alarm creation",
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    AlarmConfigurationUpdatedTimestamp: now,
    MetricName: metricName,
    Namespace: namespace,
    Statistic: statistic,
    ExtendedStatistic: extended,
    Dimensions: dims,
    Period: period,
    Unit: inputs.str(input, "Unit"),
    EvaluationPeriods: evaluationPeriods!,
    DatapointsToAlarm: datapoints,
    EvaluateLowSampleCountPercentile: inputs.str(input, "EvaluateLowSampleCountPercentile"),
    Threshold: threshold,
    ComparisonOperator: comparison!,
    TreatMissingData: treatMissing,
    Metrics: metrics,
    ThresholdMetricId: thresholdMetricId,
    // Kept as given and described back: alarms do not evaluate in the simulator (docs/simulator.md). Shapes:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    EvaluationWindow: input.EvaluationWindow ?? undefined,
    WarmUpConfiguration: input.WarmUpConfiguration ?? undefined,
    ActionConfiguration: input.ActionConfiguration ?? undefined,
    tags: existing?.tags ?? tags,
  });
  return {};
}

function requiredNames(input: Input): string[] {
  const list = names(input, "AlarmNames", "alarmNames");
  if (list === undefined) throw missing("AlarmNames");
  return list;
}

function setActionsEnabled(enabled: boolean) {
  return (ctx: RequestContext, input: Input) => {
    const now = ctx.now();
    // Names that do not exist are skipped: neither operation models ResourceNotFound.
    for (const n of requiredNames(input)) {
      const alarm = ctx.regionState.alarms.get(n);
      if (alarm && alarm.ActionsEnabled !== enabled) {
        alarm.ActionsEnabled = enabled;
        alarm.AlarmConfigurationUpdatedTimestamp = now;
      }
    }
    return {};
  };
}

/**
 * EvaluationCriteria / EvaluationInterval make a PromQL alarm
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html), a kind of alarm the
 * simulator does not hold.
 */
const PROMQL_ALARMS = "PromQL alarms are not simulated";

export const cloudwatch: ServiceDef = {
  signingName: "monitoring",
  protocols: ["json", "query"],
  targetPrefix: "GraniteServiceVersion20100801",
  jsonVersion: "1.0",
  queryCompatible: true,
  xmlNamespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
  eventSource: "monitoring.amazonaws.com",
  // "Throttling: Rate exceeded ... status code: 400" (https://github.com/turbot/steampipe-plugin-aws/issues/892,
  // https://github.com/DistributedScience/Distributed-CellProfiler/issues/93)
  throttling: { code: "Throttling", message: "Rate exceeded" },
  accessDeniedCode: "AccessDenied",
  refusalCode: "InvalidParameterValue",
  // CloudWatch model (@aws-sdk/client-cloudwatch), awsQueryError codes. AccessDenied and Throttling are not modelled:
  // the common awsQuery errors (AccessDenied 403, as STS and SNS answer it; Throttling 400).
  errors: {
    AccessDenied: 403,
    InvalidNextToken: 400,
    InvalidParameterCombination: 400,
    InvalidParameterValue: 400,
    MissingParameter: 400,
    ResourceNotFound: 404,
    Throttling: 400,
    ValidationError: 400,
  },
  operations: {
    DescribeAlarms: {
      members: {
        honoured: [
          "AlarmNames",
          "AlarmNamePrefix",
          "AlarmTypes",
          "ChildrenOfAlarmName",
          "ParentsOfAlarmName",
          "StateValue",
          "ActionPrefix",
          "MaxRecords",
          "NextToken",
        ],
      },
      handler: describeAlarms,
    },
    DescribeAlarmsForMetric: {
      members: {
        honoured: [
          "MetricName",
          "Namespace",
          "Statistic",
          "ExtendedStatistic",
          "Dimensions",
          "Period",
          "Unit",
        ],
      },
      handler: describeAlarmsForMetric,
    },
    PutMetricAlarm: {
      members: {
        honoured: [
          "AlarmName",
          "AlarmDescription",
          "ActionsEnabled",
          "OKActions",
          "AlarmActions",
          "InsufficientDataActions",
          "MetricName",
          "Namespace",
          "Statistic",
          "ExtendedStatistic",
          "Dimensions",
          "Period",
          "Unit",
          "EvaluationPeriods",
          "DatapointsToAlarm",
          "Threshold",
          "ComparisonOperator",
          "TreatMissingData",
          "EvaluateLowSampleCountPercentile",
          "Metrics",
          "Tags",
          "ThresholdMetricId",
          "EvaluationWindow",
          "WarmUpConfiguration",
          "ActionConfiguration",
        ],
        refused: { EvaluationCriteria: PROMQL_ALARMS, EvaluationInterval: PROMQL_ALARMS },
      },
      write: true,
      handler: putMetricAlarm,
    },
    DeleteAlarms: {
      members: { honoured: ["AlarmNames"] },
      write: true,
      rate: "write",
      handler: (ctx, input) => {
        const list = requiredNames(input);
        // The model's ResourceNotFound; nothing is deleted when a name is unknown (assumed, not verified).
        const unknown = list.filter((n) => !ctx.regionState.alarms.has(n));
        if (unknown.length > 0) {
          throw new SimError(
            "ResourceNotFound",
            `The following alarms were not found: [${unknown.join(", ")}]`,
            404,
          );
        }
        for (const n of list) ctx.regionState.alarms.delete(n);
        return {};
      },
    },
    EnableAlarmActions: {
      members: { honoured: ["AlarmNames"] },
      write: true,
      rate: "write",
      handler: setActionsEnabled(true),
    },
    DisableAlarmActions: {
      members: { honoured: ["AlarmNames"] },
      write: true,
      rate: "write",
      handler: setActionsEnabled(false),
    },
  },
};
