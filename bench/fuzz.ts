/**
 * `npm run fuzz`: the fuzz targets of test/fuzz/targets.ts with many inputs (FUZZ_RUNS per target, default 5000;
 * FUZZ_SEED), each input timed. Prints, per target, the inputs run, crashes (an error that is not the parser's
 * typed one), hangs (an input over FUZZ_HANG_MS, default 1000 ms) and the slowest input; exits 1 on any crash or
 * hang. Time is measured here, never asserted in a test.
 */
import fc from "fast-check";
import { TARGETS, runOne } from "../test/fuzz/targets.ts";

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const hangMs = Number(process.env.FUZZ_HANG_MS ?? 1000);

const size = (input: unknown) => JSON.stringify(input)?.length ?? 0;

let bad = 0;
let total = 0;
console.log(`fuzz: seed ${seed}, ${runs} inputs per target, hang threshold ${hangMs} ms`);
for (const target of TARGETS) {
  const inputs = fc.sample(target.arbitrary, { seed, numRuns: runs });
  let crashes = 0;
  let hangs = 0;
  let worst = { ms: 0, size: 0 };
  const started = performance.now();
  for (const input of inputs) {
    const t0 = performance.now();
    try {
      await runOne(target, input);
    } catch (err) {
      crashes++;
      if (crashes <= 3)
        console.log(
          `  crash in ${target.name}: ${String(err)}\n    input: ${JSON.stringify(input).slice(0, 300)}`,
        );
    }
    const ms = performance.now() - t0;
    if (ms > hangMs) hangs++;
    if (ms > worst.ms) worst = { ms, size: size(input) };
  }
  total += inputs.length;
  bad += crashes + hangs;
  console.log(
    `${target.name.padEnd(40)} ${String(inputs.length).padStart(6)} inputs  ${crashes} crashes  ${hangs} hangs  ` +
      `slowest ${worst.ms.toFixed(1)} ms (input of ${worst.size} chars)  total ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
console.log(`fuzz: ${total} inputs, ${bad === 0 ? "no crash, no hang" : `${bad} crashes or hangs`}`);
process.exitCode = bad === 0 ? 0 : 1;
