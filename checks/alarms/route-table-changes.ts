import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "route-table-changes",
  cis: "4.13",
  title: "A metric filter and alarm notify a confirmed subscriber of route table changes (CIS 4.13)",
  subject: "route table changes",
  rationale:
    "A changed route can send a subnet's traffic through an attacker's appliance or out of a gateway it should not reach. The alarm must fire for every route table change CIS names.",
  metricName: "RouteTableChanges",
  canonicalPattern:
    "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
  positives: controlCallSamples("route-table-changes"),
  negatives: [...readSamples("ec2.amazonaws.com", ["DescribeRouteTables"])],
});

export default control.check;
