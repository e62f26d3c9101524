/**
 * The README's "Scanning your organization" steps as a new user takes them, with the built CLI against the
 * simulator standing in for their organization: `init` writes the config, `doctor` says what is missing (the
 * ExternalId variable the config names) and then that all is ready, `scan` writes its reports where asked and
 * nothing else, and `explain` explains a check the report names.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import type { Verdict } from "../../src/doctor/probes.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario } from "../support/e2e.ts";
import { simEnv } from "../support/main.ts";
import { readValidReport } from "../support/report-schema.ts";

describe("the first hour, as the README walks it", () => {
  it("init, doctor (not ready, then ready), scan, explain", async () => {
    const sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")), latencyMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-first-hour-"));
    const env = { ...simEnv(sim), WIREWATCH_DATA_DIR: join(dir, "data") };
    try {
      // Step 2: init writes wirewatch.yaml in the working directory, filled in with what it could read.
      const init = await runCli(["init"], env, dir);
      expect(init.code).toBe(0);
      const config = parse(readFileSync(join(dir, "wirewatch.yaml"), "utf8")) as Record<string, unknown>;
      expect(config).toMatchObject({ organization: { discovery: "organizations" } });

      // The roles were deployed with an ExternalId (README step 1); the user names its variable in the config.
      config.roles = { audit: { externalIdEnv: "WIREWATCH_EXTERNAL_ID" } };
      writeFileSync(join(dir, "wirewatch.yaml"), stringify(config));

      // Step 3: doctor says what is missing, exit 3, then ready once the variable is set.
      const doctor = (extra: Record<string, string>) =>
        runCli(["doctor", "--config", "wirewatch.yaml", "--format", "json"], { ...env, ...extra }, dir);
      const notReady = await doctor({});
      expect(notReady.code).toBe(3);
      const verdicts = (JSON.parse(notReady.stdout) as { verdicts: Verdict[] }).verdicts;
      expect(verdicts.filter((v) => !v.ok).map((v) => v.step)).toEqual(["external-id"]);
      const ready = await doctor({ WIREWATCH_EXTERNAL_ID: "first-hour" });
      expect(ready.code).toBe(0);
      expect((JSON.parse(ready.stdout) as { ready: boolean }).ready).toBe(true);

      // Step 4: the scan, with its reports in report/ and nothing else left in the directory.
      const scan = await runCli(
        ["scan", "--config", "wirewatch.yaml", "--format", "console,json", "--output", "report/"],
        { ...env, WIREWATCH_EXTERNAL_ID: "first-hour" },
        dir,
      );
      expect(scan.code).toBe(0);
      const report = readValidReport(join(dir, "report"), scan);
      expect(report.summary).toMatchObject({ incomplete: false, blindCells: 0 });
      expect(readdirSync(dir).sort()).toEqual(["data", "report", "wirewatch.yaml"]);
      expect(existsSync(join(dir, "wirewatch-report"))).toBe(false);

      // explain the check behind the first finding, as the README's example does.
      const checkId = report.findings[0]!.checkId;
      const explain = await runCli(["explain", checkId], env, dir);
      expect(explain.code).toBe(0);
      expect(explain.stdout).toContain(checkId);
    } finally {
      await sim.close();
    }
  });
});
