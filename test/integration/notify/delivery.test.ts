/**
 * Notifications from the store's outbox, against both store backends: a loopback receiver for the webhook and
 * Slack, the simulator (through the real SDK) for SNS. Drift only, once per finding and channel, restart-safe.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsLayer } from "../../../src/aws/layer.ts";
import { publishToTopic } from "../../../src/aws/publish.ts";
import { configSchema, type Config } from "../../../src/config/schema.ts";
import { deliverNotifications, outboxWriter, recordAttribution } from "../../../src/notify/notify.ts";
import { signature } from "../../../src/notify/send.ts";
import type { DriftBatch } from "../../../src/notify/render.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { diffAndRecord } from "../../../src/store/record.ts";
import { outboxCounts } from "../../../src/store/outbox.ts";
import { StateStore } from "../../../src/store/store.ts";
import type { Simulator } from "../../../sim/server.ts";
import { startReceiver, type Receiver } from "../../support/receiver.ts";
import { baseScenario, hubCredentials, MGMT, startTestSim } from "../../support/sim.ts";
import { finding, report } from "../../support/store-fixtures.ts";

const PG_URL = process.env.WIREWATCH_TEST_PG_URL;
const backends: Array<[string, () => Record<string, unknown>]> = [
  ["pglite", () => ({ dir: join(mkdtempSync(join(tmpdir(), "wirewatch-notify-")), "state") })],
];
if (PG_URL) backends.push(["postgres", () => ({ url: PG_URL })]);

const TOPIC = `arn:aws:sns:us-east-1:${MGMT}:wirewatch-notifications`;
const SECRET = "whsec-test-only";
const HOOK_PATH = "/hooks/T0/B0/URLSECRET";

let sim: Simulator;
let layer: AwsLayer;
let receiver: Receiver;
let n = 0;

beforeAll(async () => {
  sim = await startTestSim(
    baseScenario({
      hub: {
        account: MGMT,
        accessKeyId: "AKIAHUBEXAMPLE000001",
        secretAccessKey: "hubSecretKeyExample/000000000000000000001",
        access: "read-write",
      },
      accounts: [
        {
          id: MGMT,
          name: "management",
          regionState: { "us-east-1": { topics: [{ name: "wirewatch-notifications" }] } },
        },
      ],
    }),
  );
  layer = new AwsLayer({
    endpoint: sim.endpoint,
    maxAttempts: 2,
    maxCallsInFlight: 8,
    homeRegion: "us-east-1",
    credentials: hubCredentials(sim),
  });
  receiver = await startReceiver();
});

afterAll(async () => {
  layer?.close();
  await receiver?.close();
  await sim?.close();
});

function configFor(state: Record<string, unknown>, scope: string, channels: unknown[]): Config {
  return configSchema.parse({
    state: { ...state, scope },
    notifications: { channels, attempts: 2, backoffMs: 0, timeoutMs: 5000 },
  });
}

const channels = () => [
  { type: "webhook", name: "soc", url: receiver.url(HOOK_PATH), secretEnv: "TEST_HOOK_SECRET" },
  { type: "slack", urlEnv: "TEST_SLACK_URL", minSeverity: "critical" },
  { type: "sns", topicArn: TOPIC },
];

const env = () => ({ TEST_HOOK_SECRET: SECRET, TEST_SLACK_URL: receiver.url("/slack") });
const deps = () => ({
  env: env(),
  publish: (topicArn: string, subject: string, message: string, signal: AbortSignal) =>
    publishToTopic(layer, topicArn, subject, message, signal),
  sleep: async () => undefined,
});

async function scanned(store: StateStore, config: Config, r: ScanReport) {
  const recorded = await diffAndRecord(store, config.state.scope, r, 90, outboxWriter(config, r));
  expect(recorded.error).toBeNull();
  return recorded.result!;
}

const published = () =>
  sim.world.accounts.get(MGMT)!.regionState.get("us-east-1")!.topics.get(TOPIC)!.published ?? [];

describe.each(backends)("notifications from the %s store", (_name, backend) => {
  it("delivers drift once per channel, by severity, signed, and nothing when nothing changed", async () => {
    const scope = `notify-${Date.now()}-${++n}`;
    const config = configFor(backend(), scope, channels());
    const store = await StateStore.open(config.state);
    receiver.received.length = 0;
    const before = published().length;
    try {
      const crit = { ...finding("c.one", "fail"), severity: "critical" as const };
      const high = finding("c.two", "fail", "333333333333");
      const r1 = report("2026-01-01T00:00:00.000Z", [crit, high]);
      await scanned(store, config, r1);
      await recordAttribution(store, scope, {
        ...r1,
        findings: r1.findings.map((f) =>
          f.id === crit.id
            ? {
                ...f,
                attribution: {
                  status: "attributed",
                  reason: null,
                  detail: null,
                  window: { from: "2025-12-31T00:00:00.000Z", to: "2026-01-01T00:00:00.000Z" },
                  region: "us-east-1",
                  lookedFor: ["StopLogging"],
                  events: [
                    {
                      eventId: "ev-1",
                      eventName: "StopLogging",
                      eventSource: "cloudtrail.amazonaws.com",
                      eventTime: "2025-12-31T23:00:00.000Z",
                      region: "us-east-1",
                      principalArn: "arn:aws:sts::222222222222:assumed-role/Admin/mallory",
                      principalType: "AssumedRole",
                      sourceIPAddress: "198.51.100.7",
                      userAgent: "aws-cli/2",
                    },
                  ],
                },
              }
            : f,
        ),
      });
      const outcomes = await deliverNotifications(store, config, deps());
      expect(outcomes.map((o) => [o.channel, o.outcome, o.delivered, o.messages])).toEqual([
        ["soc", "delivered", 2, 1],
        ["slack", "delivered", 1, 1],
        ["sns", "delivered", 2, 1],
      ]);
      const hook = receiver.received.find((r) => r.path === HOOK_PATH)!;
      const ts = String(hook.headers["x-wirewatch-timestamp"]);
      expect(hook.headers["x-wirewatch-signature"]).toBe(signature(SECRET, ts, hook.body));
      const batch = JSON.parse(hook.body) as DriftBatch;
      expect(hook.headers["x-wirewatch-delivery"]).toBe(batch.deliveryId);
      expect(batch.new.map((i) => [i.findingId, i.kind])).toEqual([
        [crit.id, "new"],
        [high.id, "new"],
      ]);
      expect(batch.new[0]!.attribution).toMatchObject({
        status: "attributed",
        principalArn: "arn:aws:sts::222222222222:assumed-role/Admin/mallory",
        eventName: "StopLogging",
        eventId: "ev-1",
      });
      // Slack hears of critical only.
      const slack = receiver.received.filter((r) => r.path === "/slack");
      expect(slack.length).toBe(1);
      expect(JSON.stringify(JSON.parse(slack[0]!.body))).toContain(crit.checkId);
      expect(slack[0]!.body).not.toContain(high.accountId);
      const sns = published().slice(before);
      expect(sns.length).toBe(1);
      expect(sns[0]!.Subject).toBe("wirewatch: 2 new gaps");
      expect((JSON.parse(sns[0]!.Message) as DriftBatch).new.map((i) => i.findingId)).toEqual([
        crit.id,
        high.id,
      ]);
      // Who opened it is kept with the transition.
      expect(
        (
          await store.sql.query<{ attribution: string }>(
            "SELECT attribution FROM finding_transitions WHERE scope = $1 AND finding_id = $2",
            [scope, crit.id],
          )
        )[0]!.attribution,
      ).toContain("mallory");

      // A second delivery run (a retry, a restart) sends nothing again.
      receiver.received.length = 0;
      expect(await deliverNotifications(store, config, deps())).toEqual([]);
      // A scan with nothing new notifies nothing.
      await scanned(store, config, report("2026-01-01T01:00:00.000Z", [crit, high]));
      expect(await deliverNotifications(store, config, deps())).toEqual([]);
      expect(receiver.received).toEqual([]);

      // Resolved: notified once more.
      await scanned(store, config, report("2026-01-01T02:00:00.000Z", [{ ...crit, status: "pass" }, high]));
      const resolved = await deliverNotifications(store, config, deps());
      expect(resolved.map((o) => [o.channel, o.delivered])).toEqual([
        ["soc", 1],
        ["slack", 1],
        ["sns", 1],
      ]);
      const last = JSON.parse(receiver.received.find((r) => r.path === HOOK_PATH)!.body) as DriftBatch;
      expect(last.resolved.map((i) => [i.findingId, i.status])).toEqual([[crit.id, "resolved"]]);
      expect(last.new).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("keeps what failed for the next scan, with the error but never the URL, and delivers it once", async () => {
    const scope = `notify-fail-${Date.now()}-${++n}`;
    const config = configFor(backend(), scope, [{ type: "webhook", url: receiver.url(HOOK_PATH) }]);
    const store = await StateStore.open(config.state);
    receiver.received.length = 0;
    try {
      await scanned(store, config, report("2026-01-01T00:00:00.000Z", [finding("c.one", "fail")]));
      // Both attempts fail; the receiver's body quotes the URL, which must not reach the store or the outcome.
      receiver.script.push(
        { status: 503, body: `unavailable: ${receiver.url(HOOK_PATH)}` },
        { status: 503, body: `unavailable: ${receiver.url(HOOK_PATH)}` },
      );
      const failed = await deliverNotifications(store, config, deps());
      expect(failed.map((o) => [o.outcome, o.delivered, o.pending])).toEqual([["failed", 0, 1]]);
      expect(failed[0]!.error).toMatch(/^HTTP 503/);
      expect(failed[0]!.error).not.toContain("URLSECRET");
      const counts = await outboxCounts(store.sql, scope);
      expect(counts).toEqual([{ channel: "webhook", pending: 1, delivered: 0, lastError: failed[0]!.error }]);
      expect(receiver.received.length).toBe(2);

      // The next scan finds one more gap; both go in one batch, the old one not lost.
      await scanned(
        store,
        config,
        report("2026-01-01T01:00:00.000Z", [finding("c.one", "fail"), finding("c.two", "fail")]),
      );
      const later = await deliverNotifications(store, config, deps());
      expect(later.map((o) => [o.outcome, o.delivered])).toEqual([["delivered", 2]]);
      const batch = JSON.parse(receiver.received.at(-1)!.body) as DriftBatch;
      expect(batch.new.map((i) => i.checkId)).toEqual(["c.one", "c.two"]);
      expect(await deliverNotifications(store, config, deps())).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("honours a 429's Retry-After and waits between Slack messages", async () => {
    const scope = `notify-429-${Date.now()}-${++n}`;
    const config = configFor(backend(), scope, [{ type: "slack", urlEnv: "TEST_SLACK_URL" }]);
    const store = await StateStore.open(config.state);
    receiver.received.length = 0;
    const waits: number[] = [];
    try {
      // 60 accounts with a failing finding each make more than one Slack message (50 blocks a message).
      const many = Array.from({ length: 60 }, (_, k) => finding("c.one", "fail", String(400000000000 + k)));
      await scanned(store, config, report("2026-01-01T00:00:00.000Z", many));
      receiver.script.push({ status: 429, headers: { "retry-after": "7" }, body: "rate_limited" });
      const out = await deliverNotifications(store, config, {
        ...deps(),
        sleep: async (ms: number) => {
          waits.push(ms);
        },
      });
      expect(out.map((o) => [o.outcome, o.delivered, o.messages, o.error])).toEqual([
        ["delivered", 60, 3, null],
      ]);
      expect(waits).toEqual([7000, 1000, 1000]);
      expect(receiver.received.length).toBe(4);
    } finally {
      await store.close();
    }
  });
});
