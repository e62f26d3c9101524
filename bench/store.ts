/**
 * State store benchmark: how big the store grows and how long recording and diffing take.
 *
 * 1. Scans a generated organization (default 200 accounts x 17 regions) once through the simulator in this process
 *    (no latency, no rate limits: only the findings matter here), then records it `--scans` times (default 100)
 *    into a fresh embedded store, one simulated hour apart, each time with `--churn` (default 0.5%) of the findings
 *    flipped between pass and fail, as wiring breaks and is fixed. Prints the store's size on disk afterwards.
 * 2. Builds a `--large`-account report (default 1,000) by repeating that scan's findings under new account ids, and
 *    times recording it into a fresh store: the first scan (every failing finding new) and a steady scan (churn only).
 *
 * With --pg URL (or WIREWATCH_TEST_PG_URL), step 2 also runs against that PostgreSQL server, in a fresh scope.
 *
 *   npm run bench:store -- [--accounts 200] [--regions 17] [--scans 100] [--churn 0.005] [--large 1000] [--pg URL]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CHECKS } from "../checks/index.ts";
import { AwsLayer } from "../src/aws/layer.ts";
import { loadConfig } from "../src/config/load.ts";
import { configSchema } from "../src/config/schema.ts";
import { findingId } from "../src/report/finding-id.ts";
import type { ReportFinding, ScanReport } from "../src/report/model.ts";
import { runScan } from "../src/scan/run.ts";
import { diffAndRecord } from "../src/store/record.ts";
import { StateStore } from "../src/store/store.ts";
import { generatedAccountId, generateOrganization, seededRandom } from "../sim/generate.ts";
import { parseScenario } from "../sim/scenario.ts";
import { startSimulator } from "../sim/server.ts";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "200" },
    regions: { type: "string", default: "17" },
    scans: { type: "string", default: "100" },
    churn: { type: "string", default: "0.005" },
    large: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    pg: { type: "string", default: process.env.WIREWATCH_TEST_PG_URL },
  },
});
const accounts = Number(values.accounts);
const scans = Number(values.scans);
const churn = Number(values.churn);
const large = Number(values.large);
const random = seededRandom(Number(values.seed));
const HOUR = 3_600_000;

async function scanOnce(): Promise<ScanReport> {
  const scenario = generateOrganization({
    accounts,
    regions: Number(values.regions),
    seed: Number(values.seed),
  });
  const sim = await startSimulator({ scenario: parseScenario(scenario), rateLimits: false, latencyMs: 0 });
  try {
    const config = loadConfig(undefined, { aws: { endpoint: sim.endpoint } });
    const layer = new AwsLayer({
      endpoint: sim.endpoint,
      maxAttempts: config.aws.maxAttempts,
      maxCallsInFlight: config.aws.maxCallsInFlight,
      homeRegion: config.aws.homeRegion,
      credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
      pacing: false,
    });
    return await runScan({ config, layer, checks: CHECKS }).finally(() => layer.close());
  } finally {
    await sim.close();
  }
}

/** The same findings, the next hour, with `churn` of the flippable ones flipped (pass <-> fail). */
function nextScan(base: ScanReport, findings: ReportFinding[], n: number): ScanReport {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if ((f.status === "pass" || f.status === "fail") && random() < churn) {
      findings[i] = {
        ...f,
        status: f.status === "pass" ? "fail" : "pass",
        messageId: f.status === "pass" ? "benchBroken" : f.messageId,
      };
    }
  }
  const at = new Date(Date.parse(base.startedAt) + n * HOUR).toISOString();
  return { ...base, scanId: `bench-${n}-${at}`, startedAt: at, finishedAt: at, findings: [...findings] };
}

