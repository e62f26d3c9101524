/**
 * Whether an SNS topic's access policy lets CloudWatch publish an alarm's notifications: a small evaluator of the
 * IAM policy language for exactly one request — principal service cloudwatch.amazonaws.com, action sns:Publish, on
 * the topic, on behalf of the alarm. Pure.
 *
 * Evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an
 * explicit Deny that applies wins; else an Allow that applies allows; else the request is implicitly denied (a
 * service principal has no identity policy of its own, so the topic policy must allow it).
 * CloudWatch needs sns:Publish from cloudwatch.amazonaws.com, conditioned if at all on aws:SourceArn (the alarm)
 * or aws:SourceAccount (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
 * A topic without a custom policy keeps SNS's default, which allows Publish from any principal acting for the
 * owner account (`AWS:SourceOwner`); CloudWatch alarms of that account publish to such topics.
 */

export interface PublishRequest {
  topicArn: string;
  /** The alarm's account: aws:SourceAccount and SNS's AWS:SourceOwner. */
  sourceAccount: string;
  /** The alarm's ARN: aws:SourceArn. */
  sourceArn: string;
}

export type PolicyDecision =
  | { decision: "allow"; statement?: string; defaultPolicy?: true }
  | { decision: "deny"; reason: "explicitDeny" | "noAllow"; statement?: string }
  /** The policy uses something this evaluator does not model (a date or IP condition, ForAllValues, ...). */
  | { decision: "unknown"; reason: string; statement?: string };

const SERVICE = "cloudwatch.amazonaws.com";
const ACTION = "sns:publish";

type Tri = boolean | "unknown";
const and = (a: Tri, b: Tri): Tri =>
  a === false || b === false ? false : a === "unknown" || b === "unknown" ? "unknown" : true;

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

export function cloudWatchMayPublish(policy: string | undefined, req: PublishRequest): PolicyDecision {
  if (policy === undefined || policy.trim() === "") return { decision: "allow", defaultPolicy: true };
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return { decision: "unknown", reason: "the policy is not valid JSON" };
  }
  const raw = (doc as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Statement[];
  const judged = statements.map((s, i) => ({
    sid: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `#${i}`,
    effect: s.Effect,
    applies: applies(s, req),
  }));
  const deny = judged.filter((s) => s.effect === "Deny");
  const allow = judged.filter((s) => s.effect === "Allow");
  const denied = deny.find((s) => s.applies === true);
  if (denied) return { decision: "deny", reason: "explicitDeny", statement: denied.sid };
  const maybeDenied = deny.find((s) => s.applies === "unknown");
  if (maybeDenied)
    return { decision: "unknown", reason: "a Deny statement may apply", statement: maybeDenied.sid };
  const allowed = allow.find((s) => s.applies === true);
  if (allowed) return { decision: "allow", statement: allowed.sid };
  const maybeAllowed = allow.find((s) => s.applies === "unknown");
  if (maybeAllowed)
    return { decision: "unknown", reason: "an Allow statement may apply", statement: maybeAllowed.sid };
  return { decision: "deny", reason: "noAllow" };
}

function applies(s: Statement, req: PublishRequest): Tri {
  const principal = s.Principal !== undefined ? principalNames(s.Principal) : undefined;
  const notPrincipal = s.NotPrincipal !== undefined ? principalNames(s.NotPrincipal) : undefined;
  // Principal must name the service or everyone; NotPrincipal must not name it.
  const principalOk =
    principal !== undefined ? principal : notPrincipal !== undefined ? !notPrincipal : false;
  if (!principalOk) return false;
  const actionOk =
    s.Action !== undefined
      ? strings(s.Action).some((a) => glob(a, ACTION, true))
      : s.NotAction !== undefined
        ? !strings(s.NotAction).some((a) => glob(a, ACTION, true))
        : false;
  if (!actionOk) return false;
  const resourceOk =
    s.Resource !== undefined
      ? strings(s.Resource).some((r) => glob(r, req.topicArn, false))
      : s.NotResource !== undefined
        ? !strings(s.NotResource).some((r) => glob(r, req.topicArn, false))
        : true;
  if (!resourceOk) return false;
  return conditions(s.Condition, req);
}

/** Whether a Principal block names cloudwatch.amazonaws.com or everyone ("*" and {"AWS": "*"} are equivalent). */
function principalNames(p: unknown): boolean {
  if (p === "*") return true;
  if (typeof p !== "object" || p === null) return false;
  const block = p as Record<string, unknown>;
  if (strings(block.AWS).includes("*")) return true;
  return strings(block.Service).some((s) => s === SERVICE || s === "*");
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** IAM wildcards: `*` any run, `?` one character. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, ignoreCase ? "i" : "").test(value);
}

const UNKNOWABLE = Symbol("unknowable");

/** The request context of CloudWatch's Publish; keys not listed are absent from it. */
function contextValue(key: string, req: PublishRequest): string | undefined | typeof UNKNOWABLE {
  switch (key.toLowerCase()) {
    case "aws:sourceaccount":
    case "aws:sourceowner":
      return req.sourceAccount;
    case "aws:sourcearn":
      return req.sourceArn;
    case "aws:principalservicename":
      return SERVICE;
    case "aws:principalisawsservice":
    case "aws:securetransport":
      return "true";
    case "aws:currenttime":
    case "aws:epochtime":
    case "aws:requestedregion":
      return UNKNOWABLE;
    default:
      return undefined;
  }
}

const POSITIVE: Record<string, (actual: string, expected: string) => boolean> = {
  stringequals: (a, e) => a === e,
  stringequalsignorecase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  stringlike: (a, e) => glob(e, a, false),
  arnequals: (a, e) => a === e,
  arnlike: (a, e) => glob(e, a, false),
  bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
};
const NEGATED: Record<string, string> = {
  stringnotequals: "stringequals",
  stringnotequalsignorecase: "stringequalsignorecase",
  stringnotlike: "stringlike",
  arnnotequals: "arnequals",
  arnnotlike: "arnlike",
};

function conditions(block: unknown, req: PublishRequest): Tri {
  if (block === undefined) return true;
  if (typeof block !== "object" || block === null) return "unknown";
  let result: Tri = true;
  for (const [rawOperator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (typeof keys !== "object" || keys === null) return "unknown";
    for (const [key, expected] of Object.entries(keys as Record<string, unknown>)) {
      result = and(result, condition(rawOperator, key, strings(expected), req));
      if (result === false) return false;
    }
  }
  return result;
}

function condition(rawOperator: string, key: string, expected: string[], req: PublishRequest): Tri {
  let op = rawOperator.toLowerCase();
  // On a single-valued key ForAnyValue behaves as the plain operator; ForAllValues is not modelled.
  if (op.startsWith("forallvalues:")) return "unknown";
  if (op.startsWith("foranyvalue:")) op = op.slice("foranyvalue:".length);
  const ifExists = op.endsWith("ifexists");
  if (ifExists) op = op.slice(0, -"ifexists".length);
  const actual = contextValue(key, req);
  if (actual === UNKNOWABLE) return "unknown";
  if (op === "null") return expected.some((e) => (actual === undefined) === (e.toLowerCase() === "true"));
  const negatedOf = NEGATED[op];
  const compare = POSITIVE[negatedOf ?? op];
  if (!compare) return "unknown";
  // An absent key fails a positive operator and satisfies a negated one; ...IfExists is true when absent.
  if (actual === undefined) return ifExists || negatedOf !== undefined;
  const hit = expected.some((e) => compare(actual, e));
  return negatedOf !== undefined ? !hit : hit;
}
