import { defineAlarmControl } from "../../src/alarms/control.ts";
import { consoleLogin, readCall } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "console-signin-without-mfa",
  cis: "4.2",
  title: "A metric filter and alarm notify a confirmed subscriber of console sign-ins without MFA (CIS 4.2)",
  subject: "console sign-ins without MFA",
  rationale:
    "A console password without a second factor is the credential phishing takes. The alarm must fire for a successful IAM-user sign-in without MFA and stay quiet for one with MFA; both the CIS text and Security Hub's narrower form (IAM users, successful sign-ins) do that.",
  metricName: "ConsoleSigninWithoutMFA",
  canonicalPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  positives: [
    {
      name: "ConsoleLogin by an IAM user without MFA",
      record: consoleLogin({ who: "iam-user", success: true, mfa: false }),
    },
    {
      name: "ConsoleLogin by an IAM user without MFA, eu-west-1 sign-in endpoint",
      record: consoleLogin({ who: "iam-user", success: true, mfa: false, region: "eu-west-1" }),
    },
  ],
  negatives: [
    {
      name: "ConsoleLogin by an IAM user with MFA",
      record: consoleLogin({ who: "iam-user", success: true, mfa: true }),
    },
    { name: "DescribeInstances (read)", record: readCall("ec2.amazonaws.com", "DescribeInstances") },
  ],
  // The CIS text counts these; Security Hub's form (&& userIdentity.type = IAMUser && ConsoleLogin = Success)
  // does not: root sign-ins are 4.3's, failures 4.6's, and federated users' MFA happens at their identity provider.
  tolerated: [
    {
      name: "failed ConsoleLogin by an IAM user without MFA",
      record: consoleLogin({ who: "iam-user", success: false, mfa: false }),
    },
    {
      name: "ConsoleLogin by a federated user",
      record: consoleLogin({ who: "federated", success: true, mfa: false }),
    },
    {
      name: "ConsoleLogin by root without MFA",
      record: consoleLogin({ who: "root", success: true, mfa: false }),
    },
  ],
});

export default control.check;
