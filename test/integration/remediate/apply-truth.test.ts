/**
 * Apply tells the truth, against the in-process simulator through the real SDK: a gap is closed only when the
 * rescan shows it closed, a failed change never reports "closed", a gap another change closed is credited to that
 * change, and the demo's apply has no failed change a reading of the inventory could have foreseen.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { FaultRule } from "../../../sim/faults.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { layerFromConfig, type AwsLayer } from "../../../src/aws/layer.ts";
import { applyExitCode, runApply, scanAndPlan } from "../../../src/cli/remediate.ts";
import { DEMO_CONFIG, DEMO_SCENARIO } from "../../../src/cli/demo.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEV = "333333333333";

let sim: Simulator | undefined;
let layer: AwsLayer | undefined;
afterEach(async () => {
  layer?.close();
  await sim?.close();
  layer = undefined;
  sim = undefined;
});

async function demo(faults: FaultRule[] = [], overrides: Record<string, unknown> = {}) {
  const scenario = parseYaml(readFileSync(DEMO_SCENARIO, "utf8"), { merge: true }) as unknown;
  sim = await startSimulator({ scenario: parseScenario(scenario), faults, rateLimits: false });
  const config = loadConfig(DEMO_CONFIG, { aws: { endpoint: sim.endpoint, maxAttempts: 2 }, ...overrides });
  layer = layerFromConfig(config.aws, {
    accessKeyId: sim.hub.accessKeyId,
    secretAccessKey: sim.hub.secretAccessKey,
  });
  const { plan } = await scanAndPlan(config, layer);
  const { result } = await runApply(plan, config, layer, mkdtempSync(join(tmpdir(), "wirewatch-apply-")));
  return { plan, result };
}

const gaps = (keys: Array<{ checkId: string; region: string }>) =>
  [...new Set(keys.map((k) => `${k.checkId} ${k.region}`))].sort();

describe("apply against the demo organization", () => {
  it("has no failed change: every prerequisite AWS would check is planned or left to a person", async () => {
    const { plan, result } = await demo();
    expect(result.outcomes.filter((o) => o.status === "failed").map((o) => o.id)).toEqual([]);
    expect(result.outcomes.filter((o) => o.status === "refused").map((o) => o.reasonId)).toEqual([]);
    // Every applied change closed what it was planned for, unless the gap moved to another resource: dev-local
    // now delivers to CloudWatch Logs, but starting dev-audit made dev-audit the trail the check judges.
    const open = result.outcomes
      .filter((x) => x.status === "applied")
      .flatMap((o) =>
        o.open.filter((x) => x.status === "fail").map((x) => [x.finding.checkId, x.movedTo ?? null]),
      );
    expect(open).toEqual([
      ["cloudtrail.cloudwatch-logs-delivery", `arn:aws:cloudtrail:us-east-1:${DEV}:trail/dev-audit`],
    ]);
    const devLocal = result.outcomes.find(
      (o) => o.remediationId === "cloudtrail.update-trail" && o.resource.endsWith(":trail/dev-local"),
    );
    expect(devLocal?.calls.map((c) => c.operation)).toEqual([
      "logs:CreateLogGroup",
      "logs:PutRetentionPolicy",
      "cloudtrail:UpdateTrail",
    ]);
    // The interruption of dev-audit is an incident: not a change's gap, never "still open".
    expect(plan.incidents?.map((k) => `${k.checkId} ${k.accountId}`)).toContain(
      `cloudtrail.logging-interruption ${DEV}`,
    );
    const claimed = plan.changes.flatMap((c) => c.fixes.map((k) => k.checkId));
    expect(claimed).not.toContain("cloudtrail.logging-interruption");
    // What is left needs a person (manual steps, refusals): exit 2, not 1.
    expect(applyExitCode(result)).toBe(2);
  });

  it("credits a gap closed by another change to that change, never to the change that failed", async () => {
    // dev-local's UpdateTrail is refused once; starting dev-audit (which has a KMS key) closes kms-encryption.
    const { result } = await demo([
      { action: "cloudtrail:UpdateTrail", account: DEV, error: "AccessDenied", times: 1 },
    ]);
    const update = result.outcomes.find(
      (o) => o.remediationId === "cloudtrail.update-trail" && o.accountId === DEV,
    );
    const start = result.outcomes.find(
      (o) => o.remediationId === "cloudtrail.start-logging" && o.accountId === DEV,
    );
    expect(update?.status).toBe("failed");
    expect(update?.closed).toEqual([]);
    expect(update?.closedBy?.map((c) => [c.finding.checkId, c.change])).toEqual([
      ["cloudtrail.kms-encryption", start?.id],
    ]);
    expect(gaps(update?.open.map((x) => x.finding) ?? [])).toEqual([
      "cloudtrail.cloudwatch-logs-delivery global",
    ]);
    expect(start?.status).toBe("applied");
    expect(gaps(start?.closed ?? [])).toEqual([
      "cloudtrail.kms-encryption global",
      "cloudtrail.multi-region-logging ap-southeast-2",
      "cloudtrail.multi-region-logging eu-west-1",
      // dev-audit, now relied on in us-east-1 too, started seconds ago: its first S3 delivery is not yet due.
      "cloudtrail.s3-delivery global",
    ]);
    expect(applyExitCode(result)).toBe(1);
  });
});
