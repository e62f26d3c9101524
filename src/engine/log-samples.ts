/**
 * The CloudTrail records a trail's log group must deliver to the central destination (the log path: trail ->
 * CloudWatch Logs group -> subscription -> destination), as CloudTrail writes them to CloudWatch Logs. Pure.
 */
import {
  CONTROL_API_CALLS,
  READ_API_CALLS,
  TAMPERING_API_CALLS,
  cloudTrailRecord,
} from "../samples/api-calls.ts";
import type { ApiCall } from "../samples/api-calls.ts";

export interface LogSample {
  /** `eventSource:eventName`, with a suffix for the special records. */
  id: string;
  /** The record as CloudTrail writes it to CloudWatch Logs: one JSON object a log event. */
  message: string;
}

function buildSamples(): LogSample[] {
  const out = new Map<string, LogSample>();
  const add = (id: string, record: Record<string, unknown>) => {
    if (!out.has(id)) out.set(id, { id, message: JSON.stringify(record) });
  };
  const calls: ApiCall[] = [
    ...Object.values(CONTROL_API_CALLS).flat(),
    ...TAMPERING_API_CALLS,
    ...READ_API_CALLS,
  ];
  for (const call of calls) add(`${call.eventSource}:${call.eventName}`, cloudTrailRecord(call));
  // A console sign-in (CIS 4.2 / 4.6 watch these): eventType AwsConsoleSignIn, an IAM user without MFA.
  add(
    "signin.amazonaws.com:ConsoleLogin",
    cloudTrailRecord(
      { eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin" },
      {
        region: "us-east-1",
        overrides: {
          eventType: "AwsConsoleSignIn",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
          userIdentity: {
            type: "IAMUser",
            principalId: "AIDAEXAMPLEUSERID01",
            arn: "arn:aws:iam::123456789012:user/alice",
            userName: "alice",
            accessKeyId: undefined,
            sessionContext: undefined,
          },
          requestParameters: null,
          responseElements: { ConsoleLogin: "Success" },
          additionalEventData: {
            LoginTo: "https://console.aws.amazon.com/",
            MobileVersion: "No",
            MFAUsed: "No",
          },
          tlsDetails: undefined,
        },
      },
    ),
  );
  // A denied call (CIS 4.1): errorCode / errorMessage present, no response.
  add(
    "iam.amazonaws.com:CreateAccessKey#AccessDenied",
    cloudTrailRecord(
      { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" },
      {
        overrides: {
          errorCode: "AccessDenied",
          errorMessage:
            "User: arn:aws:sts::123456789012:assumed-role/Admin/alice is not authorized to perform: iam:CreateAccessKey",
        },
      },
    ),
  );
  return [...out.values()];
}

/**
 * Every CloudTrail record the log path must carry: each CIS control call, each tampering call, the read calls,
 * a console sign-in and an AccessDenied error. A subscription that drops any of them narrows the path.
 */
export const LOG_PATH_SAMPLES: readonly LogSample[] = buildSamples();
