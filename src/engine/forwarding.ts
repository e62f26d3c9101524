/**
 * The fast path's shared logic (docs/architecture.md): which rules on a region's default event bus forward
 * CloudTrail API-call events to the destination, and which sample events each misses. Rules are judged by what
 * their event patterns match — every pattern is evaluated against realistic "AWS API Call via CloudTrail" events
 * (src/samples/api-calls.ts) — and by their state, which decides whether EventBridge offers them an event at all.
 * Pure: the eventbridge.* checks turn these verdicts into findings.
 */
import { parseArn, type Arn } from "../inventory/arn.ts";
import type { CollectionError, EventRule, RuleTarget } from "../inventory/model.ts";
import type { EventPattern } from "../patterns/event-pattern.ts";
import { EventPatternError, matchesEventPattern, parseEventPattern } from "../patterns/event-pattern.ts";
import type { ApiCall } from "../samples/api-calls.ts";
import { READ_API_CALLS, apiCallEvent, forwardingSamples } from "../samples/api-calls.ts";
import type { EvaluationInput } from "./check.ts";
import type { AppliedTrail } from "./trails.ts";
import { byPreference, statusOf, trailsInRegion } from "./trails.ts";

export interface Sample {
  /** `<service>:<eventName>`, e.g. "cloudtrail:StopLogging". */
  key: string;
  call: ApiCall;
  /** The EventBridge event CloudTrail delivers for the call, in the scanned account and region. */
  event: Record<string, unknown>;
}

export function sampleKey(call: ApiCall): string {
  return `${call.eventSource.replace(/\.amazonaws\.com$/, "")}:${call.eventName}`;
}

const toSamples = (calls: readonly ApiCall[], account: string, region: string): Sample[] =>
  calls.map((call) => ({ key: sampleKey(call), call, event: apiCallEvent(call, { account, region }) }));

/** The write calls a forwarding rule must carry in `region` (global services only in the partition's global-events region). */
export function writeSamples(account: string, region: string): Sample[] {
  return toSamples(forwardingSamples(region), account, region);
}

/** Read-only management calls (Describe*, Get*, List*). */
export function readSamples(account: string, region: string): Sample[] {
  return toSamples(READ_API_CALLS, account, region);
}

export const ALL_MANAGEMENT_EVENTS = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

export function isEnabled(state: string): boolean {
  return state === "ENABLED" || state === ALL_MANAGEMENT_EVENTS;
}

/**
 * Whether EventBridge offers a rule in `state` the event of `call` at all: DISABLED nothing, ENABLED everything but
 * read-only CloudTrail management events, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS everything.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
 * (The read-only events ENABLED excludes are those named Describe*, Get*, List*, which all our read samples are.)
 */
export function stateReceives(state: string, call: ApiCall): boolean {
  if (state === ALL_MANAGEMENT_EVENTS) return true;
  if (state === "ENABLED") return call.readOnly !== true;
  return false;
}

/** The bus an `arn:aws:events:<region>:<account>:event-bus/<name>` ARN names, or undefined for other targets. */
export function eventBusOf(arn: string): { region: string; account: string; name: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== "events" || !p.resource.startsWith("event-bus/")) return undefined;
  return { region: p.region, account: p.account, name: p.resource.slice("event-bus/".length) };
}

/** Same service and resource type (an event bus and another bus, a queue and another queue). */
function sameKind(a: string, b: string): boolean {
  const pa = parseArn(a);
  const pb = parseArn(b);
  if (!pa || !pb) return false;
  const type = (r: string) => /^[^/:]+/.exec(r)?.[0] ?? r;
  // SQS and SNS resources are bare names; the service alone is the kind.
  const bare = (p: Arn) => p.service === "sqs" || p.service === "sns";
  return pa.service === pb.service && (bare(pa) || type(pa.resource) === type(pb.resource));
}

export type PatternRead =
  | { ok: true; pattern: EventPattern }
  | { ok: false; error: string; path: string }
  /** The rule has no event pattern (a schedule rule): it never sees an API-call event. */
  | undefined;

export function readPattern(rule: EventRule): PatternRead {
  if (rule.eventPattern === undefined) return undefined;
  try {
    return { ok: true, pattern: parseEventPattern(rule.eventPattern) };
  } catch (err) {
    if (err instanceof EventPatternError) return { ok: false, error: err.message, path: err.path };
    throw err;
  }
}

