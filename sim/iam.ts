/**
 * Identity-based permission policies, evaluated per request as IAM does within one account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): every request starts
 * denied; an explicit Deny in any statement that applies wins; otherwise an Allow that applies allows; otherwise the
 * request stays implicitly denied. There are no resource-based policies, permission boundaries, session policies
 * or SCPs here (SCPs are AccessDenied fault rules), so an identity policy alone decides.
 *
 * What a statement may say is what the simulator can judge honestly: Effect, Action or NotAction (with `*` and `?`
 * wildcards, case-insensitive, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html),
 * and Resource. The simulator knows the resource of a request only where the action names it by ARN
 * (sts:AssumeRole: the role; iam:PassRole: the role passed), so a statement naming resources other than `*` must
 * be about those actions alone. Condition, NotResource and Principal are refused when the scenario is parsed,
 * rather than ignored.
 */
import { z } from "zod";
import type { Input } from "./protocol.ts";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  /** Exactly one of Action / NotAction. */
  Action?: string[];
  NotAction?: string[];
  Resource: string[];
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

const stringOrList = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** The actions whose resource the simulator knows (an ARN in the request); see resourceOf. */
const RESOURCE_ACTIONS = new Set(["sts:assumerole", "iam:passrole"]);

const statementSchema = z
  .strictObject({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList,
  })
  .superRefine((s, ctx) => {
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      ctx.addIssue({ code: "custom", message: "a statement has exactly one of Action and NotAction" });
    }
    for (const a of [...(s.Action ?? []), ...(s.NotAction ?? [])]) {
      if (a !== "*" && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/i.test(a)) {
        ctx.addIssue({ code: "custom", message: `action ${a} is not service:Action (wildcards * and ?)` });
      }
    }
    const specific = s.Resource.some((r) => r !== "*");
    const onlyResourceActions = (s.Action ?? []).every((a) => RESOURCE_ACTIONS.has(a.toLowerCase()));
    if (specific && (s.NotAction !== undefined || !onlyResourceActions)) {
      ctx.addIssue({
        code: "custom",
        message:
          "a Resource other than * is supported only in statements whose Action lists sts:AssumeRole or iam:PassRole " +
          "alone: the simulator does not know the resource of other requests, and refuses rather than guesses",
      });
    }
  });

