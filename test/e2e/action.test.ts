/**
 * The GitHub Action's own steps (action.yml), run as a runner would run them: each `run:` script with its `env:`
 * block evaluated from the inputs, the action's path and earlier steps' outputs, against the simulator standing in
 * for the organization. The `uses:` steps (OIDC credentials, the SARIF upload) and the pull-request comment (gh)
 * are GitHub's own; the test checks what they are handed instead.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import { isolatedEnv, ROOT } from "../support/cli.ts";
import { bundledScenario } from "../support/e2e.ts";
import { simEnv } from "../support/main.ts";

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const DEV = "333333333333";

describe("the GitHub Action", () => {
  it("scans, leaves SARIF for the upload, writes the job summary and the plan, and fails the job on a gap", async () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
    expect(action.runs.using).toBe("composite");
    const s = bundledScenario("healthy");
    Object.assign(s.accounts.find((a) => a.id === DEV)!.trails![0]!, { logging: false });
    const sim = await startSimulator({ scenario: parseScenario(s), latencyMs: 0 });
    const work = mkdtempSync(join(tmpdir(), "wirewatch-action-"));
    try {
      writeFileSync(join(work, "wirewatch.yaml"), stringify({ aws: { maxAttempts: 8 } }));
      const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ""]));
      const outputs: Record<string, Record<string, string>> = {};
      const summary = join(work, "summary.md");
      const evaluate = (text: string) =>
        text
          .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => inputs[k] ?? "")
          .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, ROOT)
          .replace(
            /\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g,
            (_, id: string, k: string) => outputs[id]?.[k] ?? "",
          );
      const run = async (id: string) => {
        const step = action.runs.steps.find((x) => x.id === id)!;
        const outFile = join(work, `${id}.out`);
        writeFileSync(outFile, "");
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v)]));
        // Asynchronous: the simulator answers from this process's event loop.
        const child = spawn("bash", ["-e", "-c", step.run!], {
          cwd: work,
          stdio: ["ignore", "pipe", "pipe"],
          env: isolatedEnv({
            WIREWATCH_DATA_DIR: join(work, "data"),
            GITHUB_OUTPUT: outFile,
            GITHUB_STEP_SUMMARY: summary,
            ...simEnv(sim),
            ...env,
          }),
        });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.resume();
        const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
        outputs[id] = Object.fromEntries(
          readFileSync(outFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        return { status, stdout };
      };

      expect((await run("install")).status).toBe(0);
      const scan = await run("scan");
      // The step itself succeeds: the exit code is kept for the last step, after the uploads.
      expect(scan.status).toBe(0);
      expect(outputs.scan).toEqual({ "exit-code": "1", sarif: "wirewatch-report/wirewatch-report.sarif" });
      const sarif = JSON.parse(readFileSync(join(work, outputs.scan!.sarif!), "utf8")) as {
        runs: Array<{ results: Array<{ ruleId: string }> }>;
      };
      expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("cloudtrail.multi-region-logging");
      const upload = action.runs.steps.find((x) => x.uses?.startsWith("github/codeql-action/upload-sarif"))!;
      expect(evaluate(upload.with!.sarif_file!)).toBe(outputs.scan!.sarif);
      expect(readFileSync(summary, "utf8")).toContain("cloudtrail.multi-region-logging");

      // On a pull request: the dry-run plan as Markdown, the file the comment step posts.
      expect(action.runs.steps.find((x) => x.id === "plan")!.if).toContain("pull_request");
      const plan = await run("plan");
      expect(plan.status).toBe(0);
      expect(outputs.plan!.file).toBe("wirewatch-report/plan.md");
      expect(readFileSync(join(work, outputs.plan!.file!), "utf8")).toContain("cloudtrail.start-logging");

      // The last step fails the job with the scan's code, and says why.
      const result = await run("result");
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("::error::");
    } finally {
      await sim.close();
    }
  });
});
