/**
 * `wirewatch init` against the simulator: the starter config it writes loads, and carries what the organization
 * already has (discovery through Organizations, the trail to hold accounts to, the central destinations); without
 * Organizations access it falls back to a list; it never overwrites a file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../../../sim/faults.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator } from "../../../sim/server.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { runMain, simEnv } from "../../support/main.ts";

async function init(faults: FaultRule[] = []) {
  const sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")), faults });
  try {
    const out = join(mkdtempSync(join(tmpdir(), "wirewatch-init-")), "wirewatch.yaml");
    const r = await runMain(["init", "--output", out], simEnv(sim));
    return { ...r, out };
  } finally {
    await sim.close();
  }
}

describe("wirewatch init", () => {
  it("writes a config that loads and carries the trail and destinations the organization has", async () => {
    const r = await init();
    expect(r.code).toBe(0);
    const config = loadConfig(r.out);
    expect(config.organization.discovery).toBe("organizations");
    expect(config.baseline.cloudtrail).toMatchObject({
      trailName: "management-trail",
      s3Bucket: "wirewatch-cloudtrail-111111111111",
      logGroup: "aws-cloudtrail-logs",
    });
    expect(config.baseline.logs.destination).toBe(
      "arn:{partition}:logs:{region}:111111111111:destination:wirewatch-central",
    );
    expect(config.baseline.forwarding.destination).toBe(
      "arn:{partition}:events:{region}:111111111111:event-bus/wirewatch-central",
    );
  });

  it("without Organizations access writes discovery: list and says what it could not read", async () => {
    const r = await init([{ action: "organizations:*", error: "AccessDenied" }]);
    expect(r.code).toBe(0);
    expect(loadConfig(r.out).organization.discovery).toBe("list");
    expect(readFileSync(r.out, "utf8")).toMatch(
      /^# Could not read: organizations:DescribeOrganization \(AccessDenied/m,
    );
  });

  it("never overwrites a file (exit 3)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "wirewatch-init-")), "wirewatch.yaml");
    writeFileSync(out, "mine: true\n");
    const r = await runMain(["init", "--output", out], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(3);
    expect(readFileSync(out, "utf8")).toBe("mine: true\n");
  });
});