/** A policy document as a scenario writes it: an object, or its JSON text. */
export const policyDocumentSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((v, ctx) => {
    try {
      return typeof v === "string" ? (JSON.parse(v) as unknown) : v;
    } catch {
      ctx.addIssue({ code: "custom", message: "policy is not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.strictObject({
      Version: z.enum(["2012-10-17", "2008-10-17"]).optional(),
      Id: z.string().optional(),
      Statement: z
        .union([statementSchema, z.array(statementSchema).min(1)])
        .transform((v) => (Array.isArray(v) ? v : [v])),
    }),
  )
  .transform((d): PolicyDocument => ({
    ...(d.Version ? { Version: d.Version } : {}),
    Statement: d.Statement,
  }));

/** IAM's wildcard match: `*` any run of characters, `?` any one character. */
function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s").test(value);
}

function statementApplies(s: PolicyStatement, action: string, resource: string | undefined): boolean {
  const actionMatches = s.Action
    ? s.Action.some((p) => wildcard(p, action, true))
    : !(s.NotAction ?? []).some((p) => wildcard(p, action, true));
  if (!actionMatches) return false;
  // A request whose resource the simulator does not know is matched only by `*` (parsing keeps other resources to
  // the actions it does know).
  return s.Resource.some((p) => p === "*" || (resource !== undefined && wildcard(p, resource, false)));
}

export type Decision = "allow" | "explicit-deny" | "implicit-deny";

export function evaluatePolicies(
  policies: readonly PolicyDocument[],
  action: string,
  resource?: string,
): Decision {
  const applying = policies.flatMap((p) => p.Statement).filter((s) => statementApplies(s, action, resource));
  if (applying.some((s) => s.Effect === "Deny")) return "explicit-deny";
  return applying.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

/**
 * IAM's service prefix of each simulated signing name: they differ only for CloudWatch, signed `monitoring`
 * and authorised `cloudwatch:` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
 */
export function iamPrefix(signingName: string): string {
  return signingName === "monitoring" ? "cloudwatch" : signingName;
}

/**
 * Operations IAM does not authorise: "No permissions are required to perform this operation"
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
const UNAUTHORISED = new Set(["sts:GetCallerIdentity"]);

const isSet = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== "" &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export interface Authorisation {
  action: string;
  resource?: string;
}

/**
 * What a request must be allowed: its own action, and the actions it depends on for what it sets.
 * - Tags on create are authorised as TagResource (AddTags for CloudTrail) too: "To create a log group with tags,
 *   you must have the logs:CreateLogGroup and logs:TagResource permissions"
 *   (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html); EventBridge
 *   PutRule with Tags (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html), CloudWatch
 *   PutMetricAlarm with Tags (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html),
 *   SNS CreateTopic with Tags (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html) and CloudTrail
 *   CreateTrail with TagsList (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html)
 *   likewise.
 * - A role handed to a service is passed, and passing needs iam:PassRole on that role
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html): a trail's CloudWatchLogsRoleArn,
 *   an EventBridge target's RoleArn, a subscription filter's roleArn.
 */
export function requiredAuthorisations(
  signingName: string,
  operation: string,
  input: Input,
): Authorisation[] {
  const key = `${signingName}:${operation}`;
  if (UNAUTHORISED.has(key)) return [];
  const prefix = iamPrefix(signingName);
  const own: Authorisation = { action: `${prefix}:${operation}` };
  if (key === "sts:AssumeRole") {
    const role = str(input.RoleArn);
    return [{ action: "sts:AssumeRole", ...(role ? { resource: role } : {}) }];
  }
  const out = [own];
  const pass = (role: unknown) => {
    const arn = str(role);
    if (arn) out.push({ action: "iam:PassRole", resource: arn });
  };
  switch (key) {
    case "cloudtrail:CreateTrail":
      if (isSet(input.TagsList)) out.push({ action: "cloudtrail:AddTags" });
      pass(input.CloudWatchLogsRoleArn);
      break;
    case "cloudtrail:UpdateTrail":
      pass(input.CloudWatchLogsRoleArn);
      break;
    case "events:PutRule":
      if (isSet(input.Tags)) out.push({ action: "events:TagResource" });
      break;
    case "events:PutTargets":
      for (const t of Array.isArray(input.Targets) ? (input.Targets as Input[]) : []) pass(t?.RoleArn);
      break;
    case "logs:CreateLogGroup":
      if (isSet(input.tags)) out.push({ action: "logs:TagResource" });
      break;
    case "logs:PutSubscriptionFilter":
      pass(input.roleArn);
      break;
    case "monitoring:PutMetricAlarm":
      if (isSet(input.Tags)) out.push({ action: "cloudwatch:TagResource" });
      break;
    case "sns:CreateTopic":
      if (isSet(input.Tags)) out.push({ action: "sns:TagResource" });
      break;
  }
  // One decision per distinct action and resource: several targets passing one role need it allowed once.
  return out.filter((a, i) => out.findIndex((b) => b.action === a.action && b.resource === a.resource) === i);
}

/** The first authorisation the policies do not allow, with why; undefined when all are allowed. */
export function firstDenied(
  policies: readonly PolicyDocument[],
  needs: readonly Authorisation[],
): { need: Authorisation; decision: Exclude<Decision, "allow"> } | undefined {
  for (const need of needs) {
    const decision = evaluatePolicies(policies, need.action, need.resource);
    if (decision !== "allow") return { need, decision };
  }
  return undefined;
}
