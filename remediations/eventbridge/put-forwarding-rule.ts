import { MIN_EVENT_AGE_SECONDS } from "../../checks/eventbridge/forwarding-target-health.ts";
import { fillArnTemplate, regionalArn } from "../../src/inventory/arn.ts";
import type { EventRule, RuleTarget } from "../../src/inventory/model.ts";
import {
  ALL_MANAGEMENT_EVENTS,
  analyzeForwarding,
  eventBusOf,
  readSamples,
  writeSamples,
} from "../../src/engine/forwarding.ts";
import type { PlanOutcome, RemediationContext } from "../../src/remediate/remediation.ts";
import { defineRemediation, tagList } from "../../src/remediate/remediation.ts";

/**
 * The target id wirewatch gives the destination. A rule bearing baseline.forwarding.ruleName is wirewatch's only
 * when every target it carries has this id: the inventory has neither the rule's tags nor its description, and
 * a same-named rule feeding something else is someone else's rule.
 */
export const TARGET_ID = "wirewatch-central";
/** Every CloudTrail API-call event, whatever its source (eventbridge.cloudtrail-forwarding's samples all match). */
export const EVENT_PATTERN = JSON.stringify({ "detail-type": ["AWS API Call via CloudTrail"] });
/** EventBridge's own defaults, spelled out so the target ends up the same whatever it carried before. */
export const RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };
const TARGET_HEALTH = "eventbridge.forwarding-target-health";

interface Wanted {
  account: string;
  region: string;
  destination: string;
  ruleName: string;
  roleArn?: string;
  deadLetterArn?: string;
  requireReadEvents: boolean;
  requireDeadLetterQueue: boolean;
}

/** What the change depends on, for the fingerprint: the rule it writes or enables, as read. */
function snapshot(rule: EventRule) {
  return {
    name: rule.name,
    arn: rule.arn,
    state: rule.state,
    eventPattern: rule.eventPattern ?? null,
    managedBy: rule.managedBy ?? null,
    targets: rule.targets
      ? rule.targets.ok
        ? rule.targets.value
        : { error: rule.targets.error.code }
      : null,
  };
}

/**
 * The target-health check's verdict on one target, limited to what wirewatch's own target would have: without a
 * dead-letter queue or role in the baseline, rewriting the target could not add them either.
 */
function healthy(t: RuleTarget, w: Wanted): boolean {
  if (w.requireDeadLetterQueue && w.deadLetterArn && !t.deadLetterArn) return false;
  const bus = eventBusOf(t.arn);
  const crosses = bus && (bus.account !== w.account || bus.region !== w.region);
  if (crosses && w.roleArn && !t.roleArn) return false;
  const attempts = t.retryPolicy?.maximumRetryAttempts ?? RETRY_POLICY.MaximumRetryAttempts;
  const age = t.retryPolicy?.maximumEventAgeInSeconds ?? RETRY_POLICY.MaximumEventAgeInSeconds;
  return attempts > 0 && age >= MIN_EVENT_AGE_SECONDS;
}

/**
 * Whether `rule`, were it in `state`, would pass all three eventbridge checks on its own: its pattern receives
 * every write sample (and every read sample when required) and each target aimed at the destination is healthy.
 */
function forwardsCorrectly(rule: EventRule, state: string, w: Wanted): boolean {
  const r = { ...rule, state };
  const opts = { account: w.account, region: w.region, destination: w.destination, ruleName: w.ruleName };
  const writes = analyzeForwarding([r], { ...opts, samples: writeSamples(w.account, w.region) });
  if (writes.verdict.kind !== "forwarded") return false;
  if (w.requireReadEvents) {
    const reads = analyzeForwarding([r], { ...opts, samples: readSamples(w.account, w.region) });
    if (reads.verdict.kind !== "forwarded") return false;
  }
  const toDestination = (rule.targets?.ok ? rule.targets.value : []).filter((t) => t.arn === w.destination);
  return toDestination.length > 0 && toDestination.every((t) => healthy(t, w));
}

/** Whether wirewatch may rewrite a rule bearing its rule name; a refusal says why not. */
function notOurs(rule: EventRule): string | undefined {
  if (rule.managedBy) {
    return `rule ${rule.name} is managed by ${rule.managedBy}: only that service may change it`;
  }
  if (!rule.targets) {
    return `a rule named ${rule.name} exists but matches no CloudTrail API call, so its targets were not read: wirewatch cannot tell it created it`;
  }
  if (!rule.targets.ok) {
    return `a rule named ${rule.name} exists but its targets could not be read (${rule.targets.error.code}): wirewatch cannot tell it created it`;
  }
  const foreign = rule.targets.value.filter((t) => t.id !== TARGET_ID).map((t) => t.id);
  if (foreign.length > 0) {
    return `a rule named ${rule.name} exists with targets wirewatch did not put (${foreign.join(", ")}): wirewatch did not create it and will not rewrite it`;
  }
  return undefined;
}

function enable(rule: EventRule, w: Wanted): PlanOutcome {
  return {
    action: "enable",
    region: w.region,
    resource: rule.arn,
    summary: `enable rule ${rule.name}, which forwards CloudTrail API calls to ${w.destination}`,
    calls: [{ service: "events", operation: "EnableRule", region: w.region, input: { Name: rule.name } }],
    state: { destination: w.destination, rule: snapshot(rule) },
  };
}

