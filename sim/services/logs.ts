/**
 * CloudWatch Logs (awsJson1_1, X-Amz-Target `Logs_20140328.<Op>`): log groups, retention, subscription filters,
 * metric filters and account policies of the caller's account and region.
 * Shapes, constraints and error lists: the CloudWatch Logs model (botocore data/logs/2014-03-28/service-2.json and
 * @aws-sdk/client-cloudwatch-logs). Error wording from the service as quoted in public issue threads (URLs inline).
 */
import { arnPrefix } from "../partition.ts";
import {
  FilterPatternError,
  parseFilterPattern,
  testMetricFilter,
} from "../../src/patterns/filter-pattern.ts";
import { SimError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import type { Input } from "../protocol.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type { LogGroupState, MetricFilter, MetricTransformation, SubscriptionFilter } from "../state.ts";
import { ascii, modelValidation } from "../validation.ts";

/** PutRetentionPolicy retentionInDays (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/** "Each log group can have up to two subscription filters associated with it." (PutSubscriptionFilter) */
const MAX_SUBSCRIPTION_FILTERS = 2;
/** "The maximum number of metric filters that can be associated with a log group is 100." (PutMetricFilter) */
const MAX_METRIC_FILTERS = 100;
/** "One metric filter can include as many as three dimensions." (MetricTransformation) */
const MAX_DIMENSIONS = 3;
const POLICY_TYPES = [
  "DATA_PROTECTION_POLICY",
  "SUBSCRIPTION_FILTER_POLICY",
  "FIELD_INDEX_POLICY",
  "TRANSFORMER_POLICY",
  "METRIC_EXTRACTION_POLICY",
  "RETENTION_POLICY",
];
const LOG_GROUP_CLASSES = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY", "ESSENTIALS"];
const SYSTEM_FIELDS = ["@aws.account", "@aws.region"];
const UNITS = [
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
];

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const LOG_GROUP_NAME_RE = "[\\.\\-_/#A-Za-z0-9]+";
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]*$/;
const FILTER_NAME = /^[^:*]*$/;
const METRIC_NAME = /^[^:*$]*$/;

// ---------------------------------------------------------------------------------------------------------------
// Validation. CloudWatch Logs reports model-constraint violations as InvalidParameterException with the standard
// "1 validation error detected: ..." text.

const { invalid, checkString, checkEnum } = modelValidation("InvalidParameterException");

const groupName = (input: Input, key: string, field: string, required = true) =>
  checkString(inputs.str(input, key), field, {
    required,
    min: 1,
    max: 512,
    pattern: LOG_GROUP_NAME,
    patternText: LOG_GROUP_NAME_RE,
  });

const filterName = (input: Input, key: string, field: string, required = true) =>
  checkString(inputs.str(input, key), field, {
    required,
    min: 1,
    max: 512,
    pattern: FILTER_NAME,
    patternText: "[^:*]*",
  });

/** DescribeLimit: 1-50, default 50. */
function pageLimit(input: Input): number | undefined {
  const v = inputs.num(input, "limit");
  if (v === undefined) return undefined;
  if (!Number.isInteger(v)) throw invalid("limit", v, "Member must be an integer");
  if (v < 1) throw invalid("limit", v, "Member must have value greater than or equal to 1");
  if (v > 50) throw invalid("limit", v, "Member must have value less than or equal to 50");
  return v;
}

const PAGE_OPTS = { defaultSize: 50, maxSize: 50, invalidTokenCode: "InvalidParameterException" };

/** ASCII order: "The results are ASCII-sorted by log group name" / "by filter name". */

/**
 * Put by name into a log group's subscription or metric filters: replacing keeps the original creation time,
 * adding past the per-group limit is LimitExceededException
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html).
 */
function putNamed<T extends { filterName: string; creationTime: number }>(
  list: T[],
  limit: number,
  item: T,
): void {
  const existing = list.findIndex((f) => f.filterName === item.filterName);
  if (existing < 0 && list.length >= limit)
    throw new SimError("LimitExceededException", "Resource limit exceeded.");
  if (existing >= 0) list[existing] = { ...item, creationTime: list[existing]!.creationTime };
  else list.push(item);
}

function removeNamed<T extends { filterName: string }>(list: T[], name: string, notFound: string): void {
  const i = list.findIndex((f) => f.filterName === name);
  if (i < 0) throw new SimError("ResourceNotFoundException", notFound);
  list.splice(i, 1);
}

