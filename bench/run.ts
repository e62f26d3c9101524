/**
 * Scan benchmark: a generated organization (default 200 accounts x 17 regions) served by the simulator in its
 * own process with realistic latency (default 30 ms) and AWS's published rate limits, scanned by wirewatch in
 * this process exactly as `wirewatch scan` does. Prints wall time, API calls per account-region, throttles and
 * the scanner's peak RSS (the simulator's memory is not counted: it runs in another process).
 *
 * With --hostile, every account's trail log group in every region also carries a metric filter with the worst
 * pattern bench:patterns found (bench/hostile-patterns.ts), as a member account's administrator could add it.
 *
 * It also prints the lower bound no scheduler could beat on this machine and configuration, and the wall time's ratio
 * to it: the largest of the CPU bound (the scanner's CPU, which runs on one event loop, or both processes' CPU over
 * the cores), the pacing bound (each account's busiest rate-limit bucket at the paced rate, over the accounts scanned
 * side by side) and the latency bound (every call's latency over the calls in flight).
 *
 * With --sweep 100,1000,10000 it runs each size in a fresh process (so each peak RSS is its own) and prints how wall
 * time, CPU and memory grow with the organization.
 *
 * With --scenario large-account, the organization is one account whose home region holds 50,000 log groups, 5,000
 * metric filters and 5,000 alarms (sim/large-account.ts; --accounts is ignored): what a scan of it costs shows
 * whether wirewatch reads what it needs about the trail's log group or everything in the account.
 *
 * --findings FILE writes every finding's id, status and message id, sorted, so two runs can be diffed.
 *
 *   npm run bench -- [--accounts 200] [--regions 17] [--latency 30] [--seed 1] [--hostile] [--json]
 *   npm run bench -- --sweep 100,1000,10000 [--regions 17] [--latency 30]
 *   npm run bench -- --scenario large-account [--regions 17] [--latency 30]
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
import { generateLargeAccount, LARGE_ACCOUNT_DEFAULTS } from "../sim/large-account.ts";
import { WORST_FILTER } from "./hostile-patterns.ts";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "200" },
    regions: { type: "string", default: "17" },
    latency: { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
    hostile: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    sweep: { type: "string" },
    scenario: { type: "string" },
    /** Writes each finding's id, status and message id, one a line, sorted: to compare two runs' findings. */
    findings: { type: "string" },
  },
});
if (values.scenario !== undefined && values.scenario !== "large-account") {
  console.error(`--scenario ${values.scenario}: the only named scenario is large-account`);
  process.exit(3);
}
if (values.scenario && (values.hostile || values.sweep !== undefined)) {
  console.error("--scenario excludes --hostile and --sweep");
  process.exit(3);
}
const large = values.scenario === "large-account";

