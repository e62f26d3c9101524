import { defineCheck } from "../../src/engine/check.ts";
import { managementCoverage, reportTrailProperty, selectorsOf } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.management-events",
    title: "The logging trail of every region captures all read and write management events",
    severity: "high",
    scope: "account",
    rationale:
      "Management events are the control-plane record of who changed (write) and who looked at (read) what. A trail that drops writes misses IAM, network and trail changes; one that drops reads misses reconnaissance (Describe*, List*, GetSecretValue); excluding kms.amazonaws.com or rdsdata.amazonaws.com hides key use and database queries. Every alarm and forwarding rule downstream only sees what the trail records.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
    remediationIds: ["cloudtrail.restore-event-selectors"],
    paths: { archive: "degrades", log: "degrades", alarm: "degrades" },
    messages: {
      covered: "The {kind} trail {trail} captures all read and write management events in {regions}.",
      noLoggingTrail:
        "No logging trail applies to any scanned region (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable:
        "The region's trails could not be listed ({code}): its management events are unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): whether management events are fully captured in {regions} is unknown.",
      writeOnly:
        "The {kind} trail {trail} records only write management events in {regions}: read events (Describe*, Get*, List*) are lost. Excluded sources: {excluded}.",
      readOnly:
        "The {kind} trail {trail} records only read management events in {regions}: changes (write events) are lost. Excluded sources: {excluded}.",
      excludedSources:
        "The {kind} trail {trail} does not record every management event in {regions}: excluded or narrowed by {excluded}.",
      managementEventsOff: "The {kind} trail {trail} records no management events in {regions}.",
    },
  },
  evaluate(ctx) {
    reportTrailProperty(ctx, {
      judge(t) {
        const selectors = selectorsOf(t);
        if (!selectors.ok) return { has: "unknown", error: selectors.error };
        const cov = managementCoverage(t.summary, selectors.value);
        if (cov.read === "full" && cov.write === "full") return { has: true };
        const reason =
          cov.read === "none" && cov.write === "none"
            ? "managementEventsOff"
            : cov.read === "none"
              ? "writeOnly"
              : cov.write === "none"
                ? "readOnly"
                : "excludedSources";
        return {
          has: false,
          reason,
          data: { read: cov.read, write: cov.write, excluded: cov.excluded.join(", ") || "none" },
          evidence: { selectors: selectors.value },
        };
      },
      remediationFor: () => "cloudtrail.restore-event-selectors",
    });
  },
});