function getGroup(ctx: RequestContext, name: string): LogGroupState {
  const group = ctx.regionState.logGroups.get(name);
  if (!group) throw new SimError("ResourceNotFoundException", "The specified log group does not exist.");
  return group;
}

/** Rejects a filter pattern the service would not accept, using the project's own filter-pattern parser. */
function checkFilterPattern(pattern: string, kind: "metric" | "subscription"): void {
  try {
    parseFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) {
      throw new SimError("InvalidParameterException", `Invalid ${kind} filter pattern: ${err.message}`);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Views

function groupView(g: LogGroupState, namesOnly: boolean) {
  if (namesOnly) return { logGroupName: g.logGroupName, creationTime: g.creationTime, arn: g.arn };
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    retentionInDays: g.retentionInDays,
    metricFilterCount: g.metricFilters.length,
    arn: g.arn,
    storedBytes: g.storedBytes,
    kmsKeyId: g.kmsKeyId,
    logGroupClass: g.logGroupClass ?? "STANDARD",
    logGroupArn: g.arn.replace(/:\*$/, ""),
    deletionProtectionEnabled: g.deletionProtectionEnabled,
  };
}

const subscriptionView = (f: SubscriptionFilter) => ({
  filterName: f.filterName,
  logGroupName: f.logGroupName,
  filterPattern: f.filterPattern,
  destinationArn: f.destinationArn,
  roleArn: f.roleArn,
  distribution: f.distribution,
  applyOnTransformedLogs: f.applyOnTransformedLogs ?? false,
  creationTime: f.creationTime,
  fieldSelectionCriteria: f.fieldSelectionCriteria,
  emitSystemFields: f.emitSystemFields,
});

const metricFilterView = (f: MetricFilter) => ({
  filterName: f.filterName,
  filterPattern: f.filterPattern,
  metricTransformations: f.metricTransformations.map((t) => ({
    metricName: t.metricName,
    metricNamespace: t.metricNamespace,
    metricValue: t.metricValue,
    defaultValue: t.defaultValue,
    dimensions: t.dimensions,
    unit: t.unit,
  })),
  creationTime: f.creationTime,
  logGroupName: f.logGroupName,
  applyOnTransformedLogs: f.applyOnTransformedLogs ?? false,
  fieldSelectionCriteria: f.fieldSelectionCriteria,
  emitSystemFieldDimensions: f.emitSystemFieldDimensions,
});

// ---------------------------------------------------------------------------------------------------------------
// PutSubscriptionFilter destination rules (PutSubscriptionFilter API reference): a Kinesis stream, Firehose stream
// or Lambda function of the same account, or a logical destination (`arn:aws:logs:<region>:<acct>:destination:<n>`)
// for cross-account delivery. Kinesis and Firehose need roleArn. The destination must be in the log group's region
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).

