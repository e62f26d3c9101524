import { defineCheck } from "../../src/engine/check.ts";
import { deliveryFreshness, reportTrailProperty, statusOf } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.s3-delivery",
    title: "The logging trail of every region delivers to S3, recently and without error",
    severity: "high",
    scope: "account",
    rationale:
      "A trail can report IsLogging while every delivery to its bucket fails (a bucket policy or KMS key policy changed, the bucket deleted): the archive - the record of last resort for investigations and audits - then silently stops growing.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { archive: "breaks" },
    messages: {
      covered: "The {kind} trail {trail} delivered to S3 {ageMinutes} minutes ago, for {regions}.",
      noLoggingTrail:
        "No logging trail applies to any scanned region (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable: "The region's trails could not be listed ({code}): S3 delivery is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): S3 delivery for {regions} is unknown.",
      deliveryError:
        "The {kind} trail {trail}, relied on in {regions}, fails to deliver to S3 (bucket {bucket}): {error}.",
      stale:
        "The {kind} trail {trail}, relied on in {regions}, last delivered to S3 {ageMinutes} minutes ago (at most {maxAgeMinutes} allowed).",
      awaitingDelivery:
        "The {kind} trail {trail} started logging {sinceMinutes} minutes ago, for {regions}; its first delivery to S3 (bucket {bucket}) is due within {maxAgeMinutes} minutes.",
      neverDelivered:
        "The {kind} trail {trail}, relied on in {regions}, has never delivered to S3 (bucket {bucket}).",
    },
  },
  evaluate(ctx) {
    const maxAgeMinutes = ctx.baseline.cloudtrail.s3DeliveryMaxAgeMinutes;
    reportTrailProperty(ctx, {
      judge(t) {
        const status = statusOf(t);
        if (!status.ok) return { has: "unknown", error: status.error };
        const s = status.value;
        const bucket = t.summary.s3BucketName ?? "unknown";
        const evidence = {
          latestDeliveryTime: s.latestDeliveryTime,
          latestDeliveryError: s.latestDeliveryError,
        };
        if (s.latestDeliveryError) {
          return {
            has: false,
            reason: "deliveryError",
            data: { bucket, error: s.latestDeliveryError },
            evidence,
          };
        }
        const fresh = deliveryFreshness(s.latestDeliveryTime, s.startLoggingTime, ctx.now, maxAgeMinutes);
        switch (fresh.state) {
          case "fresh":
            return { has: true, data: { bucket, ageMinutes: fresh.ageMinutes } };
          case "awaiting":
            return {
              has: true,
              message: "awaitingDelivery",
              data: { bucket, sinceMinutes: fresh.sinceMinutes, maxAgeMinutes },
            };
          case "never":
            return { has: false, reason: "neverDelivered", data: { bucket }, evidence };
          case "stale":
            return {
              has: false,
              reason: "stale",
              data: { bucket, ageMinutes: fresh.ageMinutes, maxAgeMinutes },
              evidence,
            };
        }
      },
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
