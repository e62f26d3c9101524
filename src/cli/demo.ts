/**
 * `wirewatch demo`: the whole cycle against the bundled simulated organization (sim/scenarios/demo.yaml, with
 * deliberate gaps of every kind): scan -> report -> plan -> apply -> rescan. The simulator runs in-process on
 * loopback; wirewatch talks to it exactly as it talks to AWS.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHECKS } from "../../checks/index.ts";
import { loadScenarioFile } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import { layerFromConfig } from "../aws/layer.ts";
import { EXIT } from "../errors.ts";
import { packagePath } from "../paths.ts";
import { renderConsole } from "../report/console.ts";
import { renderApply, renderPlan } from "../remediate/render.ts";
import { runScan } from "../scan/run.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";
import { runApply, scanAndPlan } from "./remediate.ts";

export const DEMO_SCENARIO = packagePath("sim/scenarios/demo.yaml");
export const DEMO_CONFIG = packagePath("config/examples/demo.yaml");

function heading(io: Io, text: string): void {
  io.stdout.write(`\n${"=".repeat(100)}\n${text}\n${"=".repeat(100)}\n\n`);
}

export async function runDemo(io: Io): Promise<number> {
  const sim = await startSimulator({ scenario: loadScenarioFile(DEMO_SCENARIO), latencyMs: 5 });
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  try {
    const config = loadCommandConfig(DEMO_CONFIG, { aws: { endpoint: sim.endpoint } });
    const logger = commandLogger(io);
    const layer = layerFromConfig(config.aws, {
      accessKeyId: sim.hub.accessKeyId,
      secretAccessKey: sim.hub.secretAccessKey,
    });
    try {
      io.stdout.write(
        `wirewatch demo: an AWS simulator on ${sim.endpoint} holds a ${sim.world.accounts.size}-account organization ` +
          `with deliberate gaps. wirewatch scans it exactly as it scans AWS.\n`,
      );
      heading(io, "1. scan: which accounts and regions are blind, on which path, and why");
      const { report, plan } = await scanAndPlan(config, layer, logger, io.env);
      io.stdout.write(renderConsole(report, { color }));

      heading(io, "2. plan: what wirewatch would change (nothing is written yet)");
      io.stdout.write(renderPlan(plan, { color }));

      heading(io, "3. apply: the allowlisted changes, with the remediation role, then re-verified");
      const auditDir = mkdtempSync(join(tmpdir(), "wirewatch-demo-"));
      const { result, auditPath } = await runApply(plan, config, layer, auditDir, { logger, env: io.env });
      io.stdout.write(renderApply(result, { color }));
      io.stdout.write(`\nEvery write is recorded in ${auditPath}\n`);

      heading(io, "4. rescan: what is left for a person");
      const after = await runScan({ config, layer, checks: CHECKS, logger, env: io.env });
      io.stdout.write(renderConsole(after, { color }));
      io.stdout.write(
        `\nBefore: ${report.summary.findings.fail} failing, ${report.summary.blindCells} blind account-regions. ` +
          `After: ${after.summary.findings.fail} failing, ${after.summary.blindCells} blind account-regions.\n`,
      );
    } finally {
      layer.close();
    }
    return EXIT.ok;
  } finally {
    await sim.close();
  }
}
