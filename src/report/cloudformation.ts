/**
 * CloudFormation templates for the roles a user deploys, generated from the same policies as config/iam (so from
 * the permissions the checks and remediations declare): the member-account audit role and, separately, the
 * remediation role, each a StackSet-ready template trusting only the hub principal given as a parameter with an
 * sts:ExternalId condition; and the hub's role, assumable by an ECS task or an EKS pod. A test fails when the files
 * in deploy/cloudformation drift from this. Templates use the long intrinsic forms (`Ref`, `Fn::Sub`) so that any
 * YAML parser reads them.
 */
import { stringify } from "yaml";
import { HUB_PERMISSIONS } from "./iam.ts";

export const CLOUDFORMATION_FILES = {
  audit: "deploy/cloudformation/member-audit-role.yaml",
  remediation: "deploy/cloudformation/member-remediation-role.yaml",
  hub: "deploy/cloudformation/hub-role.yaml",
} as const;

interface PolicyDocument {
  Version: string;
  Statement: Array<{ Sid: string; Effect: string; Action: string[]; Resource: string | string[] }>;
}

/**
 * AssumeRole's ExternalId: 2 to 1224 characters of `[\w+=,.@:\/-]`
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
 */
const EXTERNAL_ID = {
  Type: "String",
  NoEcho: true,
  MinLength: 2,
  MaxLength: 1224,
  AllowedPattern: "[\\w+=,.@:/-]*",
  Description:
    "The secret the hub passes as ExternalId (wirewatch reads it from the environment variable roles.*.externalIdEnv names)",
};

function memberRole(opts: {
  kind: "audit" | "remediation";
  roleName: string;
  policyName: string;
  policy: PolicyDocument;
  description: string;
}) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: opts.description,
    Parameters: {
      HubPrincipalArn: {
        Type: "String",
        AllowedPattern: "arn:aws[a-z-]*:(iam|sts)::\\d{12}:.+",
        Description:
          "The one principal that may assume this role: the hub's role (the HubRoleArn output of hub-role.yaml) or user",
      },
      ExternalId: EXTERNAL_ID,
      RoleName: {
        Type: "String",
        Default: opts.roleName,
        Description: `roles.${opts.kind}.name in the config`,
      },
    },
    Resources: {
      Role: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: { Ref: "RoleName" },
          Description: opts.description,
          MaxSessionDuration: 3600,
          // Trust the hub principal only, and only with the ExternalId: the confused-deputy guard
          // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html).
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: { Ref: "HubPrincipalArn" } },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
              },
            ],
          },
          Policies: [{ PolicyName: opts.policyName, PolicyDocument: opts.policy }],
          Tags: [{ Key: "wirewatch:role", Value: opts.kind }],
        },
      },
    },
    Outputs: {
      RoleArn: {
        Description: "The role wirewatch assumes in this account",
        Value: { "Fn::GetAtt": ["Role", "Arn"] },
      },
    },
  };
}

function hubRole(roles: { audit: string; remediation: string }) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "The role wirewatch runs as in the management (or delegated administrator) account: an ECS task role or an EKS Pod Identity role. It lists the organization's accounts and assumes the audit role (and the remediation role, for apply) in each. Generated from the permissions wirewatch declares; do not edit.",
    Parameters: {
      TrustedService: {
        Type: "String",
        Default: "ecs-tasks.amazonaws.com",
        AllowedValues: ["ecs-tasks.amazonaws.com", "pods.eks.amazonaws.com"],
        Description: "Who runs wirewatch: an ECS task (task role) or an EKS pod (Pod Identity association)",
      },
      RoleName: { Type: "String", Default: "WirewatchHub" },
      AuditRoleName: { Type: "String", Default: roles.audit, Description: "roles.audit.name in the config" },
      RemediationRoleName: {
        Type: "String",
        Default: roles.remediation,
        Description: "roles.remediation.name in the config",
      },
    },
    Conditions: { IsEks: { "Fn::Equals": [{ Ref: "TrustedService" }, "pods.eks.amazonaws.com"] } },
    Resources: {
      Role: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: { Ref: "RoleName" },
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: { Ref: "TrustedService" } },
                // EKS Pod Identity also tags the session
                // (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html); an ECS task role needs only
                // AssumeRole, and only from tasks of this account, against the confused deputy
                // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
                Action: { "Fn::If": ["IsEks", ["sts:AssumeRole", "sts:TagSession"], ["sts:AssumeRole"]] },
                Condition: {
                  "Fn::If": [
                    "IsEks",
                    { Ref: "AWS::NoValue" },
                    { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
                  ],
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: "WirewatchHub",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Sid: "WirewatchDiscovery",
                    Effect: "Allow",
                    Action: [...new Set(HUB_PERMISSIONS)].sort(),
                    Resource: "*",
                  },
                  {
                    Sid: "WirewatchAssumeRoles",
                    Effect: "Allow",
                    Action: ["sts:AssumeRole"],
                    // One template for every partition: the role ARNs carry the stack's own.
                    Resource: [
                      { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${AuditRoleName}" },
                      { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${RemediationRoleName}" },
                    ],
                  },
                ],
              },
            },
          ],
          Tags: [{ Key: "wirewatch:role", Value: "hub" }],
        },
      },
    },
    Outputs: {
      HubRoleArn: {
        Description: "The HubPrincipalArn of the member-account role templates",
        Value: { "Fn::GetAtt": ["Role", "Arn"] },
      },
    },
  };
}

