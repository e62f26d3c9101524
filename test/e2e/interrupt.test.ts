/**
 * Interruption, as an operator or an orchestrator delivers it: the built CLI scans a simulator with latency; once
 * it logs that an account was collected it gets SIGTERM or SIGINT, directly or through the `sh -c` that `npx` and
 * `npm run` put between npm and the command (the shell dies without passing the signal on). It must stop starting
 * accounts, let those in flight finish within scan.gracePeriodSeconds or abandon them, and write the requested
 * reports marked incomplete (exit 2), with every account it did not scan named.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/report/model.ts";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import { isolatedEnv, ROOT } from "../support/cli.ts";
import { simEnv } from "../support/main.ts";
import { bundledScenario } from "../support/e2e.ts";
import { remediationConfig } from "../support/remediate.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

const MGMT = "111111111111";
const BIN = join(ROOT, "bin/wirewatch.js");

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Interrupted {
  code: number | null;
  stderr: string;
  report: ScanReport;
}

/**
 * Scans with one account at a time; when the management account's "account collected" log line appears, sends
 * `signal` to the process (or to the shell wrapping it), then waits for the scan's output streams to close.
 */
async function scanAndInterrupt(opts: {
  signal: NodeJS.Signals;
  graceSeconds: number;
  viaShell?: boolean;
}): Promise<Interrupted> {
  sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")), latencyMs: 40 });
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-interrupt-"));
  const configFile = join(dir, "wirewatch.yaml");
  writeFileSync(
    configFile,
    stringify({
      aws: { maxAttempts: 8, accountConcurrency: 1 },
      scan: { gracePeriodSeconds: opts.graceSeconds },
    }),
  );
  const out = join(dir, "report");
  const args = ["scan", "--config", configFile, "--format", "json,console", "--output", out];
  const env = isolatedEnv({
    // The interrupted scan is recorded in a store of its own (the store is on by default).
    WIREWATCH_DATA_DIR: join(dir, "data"),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    WIREWATCH_LOG_LEVEL: "debug",
    ...simEnv(sim),
  });
  // npm exec and npm run start the command as `sh -c '<command> "$@"'`: the shell is the process npm signals.
  const child = opts.viaShell
    ? spawn("sh", ["-c", `"${process.execPath}" "${BIN}" "$@"; echo "shell saw $?" >&2`, "sh", ...args], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let signalled = false;
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    // "close" waits for the streams, which the scan itself holds even after the shell is gone.
    child.on("close", (code) => resolve(code));
  });
  child.stdout.resume();
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (!signalled && stderr.split("\n").some((l) => l.includes('"account collected"') && l.includes(MGMT))) {
      signalled = true;
      child.kill(opts.signal);
    }
  });
  const code = await closed;
  expect(signalled, `the scan never logged its first account:\n${stderr}`).toBe(true);
  const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
  expect(reportSchemaErrors(report)).toEqual([]);
  return { code, stderr, report };
}

const interruptedAccounts = (r: ScanReport) =>
  r.findings
    .filter((f) => f.messageId === "scanInterrupted")
    .map((f) => [f.accountId, f.status, f.data.signal]);
const skipped = (r: ScanReport) =>
  r.scope.accounts.filter((a) => a.skipReason === "interrupted").map((a) => a.id);
const scannedIds = (r: ScanReport) =>
  [...new Set(r.findings.filter((f) => f.messageId !== "scanInterrupted").map((f) => f.accountId))].sort();