export interface RuleView {
  rule: EventRule;
  pattern: PatternRead;
  /** Keys of the samples the pattern matches, whatever the rule's state. */
  matches: string[];
  /** Keys of the samples EventBridge would deliver to the rule: pattern and state. */
  receives: string[];
  /** All targets, or undefined when they are unknown (see targetsError). */
  targets?: RuleTarget[];
  /**
   * The targets that carry the forwarding: those whose ARN is the destination, or every target when no destination
   * is configured. Undefined when the targets are unknown.
   */
  forwarding?: RuleTarget[];
  /** Why the targets are unknown: ListTargetsByRule failed or was not attempted for a rule that matches samples. */
  targetsError?: CollectionError;
  /**
   * Whether the rule looks like an attempt at forwarding, so that its flaws are the forwarding's: it bears the
   * baseline rule name, has no target, or targets the destination's kind (another bus when the destination is a
   * bus). A rule feeding a Lambda function or a queue for some other purpose is not blamed for not forwarding.
   */
  forwardingAttempt: boolean;
}

export interface ForwardingOptions {
  account: string;
  region: string;
  samples: readonly Sample[];
  /** The destination ARN, expanded; undefined: any target counts as forwarding. */
  destination?: string;
  /** The baseline's rule name (baseline.forwarding.ruleName). */
  ruleName?: string;
}

/**
 * - forwarded: the enabled rules targeting the destination together receive every sample (union: a rule per
 *   service is as good as one rule for all);
 * - unknown: a sample is missed, and a rule that might carry it could not be judged (its targets unread, or its
 *   pattern unparsable);
 * - gap: a sample is missed, and the nearest reason is, in this order: stateExcludes (a forwarding rule whose
 *   pattern matches the missed samples is in a state that does not receive them: DISABLED, or ENABLED for reads),
 *   wrongTarget (an enabled rule receives them but does not target the destination), partialMatch (the forwarding
 *   rules receive only some samples), noRule (nothing forwards any sample).
 */
export type ForwardingVerdict =
  | { kind: "forwarded"; rules: RuleView[] }
  | { kind: "unknown"; cause: "targetsUnreadable"; rule: RuleView; error: CollectionError }
  | { kind: "unknown"; cause: "patternUnparsable"; rule: RuleView; error: string; path: string }
  | { kind: "gap"; gap: "stateExcludes" | "wrongTarget" | "partialMatch" | "noRule"; rules: RuleView[] };

export interface ForwardingAnalysis {
  /** Sample keys, in sample order. */
  samples: string[];
  views: RuleView[];
  /** Enabled rules that forward at least one sample to the destination. */
  forwarders: RuleView[];
  /** Samples the forwarders carry, and those they miss, in sample order. */
  covered: string[];
  missed: string[];
  verdict: ForwardingVerdict;
}

export function viewRule(rule: EventRule, opts: ForwardingOptions): RuleView {
  const pattern = readPattern(rule);
  const matched = pattern?.ok
    ? opts.samples.filter((s) => matchesEventPattern(pattern.pattern, s.event))
    : [];
  const matches = matched.map((s) => s.key);
  const receives = matched.filter((s) => stateReceives(rule.state, s.call)).map((s) => s.key);
  const view: RuleView = { rule, pattern, matches, receives, forwardingAttempt: false };
  if (rule.targets?.ok) {
    view.targets = rule.targets.value;
    view.forwarding = rule.targets.value.filter((t) => !opts.destination || t.arn === opts.destination);
  } else if (rule.targets) {
    view.targetsError = rule.targets.error;
  } else if (matches.length > 0) {
    // Collection reads targets for every rule matching a sample (src/collect/eventbridge.ts isCandidate).
    view.targetsError = {
      service: "events",
      operation: "ListTargetsByRule",
      code: "NotCollected",
      message: "targets of a rule matching CloudTrail API-call events were not read",
      region: opts.region,
      resource: rule.arn,
    };
  }
  const destination = opts.destination;
  view.forwardingAttempt =
    rule.name === opts.ruleName ||
    view.targets === undefined ||
    view.targets.length === 0 ||
    (view.forwarding?.length ?? 0) > 0 ||
    (destination !== undefined && view.targets.some((t) => sameKind(t.arn, destination)));
  return view;
}

