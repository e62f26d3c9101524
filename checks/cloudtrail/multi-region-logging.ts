import { defineCheck } from "../../src/engine/check.ts";
import { byPreference, kindOf, statusOf, trailsInRegion } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.multi-region-logging",
    title: "A logging trail covers every enabled region",
    severity: "critical",
    scope: "region",
    rationale:
      "Without a logging trail in a region, API calls there reach no archive, no log group, no alarm and no EventBridge rule: the region is blind.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.start-logging", "cloudtrail.create-trail"],
    // Without a logging trail a region's API calls reach no path at all: not S3, not CloudWatch Logs, not EventBridge.
    paths: { archive: "decides", log: "breaks", alarm: "breaks", fast: "breaks" },
    messages: {
      covered: "The {kind} trail {trail} logs this region.",
      noTrail: "No trail covers this region.",
      trailStopped: "Trails cover this region but none is logging: {trails}.",
      statusUnreadable:
        "The status of {trail} could not be read ({code}): whether this region is logged is unknown.",
      trailsUnreadable: "The region's trails could not be listed ({code}).",
    },
  },
  evaluate(ctx) {
    const listed = trailsInRegion(ctx, ctx.region);
    const resource = `${ctx.inventory.accountId}/${ctx.region}`;
    if (!listed.ok) {
      ctx.report({
        status: "error",
        messageId: "trailsUnreadable",
        resource,
        data: { code: listed.error.code },
        evidence: { error: listed.error },
      });
      return;
    }
    const trails = [...listed.value].sort(byPreference);
    if (trails.length === 0) {
      ctx.report({
        status: "fail",
        messageId: "noTrail",
        resource,
        remediationId: "cloudtrail.create-trail",
      });
      return;
    }
    const logging = trails.find((t) => {
      const s = statusOf(t);
      return s.ok && s.value.isLogging;
    });
    if (logging) {
      ctx.report({
        status: "pass",
        messageId: "covered",
        resource: logging.summary.arn,
        data: { trail: logging.summary.name, kind: kindOf(logging.summary) },
      });
      return;
    }
    const unreadable = trails.find((t) => !statusOf(t).ok);
    if (unreadable) {
      const s = statusOf(unreadable);
      const error = s.ok ? undefined : s.error;
      ctx.report({
        status: "error",
        messageId: "statusUnreadable",
        resource: unreadable.summary.arn,
        data: { trail: unreadable.summary.name, code: error?.code ?? "Unknown" },
        evidence: { error },
      });
      return;
    }
    // Only a trail this account owns can be restarted from here; an organization trail needs its owner.
    const own = trails.find((t) => t.summary.ownerAccountId === ctx.inventory.accountId);
    ctx.report({
      status: "fail",
      messageId: "trailStopped",
      resource: (own ?? trails[0]!).summary.arn,
      data: { trails: trails.map((t) => `${t.summary.name} (${kindOf(t.summary)})`).join(", ") },
      evidence: {
        trails: trails.map((t) => ({
          arn: t.summary.arn,
          owner: t.summary.ownerAccountId,
          stopLoggingTime: (() => {
            const s = statusOf(t);
            return s.ok ? s.value.stopLoggingTime : undefined;
          })(),
        })),
      },
      remediationId: own ? "cloudtrail.start-logging" : null,
    });
  },
});
