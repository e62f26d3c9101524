import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { jumpHash, parseShard, runLockName, shardFileName, shardOf } from "./shard.ts";

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(100_000_000_000 + from + i));

describe("shard slices", () => {
  it("puts every account in exactly one shard, the same on every call, and spreads them evenly", () => {
    const accounts = ids(2000);
    const counts = [0, 0, 0, 0];
    for (const id of accounts) {
      const s = shardOf(id, 4);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(4);
      expect(shardOf(id, 4)).toBe(s);
      counts[s]! += 1;
    }
    expect(counts.reduce((a, b) => a + b)).toBe(2000);
    // Binomial(2000, 1/4): five standard deviations (about 97) either side of 500.
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(100);
  });

  it("is a function of the account id alone: adding accounts moves none of the others", () => {
    const before = new Map(ids(300).map((id) => [id, shardOf(id, 5)]));
    const grown = [...ids(50, 5000), ...before.keys()].sort();
    for (const id of grown) if (before.has(id)) expect(shardOf(id, 5)).toBe(before.get(id));
  });

  it("moves only the accounts the new shard takes when N grows, about 1/(N+1) of them", () => {
    const accounts = ids(3000);
    for (const n of [1, 2, 4, 7]) {
      const moved = accounts.filter((id) => shardOf(id, n + 1) !== shardOf(id, n));
      for (const id of moved) expect(shardOf(id, n + 1)).toBe(n);
      expect(Math.abs(moved.length - 3000 / (n + 1))).toBeLessThan(150);
    }
  });

  it("gives the buckets other jump consistent hash implementations give (so the slicing is the paper's)", () => {
    const cases: Array<[bigint, number, number]> = [
      [1n, 1, 0],
      [42n, 57, 43],
      [0xdead10ccn, 1, 0],
      [0xdead10ccn, 666, 361],
      [256n, 1024, 520],
    ];
    for (const [key, buckets, bucket] of cases) expect(jumpHash(key, buckets)).toBe(bucket);
  });
});

describe("parseShard", () => {
  it.each([
    ["0/4", {}, { index: 0, count: 4 }],
    ["3/4", {}, { index: 3, count: 4 }],
    ["0/1", {}, { index: 0, count: 1 }],
    ["JOB_COMPLETION_INDEX/8", { JOB_COMPLETION_INDEX: "7" }, { index: 7, count: 8 }],
    ["AWS_BATCH_JOB_ARRAY_INDEX/3", { AWS_BATCH_JOB_ARRAY_INDEX: "0" }, { index: 0, count: 3 }],
  ])("reads %s", (value, env, expected) => {
    expect(parseShard(value, env)).toEqual(expected);
  });

  it.each([
    ["4/4", {}],
    ["1/0", {}],
    ["-1/4", {}],
    ["1", {}],
    ["1/4/2", {}],
    ["a b/4", {}],
    ["0/4097", {}],
    ["JOB_COMPLETION_INDEX/4", {}],
    ["JOB_COMPLETION_INDEX/4", { JOB_COMPLETION_INDEX: "x" }],
    ["JOB_COMPLETION_INDEX/4", { JOB_COMPLETION_INDEX: "4" }],
  ])("refuses %s as a usage error naming --shard", (value, env) => {
    expect(() => parseShard(value, env)).toThrow(UsageError);
    expect(() => parseShard(value, env)).toThrow(/--shard/);
  });
});

describe("shardFileName", () => {
  it("gives each shard's reports names of their own", () => {
    const s = { index: 2, count: 4 };
    expect(shardFileName("wirewatch-report.json", s)).toBe("wirewatch-report.shard-2-of-4.json");
    expect(shardFileName("wirewatch-report.junit.xml", s)).toBe("wirewatch-report.shard-2-of-4.junit.xml");
  });
});

describe("runLockName", () => {
  it("gives each shard of a scope its own lock, the same for two copies of one shard, and none a whole scan's", () => {
    const shards = [0, 1, 2, 3].map((index) => runLockName("org", { index, count: 4 }));
    expect(new Set([...shards, runLockName("org")]).size).toBe(5);
    expect(runLockName("org", { index: 2, count: 4 })).toBe(shards[2]);
    expect(runLockName("org")).toBe("org");
    expect(runLockName("org", { index: 0, count: 2 })).not.toBe(shards[0]);
  });
});
