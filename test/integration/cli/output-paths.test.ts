/**
 * Output paths are checked before the scan: a bad --output, --save-inventory or --out is a usage error (exit 3)
 * before any AWS call, so no finished scan is thrown away at the end.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { runMain, simEnv } from "../../support/main.ts";

let sim: Simulator;
let dir: string;
let file: string;

beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")) });
  dir = mkdtempSync(join(tmpdir(), "wirewatch-paths-"));
  file = join(dir, "not-a-directory");
  writeFileSync(file, "");
});
afterAll(() => sim.close());

describe("output paths that cannot be written", () => {
  it.each([
    ["scan --output naming a file", () => ["scan", "--format", "json", "--output", file], "--output"],
    ["scan --save-inventory naming a file", () => ["scan", "--save-inventory", file], "--save-inventory"],
    ["plan --out naming a directory", () => ["plan", "--out", dir], "--out"],
    ["apply --output naming a file", () => ["apply", "--yes", "--output", file], "--output"],
  ])("%s: exit 3 naming the flag, before any AWS call", async (_name, args, flag) => {
    const before = sim.stats.requests;
    const r = await runMain(args(), simEnv(sim));
    expect(r.code).toBe(3);
    expect(r.stderr.startsWith(`wirewatch: ${flag} `)).toBe(true);
    expect(sim.stats.requests).toBe(before);
  });
});
