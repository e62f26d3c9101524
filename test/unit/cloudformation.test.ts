import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATIONS } from "../../remediations/index.ts";
import { loadConfig } from "../../src/config/load.ts";
import { CLOUDFORMATION_FILES, renderCloudFormation } from "../../src/report/cloudformation.ts";
import { IAM_FILES, renderIamPolicies } from "../../src/report/iam.ts";
import { ROOT } from "../support/cli.ts";

type Template = {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string; NoEcho?: boolean }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, unknown>;
};

const roles = { audit: loadConfig().roles.audit.name, remediation: loadConfig().roles.remediation.name };
const rendered = renderCloudFormation(renderIamPolicies(CHECKS, roles, REMEDIATIONS), roles);
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const template = (name: keyof typeof CLOUDFORMATION_FILES) =>
  parse(read(CLOUDFORMATION_FILES[name])) as Template;
const policyFile = (name: keyof typeof IAM_FILES) => JSON.parse(read(IAM_FILES[name])) as unknown;

/** Every `Ref` and `Fn::Sub` variable in a template, to check each names something the template declares. */
function references(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => references(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "Ref" && typeof v === "string") out.push(v);
      else if (k === "Fn::Sub" && typeof v === "string")
        out.push(...[...v.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!));
      else if (k === "Fn::GetAtt" && Array.isArray(v)) out.push(String(v[0]));
      else references(v, out);
    }
  }
  return out;
}

/** The template's values with parameters at their defaults and the stack in `partition`. */
function resolve(node: unknown, t: Template, partition: string): unknown {
  const value = (name: string) => (name === "AWS::Partition" ? partition : t.Parameters[name]?.Default);
  if (Array.isArray(node)) return node.map((n) => resolve(n, t, partition));
  if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o["Fn::Sub"] === "string")
      return o["Fn::Sub"].replace(/\$\{([^}]+)\}/g, (_m, n: string) => String(value(n)));
    if (typeof o.Ref === "string" && value(o.Ref) !== undefined) return value(o.Ref);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v, t, partition)]));
  }
  return node;
}

describe("CloudFormation templates in deploy/cloudformation", () => {
  it.each(Object.entries(CLOUDFORMATION_FILES))(
    "%s template matches the declared permissions (run npm run docs)",
    (name, path) => {
      expect(read(path)).toBe(rendered[name as keyof typeof CLOUDFORMATION_FILES]);
    },
  );

  it.each(Object.keys(CLOUDFORMATION_FILES) as Array<keyof typeof CLOUDFORMATION_FILES>)(
    "%s template parses and refers only to what it declares",
    (name) => {
      const t = template(name);
      expect(t.AWSTemplateFormatVersion).toBe("2010-09-09");
      // As YAML 1.1 readers (the AWS CLI, cfn-lint) see it too: the dates of the format and policy versions are
      // strings there only when quoted.
      const v11 = parse(read(CLOUDFORMATION_FILES[name]), { version: "1.1" }) as Template;
      expect(v11).toEqual(t);
      expect(Object.values(t.Resources).map((r) => r.Type)).toEqual(["AWS::IAM::Role"]);
      const declared = [
        ...Object.keys(t.Parameters),
        ...Object.keys(t.Resources),
        "AWS::AccountId",
        "AWS::Partition",
        "AWS::NoValue",
      ];
      expect(references(t).filter((r) => !declared.includes(r))).toEqual([]);
    },
  );

  it.each([
    ["audit", "WirewatchReadOnlyAudit"],
    ["remediation", "WirewatchRemediation"],
  ] as const)(
    "the member %s role trusts only the hub principal, with the ExternalId, and grants exactly the generated policy",
    (name, policyName) => {
      const t = template(name);
      expect(t.Parameters.HubPrincipalArn?.Type).toBe("String");
      expect(t.Parameters.ExternalId).toMatchObject({ Type: "String", NoEcho: true });
      expect(t.Parameters.RoleName?.Default).toBe(roles[name]);
      const role = t.Resources.Role!.Properties;
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: { Ref: "HubPrincipalArn" } },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
          },
        ],
      });
      expect(role.Policies).toEqual([{ PolicyName: policyName, PolicyDocument: policyFile(name) }]);
    },
  );

  it.each([
    ["aws", "hub"],
    ["aws-us-gov", "hub-aws-us-gov"],
    ["aws-cn", "hub-aws-cn"],
  ] as const)("the hub role grants the generated hub policy in the %s partition", (partition, file) => {
    const t = template("hub");
    const role = resolve(t.Resources.Role!.Properties, t, partition) as {
      Policies: Array<{ PolicyDocument: unknown }>;
    };
    expect(role.Policies.map((p) => p.PolicyDocument)).toEqual([policyFile(file)]);
  });

  it("the hub role is for an ECS task or an EKS pod of its own account", () => {
    const t = template("hub");
    const trust = t.Resources.Role!.Properties.AssumeRolePolicyDocument as {
      Statement: Array<Record<string, unknown>>;
    };
    expect(trust.Statement.map((s) => s.Principal)).toEqual([{ Service: { Ref: "TrustedService" } }]);
    expect(t.Parameters.TrustedService).toMatchObject({
      Default: "ecs-tasks.amazonaws.com",
      AllowedValues: ["ecs-tasks.amazonaws.com", "pods.eks.amazonaws.com"],
    });
  });
});
