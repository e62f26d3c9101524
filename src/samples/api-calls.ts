/**
 * The API calls wirewatch's path checks reason about, and realistic CloudTrail records and EventBridge events
 * for them. The event sets come from the CIS AWS Foundations Benchmark monitoring controls (as Security Hub
 * publishes them: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html) plus the calls an attacker makes to cut the wiring itself.
 */
import { globalEventsRegion, isGlobalEventsRegion, partitionOf } from "../inventory/arn.ts";

export interface ApiCall {
  eventSource: string;
  eventName: string;
  /** Read-only call (Describe*, Get*, List*): reaches EventBridge only with ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
  readOnly?: boolean;
}

/**
 * Global services deliver their EventBridge events only in their partition's global-events region (us-east-1 in
 * aws: https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region), and CloudTrail records
 * their events there (globalEventsRegion in src/inventory/arn.ts, with its sources for GovCloud and China).
 */
export const GLOBAL_EVENT_SOURCES = new Set([
  "iam.amazonaws.com",
  "organizations.amazonaws.com",
  "account.amazonaws.com",
  "sts.amazonaws.com",
  "cloudfront.amazonaws.com",
]);

const calls = (eventSource: string, names: string[]): ApiCall[] =>
  names.map((eventName) => ({ eventSource, eventName }));

/** Write calls named by the CIS 4.x alarm controls (4.4, 4.5, 4.7-4.15), by control id. */
export const CONTROL_API_CALLS: Record<string, ApiCall[]> = {
  "iam-policy-changes": calls("iam.amazonaws.com", [
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
  ]),
  "cloudtrail-config-changes": calls("cloudtrail.amazonaws.com", [
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "StartLogging",
    "StopLogging",
  ]),
  "cmk-disable-or-deletion": calls("kms.amazonaws.com", ["DisableKey", "ScheduleKeyDeletion"]),
  "s3-bucket-policy-changes": calls("s3.amazonaws.com", [
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
  ]),
  "config-changes": calls("config.amazonaws.com", [
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
  ]),
  "security-group-changes": calls("ec2.amazonaws.com", [
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
  ]),
  "nacl-changes": calls("ec2.amazonaws.com", [
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
  ]),
  "network-gateway-changes": calls("ec2.amazonaws.com", [
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
  ]),
  "route-table-changes": calls("ec2.amazonaws.com", [
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
  ]),
  "vpc-changes": calls("ec2.amazonaws.com", [
    "CreateVpc",
    "DeleteVpc",
    "ModifyVpcAttribute",
    "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection",
    "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection",
    "AttachClassicLinkVpc",
    "DetachClassicLinkVpc",
    "DisableVpcClassicLink",
    "EnableVpcClassicLink",
  ]),
  "organizations-changes": calls("organizations.amazonaws.com", [
    "AcceptHandshake",
    "AttachPolicy",
    "CreateAccount",
    "CreateOrganizationalUnit",
    "CreatePolicy",
    "DeclineHandshake",
    "DeleteOrganization",
    "DeleteOrganizationalUnit",
    "DeletePolicy",
    "DetachPolicy",
    "DisablePolicyType",
    "EnablePolicyType",
    "InviteAccountToOrganization",
    "LeaveOrganization",
    "MoveAccount",
    "RemoveAccountFromOrganization",
    "UpdatePolicy",
    "UpdateOrganizationalUnit",
  ]),
};

/** The calls that cut the monitoring wiring itself: a forwarding rule must carry them above all. */
export const TAMPERING_API_CALLS: ApiCall[] = [
  ...calls("cloudtrail.amazonaws.com", ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]),
  ...calls("events.amazonaws.com", ["DeleteRule", "DisableRule", "RemoveTargets"]),
  ...calls("logs.amazonaws.com", ["DeleteSubscriptionFilter", "DeleteMetricFilter"]),
  ...calls("monitoring.amazonaws.com", ["DeleteAlarms", "DisableAlarmActions"]),
];

