import { defineCheck } from "../../src/engine/check.ts";
import { reportTrailProperty } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.log-file-validation",
    title: "The logging trail of every region validates its log files",
    severity: "medium",
    scope: "account",
    rationale:
      "Log file validation writes signed digest files, so an investigator can prove that no log file was altered or deleted after delivery. Without it, an intruder with write access to the bucket can rewrite history undetected, and the archive loses its value as evidence.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { archive: "degrades" },
    messages: {
      covered: "The {kind} trail {trail} validates its log files in {regions}.",
      noLoggingTrail:
        "No logging trail applies to any scanned region (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable: "The region's trails could not be listed ({code}): log file validation is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): log file validation in {regions} is unknown.",
      validationOff:
        "The {kind} trail {trail}, relied on in {regions}, does not validate its log files: tampering with the archive cannot be detected.",
    },
  },
  evaluate(ctx) {
    reportTrailProperty(ctx, {
      judge: (t) =>
        t.summary.logFileValidationEnabled ? { has: true } : { has: false, reason: "validationOff" },
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
