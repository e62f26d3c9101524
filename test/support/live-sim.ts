/**
 * One simulator kept running across several CLI scans, so a test can scan, break the wiring with AWS calls as an
 * operator would, and scan again.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { stringify } from "yaml";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { runCli, type CliResult } from "./cli.ts";
import type { MutableScenario } from "./e2e.ts";
import { readValidReport } from "./report-schema.ts";

export interface LiveScan extends CliResult {
  report: ScanReport;
}

export interface LiveSim {
  sim: Simulator;
  dir: string;
  /** The environment a CLI run against this simulator needs. */
  env: Record<string, string>;
  scan(args?: string[], extraEnv?: Record<string, string>): Promise<LiveScan>;
  /** Write credentials of a role in an account (what an operator breaking the wiring would hold). */
  credentials(accountId: string, role?: string): Promise<SdkClientConfig>;
  close(): Promise<void>;
}

export interface SdkClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export async function liveSimulator(
  scenario: MutableScenario,
  config: Record<string, unknown> = {},
): Promise<LiveSim> {
  const sim = await startSimulator({ scenario: parseScenario(scenario), rateLimits: true, latencyMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-live-"));
  const configFile = join(dir, "wirewatch.yaml");
  writeFileSync(configFile, stringify({ aws: { maxAttempts: 8 }, state: { enabled: false }, ...config }));
  const env = {
    AWS_ENDPOINT_URL: sim.endpoint,
    AWS_ACCESS_KEY_ID: sim.hub.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sim.hub.secretAccessKey,
    AWS_REGION: sim.hub.region,
  };
  let n = 0;
  const hub: SdkClientConfig = {
    endpoint: sim.endpoint,
    region: sim.hub.region,
    credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
  };
  return {
    sim,
    dir,
    env,
    async scan(args = [], extraEnv = {}) {
      const out = join(dir, `report-${++n}`);
      const result = await runCli(
        ["scan", "--config", configFile, "--format", "json,console", "--output", out, ...args],
        { ...env, ...extraEnv },
        dir,
      );
      const report = readValidReport(out, result);
      return { ...result, report };
    },
    async credentials(accountId, role = "WirewatchRemediation") {
      const sts = new STSClient(hub);
      try {
        const r = await sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:${sim.world.partition}:iam::${accountId}:role/${role}`,
            RoleSessionName: "operator",
          }),
        );
        const c = r.Credentials!;
        return {
          endpoint: sim.endpoint,
          region: sim.hub.region,
          credentials: {
            accessKeyId: c.AccessKeyId!,
            secretAccessKey: c.SecretAccessKey!,
            sessionToken: c.SessionToken,
          },
        };
      } finally {
        sts.destroy();
      }
    },
    close: () => sim.close(),
  };
}

/** Report path of the n-th scan (1-based) of a live simulator. */
export const reportPath = (live: LiveSim, n: number) =>
  join(live.dir, `report-${n}`, "wirewatch-report.json");