/** Read-only management calls, for the read-events forwarding check. */
export const READ_API_CALLS: ApiCall[] = [
  { eventSource: "cloudtrail.amazonaws.com", eventName: "DescribeTrails", readOnly: true },
  { eventSource: "s3.amazonaws.com", eventName: "ListBuckets", readOnly: true },
  { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", readOnly: true },
  { eventSource: "secretsmanager.amazonaws.com", eventName: "GetSecretValue", readOnly: true },
];

/** The write calls a forwarding rule in `region` must match: every control's calls plus tampering, deduplicated. */
const samplesByRegion = new Map<string, readonly ApiCall[]>();

export function forwardingSamples(region: string): readonly ApiCall[] {
  // Two sets exist (a partition's global-events region and every other region): computed once each, on a path
  // that runs per region.
  const key = isGlobalEventsRegion(region) ? "global" : "*";
  const cached = samplesByRegion.get(key);
  if (cached) return cached;
  const computed = computeForwardingSamples(region);
  samplesByRegion.set(key, computed);
  return computed;
}

function computeForwardingSamples(region: string): ApiCall[] {
  const seen = new Set<string>();
  const out: ApiCall[] = [];
  for (const call of [...Object.values(CONTROL_API_CALLS).flat(), ...TAMPERING_API_CALLS]) {
    const key = `${call.eventSource}:${call.eventName}`;
    if (seen.has(key)) continue;
    if (GLOBAL_EVENT_SOURCES.has(call.eventSource) && !isGlobalEventsRegion(region)) continue;
    seen.add(key);
    out.push(call);
  }
  return out;
}

export interface RecordOptions {
  account?: string;
  region?: string;
  /** Fields merged over the generated record (deeply for objects), e.g. { errorCode: "AccessDenied" }. */
  overrides?: Record<string, unknown>;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v !== null &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      b !== null &&
      typeof b === "object" &&
      !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
    if (v === undefined) delete out[k];
  }
  return out;
}

/** A CloudTrail record with the fields real management-event records carry (eventVersion 1.09). */
export function cloudTrailRecord(call: ApiCall, opts: RecordOptions = {}): Record<string, unknown> {
  const account = opts.account ?? "123456789012";
  const region =
    opts.region ?? (GLOBAL_EVENT_SOURCES.has(call.eventSource) ? globalEventsRegion("aws") : "eu-west-1");
  // The caller's ARNs are in the partition of the region the call was made in.
  const partition = partitionOf(region);
  const base: Record<string, unknown> = {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: "AROAEXAMPLEROLEID:alice",
      arn: `arn:${partition}:sts::${account}:assumed-role/Admin/alice`,
      accountId: account,
      accessKeyId: "ASIAEXAMPLEKEYID0001",
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLEROLEID",
          arn: `arn:${partition}:iam::${account}:role/Admin`,
          accountId: account,
          userName: "Admin",
        },
        attributes: { creationDate: "2026-11-22T09:00:00Z", mfaAuthenticated: "true" },
      },
    },
    eventTime: "2026-11-22T09:15:00Z",
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: region,
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
    requestParameters: {},
    responseElements: null,
    requestID: "3f8c2a8e-5b1d-4c7e-9a51-7d1f2b0c9e11",
    eventID: "6e0c4a2b-2d8f-4b0a-8f5e-1c9d3e7a4b21",
    readOnly: call.readOnly === true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: "Management",
    tlsDetails: {
      tlsVersion: "TLSv1.3",
      cipherSuite: "TLS_AES_128_GCM_SHA256",
      clientProvidedHostHeader: `${call.eventSource.replace(".amazonaws.com", "")}.${region}.amazonaws.com`,
    },
  };
  return opts.overrides ? merge(base, opts.overrides) : base;
}

/** The EventBridge event CloudTrail delivers for an API call: detail-type "AWS API Call via CloudTrail". */
export function apiCallEvent(call: ApiCall, opts: RecordOptions = {}): Record<string, unknown> {
  const detail = cloudTrailRecord(call, opts);
  return {
    version: "0",
    id: "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${call.eventSource.replace(".amazonaws.com", "").replace(/^monitoring$/, "cloudwatch")}`,
    account: String(detail.recipientAccountId),
    time: String(detail.eventTime),
    region: String(detail.awsRegion),
    resources: [],
    detail,
  };
}