export function analyzeForwarding(rules: readonly EventRule[], opts: ForwardingOptions): ForwardingAnalysis {
  const samples = opts.samples.map((s) => s.key);
  const views = rules.map((r) => viewRule(r, opts));
  const forwarders = views.filter(
    (v) => isEnabled(v.rule.state) && v.receives.length > 0 && (v.forwarding?.length ?? 0) > 0,
  );
  const carried = new Set(forwarders.flatMap((v) => v.receives));
  const covered = samples.filter((k) => carried.has(k));
  const missed = samples.filter((k) => !carried.has(k));
  const result = { samples, views, forwarders, covered, missed };
  if (missed.length === 0) return { ...result, verdict: { kind: "forwarded", rules: forwarders } };

  const touches = (keys: readonly string[]) => keys.some((k) => missed.includes(k));
  const enabled = views.filter((v) => isEnabled(v.rule.state));
  const unread = enabled.find((v) => v.targetsError && touches(v.receives));
  if (unread?.targetsError) {
    return {
      ...result,
      verdict: { kind: "unknown", cause: "targetsUnreadable", rule: unread, error: unread.targetsError },
    };
  }
  // EventBridge accepted the pattern but our parser cannot read it: it may carry the missed samples, unless its
  // targets are known and none is the destination.
  const unparsable = enabled.find((v) => v.pattern?.ok === false && v.forwarding?.length !== 0);
  if (unparsable?.pattern?.ok === false) {
    const { error, path } = unparsable.pattern;
    return {
      ...result,
      verdict: { kind: "unknown", cause: "patternUnparsable", rule: unparsable, error, path },
    };
  }
  const blockedByState = views.filter(
    (v) =>
      v.forwardingAttempt &&
      v.matches.some((k) => missed.includes(k) && !v.receives.includes(k)) &&
      // A rule that does receive some missed samples but lacks the destination is a target problem, not a state one.
      !(v.receives.length > 0 && v.forwarding?.length === 0),
  );
  const gap = (g: "stateExcludes" | "wrongTarget" | "partialMatch" | "noRule", rs: RuleView[]) => ({
    ...result,
    verdict: { kind: "gap" as const, gap: g, rules: rs },
  });
  if (blockedByState.length > 0) return gap("stateExcludes", blockedByState);
  const wrongTarget = enabled.filter(
    (v) => v.forwardingAttempt && v.forwarding?.length === 0 && touches(v.receives),
  );
  if (wrongTarget.length > 0) return gap("wrongTarget", wrongTarget);
  if (forwarders.length > 0) return gap("partialMatch", forwarders);
  return gap("noRule", []);
}

export type LoggingTrail =
  | { state: "logging"; trail: AppliedTrail }
  | { state: "none"; trails: AppliedTrail[] }
  | { state: "unknown"; error: CollectionError; trail?: AppliedTrail };

/**
 * Whether a logging trail applies in the region: EventBridge receives CloudTrail events only when one does
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html). An organization
 * trail counts for its members: it delivers their events "to the same Amazon S3 bucket, CloudWatch Logs, and
 * Amazon EventBridge" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html;
 * that this satisfies EventBridge in every member region is our inference).
 */
export function loggingTrailIn(input: EvaluationInput, region: string): LoggingTrail {
  const listed = trailsInRegion(input, region);
  if (!listed.ok) return { state: "unknown", error: listed.error };
  const trails = [...listed.value].sort(byPreference);
  const logging = trails.find((t) => {
    const s = statusOf(t);
    return s.ok && s.value.isLogging;
  });
  if (logging) return { state: "logging", trail: logging };
  for (const t of trails) {
    const s = statusOf(t);
    if (!s.ok) return { state: "unknown", error: s.error, trail: t };
  }
  return { state: "none", trails };
}

/** A rule as findings show it in evidence. */
export function ruleEvidence(v: RuleView): Record<string, unknown> {
  return {
    name: v.rule.name,
    arn: v.rule.arn,
    state: v.rule.state,
    ...(v.rule.managedBy ? { managedBy: v.rule.managedBy } : {}),
    eventPattern: v.rule.eventPattern,
    receives: v.receives.length,
    ...(v.targets ? { targets: v.targets.map((t) => t.arn) } : {}),
    ...(v.targetsError ? { targetsError: v.targetsError } : {}),
  };
}

/** Up to `n` keys joined for a message, with a count of the rest. */
export function examples(keys: readonly string[], n = 3): string {
  const head = keys.slice(0, n).join(", ");
  return keys.length > n ? `${head} and ${keys.length - n} more` : head;
}
