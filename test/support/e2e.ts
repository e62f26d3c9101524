/**
 * Scan harness: a bundled scenario, changed the way the wiring really breaks, served by an in-process simulator,
 * scanned by the CLI's `main(argv, io)` in-process with the standard AWS environment variables in io.env.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { FaultRule } from "../../sim/faults.ts";
import { parseScenario, type ScenarioInput } from "../../sim/scenario.ts";
import { startSimulator } from "../../sim/server.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { ROOT } from "./cli.ts";
import { runMain, simEnv, type MainResult } from "./main.ts";
import { readValidReport } from "./report-schema.ts";

type ScenarioAccount = Omit<ScenarioInput["accounts"][number], "trails"> & {
  trails?: Array<Record<string, unknown>>;
};
/** A scenario as parsed from YAML, loosely typed so tests can break it any way AWS wiring breaks. */
export type MutableScenario = Omit<ScenarioInput, "accounts"> & { accounts: ScenarioAccount[] };

export function bundledScenario(name: string): MutableScenario {
  const parsed: unknown = parseYaml(readFileSync(join(ROOT, "sim/scenarios", `${name}.yaml`), "utf8"), {
    merge: true,
  });
  // YAML aliases come back as shared objects: copy through JSON so a test's edit touches one place only.
  return JSON.parse(JSON.stringify(parsed)) as MutableScenario;
}

/** A region's wiring in an account of the scenario, for editing. */
export function regionOf(s: MutableScenario, id: string, region: string) {
  const a = account(s, id);
  a.regionState ??= {};
  const r = (a.regionState[region] ??= {});
  return r as {
    rules: Array<Record<string, unknown> & { targets: Array<Record<string, unknown>> }>;
    logGroups: Array<Record<string, unknown> & { subscriptionFilters: Array<Record<string, unknown>> }>;
    accountPolicies?: Array<Record<string, unknown>>;
    alarms: Array<Record<string, unknown>>;
    topics: Array<Record<string, unknown> & { subscriptions: Array<Record<string, unknown>> }>;
  };
}

export function account(s: MutableScenario, id: string) {
  const a = s.accounts.find((x) => x.id === id);
  if (!a) throw new Error(`scenario has no account ${id}`);
  return a;
}

/** The first trail of an account, for editing. */
export function trailOf(s: MutableScenario, id: string): Record<string, unknown> {
  const t = account(s, id).trails?.[0];
  if (!t) throw new Error(`account ${id} has no trail`);
  return t;
}

export interface E2eOptions {
  faults?: FaultRule[];
  rateLimits?: boolean;
  tps?: Record<string, number>;
  latencyMs?: number;
  /** Extra YAML config merged over the test's base config. */
  config?: Record<string, unknown>;
  args?: string[];
}

export interface E2eResult extends MainResult {
  report: ScanReport;
  simStats: { requests: number; throttled: number; faults: number };
}

const BASE_CONFIG = {
  // The first attempt at a throttled or faulted call may fail; let the SDK retry as it would against AWS.
  aws: { maxAttempts: 8 },
  // These tests judge one scan each; the store has its own tests (test/e2e/store-drift.test.ts).
  state: { enabled: false },
};

export async function scanE2e(scenario: MutableScenario, opts: E2eOptions = {}): Promise<E2eResult> {
  const sim = await startSimulator({
    scenario: parseScenario(scenario),
    rateLimits: opts.rateLimits ?? true,
    faults: opts.faults,
    tps: opts.tps,
    latencyMs: opts.latencyMs ?? 0,
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-e2e-"));
    const configFile = join(dir, "wirewatch.yaml");
    writeFileSync(configFile, stringify({ ...BASE_CONFIG, ...opts.config }));
    const out = join(dir, "report");
    const result = await runMain(
      ["scan", "--config", configFile, "--format", "json,console", "--output", out, ...(opts.args ?? [])],
      simEnv(sim),
    );
    const report = readValidReport(out, result);
    return { ...result, report, simStats: sim.stats };
  } finally {
    await sim.close();
  }
}

/** The findings that need attention, as comparable tuples. */
export function problems(report: ScanReport): string[] {
  return report.findings
    .filter((f) => f.status === "fail" || f.status === "error")
    .map((f) => `${f.status} ${f.checkId} ${f.accountId} ${f.region} ${f.messageId}`)
    .sort();
}
