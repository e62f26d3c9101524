import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "vpc-changes",
  cis: "4.14",
  title: "A metric filter and alarm notify a confirmed subscriber of VPC changes (CIS 4.14)",
  subject: "VPC changes",
  rationale:
    "New VPCs, peering connections and changed VPC attributes reshape what can reach what. The alarm must fire for every VPC change CIS names.",
  metricName: "VPCChanges",
  canonicalPattern:
    "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
  positives: controlCallSamples("vpc-changes"),
  negatives: [...readSamples("ec2.amazonaws.com", ["DescribeVpcs", "DescribeVpcAttribute"])],
});

export default control.check;
