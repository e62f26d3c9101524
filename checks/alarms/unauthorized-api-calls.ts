import { defineAlarmControl } from "../../src/alarms/control.ts";
import { failedCall, readCall } from "../../src/alarms/samples.ts";

const denied = (principal: string, action: string) =>
  `User: arn:aws:sts::123456789012:assumed-role/${principal} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;

export const control = defineAlarmControl({
  id: "unauthorized-api-calls",
  cis: "4.1",
  title: "A metric filter and alarm notify a confirmed subscriber of unauthorized API calls (CIS 4.1)",
  subject: "unauthorized API calls",
  rationale:
    "Denied calls are how stolen credentials probe an account and how a misconfigured workload shows itself. A filter written differently from the CIS text can be right, and one that looks like it can be wrong: the CIS v1.4 text ORs in `$.sourceIPAddress != delivery.logs.amazonaws.com` and so fires for almost every event, burying the denials in noise.",
  metricName: "UnauthorizedAPICalls",
  // Security Hub CloudWatch.2's two-clause form (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html).
  canonicalPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  positives: [
    {
      name: "RunInstances denied (Client.UnauthorizedOperation)",
      record: failedCall(
        { eventSource: "ec2.amazonaws.com", eventName: "RunInstances" },
        "Client.UnauthorizedOperation",
        "You are not authorized to perform this operation. Encoded authorization failure message: EXAMPLE",
        "eu-west-1",
      ),
    },
    {
      name: "GetBucketPolicy denied (AccessDenied)",
      record: failedCall(
        { eventSource: "s3.amazonaws.com", eventName: "GetBucketPolicy", readOnly: true },
        "AccessDenied",
        "Access Denied",
        "us-east-1",
      ),
    },
    {
      name: "CreateUser denied (AccessDenied)",
      record: failedCall(
        { eventSource: "iam.amazonaws.com", eventName: "CreateUser" },
        "AccessDenied",
        denied("Admin/alice", "iam:CreateUser"),
      ),
    },
    {
      name: "GetDatabases denied (AccessDeniedException)",
      record: failedCall(
        { eventSource: "glue.amazonaws.com", eventName: "GetDatabases", readOnly: true },
        "AccessDeniedException",
        denied("Analyst/bob", "glue:GetDatabases"),
        "ap-southeast-2",
      ),
    },
  ],
  negatives: [
    { name: "DescribeInstances (read)", record: readCall("ec2.amazonaws.com", "DescribeInstances") },
    {
      name: "GetBucketPolicy without a policy (NoSuchBucketPolicy)",
      record: failedCall(
        { eventSource: "s3.amazonaws.com", eventName: "GetBucketPolicy", readOnly: true },
        "NoSuchBucketPolicy",
        "The bucket policy does not exist",
        "us-east-1",
      ),
    },
    {
      name: "RunInstances throttled (Client.RequestLimitExceeded)",
      record: failedCall(
        { eventSource: "ec2.amazonaws.com", eventName: "RunInstances" },
        "Client.RequestLimitExceeded",
        "Request limit exceeded.",
        "ap-southeast-2",
      ),
    },
    {
      name: "AuthorizeSecurityGroupIngress duplicate (Client.InvalidPermission.Duplicate)",
      record: failedCall(
        { eventSource: "ec2.amazonaws.com", eventName: "AuthorizeSecurityGroupIngress" },
        "Client.InvalidPermission.Duplicate",
        "the specified rule already exists",
      ),
    },
  ],
  tolerated: [
    // CIS v5.0 excludes S3 log delivery's HeadBucket probes ((..AccessDenied*) && sourceIPAddress !=
    // delivery.logs.amazonaws.com && eventName != HeadBucket); Security Hub's two-clause form counts them. Both
    // texts are accepted, so a filter may count this record or not.
    {
      name: "HeadBucket denied to delivery.logs.amazonaws.com",
      record: failedCall(
        { eventSource: "s3.amazonaws.com", eventName: "HeadBucket", readOnly: true },
        "AccessDenied",
        "Access Denied",
        "eu-west-1",
        {
          userIdentity: {
            type: "AWSService",
            invokedBy: "delivery.logs.amazonaws.com",
            principalId: undefined,
            arn: undefined,
            accountId: undefined,
            accessKeyId: undefined,
            sessionContext: undefined,
          },
          sourceIPAddress: "delivery.logs.amazonaws.com",
          userAgent: "delivery.logs.amazonaws.com",
        },
      ),
    },
  ],
});

export default control.check;
