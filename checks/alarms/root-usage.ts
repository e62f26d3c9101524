import { defineAlarmControl } from "../../src/alarms/control.ts";
import { ROOT_IDENTITY, apiCall, consoleLogin, rootCall } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "root-usage",
  cis: "4.3",
  title: "A metric filter and alarm notify a confirmed subscriber of any use of the root user (CIS 4.3)",
  subject: "use of the root user",
  rationale:
    "The root user cannot be restricted by IAM policy, so each use of it should reach a person. AWS services acting for root (invokedBy) and service events recorded under root are not a person using it, and the CIS pattern excludes them; a filter that drops those clauses alarms on them.",
  severity: "high",
  metricName: "RootAccountUsage",
  canonicalPattern:
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  positives: [
    { name: "ConsoleLogin by root", record: consoleLogin({ who: "root", success: true, mfa: true }) },
    {
      name: "failed ConsoleLogin by root",
      record: consoleLogin({ who: "root", success: false, mfa: false, region: "eu-west-1" }),
    },
    {
      name: "CreateAccessKey by root",
      record: rootCall({ eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" }),
    },
    {
      name: "RunInstances by root",
      record: rootCall({ eventSource: "ec2.amazonaws.com", eventName: "RunInstances" }, "ap-southeast-2"),
    },
  ],
  negatives: [
    {
      name: "Decrypt by root invoked by an AWS service",
      record: rootCall(
        { eventSource: "kms.amazonaws.com", eventName: "Decrypt", readOnly: true },
        "eu-west-1",
        {
          userIdentity: { invokedBy: "AWS Internal" },
        },
      ),
    },
    {
      // Sign-in records the root user's credential checks as service events.
      name: "CredentialVerification service event of root",
      record: apiCall("signin.amazonaws.com", "CredentialVerification", "us-east-1", {
        eventType: "AwsServiceEvent",
        userIdentity: ROOT_IDENTITY,
        requestParameters: null,
        readOnly: false,
      }),
    },
    {
      name: "ConsoleLogin by an IAM user",
      record: consoleLogin({ who: "iam-user", success: true, mfa: true }),
    },
    {
      name: "CreateAccessKey by a role",
      record: apiCall("iam.amazonaws.com", "CreateAccessKey"),
    },
  ],
});

export default control.check;
