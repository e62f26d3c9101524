/** `wirewatch sim` refuses bad arguments and scenarios with exit 3, naming what was wrong: in-process, no server. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../support/main.ts";

describe("wirewatch sim usage", () => {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-sim-main-"));
  const invalid = join(dir, "invalid.yaml");
  writeFileSync(invalid, "hub: { account: '12' }\naccounts: []\n");
  const broken = join(dir, "broken.yaml");
  writeFileSync(broken, "accounts: [\n");

  it.each([
    ["a scenario path that does not exist", ["--scenario", "sim/scenarios/no-such.yaml"], "no-such.yaml"],
    ["a scenario that fails the schema", ["--scenario", invalid], invalid],
    ["a scenario that is not YAML", ["--scenario", broken], broken],
    ["a port that is not a number", ["--scenario", "sim/scenarios/healthy.yaml", "--port", "abc"], "--port"],
    ["too many generated regions", ["--generate", "5x18"], "--generate"],
    ["an unknown flag", ["--scenario", "sim/scenarios/healthy.yaml", "--bogus"], "--bogus"],
    ["neither --scenario nor --generate", ["--port", "0"], "--scenario"],
  ])("refuses %s with exit code 3, naming it", async (_label, args, named) => {
    const r = await runMain(["sim", ...args]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(named);
    expect(r.stdout).not.toContain("export AWS_");
  });
});
