import { describe, expect, it } from "vitest";
import { channelsFor, driftItems } from "./item.ts";
import { finding, report } from "../../test/support/store-fixtures.ts";
import { configSchema } from "../config/schema.ts";
import { computeDrift, withDrift } from "../drift/compute.ts";

describe("drift items", () => {
  const open = finding("c.one", "fail");
  const muted = { ...finding("c.two", "fail"), suppressed: true };
  const ours = { ...finding("org.account-reachable", "error", "444444444444"), messageId: "scanInterrupted" };
  const r = report("2026-01-01T00:00:00.000Z", [open, muted, ours]);
  const drifted = withDrift(r, computeDrift(r, { baseline: null, open: new Map() }));

  it("names each new finding once, stable per scope, scan, finding and kind; leaves out muted ones and wirewatch's own interruption", () => {
    const items = driftItems("default", drifted);
    expect(items.map((i) => [i.findingId, i.kind, i.message])).toEqual([[open.id, "new", "m"]]);
    expect(driftItems("default", drifted)[0]!.key).toBe(items[0]!.key);
    expect(driftItems("other", drifted)[0]!.key).not.toBe(items[0]!.key);
  });

  it("sends an item to the channels whose lowest severity it reaches", () => {
    const config = configSchema.parse({
      notifications: {
        channels: [
          { type: "webhook", urlEnv: "A" },
          { type: "slack", urlEnv: "B", minSeverity: "critical" },
          { type: "sns", topicArn: "arn:aws:sns:us-east-1:111111111111:t", minSeverity: "high" },
        ],
      },
    });
    const [item] = driftItems("default", drifted);
    expect(channelsFor(item!, config.notifications.channels)).toEqual(["webhook", "sns"]);
  });
});
