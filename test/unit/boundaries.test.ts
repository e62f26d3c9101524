/**
 * Proves the import-boundary rules (eslint/boundaries.js) bite: the project's own ESLint config lints deliberate
 * violations placed in the layers they protect, and each must be reported under the rule that keeps it. Allowed
 * imports next to them must stay clean, so the rules cannot simply be made stricter until nothing compiles.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const PATHS = "import-x/no-restricted-paths";
const PACKAGES = "@typescript-eslint/no-restricted-imports";
const CYCLE = "import-x/no-cycle";
const BOUNDARY_RULES = new Set([PATHS, PACKAGES, CYCLE]);

// Only the boundary rules run, without type information: the violations are snippets, not files of the project.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join("; ")}`);
  return result.messages.map((m) => m.ruleId ?? "").sort();
}

describe("import boundaries", () => {
  it.each([
    {
      rule: "a check imports the AWS SDK",
      file: "checks/cloudtrail/violation.ts",
      code: `import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";\nexport const c = CloudTrailClient;\n`,
      ids: [PACKAGES],
    },
    {
      rule: "the engine imports an SDK type",
      file: "src/engine/violation.ts",
      code: `import type { Trail } from "@aws-sdk/client-cloudtrail";\nexport type T = Trail;\n`,
      ids: [PACKAGES],
    },
    {
      rule: "remediation planning imports smithy",
      file: "remediations/logs/violation.ts",
      code: `import { NodeHttpHandler } from "@smithy/node-http-handler";\nexport const h = NodeHttpHandler;\n`,
      ids: [PACKAGES],
    },
    {
      rule: "a check imports a collector",
      file: "checks/logs/violation.ts",
      code: `import { readOf } from "../../src/collect/read.ts";\nexport const r = readOf;\n`,
      ids: [PATHS],
    },
    {
      rule: "the engine imports the AWS layer",
      file: "src/engine/violation.ts",
      code: `import { errorCode } from "../aws/layer.ts";\nexport const e = errorCode;\n`,
      ids: [PATHS],
    },
    {
      rule: "the CLI constructs an SDK client",
      file: "src/cli/violation.ts",
      code: `import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";\nexport const c = new CloudTrailClient({});\n`,
      ids: [PACKAGES],
    },
    {
      rule: "a collector constructs its own SDK client",
      file: "src/collect/violation.ts",
      code: `import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";\nexport const c = new CloudTrailClient({});\n`,
      ids: [PACKAGES],
    },
    {
      rule: "the simulator imports an SDK client",
      file: "sim/violation.ts",
      code: `import { STSClient } from "@aws-sdk/client-sts";\nexport const c = STSClient;\n`,
      ids: [PACKAGES],
    },
    {
      rule: "product code imports test support",
      file: "src/report/violation.ts",
      code: `import { inv } from "../../test/support/inventory-builder.ts";\nexport const i = inv;\n`,
      ids: [PATHS],
    },
    {
      rule: "the simulator imports test support",
      file: "sim/violation.ts",
      code: `import { startSim } from "../test/support/sim.ts";\nexport const s = startSim;\n`,
      ids: [PATHS],
    },
    {
      rule: "a command other than demo and sim loads the simulator",
      file: "src/scan/violation.ts",
      code: `import { startSimulator } from "../../sim/server.ts";\nexport const s = startSimulator;\n`,
      ids: [PATHS],
    },
    {
      rule: "product code imports vitest",
      file: "src/alarms/violation.ts",
      code: `import { expect } from "vitest";\nexport const e = expect;\n`,
      ids: [PACKAGES],
    },
    {
      // src/alarms/control.ts imports defineCheck from src/engine/check.ts: importing it back closes a cycle.
      rule: "a runtime import cycle",
      file: "src/engine/check.ts",
      code: `import { defineAlarmControl } from "../alarms/control.ts";\nexport const d = defineAlarmControl;\n`,
      ids: [CYCLE],
    },
  ])("reports $rule", async ({ file, code, ids }) => {
    expect(await ruleIds(file, code)).toEqual(ids);
  });

  it.each([
    {
      rule: "a check reads the inventory model",
      file: "checks/logs/allowed.ts",
      code: `import type { LogGroupDetail } from "../../src/inventory/model.ts";\nexport type L = LogGroupDetail;\n`,
    },
    {
      rule: "a collector sends a command through a client it was given",
      file: "src/collect/allowed.ts",
      code: `import { DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";\nexport const c = DescribeTrailsCommand;\n`,
    },
    {
      rule: "the CLI imports an SDK type",
      file: "src/cli/allowed.ts",
      code: `import type { Trail } from "@aws-sdk/client-cloudtrail";\nexport type T = Trail;\n`,
    },
    {
      rule: "src/aws constructs a client",
      file: "src/aws/allowed.ts",
      code: `import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";\nexport const c = new CloudTrailClient({});\n`,
    },
    {
      rule: "the demo starts the simulator",
      file: "src/cli/demo.ts",
      code: `import { startSimulator } from "../../sim/server.ts";\nexport const s = startSimulator;\n`,
    },
    {
      rule: "the simulator signs with smithy",
      file: "sim/allowed.ts",
      code: `import { SignatureV4 } from "@smithy/signature-v4";\nexport const s = SignatureV4;\n`,
    },
    {
      rule: "a test beside a check uses vitest, clients and test support",
      file: "checks/logs/allowed.test.ts",
      code:
        `import { it } from "vitest";\nimport { CloudTrailClient } from "@aws-sdk/client-cloudtrail";\n` +
        `import { inv } from "../../test/support/inventory-builder.ts";\nit("x", () => [CloudTrailClient, inv]);\n`,
    },
    {
      rule: "a type-only import back is no runtime cycle",
      file: "src/engine/check.ts",
      code: `import type { AlarmControl } from "../alarms/control.ts";\nexport type A = AlarmControl;\n`,
    },
  ])("allows $rule", async ({ file, code }) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});
