import { describe, expect, it } from "vitest";
import { FINDING_ID_PATTERN, assignUniqueIds, findingId } from "./finding-id.ts";

const base = {
  checkId: "cloudtrail.multi-region-logging",
  accountId: "222222222222",
  region: "us-east-1",
  resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/prod-trail",
};

describe("findingId", () => {
  it("is the check id and 16 hex digits, fixed for the same parts (stored ids depend on it)", () => {
    expect(findingId(base)).toBe(findingId({ ...base }));
    expect(findingId(base)).toMatch(FINDING_ID_PATTERN);
    expect(findingId(base).startsWith("cloudtrail.multi-region-logging:")).toBe(true);
    // Pinned: a change here changes every id in every store and SARIF upload.
    expect(findingId(base)).toMatchInlineSnapshot(`"cloudtrail.multi-region-logging:fb83e54802f583ff"`);
  });

  it.each([
    ["checkId", { checkId: "cloudtrail.kms-encryption" }],
    ["accountId", { accountId: "333333333333" }],
    ["region", { region: "eu-west-1" }],
    ["resource", { resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/other" }],
    ["subject", { subject: "target/a" }],
  ])("changes with %s", (_name, change) => {
    expect(findingId({ ...base, ...change })).not.toBe(findingId(base));
  });

  it("cannot be forged by moving text between parts", () => {
    expect(findingId({ ...base, region: "us-east-1", resource: "a|b" })).not.toBe(
      findingId({ ...base, region: "us-east-1|a", resource: "b" }),
    );
  });

  it("treats no subject and an empty subject alike", () => {
    expect(findingId({ ...base, subject: "" })).toBe(findingId(base));
  });
});

describe("assignUniqueIds", () => {
  it("keeps unique ids and gives a repeated one a deterministic new id", () => {
    const make = (messageId: string) => ({ ...base, messageId, id: findingId(base) });
    const a = assignUniqueIds([make("one"), make("two"), make("two")]);
    const b = assignUniqueIds([make("one"), make("two"), make("two")]);
    expect(a[0]!.id).toBe(findingId(base));
    expect(new Set(a.map((f) => f.id)).size).toBe(3);
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
  });
});
