/**
 * Seeded, bounded fuzzing of every parser of outside input (test/fuzz/targets.ts): no input may crash. Kept small
 * so the unit run stays fast; `npm run fuzz` runs the same targets with many more inputs and times each one.
 * FUZZ_RUNS and FUZZ_SEED override the count and seed here too.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { TARGETS, runOne } from "../fuzz/targets.ts";

const runs = process.env.FUZZ_RUNS === undefined ? undefined : Number(process.env.FUZZ_RUNS);
const seed = Number(process.env.FUZZ_SEED ?? 20261201);

describe("fuzz: no input crashes a parser", () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))("%s", async (_name, target) => {
    await fc.assert(
      fc.asyncProperty(target.arbitrary, async (input) => {
        await runOne(target, input);
      }),
      { seed, numRuns: runs ?? target.unitRuns },
    );
  });
});
