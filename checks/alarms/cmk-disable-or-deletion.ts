import { defineAlarmControl } from "../../src/alarms/control.ts";
import { apiCall, controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "cmk-disable-or-deletion",
  cis: "4.7",
  title:
    "A metric filter and alarm notify a confirmed subscriber of KMS keys disabled or scheduled for deletion (CIS 4.7)",
  subject: "disabling or scheduled deletion of customer managed KMS keys",
  rationale:
    "Data encrypted under a disabled or deleted KMS key becomes unreadable: an outage, or ransom. The alarm must fire for DisableKey and ScheduleKeyDeletion from KMS, and the CIS pattern pins the KMS event source so the same names from elsewhere do not count.",
  metricName: "DisableOrDeleteCMK",
  canonicalPattern:
    "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
  positives: controlCallSamples("cmk-disable-or-deletion"),
  negatives: [
    ...readSamples("kms.amazonaws.com", ["DescribeKey", "ListKeys"]),
    // Constructed: no other AWS service records a DisableKey today; it checks that the filter pins the KMS event source as CIS does.
    {
      name: "DisableKey from payment-cryptography.amazonaws.com",
      record: apiCall("payment-cryptography.amazonaws.com", "DisableKey", "eu-west-1"),
    },
  ],
});

export default control.check;
