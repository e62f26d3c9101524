/**
 * CloudTrail records for judging CIS 4.x metric filters by what they match (the controls' event sets as
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html publishes them):
 * builders for the records the controls are about (console sign-ins, root activity, denied calls, reads), and a
 * fixed "background" of ordinary events unrelated to any control, against which a filter's noise is measured.
 * Every record is built by cloudTrailRecord() in the sample account; judge.ts re-targets it to the account judged.
 */
import type { ApiCall } from "../samples/api-calls.ts";
import { CONTROL_API_CALLS, READ_API_CALLS, cloudTrailRecord } from "../samples/api-calls.ts";

/** The account cloudTrailRecord() writes into records by default. */
export const SAMPLE_ACCOUNT = "123456789012";

export interface Sample {
  /** Unique within a control; what verdicts list as missed or wrongly matched. */
  name: string;
  record: Record<string, unknown>;
}

type Overrides = Record<string, unknown>;
const record = (call: ApiCall, region: string | undefined, overrides: Overrides = {}) =>
  cloudTrailRecord(call, { ...(region ? { region } : {}), overrides });

/**
 * Regional events rotate through these, so a filter narrowed to one region (`$.awsRegion = "us-east-1"`) misses
 * some of them: a multi-region or organization trail delivers every region's events to the one log group.
 */
export const SAMPLE_REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"] as const;
const regionAt = (i: number) => SAMPLE_REGIONS[i % SAMPLE_REGIONS.length]!;

/**
 * One positive sample per call of CONTROL_API_CALLS[controlId], named by its event name. Regional services rotate
 * through SAMPLE_REGIONS; global services (IAM, Organizations) keep us-east-1, where their events are recorded.
 */
export function controlCallSamples(controlId: string): Sample[] {
  const calls = CONTROL_API_CALLS[controlId];
  if (!calls) throw new Error(`CONTROL_API_CALLS has no entry for ${controlId}`);
  return calls.map((call, i) => ({
    name: call.eventName,
    record: record(call, isGlobal(call) ? undefined : regionAt(i)),
  }));
}

const isGlobal = (call: ApiCall) =>
  call.eventSource === "iam.amazonaws.com" || call.eventSource === "organizations.amazonaws.com";

/** A successful read-only call (Describe*, Get*, List*): the ordinary near miss of every change control. */
export function readCall(eventSource: string, eventName: string, region?: string): Record<string, unknown> {
  return record({ eventSource, eventName, readOnly: true }, region);
}

/** Read-only calls of one service, named "<eventName> (read)", rotating through SAMPLE_REGIONS. */
export function readSamples(eventSource: string, eventNames: string[]): Sample[] {
  return eventNames.map((eventName, i) => ({
    name: `${eventName} (read)`,
    record: readCall(eventSource, eventName, isGlobal({ eventSource, eventName }) ? undefined : regionAt(i)),
  }));
}

/** A write call as CloudTrail records it, with overrides (e.g. another event source). */
export function apiCall(
  eventSource: string,
  eventName: string,
  region?: string,
  overrides?: Overrides,
): Record<string, unknown> {
  return record({ eventSource, eventName }, region, overrides);
}

/** A call that failed with an error code, as CloudTrail records it: errorCode, errorMessage, no response. */
export function failedCall(
  call: ApiCall,
  errorCode: string,
  errorMessage: string,
  region?: string,
  overrides: Overrides = {},
): Record<string, unknown> {
  return record(call, region, { errorCode, errorMessage, responseElements: null, ...overrides });
}

const IAM_USER = {
  type: "IAMUser",
  principalId: "AIDAEXAMPLEUSERID0001",
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT}:user/alice`,
  accountId: SAMPLE_ACCOUNT,
  userName: "alice",
  accessKeyId: undefined,
  sessionContext: undefined,
};

/** The root user, as its records carry it: principalId and accountId are the account id. */
export const ROOT_IDENTITY = {
  type: "Root",
  principalId: SAMPLE_ACCOUNT,
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT}:root`,
  accountId: SAMPLE_ACCOUNT,
  sessionContext: { sessionIssuer: undefined, attributes: { mfaAuthenticated: "true" } },
};

const FEDERATED = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLESSOROLE01:alice@example.com",
  arn: `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com`,
  accessKeyId: undefined,
};

export interface ConsoleLoginOptions {
  who: "iam-user" | "root" | "federated";
  success: boolean;
  mfa: boolean;
  region?: string;
}

