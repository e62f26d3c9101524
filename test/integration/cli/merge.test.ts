/**
 * `scan --shard I/N` and `wirewatch merge` through the CLI's main, in-process, against an in-process simulator:
 * an organization trail judged in a management account another shard owns, the merged scan recorded in the store
 * (and the shards not), the flags' usage errors, a refused merge recording nothing, and an incomplete shard making
 * the merged scan incomplete.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { shardOf } from "../../../src/scan/shard.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { runMain, simEnv } from "../../support/main.ts";
import { readValidReport } from "../../support/report-schema.ts";

const MGMT = "111111111111";
const MEMBERS = ["222222222222", "333333333333"];
const N = 3;

let sim: Simulator;
let env: Record<string, string>;
beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(bundledScenario("org-trail")), rateLimits: false });
  env = simEnv(sim);
});
afterAll(async () => {
  await sim.close();
});

const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-merge-"));

function configIn(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, "wirewatch.yaml");
  writeFileSync(file, stringify({ state: { dir: join(dir, "state") }, ...extra }));
  return file;
}

async function shards(config: string, out: string, run = "run-1", only?: number[]) {
  const codes: number[] = [];
  for (const i of only ?? Array.from({ length: N }, (_, k) => k)) {
    const r = await runMain(
      ["scan", "--config", config, "--shard", `${i}/${N}`, "--run", run, "--format", "json", "--output", out],
      env,
    );
    expect(r.stderr).not.toMatch(/unexpected/);
    codes.push(r.code);
  }
  return codes;
}

const history = async (config: string) =>
  (JSON.parse((await runMain(["history", "--config", config, "--json"], env)).stdout) as { scans: unknown[] })
    .scans;

describe("scan --shard and merge", () => {
  it("merges shards into the whole scan's findings and coverage, judging the organization trail in every shard", async () => {
    // The slicing puts the management account apart from at least one member, whose shard still credits it.
    expect(MEMBERS.some((m) => shardOf(m, N) !== shardOf(MGMT, N))).toBe(true);
    const dir = tmp();
    const config = configIn(dir);
    const whole = await runMain(
      ["scan", "--config", config, "--no-store", "--format", "json", "--output", join(dir, "whole")],
      env,
    );
    const wholeReport = readValidReport(join(dir, "whole"), whole);
    expect(await shards(config, join(dir, "shards"))).toEqual([0, 0, 0]);
    // The shards record nothing: the scope's history is the merge's.
    expect(await history(config)).toHaveLength(0);
    const merged = await runMain(
      ["merge", join(dir, "shards"), "--config", config, "--format", "json", "--output", join(dir, "merged")],
      env,
    );
    expect(merged.code).toBe(whole.code);
    const report = readValidReport(join(dir, "merged"), merged);
    const ids = (r: ScanReport) => r.findings.map((f) => `${f.id} ${f.status}`);
    expect(ids(report)).toEqual(ids(wholeReport));
    expect(report.coverage).toEqual(wholeReport.coverage);
    expect(report.summary).toEqual(wholeReport.summary);
    // Recorded as one scan of the scope, with drift from the store (nothing before: every open finding new).
    expect(await history(config)).toHaveLength(1);
    expect(report.drift?.baseline).toBeNull();
    const members = wholeReport.coverage.filter((c) => MEMBERS.includes(c.accountId));
    expect(members.map((c) => c.paths.archive)).toEqual(members.map(() => "ok"));
  });

  it("refuses a merge with a shard missing, recording nothing (exit 3)", async () => {
    const dir = tmp();
    const config = configIn(dir);
    await shards(config, join(dir, "shards"), "run-2", [0, 2]);
    const r = await runMain(["merge", join(dir, "shards"), "--config", config, "--format", "json"], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/shard 1 of 3 missing/);
    expect(await history(config)).toHaveLength(0);
  });

  it("makes the merged scan incomplete (exit 2) when a shard could not read everything", async () => {
    const dir = tmp();
    const config = configIn(dir);
    sim.faults.add({ action: "cloudtrail:*", account: MEMBERS[1]!, error: "AccessDenied" });
    try {
      await shards(config, join(dir, "shards"), "run-3");
    } finally {
      sim.faults.clear();
    }
    const r = await runMain(
      ["merge", join(dir, "shards"), "--config", config, "--format", "json", "--output", join(dir, "merged")],
      env,
    );
    expect(r.code).toBe(2);
    expect(readValidReport(join(dir, "merged"), r).summary.incomplete).toBe(true);
  });

  it.each([
    [["--shard", "3/3", "--run", "r"], /--shard 3\/3/],
    [["--shard", "x y/3", "--run", "r"], /--shard/],
    [["--shard", "0/3"], /--run/],
    [["--shard", "0/3", "--run", "has space"], /--run/],
    [["--run", "r"], /--run .*--shard/],
    [["--shard", "0/3", "--run", "r", "--save-inventory", "inv"], /--save-inventory/],
  ])("scan %j is a usage error naming the flag (exit 3)", async (args, message) => {
    const r = await runMain(["scan", "--no-store", ...args], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });

  it("names each shard's files after it, so shards share an output directory", async () => {
    const dir = tmp();
    const config = configIn(dir, { state: { enabled: false } });
    await runMain(
      [
        "scan",
        "--config",
        config,
        "--shard",
        "1/3",
        "--run",
        "r",
        "--format",
        "json,markdown",
        "--output",
        dir,
      ],
      env,
    );
    expect(
      readdirSync(dir)
        .filter((f) => f.startsWith("wirewatch-report"))
        .sort(),
    ).toEqual(["wirewatch-report.shard-1-of-3.json", "wirewatch-report.shard-1-of-3.md"]);
  });
});
