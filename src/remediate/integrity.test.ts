import { describe, expect, it } from "vitest";
import { checkSignature, duplicateIds, firstDifference, signPlan } from "./integrity.ts";
import { emptyPlan, stableJson } from "./plan.ts";

const KEY = "correct horse battery staple";

function signedPlan() {
  const plan = { ...emptyPlan(), planId: "p-1", createdAt: "2026-01-01T00:00:00.000Z" };
  // The plan file's JSON, as apply reads it.
  return JSON.parse(JSON.stringify({ ...plan, signature: signPlan(plan, KEY) })) as Record<string, unknown>;
}

describe("plan signatures", () => {
  it("verifies a plan signed with the same key, through its JSON", () => {
    expect(checkSignature(signedPlan(), KEY)).toBe("valid");
  });

  it.each([
    ["another key", (p: Record<string, unknown>) => p, "another key", "bad-signature"],
    ["an edited field", (p: Record<string, unknown>) => ({ ...p, planId: "p-2" }), KEY, "bad-signature"],
    ["an added field", (p: Record<string, unknown>) => ({ ...p, extra: 1 }), KEY, "bad-signature"],
    ["no signature", ({ signature: _s, ...p }: Record<string, unknown>) => p, KEY, "unsigned"],
    [
      "a garbled signature",
      (p: Record<string, unknown>) => ({ ...p, signature: { value: "zz" } }),
      KEY,
      "bad-signature",
    ],
    ["a non-object", () => 42 as unknown as Record<string, unknown>, KEY, "unsigned"],
  ])("%s: %s", (_label, edit, key, expected) => {
    expect(checkSignature(edit(signedPlan()), key)).toBe(expected);
  });
});

describe("comparing plans", () => {
  it("names the first path at which two values differ", () => {
    const a = { calls: [{ input: { destinationArn: "a", filterPattern: "" } }] };
    const b = { calls: [{ input: { destinationArn: "b", filterPattern: "" } }] };
    expect(firstDifference(a, b)).toBe("calls[0].input.destinationArn");
    expect(firstDifference(a, structuredClone(a))).toBeUndefined();
    expect(firstDifference([1], [1, 2], "calls")).toBe("calls.length");
  });

  it("hashes a date as the plan file writes it", () => {
    const when = new Date("2026-01-01T00:00:00Z");
    expect(stableJson({ when })).toBe(stableJson(JSON.parse(JSON.stringify({ when }))));
  });

  it("finds ids listed more than once", () => {
    expect([...duplicateIds([{ id: "a" }, { id: "b" }, { id: "a" }] as never)]).toEqual(["a"]);
  });
});
