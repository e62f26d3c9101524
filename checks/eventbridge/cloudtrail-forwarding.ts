import type { FindingData } from "../../src/engine/check.ts";
import { defineCheck } from "../../src/engine/check.ts";
import {
  analyzeForwarding,
  loggingTrailIn,
  ruleEvidence,
  writeSamples,
} from "../../src/engine/forwarding.ts";
import {
  FORWARDING_REMEDIATION,
  forwardingRegion,
  reportGap,
  reportUnknown,
  ruleNames,
  rulesOf,
  rulesResource,
} from "../../src/engine/forwarding-report.ts";
import { kindOf } from "../../src/engine/trails.ts";

/**
 * Passes when the enabled rules of the region's default bus that target the destination together match every
 * write sample (forwardingSamples: the CIS control calls and the tampering calls; IAM and Organizations only in
 * the partition's global-events region, us-east-1 in aws) and a logging trail feeds EventBridge there. Several rules may share the work (a rule per service is
 * as good as one for all). Without a configured destination any target counts: the check then asks only that the
 * events leave the region's bus somewhere. Rules are read in this account only: a rule in the management account
 * forwards nothing of a member's, whatever the organization trail does.
 */
export default defineCheck({
  meta: {
    id: "eventbridge.cloudtrail-forwarding",
    title: "Every region forwards CloudTrail API-call events to the central destination",
    severity: "high",
    scope: "region",
    rationale:
      "EventBridge rules work only in their own region, and they are the only path that reports an API call within seconds. A region without an enabled rule matching every monitored and tampering call, aimed at the central destination, is slow to detect at best; a pattern narrowed to one service or one that excludes StopLogging lets exactly the dangerous calls through.",
    permissions: [
      "events:ListRules",
      "events:ListTargetsByRule",
      "cloudtrail:DescribeTrails",
      "cloudtrail:GetTrailStatus",
    ],
    remediationIds: [FORWARDING_REMEDIATION],
    paths: { fast: "decides" },
    messages: {
      forwarded:
        "{rules} forward all {sampleCount} CloudTrail API-call samples to {destination}, fed by the {kind} trail {trail}.",
      noRule: "No enabled rule on the default bus forwards CloudTrail API-call events to {destination}.",
      ruleDisabled:
        "The rule {rule} matches CloudTrail API-call events for {destination} but its state is {state}: it forwards nothing.",
      partialMatch:
        "The forwarding rules ({rules}) miss {missedCount} of {sampleCount} CloudTrail API-call samples, e.g. {missedExamples}.",
      wrongTarget:
        "The rule {rule} matches CloudTrail API-call events but its targets ({targets}) do not include {destination}.",
      noLoggingTrail:
        "The rules forward to {destination}, but no logging trail covers this region, so EventBridge receives no CloudTrail event here (cloudtrail.multi-region-logging reports the trail).",
      rulesUnreadable: "The rules of the default bus could not be listed ({code}).",
      targetsUnreadable:
        "The targets of the rule {rule} could not be read ({code}): whether it forwards to {destination} is unknown.",
      patternUnparsable:
        "The event pattern of the rule {rule} could not be parsed ({path}: {error}): what it forwards is unknown.",
      trailsUnreadable:
        "The rules forward to {destination}, but the region's trails could not be listed ({code}): whether EventBridge receives CloudTrail events here is unknown.",
      trailStatusUnreadable:
        "The rules forward to {destination}, but the status of the trail {trail} could not be read ({code}): whether EventBridge receives CloudTrail events here is unknown.",
    },
  },
  evaluate(ctx) {
    const at = forwardingRegion(ctx);
    const rules = rulesOf(ctx, at);
    if (!rules) return;
    const { account, region, here, destination } = at;
    const a = analyzeForwarding(rules, {
      account,
      region,
      samples: writeSamples(account, region),
      destination,
      ruleName: ctx.baseline.forwarding.ruleName,
    });
    const trail = loggingTrailIn(ctx, region);
    const evidence: Record<string, unknown> = {
      destination: destination ?? null,
      sampleCount: a.samples.length,
      rules: a.views.filter((v) => v.matches.length > 0 || v.pattern?.ok === false).map(ruleEvidence),
      loggingTrail:
        trail.state === "logging"
          ? { arn: trail.trail.summary.arn, kind: kindOf(trail.trail.summary) }
          : trail.state === "none"
            ? "none"
            : { unknown: trail.error },
      ...(a.missed.length > 0 ? { missed: a.missed } : {}),
    };
    const base: FindingData = { destination: at.shown, sampleCount: a.samples.length };
    const v = a.verdict;

    if (v.kind === "unknown") {
      reportUnknown(ctx, v, base, evidence);
      return;
    }
    if (v.kind === "gap") {
      if (!reportGap(ctx, a, v, at, { stateExcludes: "ruleDisabled", targetCount: true }, base, evidence)) {
        ctx.report({ status: "fail", messageId: "noRule", resource: here, data: base, evidence });
      }
      return;
    }

    // The rules forward everything; whether CloudTrail feeds the bus at all is the trail's question.
    const data: FindingData = { ...base, rules: ruleNames(v.rules), ruleCount: v.rules.length };
    const resource = rulesResource(v.rules, at);
    if (trail.state === "logging") {
      ctx.report({
        status: "pass",
        messageId: "forwarded",
        resource,
        data: { ...data, trail: trail.trail.summary.name, kind: kindOf(trail.trail.summary) },
        evidence,
      });
    } else if (trail.state === "none") {
      // The fast path is blind, but its cause is the missing trail: cloudtrail.multi-region-logging fails for it
      // (and breaks the fast path in the coverage matrix), so the same gap is not counted twice.
      ctx.report({
        status: "not_applicable",
        messageId: "noLoggingTrail",
        resource: here,
        data,
        evidence,
        remediationId: null,
      });
    } else if (trail.trail) {
      ctx.report({
        status: "error",
        messageId: "trailStatusUnreadable",
        resource: trail.trail.summary.arn,
        data: { ...data, trail: trail.trail.summary.name, code: trail.error.code },
        evidence: { ...evidence, error: trail.error },
      });
    } else {
      ctx.report({
        status: "error",
        messageId: "trailsUnreadable",
        resource: here,
        data: { ...data, code: trail.error.code },
        evidence: { ...evidence, error: trail.error },
      });
    }
  },
});
