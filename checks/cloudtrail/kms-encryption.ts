import { defineCheck } from "../../src/engine/check.ts";
import { reportTrailProperty } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.kms-encryption",
    title: "The logging trail of every region encrypts its logs with a KMS key",
    severity: "medium",
    scope: "account",
    rationale:
      "With SSE-KMS, reading the logs needs kms:Decrypt on the trail's key as well as s3:GetObject, and every decryption is itself logged. Logs under default S3 encryption are readable by anyone the bucket policy lets in, and they describe the whole estate: who has which role, which resources exist, which calls fail.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { archive: "degrades" },
    messages: {
      covered: "The {kind} trail {trail} encrypts its logs with a KMS key in {regions}.",
      noLoggingTrail:
        "No logging trail applies to any scanned region (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable: "The region's trails could not be listed ({code}): log encryption is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): log encryption in {regions} is unknown.",
      notEncrypted:
        "The {kind} trail {trail}, relied on in {regions}, does not encrypt its logs with a KMS key.",
    },
  },
  evaluate(ctx) {
    reportTrailProperty(ctx, {
      judge: (t) => (t.summary.kmsKeyId ? { has: true } : { has: false, reason: "notEncrypted" }),
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
