import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATIONS } from "../../remediations/index.ts";
import { loadConfig } from "../../src/config/load.ts";
import { IAM_FILES, renderIamPolicies } from "../../src/report/iam.ts";
import { ROOT } from "../support/cli.ts";

describe("IAM policies in config/iam", () => {
  const rendered = renderIamPolicies(
    CHECKS,
    { audit: loadConfig().roles.audit.name, remediation: loadConfig().roles.remediation.name },
    REMEDIATIONS,
  );

  it.each(Object.entries(IAM_FILES))(
    "%s policy matches the declared permissions (run npm run docs)",
    (name, path) => {
      expect(readFileSync(join(ROOT, path), "utf8")).toBe(rendered[name as keyof typeof IAM_FILES]);
    },
  );

  it.each([
    ["hub", "aws"],
    ["hub-aws-us-gov", "aws-us-gov"],
    ["hub-aws-cn", "aws-cn"],
  ] as const)("%s lets the hub assume both roles in the %s partition only", (name, partition) => {
    const resources = (
      JSON.parse(rendered[name]) as { Statement: Array<{ Sid: string; Resource: string | string[] }> }
    ).Statement.find((s) => s.Sid === "WirewatchAssumeRoles")?.Resource;
    expect(resources).toEqual([
      `arn:${partition}:iam::*:role/WirewatchAudit`,
      `arn:${partition}:iam::*:role/WirewatchRemediation`,
    ]);
  });

  it("grants the audit role every permission a check declares, and no write", () => {
    const actions = (
      JSON.parse(rendered.audit) as { Statement: Array<{ Action: string[] }> }
    ).Statement.flatMap((s) => s.Action);
    for (const c of CHECKS) for (const p of c.meta.permissions) expect(actions).toContain(p);
    expect(actions.filter((a) => !/:(Describe|Get|List|Lookup)/.test(a))).toEqual([]);
  });

  it("grants the remediation role every permission a remediation declares, and never a delete", () => {
    const actions = (
      JSON.parse(rendered.remediation) as { Statement: Array<{ Action: string[] }> }
    ).Statement.flatMap((s) => s.Action);
    for (const r of REMEDIATIONS) for (const p of r.meta.permissions) expect(actions).toContain(p);
    expect(actions.filter((a) => /:(Delete|Remove|Untag|Disable|Stop)/.test(a))).toEqual([]);
  });
});
