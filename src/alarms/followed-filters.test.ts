import { describe, expect, it } from "vitest";
import { ALARM_CONTROLS } from "./controls.ts";
import { isFollowedFilter } from "./followed-filters.ts";

const OPTS = { account: "123456789012", partition: "aws" };

describe("isFollowedFilter", () => {
  it.each(ALARM_CONTROLS.map((c) => [c.id, c.canonicalPattern] as const))(
    "follows the canonical filter of %s",
    (_id, pattern) => expect(isFollowedFilter(pattern, OPTS)).toBe(true),
  );

  it.each([
    ["a filter of unrelated events", '{ $.eventName = "GetObject" }'],
    ["a filter that matches everything", ""],
    ["a pattern that does not parse", "{ $.eventName = "],
  ])("does not follow %s", (_label, pattern) => expect(isFollowedFilter(pattern, OPTS)).toBe(false));

  it("follows a pattern naming an account, whose verdict another account's events could change", () => {
    expect(isFollowedFilter('"210987654321"', OPTS)).toBe(true);
  });
});
