import { defineAlarmControl } from "../../src/alarms/control.ts";
import { apiCall, controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "config-changes",
  cis: "4.9",
  title:
    "A metric filter and alarm notify a confirmed subscriber of AWS Config configuration changes (CIS 4.9)",
  subject: "AWS Config configuration changes",
  rationale:
    "Stopping the configuration recorder or removing its delivery channel ends the record of how resources changed. The alarm must fire for each of these AWS Config calls.",
  metricName: "AWSConfigChanges",
  canonicalPattern:
    "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
  positives: controlCallSamples("config-changes"),
  negatives: [
    ...readSamples("config.amazonaws.com", ["DescribeConfigurationRecorders", "DescribeDeliveryChannels"]),
    // Constructed: the same event name from another event source checks that the filter pins config.amazonaws.com as CIS does.
    {
      name: "PutConfigurationRecorder from ssm.amazonaws.com",
      record: apiCall("ssm.amazonaws.com", "PutConfigurationRecorder", "eu-west-1"),
    },
  ],
});

export default control.check;