function checkDestination(ctx: RequestContext, destinationArn: string, roleArn: string | undefined): void {
  const m = /^arn:aws[\w-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(destinationArn);
  // A destination in another partition names nothing here.
  if (!m || !destinationArn.startsWith(arnPrefix(ctx.world))) {
    throw new SimError("InvalidParameterException", `Invalid destinationArn: ${destinationArn}`);
  }
  const [, vendor = "", region = "", account = "", resource = ""] = m;
  if (
    !["kinesis", "firehose", "lambda", "logs"].includes(vendor) ||
    (vendor === "logs" && !resource.startsWith("destination:"))
  ) {
    // https://github.com/aws-samples/aws-centralize-logs-using-cdk/issues/2
    throw new SimError(
      "InvalidParameterException",
      `PutSubscriptionFilter operation cannot work with destinationArn for vendor ${vendor}`,
    );
  }
  if (region !== ctx.region) {
    throw new SimError(
      "InvalidParameterException",
      `The destination ${destinationArn} is in region ${region}; it must be in the log group's region ${ctx.region}.`,
    );
  }
  if (vendor !== "logs" && account !== ctx.account.id) {
    throw new SimError(
      "InvalidParameterException",
      `destinationArn for vendor ${vendor} must belong to the log group's account; use a logical destination for cross-account delivery.`,
    );
  }
  if ((vendor === "kinesis" || vendor === "firehose") && roleArn === undefined) {
    throw new SimError(
      "InvalidParameterException",
      `destinationArn for vendor ${vendor} cannot be used without roleArn`,
    );
  }
}

function parseTransformation(raw: unknown): MetricTransformation {
  const at = "metricTransformations.1.member";
  const t = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Input) : {};
  const metricName = checkString(inputs.str(t, "metricName"), `${at}.metricName`, {
    required: true,
    max: 255,
    pattern: METRIC_NAME,
    patternText: "[^:*$]*",
  }) as string;
  const metricNamespace = checkString(inputs.str(t, "metricNamespace"), `${at}.metricNamespace`, {
    required: true,
    max: 255,
    pattern: METRIC_NAME,
    patternText: "[^:*$]*",
  }) as string;
  const metricValue = checkString(inputs.str(t, "metricValue"), `${at}.metricValue`, {
    required: true,
    max: 100,
  }) as string;
  const unit = checkEnum(inputs.str(t, "unit"), `${at}.unit`, UNITS);
  const dimObj = inputs.obj(t, "dimensions");
  let dimensions: Record<string, string> | undefined;
  if (dimObj) {
    dimensions = {};
    for (const [k, v] of Object.entries(dimObj)) {
      checkString(k, `${at}.dimensions.key`, { max: 255 });
      dimensions[k] = checkString(String(v), `${at}.dimensions.value`, { max: 255 }) as string;
    }
    if (Object.keys(dimensions).length > MAX_DIMENSIONS) {
      throw new SimError(
        "InvalidParameterException",
        `A metric filter can have at most ${MAX_DIMENSIONS} dimensions; ${Object.keys(dimensions).length} were given.`,
      );
    }
  }
  return {
    metricName,
    metricNamespace,
    metricValue,
    defaultValue: inputs.num(t, "defaultValue"),
    dimensions,
    unit,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// DescribeLogGroups (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html)

/** DescribeLogGroupsLogGroupIdentifiers: 1-50 identifiers of 1-2048 characters (CloudWatch Logs model). */
const MAX_IDENTIFIERS = 50;
const IDENTIFIER = /^[\w#+=/:,.@-]*$/;
const LOG_GROUP_ARN = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/;

/**
 * logGroupIdentifiers: "If you specify this parameter, the only other filter that you can choose to specify is
 * includeLinkedAccounts", and outside a cross-account monitoring account "you can specify only log group names in the
 * same account as the operation" (DescribeLogGroups). The simulator has no monitoring accounts: names, and ARNs of the
 * caller's own groups in this region, select groups; another account's ARN is refused (wording not verified); a name
 * that matches no group is left out of the answer.
 */
function groupsByIdentifier(ctx: RequestContext, input: Input, raw: unknown[]): LogGroupState[] {
  if (raw.length < 1 || raw.length > MAX_IDENTIFIERS) {
    throw invalid(
      "logGroupIdentifiers",
      `[${raw.length} identifiers]`,
      raw.length < 1
        ? "Member must have length greater than or equal to 1"
        : `Member must have length less than or equal to ${MAX_IDENTIFIERS}`,
    );
  }
  const others = ["logGroupNamePrefix", "logGroupNamePattern", "logGroupClass", "accountIdentifiers"].filter(
    (k) => input[k] !== undefined && input[k] !== null,
  );
  if (others.length > 0) {
    throw new SimError(
      "InvalidParameterException",
      `logGroupIdentifiers cannot be combined with ${others.join(", ")}: the only other filter allowed with it is includeLinkedAccounts.`,
    );
  }
  const names = new Set<string>();
  raw.forEach((value, i) => {
    const id = checkString(String(value), `logGroupIdentifiers.${i + 1}.member`, {
      min: 1,
      max: 2048,
      pattern: IDENTIFIER,
      patternText: "[\\w#+=/:,.@-]*",
    }) as string;
    const arn = LOG_GROUP_ARN.exec(id);
    if (!arn) {
      names.add(id);
      return;
    }
    if (arn[2] !== ctx.account.id) {
      throw new SimError(
        "InvalidParameterException",
        `Log group ${id} belongs to account ${arn[2]}: account ${ctx.account.id} is not a monitoring account, so only its own log groups can be specified.`,
      );
    }
    if (arn[1] === ctx.region) names.add(arn[3]!);
  });
  return [...names].flatMap((n) => {
    const g = ctx.regionState.logGroups.get(n);
    return g ? [g] : [];
  });
}

/**
 * logGroupClass: "If you specify either INFREQUENT_ACCESS or ESSENTIALS, the results include log groups in both the
 * Infrequent Access and Essentials log classes."
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html)
 */
function sameClass(wanted: string, actual: string): boolean {
  const lowCost = ["INFREQUENT_ACCESS", "ESSENTIALS"];
  return wanted === actual || (lowCost.includes(wanted) && lowCost.includes(actual));
}

/**
 * The settings a subscription or metric filter may carry beside its pattern
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html): kept and listed back, since the simulator delivers and transforms no log events.
 * fieldSelectionCriteria is at most 2000 characters; the system fields are @aws.account and @aws.region.
 */
function filterExtras(input: Input, systemFieldsKey: "emitSystemFields" | "emitSystemFieldDimensions") {
  const criteria = checkString(inputs.str(input, "fieldSelectionCriteria"), "fieldSelectionCriteria", {
    max: 2000,
  });
  const fields = inputs.list<unknown>(input, systemFieldsKey)?.map((f, i) => {
    const v = checkEnum(String(f), `${systemFieldsKey}.${i + 1}.member`, SYSTEM_FIELDS);
    return v as string;
  });
  return {
    applyOnTransformedLogs: inputs.bool(input, "applyOnTransformedLogs"),
    fieldSelectionCriteria: criteria,
    fields,
  };
}

function describeLogGroups(ctx: RequestContext, input: Input) {
  const identifiers = inputs.list<unknown>(input, "logGroupIdentifiers");
  const prefix = groupName(input, "logGroupNamePrefix", "logGroupNamePrefix", false);
  const pattern = checkString(inputs.str(input, "logGroupNamePattern"), "logGroupNamePattern", {
    max: 512,
    pattern: LOG_GROUP_PATTERN,
    patternText: "[\\.\\-_/#A-Za-z0-9]*",
  });
  const cls = checkEnum(inputs.str(input, "logGroupClass"), "logGroupClass", LOG_GROUP_CLASSES);
  const limit = pageLimit(input);
  if (prefix !== undefined && pattern !== undefined) {
    // "logGroupNamePrefix and logGroupNamePattern are mutually exclusive." (DescribeLogGroups)
    throw new SimError(
      "InvalidParameterException",
      "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    );
  }
  const candidates =
    identifiers !== undefined
      ? groupsByIdentifier(ctx, input, identifiers)
      : [...ctx.regionState.logGroups.values()].filter(
          (g) =>
            (prefix === undefined || g.logGroupName.startsWith(prefix)) &&
            // "a case-sensitive substring search" (DescribeLogGroups logGroupNamePattern)
            (pattern === undefined || g.logGroupName.includes(pattern)) &&
            (cls === undefined || sameClass(cls, g.logGroupClass ?? "STANDARD")),
        );
  const groups = candidates.sort((a, b) => ascii(a.logGroupName, b.logGroupName));
  const { page, nextToken } = paginate(
    groups,
    inputs.str(input, "nextToken"),
    limit,
    `logs:DescribeLogGroups:${prefix ?? ""}:${pattern ?? ""}:${cls ?? ""}:${JSON.stringify(identifiers ?? null)}`,
    PAGE_OPTS,
  );
  // "If you specify logGroupNamePattern in your request, then only arn, creationTime, and logGroupName are
  // included in the response." (DescribeLogGroups logGroupNamePattern)
  return { logGroups: page.map((g) => groupView(g, pattern !== undefined)), nextToken };
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * includeLinkedAccounts / accountIdentifiers reach the source accounts of a cross-account observability monitoring
 * account (DescribeLogGroups). The simulator has no observability links, so every account is a plain account: the
 * groups listed are the caller's own, with or without them (not verified for a list of accounts that leaves the
 * caller's out).
 */
const NO_OBSERVABILITY_LINKS =
  "no cross-account observability links exist in the simulator, so only the caller's groups are listed either way";

export const logs: ServiceDef = {
  signingName: "logs",
  protocols: ["json"],
  targetPrefix: "Logs_20140328",
  jsonVersion: "1.1",
  eventSource: "logs.amazonaws.com",
  throttling: { code: "ThrottlingException", message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "InvalidParameterException",
  // CloudWatch Logs model (@aws-sdk/client-cloudwatch-logs): these errors carry no httpError, so they are 400.
  errors: {
    AccessDeniedException: 400,
    InvalidParameterException: 400,
    LimitExceededException: 400,
    ResourceAlreadyExistsException: 400,
    ResourceNotFoundException: 400,
    ThrottlingException: 400,
  },
  operations: {
    DescribeLogGroups: {
      members: {
        honoured: [
          "logGroupNamePrefix",
          "logGroupNamePattern",
          "nextToken",
          "limit",
          "logGroupClass",
          "logGroupIdentifiers",
        ],
        ignored: {
          includeLinkedAccounts: NO_OBSERVABILITY_LINKS,
          accountIdentifiers: NO_OBSERVABILITY_LINKS,
        },
      },
      handler: describeLogGroups,
    },

    CreateLogGroup: {
      members: {
        honoured: ["logGroupName", "kmsKeyId", "tags", "logGroupClass", "deletionProtectionEnabled"],
      },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const kmsKeyId = checkString(inputs.str(input, "kmsKeyId"), "kmsKeyId", { max: 256 });
        const logGroupClass = checkEnum(
          inputs.str(input, "logGroupClass"),
          "logGroupClass",
          LOG_GROUP_CLASSES,
        );
        // "Log group names can't start with the string aws/" (CreateLogGroup API reference).
        if (name.startsWith("aws/")) {
          throw new SimError(
            "InvalidParameterException",
            "Log group names can't start with the string aws/.",
          );
        }
        if (ctx.regionState.logGroups.has(name)) {
          throw new SimError("ResourceAlreadyExistsException", "The specified log group already exists");
        }
        const tags: Record<string, string> = {};
        for (const [k, v] of Object.entries(inputs.obj(input, "tags") ?? {})) tags[k] = String(v);
        ctx.regionState.logGroups.set(name, {
          logGroupName: name,
          arn: `${arnPrefix(ctx.world)}logs:${ctx.region}:${ctx.account.id}:log-group:${name}:*`,
          creationTime: ctx.now().getTime(),
          kmsKeyId,
          logGroupClass,
          deletionProtectionEnabled: inputs.bool(input, "deletionProtectionEnabled"),
          storedBytes: 0,
          subscriptionFilters: [],
          metricFilters: [],
          tags,
        });
        return {};
      },
    },

    PutRetentionPolicy: {
      members: { honoured: ["logGroupName", "retentionInDays"] },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const days = inputs.num(input, "retentionInDays");
        if (days === undefined) throw invalid("retentionInDays", days, "Member must not be null");
        if (!RETENTION_DAYS.includes(days)) {
          throw invalid(
            "retentionInDays",
            days,
            `Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
          );
        }
        getGroup(ctx, name).retentionInDays = days;
        return {};
      },
    },

    DescribeSubscriptionFilters: {
      members: { honoured: ["logGroupName", "filterNamePrefix", "nextToken", "limit"] },
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const prefix = filterName(input, "filterNamePrefix", "filterNamePrefix", false);
        const limit = pageLimit(input);
        const filters = getGroup(ctx, name)
          .subscriptionFilters.filter((f) => prefix === undefined || f.filterName.startsWith(prefix))
          .sort((a, b) => ascii(a.filterName, b.filterName));
        const { page, nextToken } = paginate(
          filters,
          inputs.str(input, "nextToken"),
          limit,
          `logs:DescribeSubscriptionFilters:${name}:${prefix ?? ""}`,
          PAGE_OPTS,
        );
        return { subscriptionFilters: page.map(subscriptionView), nextToken };
      },
    },

    PutSubscriptionFilter: {
      members: {
        honoured: [
          "logGroupName",
          "filterName",
          "filterPattern",
          "destinationArn",
          "roleArn",
          "distribution",
          "applyOnTransformedLogs",
          "fieldSelectionCriteria",
          "emitSystemFields",
        ],
      },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const fname = filterName(input, "filterName", "filterName") as string;
        const pattern = checkString(inputs.str(input, "filterPattern"), "filterPattern", {
          required: true,
          max: 1024,
        }) as string;
        const destinationArn = checkString(inputs.str(input, "destinationArn"), "destinationArn", {
          required: true,
          min: 1,
        }) as string;
        const roleArn = checkString(inputs.str(input, "roleArn"), "roleArn", { min: 1 });
        const distribution = (checkEnum(inputs.str(input, "distribution"), "distribution", [
          "Random",
          "ByLogStream",
        ]) ?? "ByLogStream") as SubscriptionFilter["distribution"];
        const extras = filterExtras(input, "emitSystemFields");
        const group = getGroup(ctx, name);
        checkFilterPattern(pattern, "subscription");
        checkDestination(ctx, destinationArn, roleArn);
        // "If you are updating an existing filter, you must specify the correct name in filterName."
        putNamed(group.subscriptionFilters, MAX_SUBSCRIPTION_FILTERS, {
          filterName: fname,
          logGroupName: name,
          filterPattern: pattern,
          destinationArn,
          roleArn,
          distribution,
          creationTime: ctx.now().getTime(),
          applyOnTransformedLogs: extras.applyOnTransformedLogs,
          fieldSelectionCriteria: extras.fieldSelectionCriteria,
          emitSystemFields: extras.fields,
        });
        return {};
      },
    },

    DeleteSubscriptionFilter: {
      members: { honoured: ["logGroupName", "filterName"] },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const fname = filterName(input, "filterName", "filterName") as string;
        const group = getGroup(ctx, name);
        removeNamed(group.subscriptionFilters, fname, "The specified subscription filter does not exist.");
        return {};
      },
    },

    DescribeMetricFilters: {
      members: {
        honoured: ["logGroupName", "filterNamePrefix", "nextToken", "limit", "metricName", "metricNamespace"],
      },
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName", false);
        const prefix = filterName(input, "filterNamePrefix", "filterNamePrefix", false);
        const limit = pageLimit(input);
        const metricName = checkString(inputs.str(input, "metricName"), "metricName", {
          max: 255,
          pattern: METRIC_NAME,
          patternText: "[^:*$]*",
        });
        const metricNamespace = checkString(inputs.str(input, "metricNamespace"), "metricNamespace", {
          max: 255,
          pattern: METRIC_NAME,
          patternText: "[^:*$]*",
        });
        // "If you include this parameter in your request, you must also include the metricNamespace parameter."
        if ((metricName === undefined) !== (metricNamespace === undefined)) {
          throw new SimError(
            "InvalidParameterException",
            "metricName and metricNamespace must be specified together.",
          );
        }
        // filterNamePrefix: "CloudWatch Logs uses the value that you set here only if you also include the
        // logGroupName parameter in your request." (DescribeMetricFilters)
        const candidates =
          name !== undefined
            ? getGroup(ctx, name).metricFilters.filter(
                (f) => prefix === undefined || f.filterName.startsWith(prefix),
              )
            : [...ctx.regionState.logGroups.values()].flatMap((g) => g.metricFilters);
        const filters = candidates
          .filter(
            (f) =>
              metricName === undefined ||
              f.metricTransformations.some(
                (t) => t.metricName === metricName && t.metricNamespace === metricNamespace,
              ),
          )
          .sort((a, b) => ascii(a.filterName, b.filterName) || ascii(a.logGroupName, b.logGroupName));
        const { page, nextToken } = paginate(
          filters,
          inputs.str(input, "nextToken"),
          limit,
          `logs:DescribeMetricFilters:${name ?? ""}:${prefix ?? ""}:${metricName ?? ""}:${metricNamespace ?? ""}`,
          PAGE_OPTS,
        );
        return { metricFilters: page.map(metricFilterView), nextToken };
      },
    },

    PutMetricFilter: {
      members: {
        honoured: [
          "logGroupName",
          "filterName",
          "filterPattern",
          "metricTransformations",
          "applyOnTransformedLogs",
          "fieldSelectionCriteria",
          "emitSystemFieldDimensions",
        ],
      },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const fname = filterName(input, "filterName", "filterName") as string;
        const pattern = checkString(inputs.str(input, "filterPattern"), "filterPattern", {
          required: true,
          max: 1024,
        }) as string;
        const raw = inputs.list(input, "metricTransformations");
        if (raw === undefined) throw invalid("metricTransformations", undefined, "Member must not be null");
        // MetricTransformations: exactly one member in the model.
        if (raw.length !== 1) {
          throw invalid(
            "metricTransformations",
            `[${raw.length} transformations]`,
            raw.length < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 1",
          );
        }
        const transformation = parseTransformation(raw[0]);
        const extras = filterExtras(input, "emitSystemFieldDimensions");
        const group = getGroup(ctx, name);
        checkFilterPattern(pattern, "metric");
        putNamed(group.metricFilters, MAX_METRIC_FILTERS, {
          filterName: fname,
          logGroupName: name,
          filterPattern: pattern,
          metricTransformations: [transformation],
          creationTime: ctx.now().getTime(),
          applyOnTransformedLogs: extras.applyOnTransformedLogs,
          fieldSelectionCriteria: extras.fieldSelectionCriteria,
          emitSystemFieldDimensions: extras.fields,
        });
        return {};
      },
    },

    DeleteMetricFilter: {
      members: { honoured: ["logGroupName", "filterName"] },
      rate: "write",
      write: true,
      handler: (ctx, input) => {
        const name = groupName(input, "logGroupName", "logGroupName") as string;
        const fname = filterName(input, "filterName", "filterName") as string;
        const group = getGroup(ctx, name);
        removeNamed(group.metricFilters, fname, "The specified metric filter does not exist.");
        return {};
      },
    },

    DescribeAccountPolicies: {
      members: { honoured: ["policyType", "policyName", "accountIdentifiers", "nextToken"] },
      handler: (ctx, input) => {
        const policyType = inputs.str(input, "policyType");
        if (policyType === undefined) throw invalid("policyType", policyType, "Member must not be null");
        checkEnum(policyType, "policyType", POLICY_TYPES);
        const policyName = inputs.str(input, "policyName");
        // accountIdentifiers selects source accounts of a monitoring account; without it only the caller's own
        // policies are returned (DescribeAccountPolicies). The simulator keeps no observability links, so a listed
        // account other than the caller's contributes nothing.
        const accounts = inputs.list<string>(input, "accountIdentifiers");
        const policies = ctx.regionState.accountPolicies
          .filter(
            (p) =>
              p.policyType === policyType &&
              (policyName === undefined || p.policyName === policyName) &&
              (accounts === undefined ? p.accountId === ctx.account.id : accounts.includes(p.accountId)),
          )
          .sort((a, b) => ascii(a.policyName, b.policyName))
          .map((p) => ({
            policyName: p.policyName,
            policyDocument: p.policyDocument,
            lastUpdatedTime: p.lastUpdatedTime,
            policyType: p.policyType,
            scope: p.scope,
            selectionCriteria: p.selectionCriteria,
            accountId: p.accountId,
          }));
        // No page size is modelled; the simulator answers everything on one page but checks a given nextToken.
        const { page, nextToken } = paginate(
          policies,
          inputs.str(input, "nextToken"),
          undefined,
          `logs:DescribeAccountPolicies:${policyType}:${policyName ?? ""}:${JSON.stringify(accounts ?? null)}`,
          { defaultSize: 1000, maxSize: 1000, invalidTokenCode: "InvalidParameterException" },
        );
        return { accountPolicies: page, nextToken };
      },
    },

    TestMetricFilter: {
      members: { honoured: ["filterPattern", "logEventMessages"] },
      handler: (_ctx, input) => {
        const pattern = checkString(inputs.str(input, "filterPattern"), "filterPattern", {
          required: true,
          max: 1024,
        }) as string;
        const messages = inputs.list<unknown>(input, "logEventMessages");
        if (messages === undefined) throw invalid("logEventMessages", undefined, "Member must not be null");
        // TestEventMessages: 1-50 members of at least one character.
        if (messages.length < 1 || messages.length > 50) {
          throw invalid(
            "logEventMessages",
            `[${messages.length} messages]`,
            messages.length < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 50",
          );
        }
        const texts = messages.map(
          (m, i) => checkString(String(m), `logEventMessages.${i + 1}.member`, { min: 1 }) as string,
        );
        checkFilterPattern(pattern, "metric");
        const matched = new Set(testMetricFilter(pattern, texts));
        // Assumed: eventNumber is the 1-based position of the message; extractedValues is left empty.
        const matches = texts.flatMap((m, i) =>
          matched.has(m)
            ? [{ eventNumber: i + 1, eventMessage: m, extractedValues: new Map<string, string>() }]
            : [],
        );
        return { matches };
      },
    },
  },
};
