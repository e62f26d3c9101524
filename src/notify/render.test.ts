import { describe, expect, it } from "vitest";
import type { NotificationItem } from "./item.ts";
import {
  batchOf,
  headline,
  renderSlack,
  renderSns,
  renderWebhook,
  splitBySize,
  SNS_MAX_BYTES,
} from "./render.ts";

const item = (n: number, over: Partial<NotificationItem> = {}): NotificationItem => ({
  key: `k${n}`,
  kind: "new",
  scanId: "scan-1",
  at: "2026-12-01T00:00:00.000Z",
  findingId: `cloudtrail.multi-region-logging:${String(n).padStart(16, "0")}`,
  checkId: "cloudtrail.multi-region-logging",
  severity: "high",
  status: "fail",
  accountId: "222222222222",
  accountName: "prod",
  region: "us-east-1",
  resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/main",
  messageId: "trailStopped",
  message: "trail main is not logging",
  attribution: null,
  ...over,
});

describe("splitBySize", () => {
  it("keeps each part within the limit and every item exactly once, in order", () => {
    const sizes = [5, 5, 5, 20, 1, 1];
    const parts = splitBySize(sizes, (n) => n, 12, 0);
    expect(parts).toEqual([[5, 5], [5], [20], [1, 1]]);
  });
});

describe("batches", () => {
  it("gives the same delivery id to the same items in any order, another to other items", () => {
    const a = batchOf("default", [item(1), item(2)]);
    expect(batchOf("default", [item(2), item(1)]).deliveryId).toBe(a.deliveryId);
    expect(batchOf("default", [item(1)]).deliveryId).not.toBe(a.deliveryId);
    expect(a.new.map((i) => i.key)).toEqual(["k1", "k2"]);
  });

  it("heads a batch with its counts", () => {
    expect(headline([item(1), item(2), item(3, { kind: "resolved" })])).toBe(
      "wirewatch: 2 new gaps, 1 resolved",
    );
    expect(headline([item(1, { kind: "resolved" })])).toBe("wirewatch: 1 resolved");
  });

  it("splits a webhook batch past its byte limit and SNS past 256 KiB, losing no item", () => {
    const many = Array.from({ length: 3000 }, (_, n) => item(n, { message: "x".repeat(300) }));
    const sns = renderSns("default", many);
    expect(sns.parts.length).toBeGreaterThan(1);
    for (const m of sns.messages) expect(Buffer.byteLength(m.message)).toBeLessThanOrEqual(SNS_MAX_BYTES);
    expect(sns.parts.flat().map((i) => i.key)).toEqual(many.map((i) => i.key));
    const hook = renderWebhook("default", many);
    expect(hook.parts.flat().length).toBe(3000);
    expect(JSON.parse(hook.messages[0]!)).toMatchObject({
      type: "wirewatch.drift",
      version: 1,
      scope: "default",
    });
  });

  it("makes an SNS subject ASCII and at most 100 characters", () => {
    const { messages } = renderSns("default", [item(1)]);
    expect(messages[0]!.subject).toBe("wirewatch: 1 new gap");
    expect(messages[0]!.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
  });
});

describe("Slack", () => {
  it("groups items per account under one header, with who opened each gap", () => {
    const { messages, parts } = renderSlack([
      item(1, {
        attribution: {
          status: "attributed",
          principalArn: "arn:aws:sts::222222222222:assumed-role/Admin/alice",
          principalType: "AssumedRole",
          eventName: "StopLogging",
          eventTime: "2026-12-01T00:00:00Z",
          eventId: "e1",
          sourceIPAddress: "192.0.2.1",
          userAgent: "aws-cli",
        },
      }),
      item(2, { accountId: "333333333333", accountName: null }),
      item(3),
    ]);
    expect(messages.length).toBe(1);
    expect(parts[0]!.map((i) => i.key)).toEqual(["k1", "k3", "k2"]);
    const blocks = messages[0]!.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "divider", "section", "divider", "section"]);
    expect(blocks[2]!.text!.text).toContain("*222222222222 (prod)*");
    expect(blocks[2]!.text!.text).toContain(
      "StopLogging by arn:aws:sts::222222222222:assumed-role/Admin/alice",
    );
    expect(blocks[4]!.text!.text).toContain("*333333333333*");
  });

  it("escapes mrkdwn control characters from audited accounts' names and messages", () => {
    const { messages } = renderSlack([item(1, { accountName: "<!channel> & co", message: "a <b> c" })]);
    const text = (messages[0]!.blocks[2] as { text: { text: string } }).text.text;
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).not.toContain("<!channel>");
  });

  it("stays within 50 blocks a message and 3,000 characters a section across many accounts", () => {
    const many = Array.from({ length: 400 }, (_, n) =>
      item(n, { accountId: String(100000000000 + (n % 60)), message: "m".repeat(200) }),
    );
    const { messages, parts } = renderSlack(many);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const b of m.blocks as { type: string; text?: { text: string } }[]) {
        if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      }
    }
    expect(new Set(parts.flat().map((i) => i.key)).size).toBe(400);
  });
});
