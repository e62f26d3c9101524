import type { FindingData } from "../../src/engine/check.ts";
import { defineCheck } from "../../src/engine/check.ts";
import {
  ALL_MANAGEMENT_EVENTS,
  analyzeForwarding,
  readSamples,
  ruleEvidence,
  writeSamples,
} from "../../src/engine/forwarding.ts";
import {
  FORWARDING_REMEDIATION,
  forwardingRegion,
  reportGap,
  reportUnknown,
  ruleNames,
  rulesFix,
  rulesOf,
  rulesResource,
} from "../../src/engine/forwarding-report.ts";

/**
 * Only when baseline.forwarding.requireReadEvents: the enabled rules targeting the destination together receive
 * every read-only sample (READ_API_CALLS), which takes both a pattern that matches them and the state
 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (ENABLED never sees Describe*, Get*, List* events). Not applicable
 * when nothing forwards write events either: eventbridge.cloudtrail-forwarding reports that.
 */
export default defineCheck({
  meta: {
    id: "eventbridge.read-events-forwarding",
    title: "The forwarding rules also forward read-only management events, when the baseline requires them",
    severity: "low",
    scope: "region",
    rationale:
      "Reconnaissance (ListBuckets, GetSecretValue, DescribeInstances) is read-only. EventBridge offers read-only CloudTrail events only to rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS; a forwarding rule left ENABLED silently drops them, however broad its pattern.",
    permissions: ["events:ListRules", "events:ListTargetsByRule"],
    remediationIds: [FORWARDING_REMEDIATION],
    paths: { fast: "degrades" },
    messages: {
      forwarded: "{rules} forward all {sampleCount} read-only samples to {destination}.",
      notRequired: "Read-only events are not required (baseline.forwarding.requireReadEvents is false).",
      noForwardingRule:
        "No rule forwards CloudTrail API-call events to {destination} here (eventbridge.cloudtrail-forwarding reports it).",
      readEventsNotEnabled: `The rule {rule} forwards to {destination} in state {state}, which receives no read-only management event (${ALL_MANAGEMENT_EVENTS} is needed).`,
      patternExcludesReads:
        "The patterns of the forwarding rules ({rules}) match none of the {sampleCount} read-only samples.",
      partialMatch:
        "The forwarding rules ({rules}) miss {missedCount} of {sampleCount} read-only samples, e.g. {missedExamples}.",
      wrongTarget:
        "The rule {rule} receives read-only events but its targets ({targets}) do not include {destination}.",
      rulesUnreadable: "The rules of the default bus could not be listed ({code}).",
      targetsUnreadable:
        "The targets of the rule {rule} could not be read ({code}): whether it forwards read-only events to {destination} is unknown.",
      patternUnparsable:
        "The event pattern of the rule {rule} could not be parsed ({path}: {error}): what it forwards is unknown.",
    },
  },
  evaluate(ctx) {
    const at = forwardingRegion(ctx);
    const { account, region, here, destination } = at;
    const fwd = ctx.baseline.forwarding;
    const base: FindingData = { destination: at.shown };
    if (!fwd.requireReadEvents) {
      ctx.report({ status: "not_applicable", messageId: "notRequired", resource: here, data: base });
      return;
    }
    const rules = rulesOf(ctx, at);
    if (!rules) return;
    const opts = { account, region, destination, ruleName: fwd.ruleName };
    const reads = analyzeForwarding(rules, { ...opts, samples: readSamples(account, region) });
    const writes = analyzeForwarding(rules, { ...opts, samples: writeSamples(account, region) });
    const data: FindingData = { ...base, sampleCount: reads.samples.length };
    const forwardsWrites = new Set(writes.forwarders.map((w) => w.rule.arn));
    const evidence: Record<string, unknown> = {
      destination: destination ?? null,
      rules: reads.views
        .filter((v) => v.matches.length > 0 || forwardsWrites.has(v.rule.arn))
        .map(ruleEvidence),
      ...(reads.missed.length > 0 ? { missed: reads.missed } : {}),
    };
    const v = reads.verdict;

    if (v.kind === "forwarded") {
      ctx.report({
        status: "pass",
        messageId: "forwarded",
        resource: rulesResource(v.rules, at),
        data: { ...data, rules: ruleNames(v.rules) },
        evidence,
      });
      return;
    }
    // Nothing forwards reads, nor writes: the forwarding itself is missing, which is the other check's finding;
    // unless whether writes are forwarded is itself unknown.
    const nothingForwarded = reads.forwarders.length === 0 && writes.forwarders.length === 0;
    if (nothingForwarded && writes.verdict.kind !== "unknown") {
      ctx.report({ status: "not_applicable", messageId: "noForwardingRule", resource: here, data: base });
      return;
    }
    const unknown =
      v.kind === "unknown"
        ? v
        : nothingForwarded && writes.verdict.kind === "unknown"
          ? writes.verdict
          : undefined;
    if (unknown) {
      reportUnknown(ctx, unknown, data, evidence);
      return;
    }
    if (v.kind !== "gap") return;
    if (!reportGap(ctx, reads, v, at, { stateExcludes: "readEventsNotEnabled" }, data, evidence)) {
      // Writes are forwarded (else not applicable above), but no forwarding pattern matches any read.
      ctx.report({
        status: "fail",
        messageId: "patternExcludesReads",
        resource: rulesResource(writes.forwarders, at),
        data: { ...data, rules: ruleNames(writes.forwarders) },
        evidence,
        remediationId: rulesFix(writes.forwarders),
      });
    }
  },
});
