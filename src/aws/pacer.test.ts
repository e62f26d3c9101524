import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.ts";

describe("Pacer floor", () => {
  it("adds, for each forgotten account, the time its busiest bucket needed at the paced rate", async () => {
    const p = new Pacer(1);
    for (let i = 0; i < 5; i++) await p.acquire("a|us-east-1|logs:*", 1000);
    for (let i = 0; i < 3; i++) await p.acquire("a|eu-west-1|logs:*", 1000);
    await p.acquire("b|us-east-1|logs:*", 1000);
    p.forget("a|");
    // Four intervals of 1 ms on a's busiest bucket; b is not done yet.
    expect(p.floorSeconds()).toBeCloseTo(0.004, 9);
    for (let i = 0; i < 2; i++) await p.acquire("b|us-east-1|logs:*", 1000);
    p.forget("b|");
    expect(p.floorSeconds()).toBeCloseTo(0.006, 9);
    expect(p.longestAccountSeconds()).toBeCloseTo(0.004, 9);
  });
});
