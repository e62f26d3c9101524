/**
 * `wirewatch demo`: the whole cycle against the bundled simulated organization (sim/scenarios/demo.yaml, with
 * deliberate gaps of every kind): scan -> report -> plan -> apply -> rescan. The simulator runs in-process on
 * loopback; wirewatch talks to it exactly as it talks to AWS.
 *
 * It leaves nothing behind: apply's audit log goes to a scratch folder that is removed at the end. With
 * `--keep DIR` the reports (before and after), the plan and the audit log are written to DIR instead, and kept.
 * Both scans are recorded in an embedded state store of their own, in a scratch folder that is always removed (the
 * user's own store is never touched), so the rescan shows what the apply resolved as drift.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CHECKS } from "../../checks/index.ts";
import { loadScenarioFile } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import { layerFromConfig } from "../aws/layer.ts";
import { EXIT, UsageError } from "../errors.ts";
import { packagePath } from "../paths.ts";
import type { ScanReport } from "../report/model.ts";
import type { Config } from "../config/schema.ts";
import { writePlan } from "../remediate/plan-file.ts";
import { renderConsole } from "../report/console.ts";
import { renderApply, renderPlan } from "../remediate/render.ts";
import { runScan } from "../scan/run.ts";
import { withDrift } from "../drift/compute.ts";
import { diffAndRecord } from "../store/record.ts";
import { StateStore } from "../store/store.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";
import { runApply, scanAndPlan } from "./remediate.ts";

export const DEMO_SCENARIO = packagePath("sim/scenarios/demo.yaml");
export const DEMO_CONFIG = packagePath("config/examples/demo.yaml");

function heading(io: Io, text: string): void {
  io.stdout.write(`\n${"=".repeat(100)}\n${text}\n${"=".repeat(100)}\n\n`);
}

/** What `--keep DIR` leaves in DIR. */
export const KEPT_FILES = {
  report: "wirewatch-report.json",
  plan: "wirewatch-plan.json",
  audit: "wirewatch-audit.jsonl",
  rescan: "wirewatch-rescan-report.json",
} as const;

export interface DemoOptions {
  /** Keep the reports, the plan and the audit log in this directory (created if missing). */
  keep?: string;
}

async function keepDir(dir: string): Promise<string> {
  const path = resolve(dir);
  try {
    await mkdir(path, { recursive: true });
  } catch (e) {
    throw new UsageError(
      `--keep ${dir}: cannot create the directory (${(e as NodeJS.ErrnoException).code ?? e})`,
    );
  }
  return path;
}

const writeReport = (path: string, report: ScanReport) =>
  writeFile(path, JSON.stringify(report, null, 2) + "\n");

export async function runDemo(io: Io, options: DemoOptions = {}): Promise<number> {
  // Checked before the simulator starts, so a bad --keep costs nothing.
  const kept = options.keep === undefined ? undefined : await keepDir(options.keep);
  const workDir = kept ?? (await mkdtemp(join(tmpdir(), "wirewatch-demo-")));
  const stateDir = await mkdtemp(join(tmpdir(), "wirewatch-demo-state-"));
  try {
    return await demo(io, workDir, stateDir, kept !== undefined);
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    if (kept === undefined) await rm(workDir, { recursive: true, force: true });
  }
}

async function demo(io: Io, workDir: string, stateDir: string, keep: boolean): Promise<number> {
  const config = loadCommandConfig(DEMO_CONFIG, { state: { enabled: true, dir: stateDir, scope: "demo" } });
  const store = await StateStore.open(config.state, io.env);
  try {
    return await demoWith(io, workDir, keep, config, store);
  } finally {
    await store.close();
  }
}

/** The scan as recorded in the demo's store, with its drift; a store failure is said and the demo goes on. */
async function recorded(io: Io, store: StateStore, report: ScanReport, config: Config): Promise<ScanReport> {
  const { result, error } = await diffAndRecord(
    store,
    config.state.scope,
    report,
    config.state.retentionDays,
  );
  if (error)
    io.stderr.write(`wirewatch demo: recording the scan in the ${store.where} failed: ${error.message}\n`);
  return result ? withDrift(report, result) : report;
}

async function demoWith(
  io: Io,
  workDir: string,
  keep: boolean,
  baseConfig: Config,
  store: StateStore,
): Promise<number> {
  const sim = await startSimulator({ scenario: loadScenarioFile(DEMO_SCENARIO), latencyMs: 5 });
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  try {
    const config: Config = { ...baseConfig, aws: { ...baseConfig.aws, endpoint: sim.endpoint } };
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
      const planned = await scanAndPlan(config, layer, logger, io.env);
      const report = await recorded(io, store, planned.report, config);
      const plan = planned.plan;
      io.stdout.write(renderConsole(report, { color }));
      if (keep) {
        await writeReport(join(workDir, KEPT_FILES.report), report);
        await writePlan(join(workDir, KEPT_FILES.plan), plan);
      }

      heading(io, "2. plan: what wirewatch would change (nothing is written yet)");
      io.stdout.write(renderPlan(plan, { color }));

      heading(io, "3. apply: the allowlisted changes, with the remediation role, then re-verified");
      const { result, auditPath } = await runApply(plan, config, layer, workDir, { logger, env: io.env });
      io.stdout.write(renderApply(result, { color }));
      if (keep) io.stdout.write(`\nEvery write is recorded in ${auditPath}\n`);

      heading(io, "4. rescan: what is left for a person");
      const after = await recorded(
        io,
        store,
        await runScan({ config, layer, checks: CHECKS, logger, env: io.env }),
        config,
      );
      io.stdout.write(renderConsole(after, { color }));
      io.stdout.write(
        `\nBefore: ${report.summary.findings.fail} failing, ${report.summary.blindCells} blind account-regions. ` +
          `After: ${after.summary.findings.fail} failing, ${after.summary.blindCells} blind account-regions.\n`,
      );
      if (keep) {
        await writeReport(join(workDir, KEPT_FILES.rescan), after);
        io.stdout.write(`\nThe reports, the plan and the audit log are in ${workDir}\n`);
      } else {
        io.stdout.write(
          `\nNothing was kept; wirewatch demo --keep DIR keeps the reports, the plan and the audit log.\n`,
        );
      }
    } finally {
      layer.close();
    }
    return EXIT.ok;
  } finally {
    await sim.close();
  }
}
