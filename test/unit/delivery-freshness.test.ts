/**
 * Both delivery checks give a trail that started (or restarted) logging within the allowed age the time to make
 * its first delivery: judged any sooner, every trail just started by a person or by `wirewatch apply` would fail.
 */
import { describe, expect, it } from "vitest";
import cloudWatchLogsDelivery from "../../checks/cloudtrail/cloudwatch-logs-delivery.ts";
import s3Delivery from "../../checks/cloudtrail/s3-delivery.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { deliveryFreshness } from "../../src/engine/trails.ts";
import { inv, minutesAgo } from "../support/inventory-builder.ts";

const NOW = new Date();

describe("deliveryFreshness", () => {
  it.each<[string, number | undefined, number | undefined, ReturnType<typeof deliveryFreshness>]>([
    ["delivered within the age", 5, 400, { state: "fresh", ageMinutes: 5 }],
    [
      "restarted 10 minutes ago, last delivery before the stop",
      300,
      10,
      { state: "awaiting", sinceMinutes: 10 },
    ],
    ["started 10 minutes ago, never delivered", undefined, 10, { state: "awaiting", sinceMinutes: 10 }],
    ["started exactly the allowed age ago", undefined, 120, { state: "awaiting", sinceMinutes: 120 }],
    ["restarted past the allowed age, still nothing since", 300, 121, { state: "stale", ageMinutes: 300 }],
    ["started long ago, never delivered", undefined, 400, { state: "never" }],
    ["no start time known, stale", 300, undefined, { state: "stale", ageMinutes: 300 }],
  ])("%s", (_name, deliveredAgo, startedAgo, expected) => {
    const at = (m: number | undefined) =>
      m === undefined ? undefined : new Date(NOW.getTime() - m * 60_000).toISOString();
    expect(deliveryFreshness(at(deliveredAgo), at(startedAgo), NOW, 120)).toEqual(expected);
  });
});

describe.each([
  ["cloudtrail.s3-delivery", s3Delivery, "latestDeliveryTime"],
  ["cloudtrail.cloudwatch-logs-delivery", cloudWatchLogsDelivery, "latestCloudWatchLogsDeliveryTime"],
] as const)("%s after a restart", (_id, check, field) => {
  const verdict = (status: Record<string, string | undefined>) =>
    evaluateAccount(
      [check],
      inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { ...status } })
        .build(),
    ).map((f) => [f.status, f.messageId, f.data.sinceMinutes ?? f.data.ageMinutes ?? null]);

  it.each<[string, Record<string, string | undefined>, unknown[]]>([
    [
      "restarted 10 minutes ago after five hours stopped: awaiting its first delivery",
      { [field]: minutesAgo(300), startLoggingTime: minutesAgo(10) },
      ["pass", "awaitingDelivery", 10],
    ],
    [
      "restarted three hours ago and still nothing since: stale",
      { [field]: minutesAgo(300), startLoggingTime: minutesAgo(180) },
      ["fail", "stale", 300],
    ],
    [
      "restarted and delivered since: covered",
      { [field]: minutesAgo(2), startLoggingTime: minutesAgo(10) },
      ["pass", "covered", 2],
    ],
  ])("%s", (_name, status, expected) => {
    expect(verdict(status)).toEqual([expected]);
  });
});
