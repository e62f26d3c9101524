/** The check registry: one explicit map, sorted by id. A meta-test fails on a check missing here. */
import type { Check } from "../src/engine/check.ts";
import alarmsCloudtrailConfigChanges from "./alarms/cloudtrail-config-changes.ts";
import alarmsCmkDisableOrDeletion from "./alarms/cmk-disable-or-deletion.ts";
import alarmsConfigChanges from "./alarms/config-changes.ts";
import alarmsConsoleAuthFailures from "./alarms/console-auth-failures.ts";
import alarmsConsoleSigninWithoutMfa from "./alarms/console-signin-without-mfa.ts";
import alarmsIamPolicyChanges from "./alarms/iam-policy-changes.ts";
import alarmsNaclChanges from "./alarms/nacl-changes.ts";
import alarmsNetworkGatewayChanges from "./alarms/network-gateway-changes.ts";
import alarmsOrganizationsChanges from "./alarms/organizations-changes.ts";
import alarmsRootUsage from "./alarms/root-usage.ts";
import alarmsRouteTableChanges from "./alarms/route-table-changes.ts";
import alarmsS3BucketPolicyChanges from "./alarms/s3-bucket-policy-changes.ts";
import alarmsSecurityGroupChanges from "./alarms/security-group-changes.ts";
import alarmsUnauthorizedApiCalls from "./alarms/unauthorized-api-calls.ts";
import alarmsVpcChanges from "./alarms/vpc-changes.ts";
import cloudtrailCloudwatchLogsDelivery from "./cloudtrail/cloudwatch-logs-delivery.ts";
import cloudtrailGlobalServiceEvents from "./cloudtrail/global-service-events.ts";
import cloudtrailKmsEncryption from "./cloudtrail/kms-encryption.ts";
import cloudtrailLogFileValidation from "./cloudtrail/log-file-validation.ts";
import cloudtrailLoggingInterruption from "./cloudtrail/logging-interruption.ts";
import cloudtrailManagementEvents from "./cloudtrail/management-events.ts";
import cloudtrailMultiRegionLogging from "./cloudtrail/multi-region-logging.ts";
import cloudtrailS3Delivery from "./cloudtrail/s3-delivery.ts";
import eventbridgeCloudtrailForwarding from "./eventbridge/cloudtrail-forwarding.ts";
import eventbridgeForwardingTargetHealth from "./eventbridge/forwarding-target-health.ts";
import eventbridgeReadEventsForwarding from "./eventbridge/read-events-forwarding.ts";
import logsTrailRetention from "./logs/trail-retention.ts";
import logsTrailSubscription from "./logs/trail-subscription.ts";
import orgAccountReachable from "./org/account-reachable.ts";
import orgRegionReachable from "./org/region-reachable.ts";

export const CHECKS: readonly Check[] = [
  alarmsCloudtrailConfigChanges,
  alarmsCmkDisableOrDeletion,
  alarmsConfigChanges,
  alarmsConsoleAuthFailures,
  alarmsConsoleSigninWithoutMfa,
  alarmsIamPolicyChanges,
  alarmsNaclChanges,
  alarmsNetworkGatewayChanges,
  alarmsOrganizationsChanges,
  alarmsRootUsage,
  alarmsRouteTableChanges,
  alarmsS3BucketPolicyChanges,
  alarmsSecurityGroupChanges,
  alarmsUnauthorizedApiCalls,
  alarmsVpcChanges,
  cloudtrailCloudwatchLogsDelivery,
  cloudtrailGlobalServiceEvents,
  cloudtrailKmsEncryption,
  cloudtrailLogFileValidation,
  cloudtrailLoggingInterruption,
  cloudtrailManagementEvents,
  cloudtrailMultiRegionLogging,
  cloudtrailS3Delivery,
  eventbridgeCloudtrailForwarding,
  eventbridgeForwardingTargetHealth,
  eventbridgeReadEventsForwarding,
  logsTrailRetention,
  logsTrailSubscription,
  orgAccountReachable,
  orgRegionReachable,
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.meta.id === id);
}
