import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "iam-policy-changes",
  cis: "4.4",
  title: "A metric filter and alarm notify a confirmed subscriber of IAM policy changes (CIS 4.4)",
  subject: "IAM policy changes",
  rationale:
    "Creating, attaching or rewriting an IAM policy is how access is widened, by an administrator or by an intruder keeping a foothold. The alarm must fire for every policy change CIS names, whatever event source clause or ordering the filter uses, and not for the reads that look like them.",
  metricName: "IAMPolicyChanges",
  canonicalPattern:
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
  positives: controlCallSamples("iam-policy-changes"),
  negatives: [
    ...readSamples("iam.amazonaws.com", ["GetRolePolicy", "ListAttachedUserPolicies", "GetPolicyVersion"]),
  ],
});

export default control.check;
