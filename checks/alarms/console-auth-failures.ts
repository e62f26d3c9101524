import { defineAlarmControl } from "../../src/alarms/control.ts";
import { consoleLogin, failedCall, readCall } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "console-auth-failures",
  cis: "4.6",
  title:
    "A metric filter and alarm notify a confirmed subscriber of console authentication failures (CIS 4.6)",
  subject: "console authentication failures",
  rationale:
    "Repeated failed console sign-ins are password guessing in progress. The alarm must fire for a failed sign-in, whoever attempts it, and not for successful ones or for API calls that fail for other reasons.",
  metricName: "ConsoleSigninFailures",
  canonicalPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  positives: [
    {
      name: "failed ConsoleLogin by an IAM user",
      record: consoleLogin({ who: "iam-user", success: false, mfa: false }),
    },
    {
      name: "failed ConsoleLogin by root, eu-west-1 sign-in endpoint",
      record: consoleLogin({ who: "root", success: false, mfa: false, region: "eu-west-1" }),
    },
  ],
  negatives: [
    {
      name: "successful ConsoleLogin by an IAM user without MFA",
      record: consoleLogin({ who: "iam-user", success: true, mfa: false }),
    },
    {
      name: "successful ConsoleLogin by an IAM user with MFA",
      record: consoleLogin({ who: "iam-user", success: true, mfa: true, region: "eu-west-1" }),
    },
    {
      name: "GetBucketPolicy denied (AccessDenied)",
      record: failedCall(
        { eventSource: "s3.amazonaws.com", eventName: "GetBucketPolicy", readOnly: true },
        "AccessDenied",
        "Access Denied",
      ),
    },
    { name: "DescribeInstances (read)", record: readCall("ec2.amazonaws.com", "DescribeInstances") },
  ],
});

export default control.check;
