/**
 * One logger and one level for every command: WIREWATCH_LOG_LEVEL or the global --log-level flag reaches scan,
 * plan and apply alike; log lines are JSON on stderr and never carry a secret.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundledScenario, trailOf } from "../../support/e2e.ts";
import { remediationConfig, session, type Session } from "../../support/remediate.ts";

let current: Session | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** The `msg` of every JSON log line on stderr. */
function logMessages(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
}

function stoppedTrail() {
  const s = bundledScenario("healthy");
  trailOf(s, "222222222222").logging = false;
  trailOf(s, "222222222222").status = { stopLoggingTime: "-30d" };
  return s;
}

describe("log level", () => {
  it("reaches scan, plan and apply, from the flag or the environment", async () => {
    current = await session(
      stoppedTrail(),
      remediationConfig({ remediation: { allowlist: ["cloudtrail.start-logging"] } }),
    );
    const s = current;
    const planFile = join(s.dir, "plan.json");
    const scan = await s.run(["--log-level", "info", "scan", "--config", s.configFile, "--output", s.dir]);
    expect(logMessages(scan.stderr)).toContain("scan finished");
    const plan = await s.run(["plan", "--config", s.configFile, "--out", planFile, "--log-level", "info"]);
    expect(logMessages(plan.stderr)).toEqual(expect.arrayContaining(["scan finished", "plan made"]));
    const fromEnv = await s.run(["plan", "--config", s.configFile], { WIREWATCH_LOG_LEVEL: "info" });
    expect(logMessages(fromEnv.stderr)).toContain("plan made");
    // The flag wins over the environment.
    const flagWins = await s.run(["plan", "--config", s.configFile, "--log-level", "error"], {
      WIREWATCH_LOG_LEVEL: "info",
    });
    expect(logMessages(flagWins.stderr)).toEqual([]);
    const apply = await s.run([
      "--log-level=debug",
      "apply",
      "--config",
      s.configFile,
      "--plan",
      planFile,
      "--output",
      s.dir,
    ]);
    expect(apply.code).toBe(0);
    expect(logMessages(apply.stderr)).toContain("change outcome");
    for (const r of [scan, plan, fromEnv, apply]) expect(r.stderr).not.toContain(s.sim.hub.secretAccessKey);

    // The default level (warn) keeps these quiet.
    const quiet = await s.run(["plan", "--config", s.configFile]);
    expect(logMessages(quiet.stderr)).toEqual([]);
  });

  it("refuses an unknown level with exit 3", async () => {
    current = await session(stoppedTrail());
    const r = await current.run(["--log-level", "verbose", "plan", "--config", current.configFile]);
    expect(r.code).toBe(3);
  });
});
