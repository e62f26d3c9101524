/**
 * The state store against both backends: the embedded PGlite always, and the PostgreSQL server named by
 * WIREWATCH_TEST_PG_URL (which .ci/run starts; under CI=true its absence fails the suite instead of skipping).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.ts";
import { computeDrift } from "../../../src/drift/compute.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { StateStore, StoreError } from "../../../src/store/store.ts";
import { finding, report } from "../../support/store-fixtures.ts";
import { ROOT } from "../../support/cli.ts";

const PG_URL = process.env.WIREWATCH_TEST_PG_URL;

it("has a PostgreSQL server to test against under CI", () => {
  if (process.env.CI === "true") expect(PG_URL, "WIREWATCH_TEST_PG_URL (set by .ci/run)").toBeTruthy();
});

let n = 0;
const backends: Array<[string, () => Record<string, unknown>]> = [
  ["pglite", () => ({ dir: join(mkdtempSync(join(tmpdir(), "wirewatch-store-")), "state") })],
];
if (PG_URL) backends.push(["postgres", () => ({ url: PG_URL })]);

const stateOf = (over: Record<string, unknown>, scope: string) =>
  configSchema.parse({ state: { ...over, scope } }).state;

async function record(store: StateStore, scope: string, r: ScanReport) {
  const result = computeDrift(r, await store.priorState(scope));
  await store.beginScan(scope, r.scanId, r.startedAt, "aws");
  await store.recordScan(scope, r, result);
  return result.drift;
}

describe.each(backends)("state store on %s", (_name, backend) => {
  it("records scans as transitions: new, still open, resolved, reopened, with a timeline", async () => {
    const scope = `s${Date.now()}-${++n}`;
    const state = stateOf(backend(), scope);
    const store = await StateStore.open(state);
    try {
      const d1 = await record(store, scope, report("2026-01-01T00:00:00.000Z", [finding("c.one", "fail")]));
      expect(d1.baseline).toBeNull();
      expect(d1.new.map((r) => r.checkId)).toEqual(["c.one"]);
      const d2 = await record(store, scope, report("2026-01-01T01:00:00.000Z", [finding("c.one", "fail")]));
      expect(d2.new).toEqual([]);
      expect(d2.stillOpen).toEqual([
        { id: finding("c.one", "fail").id, firstSeen: "2026-01-01T00:00:00.000Z", openSeconds: 3600 },
      ]);
      const d3 = await record(store, scope, report("2026-01-01T02:00:00.000Z", [finding("c.one", "pass")]));
      expect(d3.resolved.map((r) => r.checkId)).toEqual(["c.one"]);
      const d4 = await record(store, scope, report("2026-01-01T03:00:00.000Z", [finding("c.one", "fail")]));
      expect(d4.new.map((r) => r.checkId)).toEqual(["c.one"]);
      const id = finding("c.one", "fail").id;
      expect((await store.timeline(scope, id)).map((t) => [t.kind, t.status])).toEqual([
        ["new", "fail"],
        ["resolved", "resolved"],
        ["new", "fail"],
      ]);
      expect(await store.finding(scope, id)).toMatchObject({
        status: "fail",
        firstSeen: "2026-01-01T03:00:00.000Z",
        lastSeen: "2026-01-01T03:00:00.000Z",
        resolvedAt: null,
      });
      const scans = await store.listScans(scope, 10);
      expect(scans.map((s) => [s.complete, s.drift?.new, s.cells?.total])).toEqual([
        [true, 1, 1],
        [true, 0, 1],
        [true, 0, 1],
        [true, 1, 1],
      ]);
      // Retention: everything older than a day before the last scan goes, but the last complete scan stays.
      expect(await store.prune(scope, 1, new Date("2026-03-01T00:00:00.000Z"))).toBe(3);
      expect((await store.listScans(scope, 10)).length).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("refuses a second run of the same scope, with its own error", async () => {
    if (_name === "pglite") return; // one process per embedded store: its directory lock is tested below
    const scope = `lock-${Date.now()}`;
    const a = await StateStore.open(stateOf(backend(), scope));
    const b = await StateStore.open(stateOf(backend(), scope));
    try {
      await a.lockScope(scope);
      await expect(b.lockScope(scope)).rejects.toBeInstanceOf(StoreError);
      await a.unlockScope(scope);
      await b.lockScope(scope);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("keeps the last complete state when the recording process is killed mid-transaction", async () => {
    const scope = `crash-${Date.now()}`;
    const state = stateOf(backend(), scope);
    const store = await StateStore.open(state);
    await record(store, scope, report("2026-01-01T00:00:00.000Z", [finding("c.one", "fail")]));
    await store.close();
    // The child records a second scan (c.one resolved, c.two new) and is killed inside the transaction.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/support/record-and-hang.ts")],
      {
        cwd: ROOT,
        env: { ...process.env, WIREWATCH_TEST_STATE: JSON.stringify(state) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("in-transaction")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`child exited ${String(code)} before the transaction`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("close", r));
    const again = await StateStore.open(state);
    try {
      const prior = await again.priorState(scope);
      expect([...prior.open.values()].map((p) => p.ref.checkId)).toEqual(["c.one"]);
      const scans = await again.listScans(scope, 10);
      expect(scans.map((s) => s.complete)).toEqual([false, true]);
      expect(prior.baseline?.scanId).toBe(scans[1]!.id);
    } finally {
      await again.close();
    }
  });
});

describe("an unreachable store", () => {
  it("is a StoreError naming the store, before anything is scanned", async () => {
    const state = stateOf({ url: "postgres://wirewatch@127.0.0.1:9/wirewatch" }, "x");
    const err = await StateStore.open(state).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain("127.0.0.1:9");
  });

  it("refuses an embedded store another live process holds", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "wirewatch-store-")), "state");
    const a = await StateStore.open(stateOf({ dir }, "x"));
    try {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(join(dir, "wirewatch.lock"), String(process.ppid));
      await expect(StateStore.open(stateOf({ dir }, "x"))).rejects.toBeInstanceOf(StoreError);
    } finally {
      await a.close();
    }
  });
});
