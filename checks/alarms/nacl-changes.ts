import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "nacl-changes",
  cis: "4.11",
  title: "A metric filter and alarm notify a confirmed subscriber of network ACL changes (CIS 4.11)",
  subject: "network ACL changes",
  rationale:
    "Network ACLs are the subnet-level firewall; a changed entry can open or cut a whole subnet. The alarm must fire for every NACL change CIS names.",
  metricName: "NACLChanges",
  canonicalPattern:
    "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
  positives: controlCallSamples("nacl-changes"),
  negatives: [...readSamples("ec2.amazonaws.com", ["DescribeNetworkAcls"])],
});

export default control.check;
