/**
 * `wirewatch serve` end to end: the built CLI against the simulator, on a schedule of seconds (node-cron takes a
 * seconds field). It scans on start, applies the one allowlisted fix, becomes ready, scans on schedule, skips a tick
 * that finds a slow scan (the simulator's latency) still running, serves metrics that agree with the report, and
 * exits 0 on SIGTERM in the middle of a scan with the store consistent. Every wait polls an endpoint.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import { configSchema } from "../../src/config/schema.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { StateStore } from "../../src/store/store.ts";
import { isolatedEnv, ROOT } from "../support/cli.ts";
import { simEnv } from "../support/main.ts";
import { bundledScenario } from "../support/e2e.ts";
import { remediationConfig } from "../support/remediate.ts";
import type { DriftBatch } from "../../src/notify/render.ts";
import { startReceiver, type Receiver } from "../support/receiver.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

const BIN = join(ROOT, "bin/wirewatch.js");
const DEV = "333333333333";
const TOKEN = "e2e-token-0123456789";

let sim: Simulator | undefined;
let child: ChildProcess | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await sim?.close();
  sim = undefined;
});

/** Prometheus text format: `name{label="v",...} value` lines, keyed by name and sorted labels. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels = (m[3] ?? "")
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort()
      .join(",");
    out.set(labels ? `${m[1]}{${labels}}` : m[1]!, Number(m[4]));
  }
  return out;
}

/** Polls `probe` until it returns a value (not undefined); the test's own timeout bounds it. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, log: () => string): Promise<T> {
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`serve exited while waiting for ${what}:\n${log()}`);
    }
    // A poll interval, not a timing assumption: the condition decides.
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("wirewatch serve", () => {
  it("runs on start, fixes the allowlisted gap, scans on schedule, skips an overlap, stops cleanly mid-scan", async () => {
    const s = bundledScenario("healthy");
    const trail = s.accounts.find((a) => a.id === DEV)!.trails![0]!;
    Object.assign(trail, { logging: false, status: { stopLoggingTime: "-30d" } });
    sim = await startSimulator({ scenario: parseScenario(s), latencyMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-serve-"));
    const configFile = join(dir, "wirewatch.yaml");
    const state = { dir: join(dir, "state") };
    receiver = await startReceiver();
    const hooks = receiver.received;
    writeFileSync(
      configFile,
      stringify(
        remediationConfig({
          remediation: { allowlist: ["cloudtrail.start-logging"] },
          // One account at a time: a slow scan stays in progress long enough to be interrupted mid-way.
          aws: { maxAttempts: 8, accountConcurrency: 1 },
          scan: { gracePeriodSeconds: 1 },
          state,
          notifications: { channels: [{ type: "webhook", url: receiver.url("/hook") }] },
          report: { formats: ["json"], outputDir: join(dir, "report") },
          service: {
            // Every 10 seconds: long enough for a scan at no latency, short enough to see ticks in a test.
            schedule: "*/10 * * * * *",
            runOnStart: true,
            remediate: "apply",
            http: { host: "127.0.0.1", port: 0, tokenEnv: "WIREWATCH_TEST_TOKEN" },
          },
        }),
      ),
    );
    const check = spawn(process.execPath, [BIN, "serve", "--config", configFile, "--check"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let checkOut = "";
    check.stdout.on("data", (d: Buffer) => (checkOut += d.toString()));
    expect(await new Promise((r) => check.on("close", r))).toBe(0);
    expect(checkOut).toContain('scans on "*/10 * * * * *" (UTC), and once on start; remediate apply');

    child = spawn(process.execPath, [BIN, "serve", "--config", configFile], {
      env: isolatedEnv({
        WIREWATCH_LOG_LEVEL: "info",
        WIREWATCH_TEST_TOKEN: TOKEN,
        ...simEnv(sim),
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stdout!.resume();
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on("close", resolve));
    const lines = () =>
      stderr
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown> & { msg: string });
    const log = () => stderr;

    const port = await until(
      "the listening line",
      async () => lines().find((l) => l.msg === "service listening")?.port as number | undefined,
      log,
    );
    const base = `http://127.0.0.1:${port}`;
    const metrics = async () => parseMetrics(await (await fetch(`${base}/metrics`)).text());

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Ready once the scan on start has completed (it also applies the fix); until then 503 says why.
    const notReady = new Set<string>();
    const ready = await until(
      "readiness",
      async () => {
        const r = await fetch(`${base}/readyz`);
        const body = (await r.json()) as { status: string; reason?: string };
        if (r.status !== 200) notReady.add(`${r.status} ${body.reason}`);
        return r.status === 200 ? body : undefined;
      },
      log,
    );
    expect([...notReady].filter((r) => r !== "503 no-complete-scan")).toEqual([]);
    expect(ready.status).toBe("ready");
    const afterStart = await until(
      "the apply after the first scan",
      async () => {
        const m = await metrics();
        return (m.get('wirewatch_remediation_changes_total{outcome="applied"}') ?? 0) >= 1 ? m : undefined;
      },
      log,
    );
    expect(afterStart.get('wirewatch_remediation_changes_total{outcome="failed"}')).toBe(0);
    expect(afterStart.get('wirewatch_scans_total{outcome="failures"}')).toBe(1);
    const started = lines().filter((l) => l.msg === "scan starting");
    expect(started[0]?.trigger).toBe("start");
    // The fix was written once, in the account whose trail was stopped, and is in the audit log.
    const audit = readFileSync(join(dir, "report", "wirewatch-audit.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(
      audit.map((l) => (JSON.parse(l) as { audit: { what: string; where: { accountId: string } } }).audit),
    ).toMatchObject([{ what: "cloudtrail:StartLogging", where: { accountId: DEV } }]);
    expect(
      sim.world.accounts
        .get(DEV)!
        .regionState.get("us-east-1")!
        .events.map((e) => e.EventName),
    ).toContain("StartLogging");

    // The report behind its token, and the metrics agree with it.
    expect((await fetch(`${base}/report.json`)).status).toBe(401);
    expect((await fetch(`${base}/report.json`, { headers: { authorization: "Bearer wrong" } })).status).toBe(
      401,
    );

    // A scheduled scan: clean now that the trail logs again.
    const scheduled = await until(
      "a clean scheduled scan",
      async () => {
        const m = await metrics();
        return (m.get('wirewatch_scans_total{outcome="clean"}') ?? 0) >= 1 ? m : undefined;
      },
      log,
    );
    expect(
      lines()
        .filter((l) => l.msg === "scan starting")
        .map((l) => l.trigger),
    ).toContain("schedule");
    const res = await fetch(`${base}/report.json`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.summary.findings.fail).toBe(0);
    const m = scheduled;
    const sum = (prefix: string, filter: (key: string) => boolean = () => true) =>
      [...m.entries()].filter(([k]) => k.startsWith(prefix) && filter(k)).reduce((a, [, v]) => a + v, 0);
    expect(sum("wirewatch_findings{", (k) => k.includes('status="fail"'))).toBe(0);
    expect(sum("wirewatch_findings{", (k) => k.includes('status="pass"'))).toBe(report.summary.findings.pass);
    expect(sum("wirewatch_coverage_cells{", (k) => k.includes('path="archive"'))).toBe(
      report.coverage.length,
    );
    expect(m.get('wirewatch_coverage_cells{path="archive",state="ok"}')).toBe(
      report.coverage.filter((c) => c.paths.archive === "ok").length,
    );
    expect(m.get('wirewatch_check_findings{check="cloudtrail.multi-region-logging",status="pass"}')).toBe(
      report.findings.filter((f) => f.checkId === "cloudtrail.multi-region-logging" && f.status === "pass")
        .length,
    );
    expect(m.get("wirewatch_last_scan_success_timestamp_seconds")).toBeGreaterThan(0);
    expect(m.get("wirewatch_scan_duration_seconds_count")).toBeGreaterThanOrEqual(2);
    expect(
      sum("wirewatch_api_calls_total{", (k) => k.includes('operation="sts:AssumeRole"')),
    ).toBeGreaterThan(0);
    expect(m.has("process_cpu_seconds_total")).toBe(true);
    // No account id in any series without service.metrics.accountLabels.
    expect([...m.keys()].filter((k) => /\d{12}/.test(k))).toEqual([]);

    // Notified of drift once: the gaps the first scan found, then their fix; the scans since had nothing new.
    const devTrail = (b: DriftBatch, kind: "new" | "resolved") =>
      b[kind].filter((i) => i.accountId === DEV && i.checkId === "cloudtrail.multi-region-logging").length;
    const batches = hooks.map((h) => JSON.parse(h.body) as DriftBatch);
    expect(batches.length).toBe(2);
    expect(devTrail(batches[0]!, "new")).toBeGreaterThan(0);
    expect(devTrail(batches[1]!, "resolved")).toBe(devTrail(batches[0]!, "new"));
    expect(batches[1]!.new).toEqual([]);
    expect(m.get('wirewatch_notifications_total{channel="webhook",outcome="delivered"}')).toBe(2);

    // A slow scan (every response delayed): the next tick finds it running and is skipped, counted once per tick.
    sim.settings.latencyMs = 300;
    await until(
      "an overlapping tick",
      async () =>
        ((await metrics()).get('wirewatch_scans_skipped_total{reason="overlap"}') ?? 0) >= 1
          ? true
          : undefined,
      log,
    );
    expect(
      lines()
        .filter((l) => l.msg === "scan skipped")
        .map((l) => l.reason),
    ).toContain("overlap");
    // SIGTERM while that scan (or the next, as slow) runs.
    await until(
      "a scan in progress",
      async () => ((await metrics()).get("wirewatch_scan_running") === 1 ? true : undefined),
      log,
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines().map((l) => l.msg)).toEqual(
      expect.arrayContaining(["service stopping", "service stopped"]),
    );

    // The store is consistent: every scan the service started is recorded and finished, and the scope is free.
    const store = await StateStore.open(configSchema.parse({ state }).state);
    try {
      const scans = await store.listScans("default", 100);
      const started = lines().filter((l) => l.msg === "scan starting").length;
      expect(scans).toHaveLength(started);
      expect(scans.every((x) => x.complete && x.finishedAt !== null)).toBe(true);
      // The last one was interrupted: recorded as a scan that could not read everything, its partial report written.
      expect(scans[0]!.incompleteRead).toBe(true);
      const last = JSON.parse(
        readFileSync(join(dir, "report", "wirewatch-report.json"), "utf8"),
      ) as ScanReport;
      expect(last.scanId).toBe(scans[0]!.id);
      expect(last.scope.accounts.filter((a) => a.skipReason === "interrupted").length).toBeGreaterThan(0);
      expect(
        lines()
          .filter((l) => l.msg === "scan done")
          .at(-1),
      ).toMatchObject({
        scanId: scans[0]!.id,
        outcome: "interrupted",
      });
      await store.lockScope("default");
      await store.unlockScope("default");
    } finally {
      await store.close();
    }
  });
});
