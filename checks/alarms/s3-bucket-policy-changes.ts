import { defineAlarmControl } from "../../src/alarms/control.ts";
import { apiCall, controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "s3-bucket-policy-changes",
  cis: "4.8",
  title: "A metric filter and alarm notify a confirmed subscriber of S3 bucket policy changes (CIS 4.8)",
  subject: "S3 bucket policy changes",
  rationale:
    "A bucket policy, ACL, CORS, lifecycle or replication change can expose or silently copy data. The alarm must fire for each change CIS names on S3 and not for the reads of the same settings.",
  metricName: "S3BucketPolicyChanges",
  canonicalPattern:
    "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
  positives: controlCallSamples("s3-bucket-policy-changes"),
  negatives: [
    ...readSamples("s3.amazonaws.com", ["GetBucketPolicy", "GetBucketAcl"]),
    // A directory bucket's policy (S3 Express One Zone records its own event source); CIS and Security Hub pin s3.amazonaws.com.
    {
      name: "PutBucketPolicy from s3express.amazonaws.com",
      record: apiCall("s3express.amazonaws.com", "PutBucketPolicy", "us-east-1"),
    },
  ],
});

export default control.check;
