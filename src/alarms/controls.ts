/** The 15 CIS 4.x alarm controls, in benchmark order (docs/checks.md), for `wirewatch check-filter`. */
import { control as cloudtrailConfigChanges } from "../../checks/alarms/cloudtrail-config-changes.ts";
import { control as cmkDisableOrDeletion } from "../../checks/alarms/cmk-disable-or-deletion.ts";
import { control as configChanges } from "../../checks/alarms/config-changes.ts";
import { control as consoleAuthFailures } from "../../checks/alarms/console-auth-failures.ts";
import { control as consoleSigninWithoutMfa } from "../../checks/alarms/console-signin-without-mfa.ts";
import { control as iamPolicyChanges } from "../../checks/alarms/iam-policy-changes.ts";
import { control as naclChanges } from "../../checks/alarms/nacl-changes.ts";
import { control as networkGatewayChanges } from "../../checks/alarms/network-gateway-changes.ts";
import { control as organizationsChanges } from "../../checks/alarms/organizations-changes.ts";
import { control as rootUsage } from "../../checks/alarms/root-usage.ts";
import { control as routeTableChanges } from "../../checks/alarms/route-table-changes.ts";
import { control as s3BucketPolicyChanges } from "../../checks/alarms/s3-bucket-policy-changes.ts";
import { control as securityGroupChanges } from "../../checks/alarms/security-group-changes.ts";
import { control as unauthorizedApiCalls } from "../../checks/alarms/unauthorized-api-calls.ts";
import { control as vpcChanges } from "../../checks/alarms/vpc-changes.ts";
import type { AlarmControl } from "./control.ts";

export const ALARM_CONTROLS: readonly AlarmControl[] = [
  unauthorizedApiCalls,
  consoleSigninWithoutMfa,
  rootUsage,
  iamPolicyChanges,
  cloudtrailConfigChanges,
  consoleAuthFailures,
  cmkDisableOrDeletion,
  s3BucketPolicyChanges,
  configChanges,
  securityGroupChanges,
  naclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  organizationsChanges,
];

export function findAlarmControl(id: string): AlarmControl | undefined {
  return ALARM_CONTROLS.find((c) => c.id === id || c.checkId === id);
}