function put(existing: EventRule | undefined, w: Wanted, tags: Record<string, string>): PlanOutcome {
  const target: Record<string, unknown> = { Id: TARGET_ID, Arn: w.destination };
  if (w.roleArn) target.RoleArn = w.roleArn;
  if (w.deadLetterArn) target.DeadLetterConfig = { Arn: w.deadLetterArn };
  target.RetryPolicy = RETRY_POLICY;
  // Read events when required, and never fewer than the rule already receives.
  const state =
    w.requireReadEvents || existing?.state === ALL_MANAGEMENT_EVENTS ? ALL_MANAGEMENT_EVENTS : "ENABLED";
  return {
    action: existing ? "update" : "create",
    region: w.region,
    resource: regionalArn("events", w.region, w.account, `rule/${w.ruleName}`),
    summary: `${existing ? "rewrite" : "create"} rule ${w.ruleName} (${state}) forwarding every CloudTrail API call to ${w.destination}`,
    calls: [
      {
        service: "events",
        operation: "PutRule",
        region: w.region,
        input: {
          Name: w.ruleName,
          EventPattern: EVENT_PATTERN,
          State: state,
          Description: "Forwards every CloudTrail API-call event to the central destination (wirewatch).",
          // Honoured on creation only; PutRule ignores tags when it updates a rule.
          Tags: tagList(tags),
        },
      },
      {
        service: "events",
        operation: "PutTargets",
        region: w.region,
        input: { Rule: w.ruleName, Targets: [target] },
      },
    ],
    state: { destination: w.destination, rule: existing ? snapshot(existing) : null },
  };
}

export default defineRemediation({
  meta: {
    id: "eventbridge.put-forwarding-rule",
    title:
      "Create, rewrite or re-enable the rule that forwards CloudTrail API calls to the central destination",
    fixes: [
      "eventbridge.cloudtrail-forwarding",
      "eventbridge.forwarding-target-health",
      "eventbridge.read-events-forwarding",
    ],
    permissions: [
      "events:EnableRule",
      "events:PutRule",
      "events:PutTargets",
      "events:TagResource",
      "iam:PassRole",
    ],
    description:
      "Per region: when wirewatch's rule (baseline.forwarding.ruleName, every target with id wirewatch-central) exists and would forward everything once enabled, EnableRule; when it exists otherwise, PutRule and PutTargets rewrite it; when it does not, a DISABLED rule of anyone's that would forward everything once enabled is re-enabled (never otherwise edited), else PutRule creates the rule, tagged, matching every CloudTrail API-call event (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS when read events are required or the rule already had it) and PutTargets aims it at the destination with the baseline's role and dead-letter queue and EventBridge's default retries. Refuses without a destination, for managed rules, for a same-named rule with targets wirewatch did not put, and for target-health findings on rules wirewatch did not create.",
  },
  plan(ctx: RemediationContext) {
    const fwd = ctx.baseline.forwarding;
    const account = ctx.inventory.accountId;
    const region = ctx.finding.region;
    if (!fwd.destination) {
      return { refuse: "baseline.forwarding.destination is not set: there is nowhere to forward to" };
    }
    const rules = ctx.inventory.regions[region]?.rules;
    if (!rules?.ok) return { refuse: `the rules of the default bus in ${region} were not read` };
    const w: Wanted = {
      account,
      region,
      destination: fillArnTemplate(fwd.destination, { account, region }),
      ruleName: fwd.ruleName,
      ...(fwd.roleArn ? { roleArn: fillArnTemplate(fwd.roleArn, { account, region }) } : {}),
      ...(fwd.deadLetterQueueArn
        ? { deadLetterArn: fillArnTemplate(fwd.deadLetterQueueArn, { account, region }) }
        : {}),
      requireReadEvents: fwd.requireReadEvents,
      requireDeadLetterQueue: fwd.requireDeadLetterQueue,
    };
    const named = rules.value.find((r) => r.arn === ctx.finding.resource);
    if (named?.managedBy) {
      return {
        refuse: `rule ${named.name} is managed by ${named.managedBy}: only that service may change it`,
      };
    }
    if (ctx.finding.checkId === TARGET_HEALTH) {
      // Another rule of ours would not heal this one's target: it is judged on its own.
      if (named && named.name !== fwd.ruleName) {
        return {
          refuse: `rule ${named.name} was not created by wirewatch: its target is its owner's to fix (${ctx.finding.messageId})`,
        };
      }
      if (ctx.finding.messageId === "noDeadLetterQueue" && !w.deadLetterArn) {
        return {
          refuse:
            "baseline.forwarding.deadLetterQueueArn is not set: no dead-letter queue to give the target",
        };
      }
      if (ctx.finding.messageId === "crossAccountWithoutRole" && !w.roleArn) {
        return { refuse: "baseline.forwarding.roleArn is not set: no role to give the target" };
      }
    }

    // From here on the outcome depends on the region alone, so every finding of the region plans the same change.
    const ours = rules.value.find((r) => r.name === fwd.ruleName);
    if (ours) {
      const refusal = notOurs(ours);
      if (refusal) return { refuse: refusal };
      if (forwardsCorrectly(ours, ours.state, w)) {
        return {
          refuse: `rule ${ours.name} already forwards every CloudTrail API call to ${w.destination}: ${ctx.finding.checkId} ${ctx.finding.messageId} is about another rule`,
        };
      }
      // EnableRule sets ENABLED, which never receives read-only events.
      if (ours.state === "DISABLED" && !w.requireReadEvents && forwardsCorrectly(ours, "ENABLED", w)) {
        return enable(ours, w);
      }
      return put(ours, w, ctx.tags);
    }
    const dormant = rules.value
      .filter(
        (r) =>
          r.state === "DISABLED" &&
          !r.managedBy &&
          !w.requireReadEvents &&
          forwardsCorrectly(r, "ENABLED", w),
      )
      .sort((a, b) => a.name.localeCompare(b.name))[0];
    if (dormant) return enable(dormant, w);
    return put(undefined, w, ctx.tags);
  },
});