/** The scan's findings repeated under `times` as many account ids. */
function enlarge(base: ScanReport, target: number): ScanReport {
  const ids = base.scope.accounts.map((a) => a.id);
  const findings: ReportFinding[] = [];
  const scoped: ScanReport["scope"]["accounts"] = [];
  const inScope = new Set<string>();
  for (let copy = 0; copy * ids.length < target; copy++) {
    const remap = new Map(ids.map((id, i) => [id, generatedAccountId(copy * ids.length + i)]));
    for (const a of base.scope.accounts) {
      if (scoped.length < target) {
        scoped.push({ ...a, id: remap.get(a.id)! });
        inScope.add(remap.get(a.id)!);
      }
    }
    for (const f of base.findings) {
      const accountId = remap.get(f.accountId) ?? f.accountId;
      if (!inScope.has(accountId)) continue;
      const resource = f.resource.replaceAll(f.accountId, accountId);
      findings.push({ ...f, accountId, resource, id: findingId({ ...f, accountId, resource }) });
    }
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const coverage = base.coverage
    .flatMap((c) =>
      Array.from({ length: Math.ceil(target / ids.length) }, (_, copy) => ({
        ...c,
        accountId: generatedAccountId(copy * ids.length + (index.get(c.accountId) ?? 0)),
      })),
    )
    .filter((c) => inScope.has(c.accountId));
  return { ...base, scope: { ...base.scope, accounts: scoped }, findings, coverage };
}

async function timeRecording(
  label: string,
  state: Record<string, unknown>,
  report: ScanReport,
): Promise<string[]> {
  const config = configSchema.parse({ state: { ...state, scope: `bench-${Date.now()}` } });
  const store = await StateStore.open(config.state);
  const lines: string[] = [];
  try {
    const findings = [...report.findings];
    for (const [n, what] of [
      [0, "first scan (every failing finding new)"],
      [1, "steady scan (churn only)"],
    ] as const) {
      const r = n === 0 ? report : nextScan(report, findings, 1);
      const t0 = performance.now();
      const recorded = await diffAndRecord(store, config.state.scope, r, 90);
      const ms = performance.now() - t0;
      if (recorded.error) throw recorded.error;
      const d = recorded.result!.drift.counts;
      lines.push(
        `  ${label}, ${what}: ${(ms / 1000).toFixed(2)} s (new ${d.new}, resolved ${d.resolved}, still open ${d.stillOpen})`,
      );
    }
  } finally {
    await store.close();
  }
  return lines;
}

const t0 = performance.now();
const base = await scanOnce();
const scanSeconds = (performance.now() - t0) / 1000;
const dir = mkdtempSync(join(tmpdir(), "wirewatch-bench-store-"));
const out: string[] = [
  "wirewatch state store benchmark",
  `  machine:        ${availableParallelism()} cores, Node ${process.version}`,
  `  organization:   ${accounts} accounts x ${values.regions} regions: ${base.findings.length} findings ` +
    `(${base.summary.findings.fail} failing), ${base.coverage.length} coverage cells; scanned once in ${scanSeconds.toFixed(1)} s`,
];
try {
  const config = configSchema.parse({ state: { dir: join(dir, "state"), scope: "bench" } });
  await (await StateStore.open(config.state)).close();
  const emptyBytes = sizeOf(join(dir, "state"));
  const store = await StateStore.open(config.state);
  const findings = [...base.findings];
  const times: number[] = [];
  let firstBytes = 0;
  try {
    for (let n = 0; n < scans; n++) {
      const r = n === 0 ? base : nextScan(base, findings, n);
      const started = performance.now();
      const recorded = await diffAndRecord(store, "bench", r, 3650);
      times.push(performance.now() - started);
      if (recorded.error) throw recorded.error;
      if (n === 0) firstBytes = sizeOf(join(dir, "state"));
    }
    const transitions = await store.sql.query<{ n: unknown }>(
      "SELECT count(*) AS n FROM finding_transitions",
    );
    const rows = await store.sql.query<{ n: unknown }>("SELECT count(*) AS n FROM findings");
    out.push(
      `  ${scans} scans at ${(churn * 100).toFixed(2)}% churn: ${String(rows[0]!.n)} finding rows, ${String(transitions[0]!.n)} transitions`,
      `  recording:      first ${(times[0]! / 1000).toFixed(2)} s, then median ${(median(times.slice(1)) / 1000).toFixed(2)} s a scan`,
    );
  } finally {
    await store.close();
  }
  const bytes = sizeOf(join(dir, "state"));
  const wal = sizeOf(join(dir, "state", "pg_wal"));
  out.push(`  of which write-ahead log: ${(wal / 1024 / 1024).toFixed(1)} MiB`);
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  out.push(
    `  embedded store on disk: ${mib(emptyBytes)} empty (PGlite's catalog and WAL), ${mib(firstBytes)} after the first scan, ` +
      `${mib(bytes)} after ${scans}`,
  );

  const big = enlarge(base, large);
  out.push(
    `  ${large}-account report: ${big.findings.length} findings, ${big.coverage.length} coverage cells`,
  );
  out.push(...(await timeRecording("embedded (PGlite)", { dir: join(dir, "large") }, big)));
  if (values.pg) out.push(...(await timeRecording("PostgreSQL", { url: values.pg }, big)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(out.join("\n"));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

function sizeOf(path: string): number {
  return Number(execFileSync("du", ["-sb", path], { encoding: "utf8" }).split("\t")[0]);
}
