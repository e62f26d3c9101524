/**
 * wirewatch unchanged in GovCloud and China: the built CLI scans the healthy organization moved to aws-us-gov and
 * to aws-cn (the simulator hosting it in that partition, found through AWS_ENDPOINT_URL), finds a stopped trail and
 * an alarm topic CloudWatch may no longer publish to, plans fixes whose ARNs, like the report's, carry the
 * partition of the caller identity, and applies them with the remediation role of that partition.
 */
import { CloudTrailClient, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { SNSClient, SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlan } from "../../src/remediate/plan-file.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario, problems } from "../support/e2e.ts";
import { liveSimulator, type LiveSim } from "../support/live-sim.ts";
import { inPartition } from "../support/partition.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";

/** Every ARN anywhere in a JSON value. */
function arnsIn(value: unknown): string[] {
  if (typeof value === "string") return value.match(/arn:[a-z-]+:[^\s"',)]*/g) ?? [];
  if (Array.isArray(value)) return value.flatMap(arnsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(arnsIn);
  return [];
}

const partitionsOf = (value: unknown) => [...new Set(arnsIn(value).map((a) => a.split(":")[1]))];

describe.each([
  ["aws-us-gov", "us-gov-west-1", "us-gov-east-1"],
  ["aws-cn", "cn-north-1", "cn-northwest-1"],
] as const)("an organization in %s", (partition, home, other) => {
  let live: LiveSim;
  beforeAll(async () => {
    live = await liveSimulator(inPartition(bundledScenario("healthy"), partition), {
      aws: { homeRegion: home },
      remediation: { allowlist: ["cloudtrail.start-logging"] },
    });
  });
  afterAll(async () => {
    await live.close();
  });

  let healthy: ScanReport;
  it("is healthy: every check passes, in the partition's regions, with its ARNs", async () => {
    const r = await live.scan();
    healthy = r.report;
    expect(problems(r.report)).toEqual([]);
    expect(r.code).toBe(0);
    expect([...new Set(r.report.coverage.map((c) => c.region))].sort()).toEqual([home, other].sort());
    // Global service events are looked for in the partition's own global-events region, and found.
    const global = r.report.findings.filter((f) => f.checkId === "cloudtrail.global-service-events");
    expect(global.map((f) => [f.accountId, f.status, f.messageId])).toEqual(
      [MGMT, PROD, DEV].map((a) => [a, "pass", "covered"]),
    );
    expect(partitionsOf(r.report.findings)).toEqual([partition]);
    expect(
      r.report.findings.find((f) => f.checkId === "cloudtrail.log-file-validation" && f.accountId === DEV)
        ?.resource,
    ).toBe(`arn:${partition}:cloudtrail:${home}:${DEV}:trail/dev-trail`);
  });

  it("finds a stopped trail and an alarm topic CloudWatch may not publish to, plans and applies fixes in the partition", async () => {
    const trail = new CloudTrailClient(await live.credentials(DEV));
    const sns = new SNSClient({ ...(await live.credentials(PROD)), region: home });
    const topic = `arn:${partition}:sns:${home}:${PROD}:wirewatch-alarms`;
    try {
      await trail.send(new StopLoggingCommand({ Name: "dev-trail" }));
      // Only the account's own principals may publish now: the CloudWatch statement is gone.
      const policy = {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OwnerOnly",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${PROD}:root` },
            Action: "SNS:Publish",
            Resource: topic,
          },
        ],
      };
      await sns.send(
        new SetTopicAttributesCommand({
          TopicArn: topic,
          AttributeName: "Policy",
          AttributeValue: JSON.stringify(policy),
        }),
      );
    } finally {
      trail.destroy();
      sns.destroy();
    }
    const r = await live.scan();
    expect(r.code).toBe(1);
    const alarmControls = [
      ...new Set(healthy.findings.filter((f) => f.checkId.startsWith("alarms.")).map((f) => f.checkId)),
    ];
    expect(alarmControls).toHaveLength(15);
    expect(problems(r.report)).toEqual(
      [
        ...alarmControls.map((id) => `fail ${id} ${PROD} global topicPolicyDeniesCloudWatch`),
        `fail cloudtrail.logging-interruption ${DEV} global stopped`,
        `fail cloudtrail.multi-region-logging ${DEV} ${home} trailStopped`,
        `fail cloudtrail.multi-region-logging ${DEV} ${other} trailStopped`,
      ].sort(),
    );
    // The same things have the same finding ids as in the healthy scan: only their verdict changed.
    const healthyIds = new Set(healthy.findings.map((f) => f.id));
    const failed = r.report.findings.filter((f) => f.status === "fail");
    expect(failed.filter((f) => !healthyIds.has(f.id)).map((f) => f.checkId)).toEqual([]);
    for (const f of failed.filter((x) => x.messageId === "topicPolicyDeniesCloudWatch")) {
      expect(f.data.topic).toBe(topic);
    }
    expect(failed.find((f) => f.messageId === "stopped")?.resource).toBe(
      `arn:${partition}:cloudtrail:${home}:${DEV}:trail/dev-trail`,
    );
    expect(partitionsOf(r.report.findings)).toEqual([partition]);

    const planFile = join(live.dir, "plan.json");
    const p = await runCli(
      ["plan", "--config", join(live.dir, "wirewatch.yaml"), "--out", planFile],
      live.env,
      live.dir,
    );
    expect(p.code).toBe(0);
    const { plan } = await readPlan(planFile);
    expect(plan.changes.map((c) => [c.remediationId, c.resource]).sort()).toEqual([
      ["alarms.put-metric-filter-and-alarm", topic],
      ["cloudtrail.start-logging", `arn:${partition}:cloudtrail:${home}:${DEV}:trail/dev-trail`],
    ]);
    // Every ARN in the plan is in the partition: the trail StartLogging names, and the topic left to a person.
    expect(partitionsOf(plan)).toEqual([partition]);
    const restart = plan.changes.find((c) => c.remediationId === "cloudtrail.start-logging");
    expect(restart?.calls.map((c) => [c.operation, c.region, c.input])).toEqual([
      ["StartLogging", home, { Name: `arn:${partition}:cloudtrail:${home}:${DEV}:trail/dev-trail` }],
    ]);

    // Applied with the remediation role, assumed in the partition; the rescan finds the trail logging again.
    const out = join(live.dir, "apply");
    const applied = await runCli(
      ["apply", "--config", join(live.dir, "wirewatch.yaml"), "--plan", planFile, "--yes", "--output", out],
      live.env,
      live.dir,
    );
    // The topic policy is a person's to fix: apply did all it may, and says gaps remain (exit 2).
    expect(applied.code).toBe(2);
    const audit = readFileSync(join(out, "wirewatch-audit.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { audit: { who: string; what: string; error?: string } }).audit);
    expect(audit.map((a) => [a.who, a.what, a.error])).toEqual([
      [`arn:${partition}:iam::${DEV}:role/WirewatchRemediation`, "cloudtrail:StartLogging", undefined],
    ]);
    const after = await live.scan();
    expect(problems(after.report).filter((p) => p.includes("multi-region-logging"))).toEqual([]);
  });
});
