/**
 * `npm run bench:patterns`: the time wirewatch takes over the hostile patterns of bench/hostile-patterns.ts, at
 * AWS's length limits. A metric filter is judged as a scan judges it, against the positive and negative samples
 * of all 15 CIS alarm controls (cold: the judge's memo is new for each pattern), and matched against an event
 * with a 4,000-character field; an event pattern is parsed and matched against every write and read sample the
 * forwarding checks use and an event with such a field. Prints the worst time per input; times are measured
 * here, never asserted in a test.
 *
 *   npm run bench:patterns -- [--repeat 5]
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { ALARM_CONTROLS } from "../src/alarms/controls.ts";
import { judgeFilter } from "../src/alarms/judge.ts";
import { readSamples, writeSamples } from "../src/engine/forwarding.ts";
import { EventPatternError, matchesEventPattern, parseEventPattern } from "../src/patterns/event-pattern.ts";
import {
  FilterPatternError,
  matchesFilterPattern,
  parseFilterPattern,
} from "../src/patterns/filter-pattern.ts";
import { HOSTILE_EVENT_PATTERNS, HOSTILE_FILTERS } from "./hostile-patterns.ts";

const { values } = parseArgs({ options: { repeat: { type: "string", default: "5" } } });
const repeat = Number(values.repeat);

const longField = "a".repeat(4000);
const longEvent = JSON.stringify({ eventName: longField, eventSource: longField, errorCode: longField });

/** The slowest of `repeat` runs of `work`, in ms, and what it returned. */
function worst<T>(work: () => T): { ms: number; result: T } {
  let ms = 0;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = work();
    ms = Math.max(ms, performance.now() - t0);
  }
  return { ms, result };
}

console.log(
  `pattern benchmark: ${availableParallelism()} cores, Node ${process.version}, worst of ${repeat} runs per input`,
);
console.log(
  "\nmetric filter patterns (judged against the 15 CIS controls' samples, then a 4,000-char field)",
);
let worstFilter = 0;
for (const [name, pattern] of HOSTILE_FILTERS) {
  const judged = worst(() =>
    // A fresh control object each run: the judge memoizes per control, and a scan meets each pattern cold.
    ALARM_CONTROLS.map((c) =>
      judgeFilter(
        { id: c.id, positives: c.positives, negatives: c.negatives, tolerated: c.tolerated },
        pattern,
      ),
    ),
  );
  const matched = worst(() => {
    try {
      return matchesFilterPattern(parseFilterPattern(pattern), longEvent) ? "match" : "no match";
    } catch (err) {
      if (err instanceof FilterPatternError) return `parse error at ${err.position}`;
      throw err;
    }
  });
  worstFilter = Math.max(worstFilter, judged.ms, matched.ms);
  console.log(
    `  ${name.padEnd(32)} ${String(pattern.length).padStart(5)} chars  judge ${judged.ms.toFixed(2).padStart(8)} ms` +
      `  long event ${matched.ms.toFixed(2).padStart(8)} ms (${matched.result})`,
  );
}

console.log("\nevent patterns (parsed, then matched against every forwarding sample and a 4,000-char field)");
const samples = [...writeSamples("123456789012", "us-east-1"), ...readSamples("123456789012", "us-east-1")];
const longSample = { ...samples[0]!.event, detail: { eventName: longField, n: 1.5, a: longField } };
let worstEvent = 0;
for (const [name, text] of HOSTILE_EVENT_PATTERNS) {
  const run = worst(() => {
    try {
      const pattern = parseEventPattern(text);
      let hits = 0;
      for (const s of samples) if (matchesEventPattern(pattern, s.event)) hits++;
      if (matchesEventPattern(pattern, longSample)) hits++;
      return `${hits} of ${samples.length + 1} match`;
    } catch (err) {
      if (err instanceof EventPatternError) return `parse error: ${err.message.slice(0, 60)}`;
      throw err;
    }
  });
  worstEvent = Math.max(worstEvent, run.ms);
  console.log(
    `  ${name.padEnd(32)} ${String(text.length).padStart(5)} chars  ${run.ms.toFixed(2).padStart(8)} ms  (${run.result})`,
  );
}
console.log(
  `\nworst filter input: ${worstFilter.toFixed(2)} ms; worst event-pattern input: ${worstEvent.toFixed(2)} ms`,
);
