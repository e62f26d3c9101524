/**
 * `wirewatch doctor` against the simulator, for a ready set-up and for each way a set-up is commonly wrong: the
 * verdicts (as JSON) name the failing step, the account and the refused actions, and the exit code is 0 or 3.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../../../sim/faults.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator } from "../../../sim/server.ts";
import type { Verdict } from "../../../src/doctor/probes.ts";
import { PROBED_ACTIONS } from "../../../src/doctor/probes.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { runMain, simEnv } from "../../support/main.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";

async function doctor(opts: {
  config?: Record<string, unknown>;
  faults?: FaultRule[];
  env?: (env: Record<string, string>) => Record<string, string>;
}) {
  const sim = await startSimulator({
    scenario: parseScenario(bundledScenario("healthy")),
    faults: opts.faults,
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-doctor-"));
    const file = join(dir, "wirewatch.yaml");
    writeFileSync(
      file,
      stringify({ aws: { maxAttempts: 2 }, state: { dir: join(dir, "state") }, ...opts.config }),
    );
    const env = (opts.env ?? ((e) => e))(simEnv(sim));
    const r = await runMain(["doctor", "--config", file, "--format", "json"], {
      ...env,
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const out = JSON.parse(r.stdout) as { ready: boolean; verdicts: Verdict[] };
    return {
      code: r.code,
      ...out,
      failing: out.verdicts.filter((v) => !v.ok).map((v) => [v.step, v.accountId ?? null]),
    };
  } finally {
    await sim.close();
  }
}

describe("wirewatch doctor", () => {
  it("a ready set-up: every step ok in the management account and two others, exit 0", async () => {
    const r = await doctor({});
    expect(r.code).toBe(0);
    expect(r.ready).toBe(true);
    expect(r.verdicts.map((v) => [v.step, v.accountId ?? null])).toEqual([
      ["credentials", null],
      ["organization", null],
      ...[MGMT, PROD, DEV].flatMap((a) => [
        ["audit-role", a],
        ["permissions", a],
        ["regions", a],
      ]),
      ["store", null],
    ]);
  });

  it("checks each notification channel's settings without sending it anything", async () => {
    const r = await doctor({
      config: {
        notifications: {
          channels: [
            { type: "webhook", name: "soc", url: "https://hooks.example.com/T0/SECRETPATH" },
            { type: "slack", urlEnv: "DOCTOR_SLACK_URL" },
            { type: "webhook", name: "signed", urlEnv: "DOCTOR_HOOK_URL", secretEnv: "DOCTOR_HOOK_SECRET" },
            { type: "sns", topicArn: `arn:aws:sns:us-east-1:${MGMT}:wirewatch-alarms` },
          ],
        },
      },
      env: (e) => ({ ...e, DOCTOR_HOOK_URL: "http://127.0.0.1:9/hook" }),
    });
    expect(r.code).toBe(3);
    expect(r.failing).toEqual([
      ["notify:slack", null],
      ["notify:signed", null],
    ]);
    const soc = r.verdicts.find((v) => v.step === "notify:soc")!;
    expect([soc.ok, soc.detail.includes("https://hooks.example.com")]).toEqual([true, true]);
    // A webhook URL's path is its secret: never printed.
    expect(JSON.stringify(r.verdicts)).not.toContain("SECRETPATH");
  });

  it.each<[string, Parameters<typeof doctor>[0], Array<[string, string | null]>]>([
    [
      "no credentials",
      { env: ({ AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...rest }) => rest },
      [["credentials", null]],
    ],
    [
      "the hub may not use Organizations",
      { faults: [{ action: "organizations:*", error: "AccessDenied" }] },
      [["organization", null]],
    ],
    [
      "the audit role is not deployed under that name",
      { config: { roles: { audit: { name: "NotDeployed" } } } },
      [
        ["audit-role", MGMT],
        ["audit-role", PROD],
        ["audit-role", DEV],
      ],
    ],
    [
      "the PostgreSQL store is unreachable",
      { config: { state: { url: "postgres://wirewatch@127.0.0.1:9/wirewatch" } } },
      [["store", null]],
    ],
    [
      "the ExternalId variable is not set",
      { config: { roles: { audit: { externalIdEnv: "WIREWATCH_EXTERNAL_ID" } } } },
      [["external-id", null]],
    ],
  ])("%s: that step fails, exit 3", async (_name, opts, failing) => {
    const r = await doctor(opts);
    expect(r.code).toBe(3);
    expect(r.failing).toEqual(failing);
    expect(r.verdicts.filter((v) => !v.ok).every((v) => (v.fix ?? "").length > 0)).toBe(true);
  });

  it("an action of the audit policy denied in one account (as an SCP would) is named, with the account", async () => {
    const r = await doctor({
      faults: [{ action: "events:ListTargetsByRule", account: PROD, error: "AccessDenied" }],
    });
    expect(r.code).toBe(3);
    expect(r.failing).toEqual([["permissions", PROD]]);
    expect(r.verdicts.find((v) => !v.ok)?.denied).toEqual(["events:ListTargetsByRule"]);
  });

  it("a region an SCP closes in one account is named there", async () => {
    const r = await doctor({
      faults: [{ action: "cloudtrail:*", account: DEV, region: "eu-west-1", error: "AccessDenied" }],
    });
    expect(r.code).toBe(3);
    expect(r.failing).toEqual([["regions", DEV]]);
  });

  it("probes exactly the actions of the generated audit policy", async () => {
    const { readFileSync } = await import("node:fs");
    const policy = JSON.parse(readFileSync("config/iam/audit-role-policy.json", "utf8")) as {
      Statement: Array<{ Action: string[] }>;
    };
    expect(PROBED_ACTIONS).toEqual(policy.Statement.flatMap((s) => s.Action).sort());
  });
});