const HEADER = (what: string, deploy: string) =>
  `# Generated by \`npm run docs\` from the permissions wirewatch's checks and remediations declare; do not edit.\n` +
  `# ${what}\n${deploy}`;

export function renderCloudFormation(
  policies: { audit: string; remediation: string },
  roles: { audit: string; remediation: string },
): Record<keyof typeof CLOUDFORMATION_FILES, string> {
  const audit = JSON.parse(policies.audit) as PolicyDocument;
  const remediation = JSON.parse(policies.remediation) as PolicyDocument;
  const stackSet = (name: string, file: string) =>
    `# Deploy to every member account with a service-managed StackSet (IAM is global: one region), e.g.\n` +
    `#   aws cloudformation create-stack-set --stack-set-name ${name} --template-body file://${file} \\\n` +
    `#     --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\\n` +
    `#     --capabilities CAPABILITY_NAMED_IAM \\\n` +
    `#     --parameters ParameterKey=HubPrincipalArn,ParameterValue=arn:aws:iam::111111111111:role/WirewatchHub \\\n` +
    `#                  ParameterKey=ExternalId,ParameterValue=$WIREWATCH_EXTERNAL_ID\n` +
    `#   aws cloudformation create-stack-instances --stack-set-name ${name} --regions us-east-1 \\\n` +
    `#     --deployment-targets OrganizationalUnitIds=<root-or-ou-id>\n` +
    `# A service-managed StackSet does not deploy to the management account: create the same template there as a\n` +
    `# stack (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html).\n`;
  // YAML 1.1 quoting: the AWS CLI and cfn-lint read templates as YAML 1.1, where an unquoted 2012-10-17 is a date.
  const doc = (header: string, template: unknown) =>
    `${header}${stringify(template, { lineWidth: 0, version: "1.1" })}`;
  return {
    audit: doc(
      HEADER(
        "The read-only audit role wirewatch assumes in every account.",
        stackSet("wirewatch-audit", CLOUDFORMATION_FILES.audit),
      ),
      memberRole({
        kind: "audit",
        roleName: roles.audit,
        policyName: "WirewatchReadOnlyAudit",
        policy: audit,
        description:
          "wirewatch's read-only audit role: what its checks read, and nothing else. Generated from the permissions wirewatch declares; do not edit.",
      }),
    ),
    remediation: doc(
      HEADER(
        "The remediation role wirewatch apply writes with (only what its remediations call; never a delete).",
        stackSet("wirewatch-remediation", CLOUDFORMATION_FILES.remediation),
      ),
      memberRole({
        kind: "remediation",
        roleName: roles.remediation,
        policyName: "WirewatchRemediation",
        policy: remediation,
        description:
          "wirewatch's remediation role, for wirewatch apply only: what its remediations call, never a delete. Generated from the permissions wirewatch declares; do not edit.",
      }),
    ),
    hub: doc(
      HEADER(
        "The hub's role: deploy once, in the account wirewatch runs from.",
        `#   aws cloudformation deploy --stack-name wirewatch-hub --template-file ${CLOUDFORMATION_FILES.hub} \\\n` +
          `#     --capabilities CAPABILITY_NAMED_IAM --parameter-overrides TrustedService=ecs-tasks.amazonaws.com\n`,
      ),
      hubRole(roles),
    ),
  };
}
