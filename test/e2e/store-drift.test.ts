/**
 * End to end with the state store: scan, break three things with AWS calls, scan again (exactly those are new),
 * a third scan (nothing new), fix them (resolved), and the history of one finding — against the embedded store,
 * and against the PostgreSQL server of WIREWATCH_TEST_PG_URL when there is one (.ci/run starts it).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema } from "../../src/config/schema.ts";
import { StateStore } from "../../src/store/store.ts";
import type { DriftRef } from "../../src/report/model.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario, regionOf } from "../support/e2e.ts";
import type { DriftBatch } from "../../src/notify/render.ts";
import { startReceiver } from "../support/receiver.ts";
import { liveSimulator } from "../support/live-sim.ts";
import { breakThree, fixThree, THREE_BREAKS_NEW } from "../support/three-breaks.ts";

const PG_URL = process.env.WIREWATCH_TEST_PG_URL;
const [MGMT, PROD, DEV] = ["111111111111", "222222222222", "333333333333"];
const what = (r: DriftRef) => `${r.checkId} ${r.accountId} ${r.region} ${r.messageId}`;

const backends: Array<[string, () => Record<string, unknown>]> = [
  ["the embedded store", () => ({ dir: join(mkdtempSync(join(tmpdir(), "wirewatch-e2e-state-")), "state") })],
];
if (PG_URL) backends.push(["PostgreSQL", () => ({ url: PG_URL, scope: `e2e-${Date.now()}` })]);

describe.each(backends)("drift recorded in %s", (_name, state) => {
  it("reports exactly the three breaks as new, then nothing new, then resolved, with a history and notifications", async () => {
    const receiver = await startReceiver();
    const scenario = bundledScenario("healthy");
    // The hub publishes notifications to a topic of its own account.
    (scenario.hub as { access?: string }).access = "read-write";
    (regionOf(scenario, MGMT, "us-east-1").topics as unknown[]).push({ name: "wirewatch-notify" });
    const topicArn = `arn:aws:sns:us-east-1:${MGMT}:wirewatch-notify`;
    const hookUrl = receiver.url("/hooks/T0/B0/URLSECRET");
    const live = await liveSimulator(scenario, {
      state: state(),
      notifications: {
        channels: [
          { type: "webhook", name: "soc", url: hookUrl, secretEnv: "E2E_HOOK_SECRET" },
          { type: "slack", urlEnv: "E2E_SLACK_URL" },
          { type: "sns", topicArn },
        ],
        backoffMs: 0,
      },
    });
    const notifyEnv = { E2E_HOOK_SECRET: "e2e-secret", E2E_SLACK_URL: receiver.url("/slack/SLACKSECRET") };
    const published = () =>
      live.sim.world.accounts.get(MGMT)!.regionState.get("us-east-1")!.topics.get(topicArn)!.published ?? [];
    const hooks = () => receiver.received.filter((r) => r.path.startsWith("/hooks/"));
    const slacks = () => receiver.received.filter((r) => r.path.startsWith("/slack/"));
    const scan = () => live.scan([], notifyEnv);
    try {
      const first = await scan();
      expect(first.code).toBe(0);
      expect(first.report.drift).toMatchObject({ baseline: null, new: [] });
      // Nothing changed: nothing is announced.
      expect([receiver.received.length, published().length]).toEqual([0, 0]);

      await breakThree(live);
      const broken = await scan();
      const drift = broken.report.drift!;
      expect(drift.baseline).toMatchObject({ scanId: first.report.scanId, source: "store" });
      expect(drift.new.map(what).sort()).toEqual(THREE_BREAKS_NEW);
      expect(broken.stdout).toContain("Since the last scan");
      // Who broke each: the operator's role session in that account, read from CloudTrail event history.
      const newIds = new Set(drift.new.map((r) => r.id));
      const attributed = broken.report.findings
        .filter((f) => newIds.has(f.id))
        .map((f) => [
          f.checkId,
          f.accountId,
          f.region,
          f.attribution?.status,
          f.attribution?.events[0]?.eventName,
          f.attribution?.events[0]?.principalArn,
        ]);
      const operator = (account: string) =>
        `arn:aws:sts::${account}:assumed-role/WirewatchRemediation/operator`;
      expect(attributed.sort()).toEqual(
        [
          ["cloudtrail.logging-interruption", DEV, "global", "attributed", "StopLogging", operator(DEV)],
          ...["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => [
            "cloudtrail.multi-region-logging",
            DEV,
            region,
            "attributed",
            "StopLogging",
            operator(DEV),
          ]),
          [
            "eventbridge.cloudtrail-forwarding",
            PROD,
            "us-east-1",
            "attributed",
            "DisableRule",
            operator(PROD),
          ],
          [
            "logs.trail-subscription",
            MGMT,
            "global",
            "attributed",
            "DeleteSubscriptionFilter",
            operator(MGMT),
          ],
        ].sort(),
      );
      for (const f of broken.report.findings.filter((x) => x.attribution)) {
        expect(f.attribution!.window).toEqual({ from: first.report.startedAt, to: broken.report.finishedAt });
        expect(f.attribution!.events[0]!.sourceIPAddress).toBe("127.0.0.1");
      }
      expect(broken.stdout).toContain(`by ${operator(PROD)}: DisableRule at `);
      expect(broken.report.stats.apiCalls["cloudtrail:LookupEvents"]?.calls).toBeGreaterThan(0);
      // The first scan has nothing to compare with: no window says when its gaps began, so nothing is attributed.
      expect(first.report.findings.filter((f) => f.attribution)).toEqual([]);

      // One batch to each channel: exactly the new gaps, each with who opened it.
      expect([hooks().length, slacks().length, published().length]).toEqual([1, 1, 1]);
      const batch = JSON.parse(hooks()[0]!.body) as DriftBatch;
      expect(batch.new.map((i) => `${i.checkId} ${i.accountId} ${i.region} ${i.messageId}`).sort()).toEqual(
        THREE_BREAKS_NEW,
      );
      expect(batch.resolved).toEqual([]);
      expect(
        batch.new.map((i) => [
          i.accountId,
          i.attribution?.status === "attributed" && i.attribution.principalArn,
        ]),
      ).toEqual(batch.new.map((i) => [i.accountId, operator(i.accountId)]));
      expect((JSON.parse(published()[0]!.Message) as DriftBatch).deliveryId).toBe(batch.deliveryId);
      expect(slacks()[0]!.body).toContain(operator(PROD));

      const again = await scan();
      expect(again.report.drift!.new).toEqual([]);
      // Still open is not news.
      expect([hooks().length, slacks().length, published().length]).toEqual([1, 1, 1]);
      expect(again.report.drift!.stillOpen).toHaveLength(THREE_BREAKS_NEW.length);
      for (const f of again.report.findings.filter((x) => x.status === "fail")) {
        expect(f.firstSeen).toBe(broken.report.startedAt);
        expect(f.lastSeen).toBe(again.report.startedAt);
      }

      await fixThree(live);
      const fixed = await scan();
      expect(fixed.report.drift!.new).toEqual([]);
      expect(fixed.report.drift!.resolved.map(what).sort()).toEqual(
        THREE_BREAKS_NEW.filter((x) => !x.startsWith("cloudtrail.logging-interruption")),
      );
      // The fix is announced once more, as resolved.
      expect([hooks().length, slacks().length, published().length]).toEqual([2, 2, 2]);
      const resolved = JSON.parse(hooks()[1]!.body) as DriftBatch;
      expect(resolved.new).toEqual([]);
      expect(resolved.resolved.map((i) => i.findingId).sort()).toEqual(
        fixed.report.drift!.resolved.map((r) => r.id).sort(),
      );
      // A webhook URL is a secret: never in what wirewatch printed.
      for (const run of [first, broken, again, fixed]) {
        expect(run.stdout + run.stderr).not.toMatch(/URLSECRET|SLACKSECRET/);
      }

      const config = join(live.dir, "wirewatch.yaml");
      const list = await runCli(["history", "--config", config, "--json"], live.env, live.dir);
      expect(list.code).toBe(0);
      const scans = (JSON.parse(list.stdout) as { scans: Array<{ id: string; complete: boolean }> }).scans;
      expect(scans.map((s) => s.id)).toEqual([fixed, again, broken, first].map((s) => s.report.scanId));
      const id = broken.report.drift!.new.find((r) => r.checkId === "eventbridge.cloudtrail-forwarding")!.id;
      const one = await runCli(["history", id, "--config", config, "--json"], live.env, live.dir);
      const timeline = (
        JSON.parse(one.stdout) as {
          timeline: Array<{
            kind: string;
            scanId: string;
            attribution: { events: Array<{ principalArn: string }> } | null;
          }>;
        }
      ).timeline;
      // Who opened it is kept with the transition that reported it.
      expect(timeline.map((t) => [t.kind, t.scanId, t.attribution?.events[0]?.principalArn ?? null])).toEqual(
        [
          ["new", broken.report.scanId, operator(PROD)],
          ["resolved", fixed.report.scanId, null],
        ],
      );
      const listed = JSON.parse(list.stdout) as {
        notifications: Array<{ channel: string; pending: number }>;
      };
      expect(listed.notifications.map((c) => [c.channel, c.pending])).toEqual([
        ["slack", 0],
        ["sns", 0],
        ["soc", 0],
      ]);

      // Secrets never reach the store: no credential the scans held is in any of its tables.
      const store = await StateStore.open(
        configSchema.parse({ state: (parse(readFileSync(config, "utf8")) as { state: object }).state }).state,
      );
      try {
        const tables = await store.sql.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
        );
        expect(tables.length).toBeGreaterThan(5);
        let dump = "";
        for (const { table_name } of tables) {
          dump += JSON.stringify(await store.sql.query(`SELECT * FROM "${table_name}"`));
        }
        expect(dump).toContain(broken.report.scanId);
        for (const secret of [
          live.sim.hub.secretAccessKey,
          live.sim.hub.accessKeyId,
          "URLSECRET",
          "SLACKSECRET",
        ]) {
          expect(dump).not.toContain(secret);
        }
      } finally {
        await store.close();
      }
    } finally {
      await live.close();
      await receiver.close();
    }
  });
});

describe("an unreachable store", () => {
  it("exits 3 naming it, before any AWS call", async () => {
    const live = await liveSimulator(bundledScenario("healthy"), {
      state: { url: "postgres://wirewatch@127.0.0.1:9/wirewatch" },
    });
    try {
      const r = await runCli(["scan", "--config", join(live.dir, "wirewatch.yaml")], live.env, live.dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain("127.0.0.1:9");
      expect(live.sim.stats.requests).toBe(0);
    } finally {
      await live.close();
    }
  });
});
