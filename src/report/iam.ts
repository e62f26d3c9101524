/**
 * Least-privilege IAM policies derived from what the code declares: the audit role gets the union of the checks'
 * permissions plus what collection itself needs; the remediation role the union of the remediations' permissions
 * (apply reads with the audit role); the hub gets discovery and sts:AssumeRole. A test fails when the files in
 * config/iam drift from this.
 */
import type { Check } from "../engine/check.ts";
import { roleArn, type Partition } from "../inventory/arn.ts";
import type { Remediation } from "../remediate/remediation.ts";

/**
 * Calls made by discovery and collection, whatever checks are enabled, and by attribution: who changed a finding
 * new since the last scan, read from CloudTrail event history (src/collect/attribution.ts).
 */
export const COLLECTION_PERMISSIONS = [
  "account:ListRegions",
  "cloudtrail:DescribeTrails",
  "cloudtrail:LookupEvents",
];
export const HUB_PERMISSIONS = ["organizations:DescribeOrganization", "organizations:ListAccounts"];

/**
 * Only the hub policy names ARNs (the roles it may assume), and an IAM policy's ARNs carry their partition: one
 * hub policy per partition. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const IAM_FILES = {
  audit: "config/iam/audit-role-policy.json",
  hub: "config/iam/hub-policy.json",
  "hub-aws-us-gov": "config/iam/hub-policy.aws-us-gov.json",
  "hub-aws-cn": "config/iam/hub-policy.aws-cn.json",
  remediation: "config/iam/remediation-role-policy.json",
} as const;

function policy(sid: string, actions: string[], resource = "*") {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Action: [...new Set(actions)].sort(), Resource: resource }],
  };
}

export function renderIamPolicies(
  checks: readonly Check[],
  roles: { audit: string; remediation: string },
  remediations: readonly Remediation[],
): Record<keyof typeof IAM_FILES, string> {
  const audit = policy("WirewatchReadOnlyAudit", [
    ...COLLECTION_PERMISSIONS,
    ...checks.flatMap((c) => c.meta.permissions),
  ]);
  const hub = (partition: Partition) => ({
    Version: "2012-10-17",
    Statement: [
      ...policy("WirewatchDiscovery", HUB_PERMISSIONS).Statement,
      // The audit role for every scan; the remediation role only for `wirewatch apply` (and `export`).
      {
        Sid: "WirewatchAssumeRoles",
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: [roleArn(partition, "*", roles.audit), roleArn(partition, "*", roles.remediation)],
      },
    ],
  });
  const remediation = policy(
    "WirewatchRemediation",
    remediations.flatMap((r) => r.meta.permissions),
  );
  return {
    audit: JSON.stringify(audit, null, 2) + "\n",
    hub: JSON.stringify(hub("aws"), null, 2) + "\n",
    "hub-aws-us-gov": JSON.stringify(hub("aws-us-gov"), null, 2) + "\n",
    "hub-aws-cn": JSON.stringify(hub("aws-cn"), null, 2) + "\n",
    remediation: JSON.stringify(remediation, null, 2) + "\n",
  };
}
