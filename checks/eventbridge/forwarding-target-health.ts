import type { FindingData } from "../../src/engine/check.ts";
import { defineCheck } from "../../src/engine/check.ts";
import { analyzeForwarding, eventBusOf, isEnabled, writeSamples } from "../../src/engine/forwarding.ts";
import {
  FORWARDING_REMEDIATION,
  fixFor,
  forwardingRegion,
  rulesOf,
} from "../../src/engine/forwarding-report.ts";

/**
 * Retries shorter than this drop events during an outage of the destination. EventBridge's default is 24 hours
 * and 185 attempts; the minimum it accepts is 60 seconds
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html). One hour is our judgement:
 * a central bus or queue unavailable for less than that should lose nothing.
 */
export const MIN_EVENT_AGE_SECONDS = 3600;
const DEFAULT_RETRY_ATTEMPTS = 185;
const DEFAULT_EVENT_AGE_SECONDS = 86_400;

/**
 * Judges each target that carries the forwarding: a target whose ARN is the destination (any target when none is
 * configured) on an enabled rule that receives at least one CloudTrail API-call sample. Whether those rules cover
 * every sample is eventbridge.cloudtrail-forwarding's question; without any such rule there is nothing to judge.
 */
export default defineCheck({
  meta: {
    id: "eventbridge.forwarding-target-health",
    title: "The forwarding target has a dead-letter queue, a role where needed, and retries",
    severity: "medium",
    scope: "region",
    rationale:
      "A forwarding rule delivers nothing when its target refuses the event: an event bus in another account granted to the organization rejects a target without RoleArn, and without retries or a dead-letter queue every throttled or failed delivery is lost without trace while the rule still looks healthy.",
    permissions: ["events:ListRules", "events:ListTargetsByRule"],
    remediationIds: [FORWARDING_REMEDIATION],
    paths: { fast: "degrades" },
    messages: {
      healthy:
        "The target {target} ({targetArn}) of the rule {rule} has a dead-letter queue, retries and the role it needs.",
      noForwardingRule:
        "No rule forwards CloudTrail API-call events to {destination} here (eventbridge.cloudtrail-forwarding reports it).",
      noDeadLetterQueue:
        "The target {target} ({targetArn}) of the rule {rule} has no dead-letter queue: events it fails to deliver are lost.",
      crossAccountWithoutRole:
        "The target {target} of the rule {rule} is an event bus in {busAccount}/{busRegion}, another {crossing}, without RoleArn: an organization-granted or cross-region bus rejects its events.",
      retriesDisabled:
        "The target {target} ({targetArn}) of the rule {rule} retries {maximumRetryAttempts} times for at most {maximumEventAgeInSeconds} s (at least 1 retry and {minEventAgeSeconds} s expected).",
      rulesUnreadable: "The rules of the default bus could not be listed ({code}).",
      targetsUnreadable:
        "The targets of the rule {rule}, which matches CloudTrail API-call events, could not be read ({code}).",
    },
  },
  evaluate(ctx) {
    const at = forwardingRegion(ctx);
    const rules = rulesOf(ctx, at);
    if (!rules) return;
    const { account, region, here, destination } = at;
    const fwd = ctx.baseline.forwarding;
    const a = analyzeForwarding(rules, {
      account,
      region,
      samples: writeSamples(account, region),
      destination,
      ruleName: fwd.ruleName,
    });
    // An enabled rule receiving samples whose targets are unknown may forward through a target nobody judged.
    const unread = a.views.filter((v) => isEnabled(v.rule.state) && v.receives.length > 0 && v.targetsError);
    for (const v of unread) {
      ctx.report({
        status: "error",
        messageId: "targetsUnreadable",
        resource: v.rule.arn,
        data: { rule: v.rule.name, code: v.targetsError!.code },
        evidence: { error: v.targetsError },
      });
    }
    if (a.forwarders.length === 0) {
      if (unread.length === 0) {
        ctx.report({
          status: "not_applicable",
          messageId: "noForwardingRule",
          resource: here,
          data: { destination: at.shown },
        });
      }
      return;
    }
    for (const v of a.forwarders) {
      const remediationId = fixFor(v);
      for (const t of v.forwarding ?? []) {
        const data: FindingData = { rule: v.rule.name, target: t.id, targetArn: t.arn };
        const evidence = {
          rule: v.rule.arn,
          target: {
            id: t.id,
            arn: t.arn,
            roleArn: t.roleArn ?? null,
            deadLetterArn: t.deadLetterArn ?? null,
            retryPolicy: t.retryPolicy ?? null,
            inputTransformed: t.inputTransformed,
          },
        };
        let healthy = true;
        const fail = (
          messageId: "noDeadLetterQueue" | "crossAccountWithoutRole" | "retriesDisabled",
          extra = {},
        ) => {
          healthy = false;
          ctx.report({
            status: "fail",
            messageId,
            resource: v.rule.arn,
            data: { ...data, ...extra },
            evidence,
            remediationId,
            // One rule, several targets, several failures each: each is its own finding.
            subject: `target/${t.id}/${messageId}`,
          });
        };
        if (fwd.requireDeadLetterQueue && !t.deadLetterArn) fail("noDeadLetterQueue");
        // PutPermission: a bus granted to the organization needs RoleArn on the sender's target; a bus in another
        // region needs one too (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html,
        // https://repost.aws/knowledge-center/eventbridge-centralized-bus-to-bus). We cannot see the bus policy, so
        // a bus granted to this account directly, which needs no role, fails as well.
        const bus = eventBusOf(t.arn);
        if (bus && !t.roleArn && (bus.account !== account || bus.region !== region)) {
          const crossing = [bus.account !== account ? "account" : "", bus.region !== region ? "region" : ""]
            .filter(Boolean)
            .join(" and ");
          fail("crossAccountWithoutRole", { busAccount: bus.account, busRegion: bus.region, crossing });
        }
        const attempts = t.retryPolicy?.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
        const age = t.retryPolicy?.maximumEventAgeInSeconds ?? DEFAULT_EVENT_AGE_SECONDS;
        if (attempts === 0 || age < MIN_EVENT_AGE_SECONDS) {
          fail("retriesDisabled", {
            maximumRetryAttempts: attempts,
            maximumEventAgeInSeconds: age,
            minEventAgeSeconds: MIN_EVENT_AGE_SECONDS,
          });
        }
        if (healthy) {
          ctx.report({
            status: "pass",
            messageId: "healthy",
            resource: v.rule.arn,
            data,
            evidence,
            subject: `target/${t.id}`,
          });
        }
      }
    }
  },
});
