/**
 * Scan benchmark: a generated organization (default 200 accounts x 17 regions) served by the simulator in its
 * own process with realistic latency (default 30 ms) and AWS's published rate limits, scanned by wirewatch in
 * this process exactly as `wirewatch scan` does. Prints wall time, API calls per account-region, throttles and
 * the scanner's peak RSS (the simulator's memory is not counted: it runs in another process).
 *
 * With --hostile, every account's trail log group in every region also carries a metric filter with the worst
 * pattern bench:patterns found (bench/hostile-patterns.ts), as a member account's administrator could add it.
 *
 *   npm run bench -- [--accounts 200] [--regions 17] [--latency 30] [--seed 1] [--hostile]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CHECKS } from "../checks/index.ts";
import { AwsLayer } from "../src/aws/layer.ts";
import { loadConfig } from "../src/config/load.ts";
import { runScan } from "../src/scan/run.ts";
import { generateOrganization, TRAIL_LOG_GROUP } from "../sim/generate.ts";
import { WORST_FILTER } from "./hostile-patterns.ts";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "200" },
    regions: { type: "string", default: "17" },
    latency: { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
    hostile: { type: "boolean", default: false },
  },
});

/** The generated organization with the worst filter pattern added to every trail log group, as a scenario file. */
function hostileScenario(): string {
  const scenario = generateOrganization({
    accounts: Number(values.accounts),
    regions: Number(values.regions),
    seed: Number(values.seed),
  });
  let added = 0;
  for (const account of scenario.accounts) {
    for (const region of Object.values(account.regionState ?? {})) {
      for (const group of region.logGroups ?? []) {
        if (group.name !== TRAIL_LOG_GROUP) continue;
        group.metricFilters = [
          ...(group.metricFilters ?? []),
          {
            name: "hostile",
            pattern: WORST_FILTER,
            metricName: "Hostile",
            metricNamespace: "Hostile",
            metricValue: "1",
          },
        ];
        added++;
      }
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), "wirewatch-bench-")), "hostile.json");
  writeFileSync(file, JSON.stringify(scenario));
  console.error(`hostile: the ${WORST_FILTER.length}-character filter added to ${added} trail log groups`);
  return file;
}

interface SimHandle {
  env: Record<string, string>;
  /** CPU seconds the simulator process has used (Linux /proc), to show which side the machine spent its time on. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Starts `wirewatch sim` with a generated organization and reads its endpoint and credentials from stdout. */
function startSim(): Promise<SimHandle> {
  const child = spawn(
    process.execPath,
    [
      "bin/wirewatch.js",
      "sim",
      ...(values.hostile
        ? ["--scenario", hostileScenario()]
        : ["--generate", `${values.accounts}x${values.regions}`, "--seed", values.seed]),
      "--port",
      "0",
      "--latency",
      values.latency,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("simulator did not start within 120 s")), 120_000);
    child.on("exit", (code) => reject(new Error(`simulator exited with ${String(code)}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const env: Record<string, string> = {};
      for (const m of out.matchAll(/^export (\w+)=(\S+)$/gm)) env[m[1]!] = m[2]!.replace(/^'|'$/g, "");
      if (env.AWS_REGION) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({
          env,
          cpuSeconds: () => processCpuSeconds(child.pid),
          stop: () =>
            new Promise((done) => {
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}

const sim = await startSim();
try {
  const config = loadConfig(undefined, { aws: { endpoint: sim.env.AWS_ENDPOINT_URL } });
  const layer = new AwsLayer({
    endpoint: config.aws.endpoint,
    maxAttempts: config.aws.maxAttempts,
    maxCallsInFlight: config.aws.maxCallsInFlight,
    homeRegion: config.aws.homeRegion,
    credentials: { accessKeyId: sim.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sim.env.AWS_SECRET_ACCESS_KEY! },
  });
  const simCpuBefore = sim.cpuSeconds() ?? 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await runScan({ config, layer, checks: CHECKS }).finally(() => layer.close());
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cells = report.coverage.length;
  const t = report.stats.totals;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const lines = [
    `wirewatch scan benchmark`,
    `  organization:            ${values.accounts} accounts x ${values.regions} regions (seed ${values.seed})` +
      (values.hostile ? `, the worst filter pattern on every trail log group` : ""),
    `  simulator:               ${values.latency} ms latency, published rate limits on, separate process`,
    `  machine:                 ${availableParallelism()} cores, Node ${process.version}`,
    `  concurrency:             ${config.aws.accountConcurrency} accounts, ${config.aws.maxCallsInFlight} calls in flight`,
    `  wall time:               ${(wallMs / 1000).toFixed(1)} s`,
    `  account-regions scanned: ${cells}`,
    `  API calls:               ${t.calls} (${(t.calls / cells).toFixed(2)} per account-region)`,
    `  throttled / retried:     ${t.throttles} / ${t.retries}`,
    `  findings:                ${report.findings.length} (${report.summary.findings.fail} failing, ${report.summary.findings.error} errors)`,
    ...report.findings
      .filter((f) => f.status === "error")
      .slice(0, 5)
      .map(
        (f) =>
          `    error: ${f.checkId} ${f.accountId} ${f.region} ${f.messageId}: ${f.message.slice(0, 120)}`,
      ),
    `  peak RSS (scanner):      ${peakRssMiB.toFixed(0)} MiB`,
    `  CPU time (scanner):      ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all its threads)`,
    `  CPU time (simulator):    ${((sim.cpuSeconds() ?? simCpuBefore) - simCpuBefore).toFixed(1)} s`,
    `  calls by operation:`,
    ...Object.entries(report.stats.apiCalls).map(
      ([op, c]) =>
        `    ${op.padEnd(36)} ${String(c.calls).padStart(7)} calls ${String(c.throttles).padStart(5)} throttled`,
    ),
  ];
  console.log(lines.join("\n"));
} finally {
  await sim.stop();
}