/**
 * A ConsoleLogin record from signin.amazonaws.com (eventType AwsConsoleSignIn): responseElements.ConsoleLogin
 * Success/Failure, additionalEventData.MFAUsed Yes/No, and errorMessage "Failed authentication" on failure.
 * Shape from https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
export function consoleLogin(o: ConsoleLoginOptions): Record<string, unknown> {
  const identity = o.who === "iam-user" ? IAM_USER : o.who === "root" ? ROOT_IDENTITY : FEDERATED;
  const failed = o.success ? {} : { errorMessage: "Failed authentication" };
  return record({ eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin" }, o.region ?? "us-east-1", {
    eventType: "AwsConsoleSignIn",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    userIdentity: identity,
    requestParameters: null,
    responseElements: { ConsoleLogin: o.success ? "Success" : "Failure" },
    additionalEventData: {
      LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
      MobileVersion: "No",
      MFAUsed: o.mfa ? "Yes" : "No",
      ...(o.mfa ? { MFAIdentifier: `arn:aws:iam::${SAMPLE_ACCOUNT}:mfa/alice` } : {}),
    },
    tlsDetails: {
      tlsVersion: "TLSv1.3",
      cipherSuite: "TLS_AES_128_GCM_SHA256",
      clientProvidedHostHeader: "signin.aws.amazon.com",
    },
    ...failed,
  });
}

/** An API call made with root credentials (eventType AwsApiCall). */
export function rootCall(call: ApiCall, region?: string, overrides: Overrides = {}): Record<string, unknown> {
  const { userIdentity, ...rest } = overrides;
  return record(call, region, {
    ...rest,
    userIdentity: { ...ROOT_IDENTITY, ...(userIdentity as Overrides) },
  });
}

/**
 * Ordinary management events unrelated to every CIS 4.x control: successful reads and writes of many services,
 * by roles and users (never root), without error codes, across regions. A filter that matches a broad share of
 * these would alarm on normal work (judge.ts: noisy).
 */
export const BACKGROUND: readonly Sample[] = (() => {
  const reads: Array<[string, string]> = [
    ...READ_API_CALLS.map((c): [string, string] => [c.eventSource, c.eventName]),
    ["iam.amazonaws.com", "GetUser"],
    ["sts.amazonaws.com", "GetCallerIdentity"],
    ["kms.amazonaws.com", "Decrypt"],
    ["logs.amazonaws.com", "DescribeLogGroups"],
    ["lambda.amazonaws.com", "ListFunctions20150331"],
    ["monitoring.amazonaws.com", "DescribeAlarms"],
    ["dynamodb.amazonaws.com", "DescribeTable"],
    ["ssm.amazonaws.com", "GetParameter"],
  ];
  const writes: Array<[string, string]> = [
    ["ec2.amazonaws.com", "RunInstances"],
    ["ec2.amazonaws.com", "CreateTags"],
    ["s3.amazonaws.com", "CreateBucket"],
    ["iam.amazonaws.com", "CreateUser"],
    ["lambda.amazonaws.com", "UpdateFunctionCode20150331v2"],
    ["logs.amazonaws.com", "CreateLogStream"],
    ["dynamodb.amazonaws.com", "CreateTable"],
    ["ssm.amazonaws.com", "PutParameter"],
    ["sts.amazonaws.com", "AssumeRole"],
    ["sns.amazonaws.com", "CreateTopic"],
    ["cloudformation.amazonaws.com", "CreateStack"],
    ["rds.amazonaws.com", "CreateDBInstance"],
  ];
  const out: Sample[] = [];
  reads.forEach(([eventSource, eventName], i) =>
    out.push({ name: `${eventName} (read)`, record: readCall(eventSource, eventName, regionAt(i)) }),
  );
  writes.forEach(([eventSource, eventName], i) =>
    out.push({ name: eventName, record: apiCall(eventSource, eventName, regionAt(i + 1)) }),
  );
  // An IAM user's own call, so identity-type filters meet more than assumed roles.
  out.push({
    name: "PutObjectTagging by an IAM user",
    record: apiCall("s3.amazonaws.com", "PutObjectTagging", "eu-west-1", {
      userIdentity: { ...IAM_USER, accessKeyId: "AKIAEXAMPLEKEYID0001" },
    }),
  });
  return out;
})();