/** The large account as a scenario file for the simulator's process. */
function largeAccountScenario(): string {
  const file = join(mkdtempSync(join(tmpdir(), "wirewatch-bench-")), "large-account.json");
  writeFileSync(file, JSON.stringify(generateLargeAccount({ regions: Number(values.regions) })));
  return file;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** What one run measured, for --json and the sweep's table. */
interface BenchResult {
  accounts: number;
  regions: number;
  wallSeconds: number;
  calls: number;
  throttles: number;
  findings: number;
  scannerCpuSeconds: number;
  simulatorCpuSeconds: number;
  cpuMsPerCall: number;
  peakRssMiB: number;
  bound: { cpu: number; pacing: number; latency: number; seconds: number };
}

if (values.sweep !== undefined) {
  const sizes = values.sweep.split(",").map((n) => Number(n.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(
      `--sweep takes account counts separated by commas, e.g. 100,1000,10000 (got "${values.sweep}")`,
    );
    process.exit(3);
  }
  const head = [
    "accounts",
    "wall s",
    "calls",
    "throttled",
    "scanner CPU s",
    "ms/call",
    "sim CPU s",
    "peak RSS MiB",
    "bound s",
    "wall/bound",
  ];
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  console.log(
    `wirewatch scan benchmark sweep: ${values.regions} regions, ${values.latency} ms latency, ${availableParallelism()} cores, Node ${process.version}`,
  );
  console.log(line(head));
  console.log(line(head.map(() => "---")));
  // Each row is printed as its run ends, so a size that fails leaves the smaller ones' figures.
  for (const accounts of sizes) {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1]!,
        "--accounts",
        String(accounts),
        "--regions",
        values.regions,
        "--latency",
        values.latency,
        "--seed",
        values.seed,
        "--json",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    if (code !== 0) {
      console.error(`the ${accounts}-account run exited with ${String(code)}`);
      process.exit(1);
    }
    const r = JSON.parse(out.trim().split("\n").pop()!) as BenchResult;
    console.log(
      line([
        String(r.accounts),
        r.wallSeconds.toFixed(1),
        String(r.calls),
        String(r.throttles),
        r.scannerCpuSeconds.toFixed(1),
        r.cpuMsPerCall.toFixed(2),
        r.simulatorCpuSeconds.toFixed(1),
        r.peakRssMiB.toFixed(0),
        r.bound.seconds.toFixed(1),
        (r.wallSeconds / r.bound.seconds).toFixed(2),
      ]),
    );
  }
  process.exit(0);
}

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
        : large
          ? ["--scenario", largeAccountScenario()]
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
  const rssBeforeMiB = process.memoryUsage().rss / 1024 / 1024;
  // Sampled through the scan: what the peak RSS is made of (the V8 heap, or buffers outside it).
  const peak = { heapTotal: 0, heapUsed: 0, external: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  }, 100);
  const simCpuBefore = sim.cpuSeconds() ?? 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await runScan({ config, layer, checks: CHECKS }).finally(() => layer.close());
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const cells = report.coverage.length;
  const t = report.stats.totals;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // With --expose-gc (NODE_OPTIONS), the heap the finished scan still holds: the report, not garbage awaiting GC.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeapMiB = gc ? process.memoryUsage().heapUsed / 1024 / 1024 : undefined;
  const reportJsonMiB = gc ? Buffer.byteLength(JSON.stringify(report)) / 1024 / 1024 : undefined;
  const scannerCpu = (cpu.user + cpu.system) / 1e6;
  const simCpu = (sim.cpuSeconds() ?? simCpuBefore) - simCpuBefore;
  const cores = availableParallelism();
  const bound = {
    cpu: Math.max(scannerCpu, (scannerCpu + simCpu) / cores),
    // Spread over the accounts scanned side by side, but never below the one slowest account.
    pacing: Math.max(
      layer.pacer.floorSeconds() / config.aws.accountConcurrency,
      layer.pacer.longestAccountSeconds(),
    ),
    latency: (t.calls * Number(values.latency)) / 1000 / config.aws.maxCallsInFlight,
    seconds: 0,
  };
  bound.seconds = Math.max(bound.cpu, bound.pacing, bound.latency);
  const result: BenchResult = {
    accounts: large ? 1 : Number(values.accounts),
    regions: Number(values.regions),
    wallSeconds: wallMs / 1000,
    calls: t.calls,
    throttles: t.throttles,
    findings: report.findings.length,
    scannerCpuSeconds: scannerCpu,
    simulatorCpuSeconds: simCpu,
    cpuMsPerCall: (scannerCpu * 1000) / t.calls,
    peakRssMiB,
    bound,
  };
  if (values.findings) {
    const rows = report.findings.map((f) => `${f.id} ${f.status} ${f.messageId}`).sort();
    writeFileSync(values.findings, `${rows.join("\n")}\n`);
  }
  if (values.json) {
    console.log(JSON.stringify(result));
    await sim.stop();
    process.exit(0);
  }
  const lines = [
    `wirewatch scan benchmark`,
    large
      ? `  organization:            1 account x ${values.regions} regions, its home region holding ` +
        `${LARGE_ACCOUNT_DEFAULTS.logGroups} log groups, ${LARGE_ACCOUNT_DEFAULTS.metricFilters} metric filters ` +
        `and ${LARGE_ACCOUNT_DEFAULTS.alarms} alarms`
      : `  organization:            ${values.accounts} accounts x ${values.regions} regions (seed ${values.seed})` +
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
    `  peak RSS (scanner):      ${peakRssMiB.toFixed(0)} MiB (${rssBeforeMiB.toFixed(0)} MiB before the scan; ` +
      `peak V8 heap ${mib(peak.heapTotal)} MiB of which ${mib(peak.heapUsed)} used, buffers ${mib(peak.external)} MiB)`,
    ...(liveHeapMiB !== undefined && reportJsonMiB !== undefined
      ? [
          `  heap after the scan:     ${liveHeapMiB.toFixed(0)} MiB live after GC, holding a report of ${reportJsonMiB.toFixed(0)} MiB as JSON`,
        ]
      : []),
    `  CPU time (scanner):      ${scannerCpu.toFixed(1)} s (all its threads), ${result.cpuMsPerCall.toFixed(2)} ms a call`,
    `  CPU time (simulator):    ${simCpu.toFixed(1)} s`,
    `  lower bound:             ${bound.seconds.toFixed(1)} s (CPU ${bound.cpu.toFixed(1)} s, pacing ${bound.pacing.toFixed(1)} s, latency ${bound.latency.toFixed(1)} s); wall time is ${(result.wallSeconds / bound.seconds).toFixed(2)}x it`,
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