describe("an interrupted scan", () => {
  it("SIGTERM: starts nothing new, lets the account in flight finish, writes an incomplete report (exit 2)", async () => {
    const r = await scanAndInterrupt({ signal: "SIGTERM", graceSeconds: 120 });
    expect(r.code).toBe(2);
    expect(r.report.summary.incomplete).toBe(true);
    // The management account and the one in flight were scanned; the last one never started.
    const notScanned = skipped(r.report);
    expect(notScanned).toHaveLength(1);
    expect(interruptedAccounts(r.report)).toEqual([[notScanned[0], "error", "SIGTERM"]]);
    expect(scannedIds(r.report)).toHaveLength(2);
    expect(scannedIds(r.report)).toContain(MGMT);
    expect(r.report.summary.accounts.scanned).toBe(2);
  });

  it("SIGINT with no grace period: abandons the account in flight, still writes the report", async () => {
    const r = await scanAndInterrupt({ signal: "SIGINT", graceSeconds: 0 });
    expect(r.code).toBe(2);
    expect(scannedIds(r.report)).toEqual([MGMT]);
    expect(interruptedAccounts(r.report).map(([, status, signal]) => [status, signal])).toEqual([
      ["error", "SIGINT"],
      ["error", "SIGINT"],
    ]);
    expect(skipped(r.report)).toHaveLength(2);
  });

  it("under sh -c, as npx and npm run start it: SIGTERM to the shell still stops the scan with a report", async () => {
    const r = await scanAndInterrupt({ signal: "SIGTERM", graceSeconds: 0, viaShell: true });
    // The shell died of the signal, so nobody reports the scan's exit code; its report says what it lacks.
    expect(r.code).toBeNull();
    expect(r.report.summary.incomplete).toBe(true);
    expect(scannedIds(r.report)).toEqual([MGMT]);
    expect(interruptedAccounts(r.report).map(([, , signal]) => signal)).toEqual(["SIGTERM", "SIGTERM"]);
  });

  it("under sh -c with a grace period: the orphaned scan still lets the account in flight finish", async () => {
    // Noticing the dead parent once must not count again as a second signal, which would exit at once.
    const r = await scanAndInterrupt({ signal: "SIGTERM", graceSeconds: 120, viaShell: true });
    expect(r.report.summary.incomplete).toBe(true);
    expect(scannedIds(r.report)).toHaveLength(2);
    expect(scannedIds(r.report)).toContain(MGMT);
    expect(interruptedAccounts(r.report).map(([, , signal]) => signal)).toEqual(["SIGTERM"]);
  });
});

describe("an interrupted apply", () => {
  it("finishes the change in progress, audits every write it made, starts no other (exit 2)", async () => {
    const s = bundledScenario("healthy");
    // Three accounts, each with a stopped trail: three changes, applied one account after another.
    for (const a of s.accounts) {
      const t = a.trails?.[0];
      if (t) Object.assign(t, { logging: false, status: { stopLoggingTime: "-30d" } });
    }
    sim = await startSimulator({ scenario: parseScenario(s), latencyMs: 40 });
    const seeded = new Map<string, number>();
    for (const [id, a] of sim.world.accounts) {
      for (const [region, st] of a.regionState) seeded.set(`${id} ${region}`, st.events.length);
    }
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-interrupt-"));
    const configFile = join(dir, "wirewatch.yaml");
    writeFileSync(
      configFile,
      stringify(remediationConfig({ remediation: { allowlist: ["cloudtrail.start-logging"] } })),
    );
    const child = spawn(
      process.execPath,
      [BIN, "apply", "--config", configFile, "--yes", "--format", "json", "--output", dir],
      {
        env: isolatedEnv({ WIREWATCH_LOG_LEVEL: "info", ...simEnv(sim) }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let stdout = "";
    let signalled = false;
    const closed = new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && stderr.includes('"change done"')) {
        signalled = true;
        child.kill("SIGTERM");
      }
    });
    const code = await closed;
    expect(signalled, stderr).toBe(true);
    expect(code).toBe(2);

    const writes: string[] = [];
    for (const [id, a] of sim.world.accounts) {
      for (const [region, st] of a.regionState) {
        for (const e of st.events.slice(seeded.get(`${id} ${region}`) ?? 0))
          writes.push(`${id} ${e.EventName}`);
      }
    }
    const audit = readFileSync(join(dir, "wirewatch-audit.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { audit: { what: string; where: { accountId: string } } }).audit)
      .map((a) => `${a.where.accountId} ${a.what.split(":")[1] ?? ""}`);
    // Every write made has its audit record, and not every change was started.
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.length).toBeLessThan(3);
    expect(audit.sort()).toEqual(writes.sort());
    const result = JSON.parse(stdout) as { outcomes: Array<{ status: string; reasonId?: string }> };
    expect(result.outcomes.filter((o) => o.status === "applied")).toHaveLength(writes.length);
    expect(result.outcomes.filter((o) => o.reasonId === "interrupted").length).toBeGreaterThan(0);
  });
});
