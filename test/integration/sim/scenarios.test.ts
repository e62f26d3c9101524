import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { buildWorld, loadScenarioFile } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import type { AccountState, RegionState, TrailState, World } from "../../../sim/state.ts";

const DIR = join(import.meta.dirname, "..", "..", "..", "sim", "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();
const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const FORWARD_PATTERN = { "detail-type": ["AWS API Call via CloudTrail"] };

const world = (file: string): World => buildWorld(loadScenarioFile(join(DIR, file)));
const acct = (w: World, id: string): AccountState => w.accounts.get(id)!;
const rs = (w: World, id: string, region = "us-east-1"): RegionState => acct(w, id).regionState.get(region)!;
const trails = (w: World, id: string): TrailState[] =>
  [...acct(w, id).regionState.values()].flatMap((r) => [...r.trails.values()]);
const rule = (w: World, id: string, region: string) =>
  acct(w, id).regionState.get(region)?.rules.get("default/wirewatch-forward-cloudtrail");
const statements = (policy: string | undefined) =>
  (JSON.parse(policy ?? "{}") as { Statement: Array<Record<string, unknown>> }).Statement;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("bundled scenarios", () => {
  it("bundles the three documented scenarios", () => {
    expect(FILES).toEqual(expect.arrayContaining(["demo.yaml", "healthy.yaml", "org-trail.yaml"]));
  });

  it.each(FILES)("%s parses, describes itself and builds a world", (file) => {
    const scenario = loadScenarioFile(join(DIR, file));
    expect(scenario.description?.length).toBeGreaterThan(100);
    const w = buildWorld(scenario);
    expect(w.organization?.id).toBe("o-wirewatchdemo");
    expect(w.credentials.get("AKIAWIREWATCHDEMOHUB")).toMatchObject({ accountId: MGMT, kind: "user" });
    expect(scenario.hub.secretAccessKey).toHaveLength(40);
    for (const id of [MGMT, PROD, DEV]) {
      expect([...acct(w, id).regions.keys()].sort()).toEqual([...REGIONS].sort());
    }
  });

  // The hub assumes the audit role into every account it should reach, through the real SDK.
  it.each([
    ["healthy.yaml", [MGMT, PROD, DEV], []],
    ["org-trail.yaml", [MGMT, PROD, DEV], []],
    ["demo.yaml", [MGMT, PROD, DEV], ["444444444444"]],
  ])("%s: the hub assumes the audit role where it should", async (file, reachable, refused) => {
    const scenario = loadScenarioFile(join(DIR, file));
    sim = await startSimulator({ scenario, rateLimits: false });
    const config = {
      endpoint: sim.endpoint,
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
    };
    const sts = new STSClient(config);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
    const assume = (id: string) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${id}:role/WirewatchAudit`,
          RoleSessionName: "scenario-test",
        }),
      );
    for (const id of reachable) {
      expect((await assume(id)).AssumedRoleUser?.Arn).toContain(`::${id}:assumed-role/WirewatchAudit/`);
    }
    for (const id of refused) {
      await expect(assume(id)).rejects.toMatchObject({ name: "AccessDenied" });
    }
  });
});

describe("healthy.yaml", () => {
  const w = world("healthy.yaml");

  it.each([MGMT, PROD, DEV])(
    "account %s has its own logging multi-region trail with every good setting",
    (id) => {
      const ts = trails(w, id);
      expect(ts).toHaveLength(1);
      expect(ts[0]).toMatchObject({
        HomeRegion: "us-east-1",
        IsMultiRegionTrail: true,
        IsOrganizationTrail: false,
        IncludeGlobalServiceEvents: true,
        LogFileValidationEnabled: true,
        KmsKeyId: expect.stringMatching(new RegExp(`^arn:aws:kms:us-east-1:${id}:key/`)),
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${id}:log-group:aws-cloudtrail-logs:*`,
        status: { IsLogging: true },
      });
      expect(ts[0]!.eventSelectors).toBeUndefined();
      expect(ts[0]!.advancedEventSelectors).toBeUndefined();
      expect(ts[0]!.status.LatestDeliveryError).toBeUndefined();
      expect(ts[0]!.status.StopLoggingTime).toBeUndefined();
      expect(Date.now() - ts[0]!.status.LatestDeliveryTime!.getTime()).toBeLessThan(3600e3);
    },
  );

  it.each(accountRegions())("%s %s forwards every CloudTrail API call to the central bus", (id, region) => {
    const r = rule(w, id, region);
    expect(r).toMatchObject({
      State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      EventBusName: "default",
    });
    expect(JSON.parse(r!.EventPattern!)).toEqual(FORWARD_PATTERN);
    expect(r!.targets).toEqual([
      {
        Id: "wirewatch-central",
        Arn: `arn:aws:events:${region}:${MGMT}:event-bus/wirewatch-central`,
        RoleArn: `arn:aws:iam::${id}:role/wirewatch-eventbridge-forwarder`,
        DeadLetterConfig: { Arn: `arn:aws:sqs:${region}:${id}:wirewatch-forwarding-dlq` },
      },
    ]);
  });

  it.each([MGMT, PROD, DEV])("account %s: log group, subscription, 15 filters, 15 alarms, a topic", (id) => {
    const region = rs(w, id);
    const lg = region.logGroups.get("aws-cloudtrail-logs")!;
    expect(lg.retentionInDays).toBe(365);
    expect(lg.subscriptionFilters.map((f) => [f.filterPattern, f.destinationArn])).toEqual([
      ["", `arn:aws:logs:us-east-1:${MGMT}:destination:wirewatch-central`],
    ]);
    const metrics = lg.metricFilters.map((f) => f.metricTransformations[0]!);
    expect(new Set(metrics.map((m) => m.metricName)).size).toBe(15);
    expect(metrics.every((m) => m.metricNamespace === "CISBenchmark")).toBe(true);
    const topicArn = `arn:aws:sns:us-east-1:${id}:wirewatch-alarms`;
    const alarms = [...region.alarms.values()];
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(metrics.map((m) => m.metricName).sort());
    for (const a of alarms) {
      expect(a).toMatchObject({ Namespace: "CISBenchmark", ActionsEnabled: true, AlarmActions: [topicArn] });
    }
    const topic = region.topics.get(topicArn)!;
    expect(topic.subscriptions.map((s) => s.confirmed)).toEqual([true]);
    expect(statements(topic.attributes.Policy)).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
      }),
    );
  });
});

