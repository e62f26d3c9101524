/**
 * Plan signing as a CI pipeline uses it: with WIREWATCH_PLAN_KEY set, `plan --out` signs the plan and
 * `apply --plan` refuses a plan that is unsigned or whose signature does not match, even one edited so
 * carefully that its fingerprint matches; nothing is written, every change is audited as tampered.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ApplyResult } from "../../../src/remediate/apply.ts";
import { fingerprint, type Plan } from "../../../src/remediate/plan.ts";
import { bundledScenario, trailOf } from "../../support/e2e.ts";
import type { MainResult } from "../../support/main.ts";
import { remediationConfig, session, type Session } from "../../support/remediate.ts";

const PROD = "222222222222";
const KEY = { WIREWATCH_PLAN_KEY: "a secret the pipeline holds" };

let current: Session | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function start(): Promise<Session> {
  const s = bundledScenario("healthy");
  trailOf(s, PROD).logging = false;
  trailOf(s, PROD).status = { stopLoggingTime: "-30d" };
  current = await session(s, remediationConfig({ remediation: { allowlist: ["cloudtrail.start-logging"] } }));
  return current;
}

/** Each change's status and reason id, from `apply --format json`. */
const outcomes = (r: MainResult) =>
  (JSON.parse(r.stdout) as ApplyResult).outcomes.map((o) => [o.remediationId, o.status, o.reasonId]);

const auditReasons = (s: Session) =>
  readFileSync(join(s.dir, "wirewatch-audit.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { audit: { reason?: string; what?: string } }).audit)
    .map((a) => a.reason ?? a.what);

describe("signed plans", () => {
  it("refuses an unsigned plan, and a signed one edited after signing; applies the one it signed", async () => {
    const s = await start();
    const unsigned = join(s.dir, "unsigned.json");
    const signed = join(s.dir, "signed.json");
    const edited = join(s.dir, "edited.json");
    expect((await s.run(["plan", "--config", s.configFile, "--out", unsigned])).code).toBe(0);
    expect((await s.run(["plan", "--config", s.configFile, "--out", signed], KEY)).code).toBe(0);
    const plan = JSON.parse(readFileSync(signed, "utf8")) as Plan;
    expect(plan.signature?.algorithm).toBe("HMAC-SHA256");
    expect(JSON.parse(readFileSync(unsigned, "utf8"))).not.toHaveProperty("signature");

    // Pointed at another trail, with the fingerprint recomputed: only the signature tells.
    const change = plan.changes[0]!;
    change.calls[0]!.input.Name = `arn:aws:cloudtrail:us-east-1:${PROD}:trail/another`;
    change.fingerprint = fingerprint(change.before, change.calls);
    writeFileSync(edited, JSON.stringify(plan));

    const apply = (file: string, env: Record<string, string>) =>
      s.run(["apply", "--config", s.configFile, "--plan", file, "--output", s.dir, "--format", "json"], env);
    for (const file of [unsigned, edited]) {
      const r = await apply(file, KEY);
      expect(r.code).toBe(1);
      expect(outcomes(r)).toEqual([["cloudtrail.start-logging", "refused", "tampered"]]);
    }
    expect(s.writes()).toEqual([]);
    expect(auditReasons(s)).toEqual(["tampered", "tampered"]);

    const ok = await apply(signed, KEY);
    expect(ok.code).toBe(0);
    expect(s.writes(PROD).map((w) => w.name)).toEqual(["cloudtrail:StartLogging"]);
  });

  it("without a key, the fresh re-plan still refuses the edited calls", async () => {
    const s = await start();
    const file = join(s.dir, "plan.json");
    expect((await s.run(["plan", "--config", s.configFile, "--out", file])).code).toBe(0);
    const plan = JSON.parse(readFileSync(file, "utf8")) as Plan;
    const change = plan.changes[0]!;
    change.calls[0]!.input.Name = `arn:aws:cloudtrail:us-east-1:${PROD}:trail/another`;
    change.fingerprint = fingerprint(change.before, change.calls);
    writeFileSync(file, JSON.stringify(plan));
    const r = await s.run([
      "apply",
      "--config",
      s.configFile,
      "--plan",
      file,
      "--output",
      s.dir,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(1);
    expect(outcomes(r)).toEqual([["cloudtrail.start-logging", "refused", "tampered"]]);
    expect(s.writes()).toEqual([]);
  });
});
