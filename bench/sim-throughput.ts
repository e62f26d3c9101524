/**
 * Simulator throughput: how many signed requests per second the AWS simulator serves to the real SDK clients.
 *
 *   npx tsx bench/sim-throughput.ts [--accounts 50] [--regions 17] [--requests 20000] [--concurrency 64]
 *
 * Starts the simulator in this process on a generated organization with rate limits off and no added latency,
 * assumes the audit role into every account, then fires a bounded number of DescribeTrails / ListRules /
 * DescribeAlarms calls spread over accounts and regions, at most `concurrency` in flight, through SDK v3 clients
 * sharing one keep-alive agent. Prints requests per second and latency percentiles, then stops by itself.
 * Client and server share this process (and its event loop), so the figure is the end-to-end cost of both.
 */
import { Agent } from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AUDIT_ROLE, GAP_KINDS, generateOrganization, generatedAccountId } from "../sim/generate.ts";
import { parseScenario } from "../sim/scenario.ts";
import { startSimulator } from "../sim/server.ts";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "50" },
    regions: { type: "string", default: "17" },
    requests: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    warmup: { type: "string", default: "1000" },
  },
});
const ACCOUNTS = Number(values.accounts);
const REGIONS = Number(values.regions);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);

type Op = "cloudtrail:DescribeTrails" | "events:ListRules" | "monitoring:DescribeAlarms";
const OPS: Op[] = ["cloudtrail:DescribeTrails", "events:ListRules", "monitoring:DescribeAlarms"];

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const scenario = parseScenario(
    generateOrganization({
      accounts: ACCOUNTS,
      regions: REGIONS,
      brokenFraction: 0.2,
      seed: 1,
      // Gaps in the data, but none that refuses a call: this measures serving, not error paths.
      gaps: GAP_KINDS.filter((g) => g !== "region-denied" && g !== "role-untrusted"),
    }),
  );
  const regions = scenario.defaults.regions;
  const sim = await startSimulator({ scenario, rateLimits: false, latencyMs: 0 });
  const requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
  });
  const base = { endpoint: sim.endpoint, maxAttempts: 1, requestHandler };

  try {
    // One audit session per account, as wirewatch holds them.
    const sts = new STSClient({
      ...base,
      region: sim.hub.region,
      credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
    });
    const sessions: AwsCredentialIdentity[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${generatedAccountId(i)}:role/${AUDIT_ROLE}`,
          RoleSessionName: "bench",
          DurationSeconds: 3600,
        }),
      );
      const c = out.Credentials!;
      sessions.push({
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      });
    }

    // One client per account, region and operation, made and used once before measuring (creating an SDK client
    // resolves its configuration chain, which costs far more than a request), then reused as a scan reuses them.
    const calls: Array<() => Promise<unknown>> = [];
    for (const region of regions) {
      for (let account = 0; account < ACCOUNTS; account++) {
        const config = { ...base, region, credentials: sessions[account]! };
        for (const op of OPS) {
          if (op === "cloudtrail:DescribeTrails") {
            const client = new CloudTrailClient(config);
            calls.push(() => client.send(new DescribeTrailsCommand({})));
          } else if (op === "events:ListRules") {
            const client = new EventBridgeClient(config);
            calls.push(() => client.send(new ListRulesCommand({ Limit: 100 })));
          } else {
            const client = new CloudWatchClient(config);
            calls.push(() => client.send(new DescribeAlarmsCommand({ MaxRecords: 100 })));
          }
        }
      }
    }
    // Request i goes to client i mod clients: operations rotate fastest, then accounts, then regions.
    const request = (i: number) => calls[i % calls.length]!();

    const errors = new Map<string, number>();
    const run = async (count: number, latencies?: Float64Array) => {
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < count; i = next++) {
          const t0 = performance.now();
          try {
            await request(i);
          } catch (err) {
            const name = (err as Error).name;
            errors.set(name, (errors.get(name) ?? 0) + 1);
          }
          if (latencies) latencies[i] = performance.now() - t0;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
    };

    await run(Math.max(WARMUP, calls.length)); // every client once, the JIT and the connection pool
    errors.clear();
    const before = new Map(sim.stats.byOperation);
    const latencies = new Float64Array(REQUESTS);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await run(REQUESTS, latencies);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU time of this process (client and simulator): less sensitive than wall time to other load on the machine.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    latencies.sort();

    const served = OPS.map((op) => `${op} ${(sim.stats.byOperation.get(op) ?? 0) - (before.get(op) ?? 0)}`);
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    console.log(
      [
        `simulator throughput: ${ACCOUNTS} accounts x ${regions.length} regions, rate limits off, no latency`,
        `  requests:     ${REQUESTS} signed over ${calls.length} clients (after ${Math.max(WARMUP, calls.length)} ` +
          `warm-up), concurrency ${CONCURRENCY}, one keep-alive agent`,
        `  served:       ${served.join(", ")}`,
        `  errors:       ${errors.size === 0 ? "none" : [...errors].map(([k, v]) => `${k} ${v}`).join(", ")}`,
        `  wall time:    ${seconds.toFixed(2)} s`,
        `  throughput:   ${Math.round(REQUESTS / seconds)} requests/s`,
        `  cpu:          ${cpuSeconds.toFixed(1)} s (${Math.round(REQUESTS / cpuSeconds)} requests per CPU-second, ` +
          `client and simulator together)`,
        `  latency:      p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, ` +
          `p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1] ?? NaN)}`,
        `  machine:      ${os.availableParallelism()} cores (os.availableParallelism), ${os.cpus()[0]?.model ?? "?"}, ` +
          `node ${process.version}`,
      ].join("\n"),
    );
    if (errors.size > 0) process.exitCode = 1;
  } finally {
    requestHandler.destroy();
    await sim.close();
  }
}

await main();