describe("org-trail.yaml", () => {
  const w = world("org-trail.yaml");

  it("has one organization trail, owned by the management account", () => {
    expect(trails(w, MGMT)).toEqual([
      expect.objectContaining({
        TrailARN: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/organization-trail`,
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
        LogFileValidationEnabled: true,
        IncludeGlobalServiceEvents: true,
        status: expect.objectContaining({ IsLogging: true }),
      }),
    ]);
    expect(rs(w, MGMT).logGroups.get("aws-cloudtrail-logs")?.metricFilters).toHaveLength(15);
    expect(rs(w, MGMT).alarms.size).toBe(15);
  });

  it.each([PROD, DEV])("member %s has no trail or log group of its own", (id) => {
    expect(trails(w, id)).toEqual([]);
    expect(rs(w, id).logGroups.size).toBe(0);
  });

  it.each(accountRegions())("%s %s forwards to the central bus", (id, region) => {
    expect(rule(w, id, region)?.State).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  });
});

describe("demo.yaml", () => {
  const file = join(DIR, "demo.yaml");
  const text = readFileSync(file, "utf8");
  const w = world("demo.yaml");
  const scenario = loadScenarioFile(file);

  // Every check of the catalogue (docs/checks.md) is named beside at least one deliberate gap.
  it.each([
    "org.account-reachable",
    "org.region-reachable",
    "cloudtrail.multi-region-logging",
    "cloudtrail.management-events",
    "cloudtrail.global-service-events",
    "cloudtrail.log-file-validation",
    "cloudtrail.kms-encryption",
    "cloudtrail.cloudwatch-logs-delivery",
    "cloudtrail.s3-delivery",
    "cloudtrail.logging-interruption",
    "eventbridge.cloudtrail-forwarding",
    "eventbridge.read-events-forwarding",
    "eventbridge.forwarding-target-health",
    "logs.trail-subscription",
    "logs.trail-retention",
    "alarms.organizations-changes",
    "alarms.cloudtrail-config-changes",
    "alarms.root-usage",
    "alarms.console-signin-without-mfa",
  ])("names a gap for %s", (checkId) => {
    expect(text).toMatch(new RegExp(`#[^\\n]*${checkId.replace(".", "\\.")}`));
  });

  const prodTrail = () => trails(w, PROD)[0]!;
  const mgmtLogGroup = () => rs(w, MGMT).logGroups.get("aws-cloudtrail-logs")!;
  const prodLogGroup = () => rs(w, PROD).logGroups.get("aws-cloudtrail-logs")!;
  const devTrails = () => trails(w, DEV);
  const since = (d: Date | undefined) => Date.now() - (d?.getTime() ?? 0);
  const H = 3600e3;

  it.each<[string, () => boolean]>([
    [
      "prod stopped and restarted logging within the day",
      () => since(prodTrail().status.StopLoggingTime) < 24 * H,
    ],
    [
      "prod excludes KMS events",
      () => JSON.stringify(prodTrail().advancedEventSelectors).includes("kms.amazonaws.com"),
    ],
    ["prod records no global events", () => !prodTrail().IncludeGlobalServiceEvents],
    ["prod has no log file validation", () => !prodTrail().LogFileValidationEnabled],
    ["prod has an S3 delivery error", () => prodTrail().status.LatestDeliveryError !== undefined],
    [
      "prod has a CloudWatch Logs delivery error",
      () => !!prodTrail().status.LatestCloudWatchLogsDeliveryError,
    ],
    [
      "dev's multi-region trail is stopped",
      () => devTrails().some((t) => t.IsMultiRegionTrail && !t.status.IsLogging),
    ],
    [
      "dev's only logging trail is single-region",
      () =>
        devTrails()
          .filter((t) => t.status.IsLogging)
          .every((t) => !t.IsMultiRegionTrail),
    ],
    [
      "dev logs write events only",
      () => devTrails().some((t) => t.eventSelectors?.[0]?.ReadWriteType === "WriteOnly"),
    ],
    ["dev has a trail without KMS", () => devTrails().some((t) => t.status.IsLogging && !t.KmsKeyId)],
    [
      "dev has a trail without CloudWatch Logs",
      () => devTrails().some((t) => t.status.IsLogging && !t.CloudWatchLogsLogGroupArn),
    ],
    [
      "dev's delivery is days old",
      () => devTrails().some((t) => t.status.IsLogging && since(t.status.LatestDeliveryTime) > 48 * H),
    ],
    ["management has no rule in ap-southeast-2", () => rule(w, MGMT, "ap-southeast-2") === undefined],
    ["management eu-west-1 drops read events", () => rule(w, MGMT, "eu-west-1")?.State === "ENABLED"],
    ["prod us-east-1 rule is disabled", () => rule(w, PROD, "us-east-1")?.State === "DISABLED"],
    [
      "prod eu-west-1 rule is narrowed to a source",
      () => rule(w, PROD, "eu-west-1")!.EventPattern!.includes('"source"'),
    ],
    [
      "dev us-east-1 rule uses anything-but",
      () => rule(w, DEV, "us-east-1")!.EventPattern!.includes("anything-but"),
    ],
    [
      "dev eu-west-1 targets the wrong bus",
      () => !rule(w, DEV, "eu-west-1")!.targets[0]!.Arn.endsWith("/wirewatch-central"),
    ],
    [
      "dev ap-southeast-2 target has no role or DLQ",
      () => {
        const t = rule(w, DEV, "ap-southeast-2")!.targets[0]!;
        return !t.RoleArn && !t.DeadLetterConfig;
      },
    ],
    [
      "management subscribes to the wrong destination",
      () => !mgmtLogGroup().subscriptionFilters[0]!.destinationArn.endsWith(":wirewatch-central"),
    ],
    ["prod subscription pattern narrows", () => prodLogGroup().subscriptionFilters[0]!.filterPattern !== ""],
    ["prod retention is 30 days", () => prodLogGroup().retentionInDays === 30],
    ["management lacks a metric filter", () => mgmtLogGroup().metricFilters.length === 14],
    [
      "management's 4.5 filter no longer counts StopLogging",
      () =>
        !mgmtLogGroup()
          .metricFilters.find((f) => f.filterName.startsWith("cis-4.5-"))!
          .filterPattern.includes("StopLogging"),
    ],
    [
      "prod has an alarm in another namespace",
      () => [...rs(w, PROD).alarms.values()].some((a) => a.Namespace !== "CISBenchmark"),
    ],
    [
      "prod has an alarm with actions disabled",
      () => [...rs(w, PROD).alarms.values()].some((a) => !a.ActionsEnabled),
    ],
    [
      "prod has a topic with only pending subscriptions",
      () =>
        [...rs(w, PROD).topics.values()].some(
          (t) => t.subscriptions.length > 0 && t.subscriptions.every((s) => !s.confirmed),
        ),
    ],
    [
      "prod has a topic denying CloudWatch",
      () =>
        [...rs(w, PROD).topics.values()].some((t) =>
          statements(t.attributes.Policy).some((s) => s.Effect === "Deny"),
        ),
    ],
    [
      "an SCP denies prod ap-southeast-2",
      () =>
        scenario.faults.some(
          (f) => f.account === PROD && f.region === "ap-southeast-2" && f.error === "AccessDenied",
        ),
    ],
  ])("%s", (_label, probe) => {
    expect(probe()).toBe(true);
  });
});

function accountRegions(): Array<[string, string]> {
  return [MGMT, PROD, DEV].flatMap((id) => REGIONS.map((r): [string, string] => [id, r]));
}
