/**
 * EventBridge (awsJson1_1, X-Amz-Target `AWSEvents.<Op>`): rules and targets of the caller's account and region.
 * Shapes, constraints and error lists: the EventBridge model (botocore data/events/2015-10-07/service-2.json and
 * @aws-sdk/client-eventbridge). Error wording from the service as quoted in public issue threads (URLs inline).
 */
import { arnPrefix } from "../partition.ts";
import {
  EventPatternError,
  InvalidEventError,
  parseEventPattern,
  testEventPattern,
} from "../../src/patterns/event-pattern.ts";
import { SimError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type { Input } from "../protocol.ts";
import type { RegionState, RuleState, Target } from "../state.ts";
import { ascii, modelValidation } from "../validation.ts";

const NAME = /^[.\-_A-Za-z0-9]+$/;
const NAME_RE = "[\\.\\-_A-Za-z0-9]+";
const BUS_NAME_OR_ARN =
  /^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/;
const BUS_NAME_OR_ARN_RE =
  "(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+";
const STATES = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"] as const;
/** "Each rule can have up to five (5) targets associated with it at one time." (PutTargets API reference) */
const MAX_TARGETS_PER_RULE = 5;
/** ListRules / ListTargetsByRule: "The maximum number of results per page for requests is 100." */
const MAX_PAGE = 100;

// ---------------------------------------------------------------------------------------------------------------
// Validation in the service's own words: "1 validation error detected: Value 'x' at 'eventBusName' failed to
// satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"
// (https://github.com/aws/aws-sdk-js/issues/4572).

const { invalid, checkString, checkInt } = modelValidation("ValidationException");

const ruleName = (input: Input, key: string, field: string) =>
  checkString(inputs.str(input, key), field, {
    required: true,
    min: 1,
    max: 64,
    pattern: NAME,
    patternText: NAME_RE,
  }) as string;

// ---------------------------------------------------------------------------------------------------------------
// Event buses. The simulator keeps no bus objects: `default` always exists, and a custom bus exists once a rule
// (from the scenario or a write) has lived on it. Remembered per region state so deleting its last rule keeps it.

const knownBuses = new WeakMap<RegionState, Set<string>>();

function busesOf(rs: RegionState): Set<string> {
  let set = knownBuses.get(rs);
  if (!set) {
    set = new Set(["default"]);
    knownBuses.set(rs, set);
  }
  for (const r of rs.rules.values()) set.add(r.EventBusName);
  return set;
}

/** Resolves `EventBusName` (a name or this account's bus ARN, default `default`) to a bus name that exists. */
function resolveBus(ctx: RequestContext, input: Input): string {
  const raw =
    checkString(inputs.str(input, "EventBusName"), "eventBusName", {
      min: 1,
      max: 1600,
      pattern: BUS_NAME_OR_ARN,
      patternText: BUS_NAME_OR_ARN_RE,
    }) ?? "default";
  let name = raw;
  const arn = /^arn:aws[\w-]*:events:([^:]+):(\d{12}):event-bus\/(.+)$/.exec(raw);
  if (arn) {
    // Rules live in the caller's own account and region; another account's or region's bus is not found here.
    if (arn[1] !== ctx.region || arn[2] !== ctx.account.id) {
      throw new SimError("ResourceNotFoundException", `Event bus ${raw} does not exist.`);
    }
    name = arn[3] ?? raw;
  }
  if (!busesOf(ctx.regionState).has(name)) {
    throw new SimError("ResourceNotFoundException", `Event bus ${name} does not exist.`);
  }
  return name;
}

const ruleKey = (bus: string, name: string) => `${bus}/${name}`;

/** "Rule X does not exist on EventBus default." (https://github.com/turbot/steampipe-plugin-aws/issues/1591) */
function getRule(ctx: RequestContext, bus: string, name: string): RuleState {
  const rule = ctx.regionState.rules.get(ruleKey(bus, name));
  if (!rule) {
    throw new SimError("ResourceNotFoundException", `Rule ${name} does not exist on EventBus ${bus}.`);
  }
  return rule;
}

/** Managed rules refuse changes; DeleteRule and RemoveTargets accept `Force` (ManagedRuleException in the model). */
function refuseManaged(rule: RuleState, force = false): void {
  if (rule.ManagedBy && !force) {
    // Wording: https://github.com/cloud-custodian/cloud-custodian/issues/10308
    throw new SimError(
      "ManagedRuleException",
      `${rule.Name} is a managed rule. Set 'force' parameter to true to override.`,
    );
  }
}

function ruleView(r: RuleState) {
  return {
    Name: r.Name,
    Arn: r.Arn,
    EventPattern: r.EventPattern,
    ScheduleExpression: r.ScheduleExpression,
    State: r.State,
    Description: r.Description,
    RoleArn: r.RoleArn,
    ManagedBy: r.ManagedBy,
    EventBusName: r.EventBusName,
  };
}

function targetView(t: Target) {
  return {
    ...t.parameters,
    Id: t.Id,
    Arn: t.Arn,
    RoleArn: t.RoleArn,
    Input: t.Input,
    InputPath: t.InputPath,
    DeadLetterConfig: t.DeadLetterConfig,
    RetryPolicy: t.RetryPolicy,
  };
}

/** ASCII order, as the listing APIs return names. */

function pageLimit(input: Input): number | undefined {
  return checkInt(inputs.num(input, "Limit"), "limit", 1, MAX_PAGE);
}

/**
 * "Using an expired pagination token results in an HTTP 400 InvalidToken error."
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html)
 */
const PAGE_OPTS = { defaultSize: MAX_PAGE, maxSize: MAX_PAGE, invalidTokenCode: "InvalidToken" };

// ---------------------------------------------------------------------------------------------------------------
// PutRule checks

/**
 * Schedule expressions: `rate(N unit)` with singular unit for 1 and plural otherwise, or a six-field `cron(...)`.
 * Anything else: "Parameter ScheduleExpression is not valid." (https://github.com/buildkite/buildkite-agent-scaler/pull/100,
 * https://github.com/cds-snc/notification-terraform/pull/344)
 */
function validSchedule(expr: string): boolean {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    const plural = (rate[2] ?? "").endsWith("s");
    return n > 0 && (n === 1 ? !plural : plural);
  }
  const cron = /^cron\((.+)\)$/.exec(expr);
  return cron !== null && (cron[1] ?? "").trim().split(/\s+/).length === 6;
}

