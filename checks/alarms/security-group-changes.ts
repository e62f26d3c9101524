import { defineAlarmControl } from "../../src/alarms/control.ts";
import { apiCall, controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "security-group-changes",
  cis: "4.10",
  title: "A metric filter and alarm notify a confirmed subscriber of security group changes (CIS 4.10)",
  subject: "security group changes",
  rationale:
    "Opening a security group is the shortest way to expose an instance or database to the internet. The alarm must fire for every security group change CIS names.",
  metricName: "SecurityGroupChanges",
  // The CIS v5.0 text, which adds ModifySecurityGroupRules to the v1.4 / v3.0 list.
  canonicalPattern:
    "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }",
  positives: controlCallSamples("security-group-changes"),
  negatives: [...readSamples("ec2.amazonaws.com", ["DescribeSecurityGroups", "DescribeSecurityGroupRules"])],
  tolerated: [
    // CIS v5.0 adds it; the v1.4 and v3.0 texts, still accepted, do not.
    {
      name: "ModifySecurityGroupRules",
      record: apiCall("ec2.amazonaws.com", "ModifySecurityGroupRules", "us-east-1"),
    },
  ],
});

export default control.check;
