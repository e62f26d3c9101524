/**
 * Remediation harness: a simulator that stays up across several in-process CLI runs (plan, apply, apply again), a config
 * file whose baseline matches the bundled scenarios, and the writes the simulator recorded as CloudTrail events.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { mergeConfig } from "../../src/config/load.ts";
import type { FaultRule } from "../../sim/faults.ts";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import { ROOT } from "./cli.ts";
import type { MutableScenario } from "./e2e.ts";
import { runMain, simEnv, type MainOptions, type MainResult } from "./main.ts";

export const ALL_REMEDIATIONS = [
  "cloudtrail.create-trail",
  "cloudtrail.restore-event-selectors",
  "cloudtrail.start-logging",
  "cloudtrail.update-trail",
  "eventbridge.put-forwarding-rule",
  "logs.put-retention",
  "logs.put-subscription-filter",
  "alarms.put-metric-filter-and-alarm",
];

/** The demo configuration (its baseline matches the bundled scenarios), every remediation allowed. */
export function remediationConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const demo = parseYaml(readFileSync(join(ROOT, "config/examples/demo.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const base = mergeConfig(demo, { aws: { maxAttempts: 8 }, remediation: { allowlist: ALL_REMEDIATIONS } });
  return mergeConfig(base, overrides) as Record<string, unknown>;
}

export interface Session {
  sim: Simulator;
  dir: string;
  configFile: string;
  /** Runs a wirewatch command in-process against the session's simulator, with extra environment variables. */
  run(args: string[], env?: Record<string, string>, opts?: MainOptions): Promise<MainResult>;
  /** Writes recorded by the simulator (CloudTrail events with readOnly false), oldest first. */
  writes(
    accountId?: string,
  ): Array<{ account: string; region: string; name: string; by: string; input: unknown; error?: string }>;
  close(): Promise<void>;
}

export async function session(
  scenario: MutableScenario,
  config: Record<string, unknown> = remediationConfig(),
  faults: FaultRule[] = [],
): Promise<Session> {
  const sim = await startSimulator({ scenario: parseScenario(scenario), faults });
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-remediate-"));
  const configFile = join(dir, "wirewatch.yaml");
  // Each session its own embedded store, never the working directory's.
  writeFileSync(configFile, stringify({ state: { dir: join(dir, "state") }, ...config }));
  const seeded = new Map<string, number>();
  for (const [id, account] of sim.world.accounts) {
    for (const [region, state] of account.regionState) seeded.set(`${id}|${region}`, state.events.length);
  }
  return {
    sim,
    dir,
    configFile,
    run: (args, env = {}, opts) => runMain(args, { ...env, ...simEnv(sim) }, opts),
    writes(accountId) {
      const out: ReturnType<Session["writes"]> = [];
      for (const [id, account] of sim.world.accounts) {
        if (accountId && id !== accountId) continue;
        for (const [region, state] of account.regionState) {
          for (const e of state.events.slice(seeded.get(`${id}|${region}`) ?? 0)) {
            const record = JSON.parse(e.CloudTrailEvent) as {
              userIdentity?: { arn?: string };
              requestParameters?: unknown;
              errorCode?: string;
            };
            out.push({
              account: id,
              region,
              name: `${e.EventSource.replace(".amazonaws.com", "")}:${e.EventName}`,
              by: record.userIdentity?.arn ?? "",
              input: record.requestParameters,
              ...(record.errorCode ? { error: record.errorCode } : {}),
            });
          }
        }
      }
      return out;
    },
    close: () => sim.close(),
  };
}
