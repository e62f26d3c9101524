/**
 * The built CLI as a user starts it, `node bin/wirewatch.js` in a child process: version, help, a scan against a
 * simulator through the standard AWS environment variables (the demo: demo.test.ts; wirewatch sim:
 * sim-command.test.ts). Everything else about the commands is tested in-process through main(argv, io); these few
 * prove the shipped entry point runs them the same way.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { VERSION } from "../../src/version.ts";
import { ROOT, runCli } from "../support/cli.ts";
import { bundledScenario, problems, trailOf } from "../support/e2e.ts";
import { simEnv } from "../support/main.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

describe("the built CLI", () => {
  it("prints its version and its help, exit 0; an unknown command exits 3", async () => {
    const version = await runCli(["--version"]);
    expect([version.code, version.stdout.trim()]).toEqual([0, VERSION]);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of [
      "scan",
      "plan",
      "apply",
      "init",
      "doctor",
      "explain",
      "check-filter",
      "demo",
      "sim",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
    expect((await runCli(["nope"])).code).toBe(3);
  });

  it("stops quietly, exit 0, when the reader has closed the pipe (wirewatch explain | true)", () => {
    // `true` exits without reading, so the CLI's first write meets a closed pipe (EPIPE).
    const r = spawnSync(
      "bash",
      ["-c", 'node bin/wirewatch.js explain | true; echo "exit=${PIPESTATUS[0]}"'],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(r.stdout.trim()).toBe("exit=0");
    expect(r.stderr).toBe("");
  });

  it("without any AWS credentials says so in one line, exit 3, before calling AWS", async () => {
    const sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")) });
    try {
      const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...env } = simEnv(sim);
      // Nothing else in the default chain either: no profile files (runCli), no instance metadata.
      const r = await runCli(["scan"], { ...env, AWS_EC2_METADATA_DISABLED: "true" });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^wirewatch: no AWS credentials were found for the hub identity/);
      expect(sim.stats.requests).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it("scans a simulator named by AWS_ENDPOINT_URL, writing the JSON report, exit 1 on a gap", async () => {
    const scenario = bundledScenario("healthy");
    trailOf(scenario, "222222222222").logFileValidation = false;
    const sim = await startSimulator({ scenario: parseScenario(scenario) });
    try {
      const dir = mkdtempSync(join(tmpdir(), "wirewatch-smoke-"));
      // Throttled calls are retried as against AWS.
      writeFileSync(join(dir, "wirewatch.yaml"), "aws:\n  maxAttempts: 8\n");
      const out = join(dir, "report");
      const r = await runCli(
        ["scan", "--config", join(dir, "wirewatch.yaml"), "--format", "json", "--output", out],
        // The state store is on by default, under the data directory.
        { ...simEnv(sim), WIREWATCH_DATA_DIR: join(dir, "data") },
        dir,
      );
      expect(r.code).toBe(1);
      const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(readdirSync(join(dir, "data"))).toEqual(["state"]);
      expect(readdirSync(dir).sort()).toEqual(["data", "report", "wirewatch.yaml"]);
      expect(report.drift).toMatchObject({ baseline: null });
      expect(report.drift!.new.map((f) => f.checkId)).toEqual(["cloudtrail.log-file-validation"]);
      expect(problems(report)).toEqual([
        "fail cloudtrail.log-file-validation 222222222222 global validationOff",
      ]);
    } finally {
      await sim.close();
    }
  });
});