function checkPattern(text: string): void {
  try {
    parseEventPattern(text);
  } catch (err) {
    if (err instanceof EventPatternError) {
      // "Event pattern is not valid. Reason: ..." (https://github.com/buildkite/docs/pull/896)
      throw new SimError(
        "InvalidEventPatternException",
        `Event pattern is not valid. Reason: ${err.message}`,
      );
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PutTargets checks

interface TargetResult {
  target?: Target;
  failure?: { TargetId: string; ErrorCode: string; ErrorMessage: string };
}

/**
 * Target members for particular kinds of target
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html): kept as given and listed back
 * by ListTargetsByRule. Nothing is delivered in the simulator, so keeping them is all AWS's answers show of them.
 */
export const TARGET_PARAMETERS = [
  "InputTransformer",
  "KinesisParameters",
  "RunCommandParameters",
  "EcsParameters",
  "BatchParameters",
  "SqsParameters",
  "HttpParameters",
  "RedshiftDataParameters",
  "SageMakerPipelineParameters",
  "AppSyncParameters",
] as const;

function targetParameters(t: Input): Record<string, unknown> | undefined {
  const given = TARGET_PARAMETERS.filter((k) => t[k] !== undefined && t[k] !== null);
  return given.length > 0 ? Object.fromEntries(given.map((k) => [k, t[k]])) : undefined;
}

function parseTarget(ctx: RequestContext, raw: unknown, i: number): TargetResult {
  const at = `targets.${i + 1}.member`;
  const t = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Input) : {};
  const id = checkString(inputs.str(t, "Id"), `${at}.id`, {
    required: true,
    min: 1,
    max: 64,
    pattern: NAME,
    patternText: NAME_RE,
  }) as string;
  const arn = checkString(inputs.str(t, "Arn"), `${at}.arn`, { required: true, min: 1, max: 1600 }) as string;
  const roleArn = checkString(inputs.str(t, "RoleArn"), `${at}.roleArn`, { min: 1, max: 1600 });
  const inputText = checkString(inputs.str(t, "Input"), `${at}.input`, { max: 8192 });
  const inputPath = checkString(inputs.str(t, "InputPath"), `${at}.inputPath`, { max: 256 });

  const dlc = inputs.obj(t, "DeadLetterConfig");
  const dlqArn = dlc
    ? checkString(inputs.str(dlc, "Arn"), `${at}.deadLetterConfig.arn`, { min: 1, max: 1600 })
    : undefined;
  // "EventBridge DLQs are standard Amazon SQS queues" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
  // Assumed: any other ARN fails the whole request with ValidationException.
  if (dlqArn !== undefined && !/^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(dlqArn)) {
    throw new SimError(
      "ValidationException",
      `Parameter DeadLetterConfig.Arn is not valid: ${dlqArn} is not an Amazon SQS queue ARN.`,
    );
  }

  const rp = inputs.obj(t, "RetryPolicy");
  // RetryPolicy ranges from the model: MaximumRetryAttempts 0-185, MaximumEventAgeInSeconds 60-86400.
  const retry = rp
    ? {
        MaximumRetryAttempts: checkInt(
          inputs.num(rp, "MaximumRetryAttempts"),
          `${at}.retryPolicy.maximumRetryAttempts`,
          0,
          185,
        ),
        MaximumEventAgeInSeconds: checkInt(
          inputs.num(rp, "MaximumEventAgeInSeconds"),
          `${at}.retryPolicy.maximumEventAgeInSeconds`,
          60,
          86400,
        ),
      }
    : undefined;

  // "Input, InputPath, and InputTransformer are not available with PutTarget if the target is an event bus of a
  // different Amazon Web Services account." (PutTargets API reference). Assumed: reported per entry.
  const bus = /^arn:aws[\w-]*:events:[^:]+:(\d{12}):event-bus\//.exec(arn);
  if (
    bus &&
    bus[1] !== ctx.account.id &&
    (inputText !== undefined || inputPath !== undefined || t.InputTransformer)
  ) {
    return {
      failure: {
        TargetId: id,
        ErrorCode: "ValidationException",
        ErrorMessage:
          "Input, InputPath and InputTransformer are not available for an event bus in another account.",
      },
    };
  }
  return {
    target: {
      Id: id,
      Arn: arn,
      RoleArn: roleArn,
      Input: inputText,
      InputPath: inputPath,
      DeadLetterConfig: dlqArn !== undefined ? { Arn: dlqArn } : undefined,
      RetryPolicy: retry,
      parameters: targetParameters(t),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

export const eventbridge: ServiceDef = {
  signingName: "events",
  protocols: ["json"],
  targetPrefix: "AWSEvents",
  jsonVersion: "1.1",
  eventSource: "events.amazonaws.com",
  throttling: { code: "ThrottlingException", message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "ValidationException",
  // EventBridge model (@aws-sdk/client-eventbridge): no error carries an httpError, so every client error is 400;
  // ValidationException and InvalidToken are not modelled ("an HTTP 400 InvalidToken error", ListTargetsByRule).
  errors: {
    AccessDeniedException: 400,
    InvalidEventPatternException: 400,
    InvalidToken: 400,
    LimitExceededException: 400,
    ManagedRuleException: 400,
    ResourceNotFoundException: 400,
    ThrottlingException: 400,
    ValidationException: 400,
  },
  operations: {
    ListRules: {
      members: { honoured: ["NamePrefix", "EventBusName", "NextToken", "Limit"] },
      rate: "api",
      handler: (ctx, input) => {
        const prefix = checkString(inputs.str(input, "NamePrefix"), "namePrefix", {
          min: 1,
          max: 64,
          pattern: NAME,
          patternText: NAME_RE,
        });
        const limit = pageLimit(input);
        const bus = resolveBus(ctx, input);
        const rules = [...ctx.regionState.rules.values()]
          .filter((r) => r.EventBusName === bus && (prefix === undefined || r.Name.startsWith(prefix)))
          .sort((a, b) => ascii(a.Name, b.Name));
        const { page, nextToken } = paginate(
          rules,
          inputs.str(input, "NextToken"),
          limit,
          `events:ListRules:${bus}:${prefix ?? ""}`,
          PAGE_OPTS,
        );
        return { Rules: page.map(ruleView), NextToken: nextToken };
      },
    },

    DescribeRule: {
      members: { honoured: ["Name", "EventBusName"] },
      rate: "api",
      handler: (ctx, input) => {
        const name = ruleName(input, "Name", "name");
        const rule = getRule(ctx, resolveBus(ctx, input), name);
        return { ...ruleView(rule), CreatedBy: rule.CreatedBy };
      },
    },

    ListTargetsByRule: {
      members: { honoured: ["Rule", "EventBusName", "NextToken", "Limit"] },
      rate: "api",
      handler: (ctx, input) => {
        const name = ruleName(input, "Rule", "rule");
        const limit = pageLimit(input);
        const bus = resolveBus(ctx, input);
        const rule = getRule(ctx, bus, name);
        const { page, nextToken } = paginate(
          rule.targets,
          inputs.str(input, "NextToken"),
          limit,
          `events:ListTargetsByRule:${bus}:${name}`,
          PAGE_OPTS,
        );
        return { Targets: page.map(targetView), NextToken: nextToken };
      },
    },

    PutRule: {
      members: {
        honoured: [
          "Name",
          "ScheduleExpression",
          "EventPattern",
          "State",
          "Description",
          "RoleArn",
          "Tags",
          "EventBusName",
        ],
      },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Name", "name");
        const schedule = checkString(inputs.str(input, "ScheduleExpression"), "scheduleExpression", {
          max: 256,
        });
        const pattern = inputs.str(input, "EventPattern");
        const stateIn = inputs.str(input, "State");
        if (stateIn !== undefined && !(STATES as readonly string[]).includes(stateIn)) {
          throw invalid("state", stateIn, `Member must satisfy enum value set: [${STATES.join(", ")}]`);
        }
        const description = checkString(inputs.str(input, "Description"), "description", { max: 512 });
        const roleArn = checkString(inputs.str(input, "RoleArn"), "roleArn", { min: 1, max: 1600 });
        const bus = resolveBus(ctx, input);
        if (pattern === undefined && schedule === undefined) {
          // https://github.com/awsdocs/aws-cloudformation-user-guide/pull/456
          throw new SimError(
            "ValidationException",
            "Parameter(s) EventPattern or ScheduleExpression must be specified.",
          );
        }
        if (pattern !== undefined) checkPattern(pattern);
        if (schedule !== undefined) {
          if (!validSchedule(schedule)) {
            throw new SimError("ValidationException", "Parameter ScheduleExpression is not valid.");
          }
          if (stateIn === "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
            // https://github.com/hashicorp/terraform-provider-aws/issues/34988
            throw new SimError(
              "ValidationException",
              "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS rule state is not supported with scheduled rule expressions.",
            );
          }
          // Scheduled rules run only on the default bus (EventBridge user guide, eb-create-rule-schedule.html).
          if (bus !== "default") {
            throw new SimError(
              "ValidationException",
              "ScheduleExpression is supported only on the default event bus.",
            );
          }
        }
        const key = ruleKey(bus, name);
        const existing = ctx.regionState.rules.get(key);
        if (existing) refuseManaged(existing);
        const arn =
          bus === "default"
            ? `${arnPrefix(ctx.world)}events:${ctx.region}:${ctx.account.id}:rule/${name}`
            : `${arnPrefix(ctx.world)}events:${ctx.region}:${ctx.account.id}:rule/${bus}/${name}`;
        // "If you omit arguments in PutRule, the old values for those arguments are not kept" and tags given on an
        // update are ignored (PutRule API reference); a rule is enabled unless State says otherwise.
        const tags: Record<string, string> = {};
        for (const t of inputs.list<{ Key?: string; Value?: string }>(input, "Tags") ?? []) {
          if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
        }
        ctx.regionState.rules.set(key, {
          Name: name,
          Arn: arn,
          EventBusName: bus,
          EventPattern: pattern,
          ScheduleExpression: schedule,
          State: (stateIn as RuleState["State"] | undefined) ?? "ENABLED",
          Description: description,
          RoleArn: roleArn,
          ManagedBy: undefined,
          CreatedBy: existing?.CreatedBy ?? ctx.account.id,
          targets: existing?.targets ?? [],
          tags: existing ? existing.tags : tags,
        });
        return { RuleArn: arn };
      },
    },

    PutTargets: {
      members: { honoured: ["Rule", "Targets", "EventBusName"] },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Rule", "rule");
        const raw = inputs.list(input, "Targets");
        if (raw === undefined) throw invalid("targets", undefined, "Member must not be null");
        // TargetList: 1-100 members in the model.
        if (raw.length < 1 || raw.length > 100) {
          throw invalid(
            "targets",
            `[${raw.length} targets]`,
            raw.length < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 100",
          );
        }
        const parsed = raw.map((t, i) => parseTarget(ctx, t, i));
        const bus = resolveBus(ctx, input);
        const rule = getRule(ctx, bus, name);
        refuseManaged(rule);
        const merged = new Map(rule.targets.map((t) => [t.Id, t]));
        for (const p of parsed) if (p.target) merged.set(p.target.Id, p.target);
        if (merged.size > MAX_TARGETS_PER_RULE) {
          throw new SimError(
            "LimitExceededException",
            `The requested resource exceeds the maximum number allowed. A rule can have at most ${MAX_TARGETS_PER_RULE} targets.`,
          );
        }
        rule.targets = [...merged.values()];
        const failed = parsed.flatMap((p) => (p.failure ? [p.failure] : []));
        return { FailedEntryCount: failed.length, FailedEntries: failed };
      },
    },

    RemoveTargets: {
      members: { honoured: ["Rule", "Ids", "EventBusName", "Force"] },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Rule", "rule");
        const ids = inputs.list<unknown>(input, "Ids");
        if (ids === undefined) throw invalid("ids", undefined, "Member must not be null");
        if (ids.length < 1 || ids.length > 100) {
          throw invalid(
            "ids",
            `[${ids.length} ids]`,
            ids.length < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 100",
          );
        }
        const wanted = new Set(
          ids.map(
            (id, i) =>
              checkString(String(id), `ids.${i + 1}.member`, {
                min: 1,
                max: 64,
                pattern: NAME,
                patternText: NAME_RE,
              }) as string,
          ),
        );
        const bus = resolveBus(ctx, input);
        const rule = getRule(ctx, bus, name);
        refuseManaged(rule, inputs.bool(input, "Force") === true);
        // Ids that are not targets of the rule are ignored (assumed: no failed entry for them).
        rule.targets = rule.targets.filter((t) => !wanted.has(t.Id));
        return { FailedEntryCount: 0, FailedEntries: [] };
      },
    },

    EnableRule: {
      members: { honoured: ["Name", "EventBusName"] },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Name", "name");
        const rule = getRule(ctx, resolveBus(ctx, input), name);
        refuseManaged(rule);
        // Assumed: enabling keeps ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS rather than narrowing it to ENABLED.
        if (rule.State !== "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") rule.State = "ENABLED";
        return {};
      },
    },

    DisableRule: {
      members: { honoured: ["Name", "EventBusName"] },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Name", "name");
        const rule = getRule(ctx, resolveBus(ctx, input), name);
        refuseManaged(rule);
        rule.State = "DISABLED";
        return {};
      },
    },

    DeleteRule: {
      members: { honoured: ["Name", "EventBusName", "Force"] },
      rate: "api",
      write: true,
      handler: (ctx, input) => {
        const name = ruleName(input, "Name", "name");
        const bus = resolveBus(ctx, input);
        // "If you call delete rule multiple times for the same rule, all calls will succeed. When you call delete
        // rule for a non-existent custom eventbus, ResourceNotFoundException is returned." (DeleteRule API reference)
        const rule = ctx.regionState.rules.get(ruleKey(bus, name));
        if (!rule) return {};
        refuseManaged(rule, inputs.bool(input, "Force") === true);
        if (rule.targets.length > 0) {
          // https://github.com/getmoto/moto/pull/5056 (verified against AWS there)
          throw new SimError("ValidationException", "Rule can't be deleted since it has targets.");
        }
        ctx.regionState.rules.delete(ruleKey(bus, name));
        return {};
      },
    },

    TestEventPattern: {
      members: { honoured: ["EventPattern", "Event"] },
      rate: "api",
      handler: (_ctx, input) => {
        const pattern = inputs.str(input, "EventPattern");
        const event = inputs.str(input, "Event");
        if (pattern === undefined) throw invalid("eventPattern", pattern, "Member must not be null");
        if (event === undefined) throw invalid("event", event, "Member must not be null");
        try {
          return { Result: testEventPattern(pattern, event) };
        } catch (err) {
          if (err instanceof EventPatternError) {
            throw new SimError(
              "InvalidEventPatternException",
              `Event pattern is not valid. Reason: ${err.message}`,
            );
          }
          // Assumed wording and code for an event without the required envelope fields.
          if (err instanceof InvalidEventError) {
            throw new SimError("ValidationException", `Parameter Event is not valid. Reason: ${err.message}`);
          }
          throw err;
        }
      },
    },
  },
};
