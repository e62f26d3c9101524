import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "network-gateway-changes",
  cis: "4.12",
  title: "A metric filter and alarm notify a confirmed subscriber of network gateway changes (CIS 4.12)",
  subject: "network gateway changes",
  rationale:
    "Attaching an internet gateway or a customer gateway opens a new way in or out of a VPC. The alarm must fire for every gateway change CIS names.",
  metricName: "NetworkGatewayChanges",
  canonicalPattern:
    "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
  positives: controlCallSamples("network-gateway-changes"),
  negatives: [...readSamples("ec2.amazonaws.com", ["DescribeInternetGateways", "DescribeCustomerGateways"])],
});

export default control.check;
