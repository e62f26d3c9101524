/**
 * Fuzz targets for every parser that reads input wirewatch does not write itself: both pattern languages, the
 * account subscription policy's selection criteria, config files and plan files. Each target feeds one input to
 * its parser (and, when it parses, to the evaluator) and returns normally or throws the parser's own typed error;
 * anything else is a crash. Shared by the seeded unit run (test/unit/fuzz.test.ts) and the long, timed run
 * (`npm run fuzz`, bench/fuzz.ts).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseSelectionCriteria as collectSelectionCriteria } from "../../src/collect/logs.ts";
import { loadConfig } from "../../src/config/load.ts";
import { parseSelectionCriteria } from "../../src/engine/subscription-policy.ts";
import { ConfigError, InputError } from "../../src/errors.ts";
import {
  EventPatternError,
  MAX_EVENT_PATTERN_LENGTH,
  matchesEventPattern,
  parseEventPattern,
} from "../../src/patterns/event-pattern.ts";
import {
  FilterPatternError,
  MAX_FILTER_PATTERN_LENGTH,
  matchesFilterPattern,
  parseFilterPattern,
} from "../../src/patterns/filter-pattern.ts";
import { readPlan } from "../../src/remediate/plan-file.ts";

export interface FuzzTarget<T> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Throws only a typed error of the parser (`expected`) or, on a crash, anything else. */
  run(input: T): void | Promise<void>;
  readonly expected: readonly (abstract new (...args: never[]) => Error)[];
  /** Inputs in the unit run when FUZZ_RUNS is not set (file-backed targets are slower per input). */
  readonly unitRuns: number;
}

/** Runs a target on one input: true when it returned or threw an expected error; rethrows a crash. */
export async function runOne<T>(target: FuzzTarget<T>, input: T): Promise<boolean> {
  try {
    await target.run(input);
    return true;
  } catch (err) {
    if (target.expected.some((E) => err instanceof E)) return true;
    throw err;
  }
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const join_ = (parts: fc.Arbitrary<string[]>, sep = "") => parts.map((p) => p.join(sep));

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch Logs filter patterns

const FILTER_TOKENS = [
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  "$",
  ".",
  "$.a",
  "$.b[0]",
  "%",
  '"',
  "\\",
  "*",
  "?",
  "-",
  "&&",
  "||",
  "=",
  "!=",
  "<",
  ">=",
  "...",
  ",",
  " ",
  "  ",
  "IS",
  "NULL",
  "TRUE",
  "NOT",
  "EXISTS",
  "ERROR",
  "1",
  "-2.5e3",
  "a*",
  "*b",
  ".*",
  "[a-z]",
  "{1,1000}",
  "|",
  "^",
  "\u2026",
  "é",
  "\n",
];
const REGEX_TOKENS = [
  ".*",
  ".+",
  "a*",
  "a+",
  "a?",
  "[a-z]*",
  "[^Q]*",
  "\\d+",
  "\\s*",
  "x{1,1000}",
  "|",
  "^",
  "$",
  "Q",
  "a",
  ".",
  "\\.",
];

export const filterPatternText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  join_(fc.array(fc.constantFrom(...FILTER_TOKENS), { maxLength: 120 })),
  // Regular expressions built to backtrack.
  join_(fc.array(fc.constantFrom(...REGEX_TOKENS), { minLength: 1, maxLength: 200 })).map((r) => `%${r}%`),
  // JSON conditions nested to the limit and past it.
  fc
    .tuple(fc.integer({ min: 0, max: 700 }), pick("$.a = 1", "$.a = %.*.*Q%", "$.a = *x*", "$.a NOT EXISTS"))
    .map(([depth, cond]) => `{ ${"(".repeat(depth)}${cond}${")".repeat(depth)} }`),
  // Space-delimited patterns full of '...'.
  join_(
    fc.array(pick("...", "a", "b = x*", "c != 1", "d = %.*.*Q%", "e > 3", "", "f = *y"), {
      minLength: 1,
      maxLength: 300,
    }),
    ", ",
  ).map((f) => `[${f}]`),
  fc
    .integer({ min: MAX_FILTER_PATTERN_LENGTH - 2, max: MAX_FILTER_PATTERN_LENGTH + 2 })
    .map((n) => `%${"a".repeat(n - 2)}%`),
);

const filterMessage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ a: v, b: [v], eventName: "x" })),
  join_(fc.array(pick("a", "x", "y", "Q", " ", "f0", "1", '"q q"', "[b c]"), { maxLength: 400 })),
  fc.integer({ min: 0, max: 5000 }).map((n) => "a".repeat(n)),
);

export const filterPatterns: FuzzTarget<{ pattern: string; messages: string[] }> = {
  name: "filter patterns",
  arbitrary: fc.record({ pattern: filterPatternText, messages: fc.array(filterMessage, { maxLength: 3 }) }),
  expected: [FilterPatternError],
  unitRuns: 200,
  run({ pattern, messages }) {
    let parsed;
    try {
      parsed = parseFilterPattern(pattern);
    } catch (err) {
      if (err instanceof FilterPatternError && !(err.position >= 0 && err.position <= pattern.length)) {
        throw new Error(`position ${err.position} outside the pattern`, { cause: err });
      }
      throw err;
    }
    for (const m of messages) {
      if (typeof matchesFilterPattern(parsed, m) !== "boolean")
        throw new Error("match returned a non-boolean");
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// EventBridge event patterns

const wildcard = join_(fc.array(pick("*", "a", "\\*", "\\\\", "\\", "**", "b", "é"), { maxLength: 40 }));
const matcher: fc.Arbitrary<unknown> = fc.oneof(
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
  fc.record({
    prefix: fc.oneof(fc.string({ maxLength: 5 }), fc.record({ "equals-ignore-case": fc.string() })),
  }),
  fc.record({ suffix: fc.string({ maxLength: 5 }) }),
  fc.record({ "equals-ignore-case": fc.string({ maxLength: 5 }) }),
  fc.record({ wildcard }),
  fc.record({ numeric: fc.array(fc.oneof(pick(">", ">=", "<", "<=", "="), fc.double()), { maxLength: 5 }) }),
  fc.record({ cidr: fc.oneof(pick("10.0.0.0/8", "::1/128", "1.2.3.4/33", "fe80::/10", "x/1"), fc.string()) }),
  fc.record({ exists: fc.oneof(fc.boolean(), fc.string()) }),
  fc.record({
    "anything-but": fc.oneof(
      fc.string(),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.record({ wildcard }),
      fc.record({ prefix: fc.string() }),
    ),
  }),
);
const { node: eventPatternNode } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 6 },
    fc.dictionary(pick("source", "detail", "a", "b", "prefix", "$or"), fc.array(matcher, { maxLength: 4 }), {
      maxKeys: 3,
    }),
    fc.dictionary(pick("detail", "a", "b", "c"), tie("node"), { minKeys: 1, maxKeys: 3 }),
    fc.record({ $or: fc.array(tie("node"), { maxLength: 4 }) }),
  ),
}));

export const eventPatternText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  eventPatternNode.map((v) => JSON.stringify(v)),
  fc.integer({ min: 0, max: 1200 }).map((d) => `${'{"a":'.repeat(d)}["x"]${"}".repeat(d)}`),
  fc
    .integer({ min: 1, max: 1100 })
    .map((k) => JSON.stringify({ detail: { v: [{ wildcard: `${"*a".repeat(k)}*b` }] } })),
  fc
    .integer({ min: MAX_EVENT_PATTERN_LENGTH - 20, max: MAX_EVENT_PATTERN_LENGTH + 20 })
    .map((n) => JSON.stringify({ a: ["x".repeat(n - 10)] })),
);

const eventValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 0, max: 5000 }).map((n) => "a".repeat(n)),
  fc.constantFrom("10.1.2.3", "::1", "fe80::1", "aQb", "*"),
);
const event = fc.record({
  source: eventValue,
  detail: fc.dictionary(pick("a", "b", "c", "v"), eventValue),
  a: eventValue,
});

export const eventPatterns: FuzzTarget<{ pattern: string; events: unknown[] }> = {
  name: "event patterns",
  arbitrary: fc.record({ pattern: eventPatternText, events: fc.array(event, { maxLength: 3 }) }),
  expected: [EventPatternError],
  unitRuns: 200,
  run({ pattern, events }) {
    const parsed = parseEventPattern(pattern);
    for (const e of events) {
      if (typeof matchesEventPattern(parsed, e) !== "boolean")
        throw new Error("match returned a non-boolean");
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Account subscription policy selection criteria (both readers)

const NAME = fc.oneof(fc.string({ maxLength: 12 }), pick("aws-cloudtrail-logs", 'a\\"b', "\\u00e9"));
export const selectionCriteriaText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(
      pick("LogGroupName NOT IN ", "loggroupname not in", "LogGroupName IN ", "LogGroupName NOT IN"),
      fc.array(
        NAME.map((n) => JSON.stringify(n)),
        { maxLength: 30 },
      ),
      pick("[", ""),
      pick("]", "", ",]"),
    )
    .map(([k, names, open, close]) => `${k}${open}${names.join(", ")}${close}`),
  fc.integer({ min: 0, max: 3000 }).map((n) => `LogGroupName NOT IN [${Array(n).fill('"g"').join(",")}]`),
);

export const selectionCriteria: FuzzTarget<string> = {
  name: "subscription policy selection criteria",
  arbitrary: selectionCriteriaText,
  expected: [],
  unitRuns: 200,
  run(text) {
    const r = parseSelectionCriteria(text);
    if (!r.ok && !(r.position >= 0 && r.position <= text.length))
      throw new Error(`bad position ${r.position}`);
    collectSelectionCriteria(text);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Config files (random YAML) and plan files (random JSON)

let dir: string | undefined;
const scratch = (name: string, text: string): string => {
  dir ??= mkdtempSync(join(tmpdir(), "wirewatch-fuzz-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const yamlScalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
const CONFIG_KEYS = [
  "scan",
  "failOn",
  "disabledChecks",
  "accountBudgetMs",
  "roles",
  "audit",
  "name",
  "regions",
  "exclude",
  "baseline",
  "report",
  "formats",
  "x",
];
const { value: yamlValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    yamlScalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...CONFIG_KEYS), tie("value"), { maxKeys: 4 }),
  ),
}));
const ALIAS_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
].join("\n");

export const configText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  join_(
    fc.array(
      pick(
        "scan:",
        "  failOn: ",
        "high",
        "- ",
        "&a ",
        "*a",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\n",
        "  ",
        "'",
        '"',
        "!!binary",
        "%YAML 1.2",
        "---",
        "? ",
        "accountBudgetMs: 0",
      ),
      { maxLength: 60 },
    ),
  ),
  yamlValue.map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.constantFrom(...CONFIG_KEYS), yamlValue, { maxKeys: 4 })
    .map((v) => JSON.stringify(v, null, 1)),
  fc.constant(ALIAS_BOMB),
);

export const configFiles: FuzzTarget<string> = {
  name: "config files",
  arbitrary: configText,
  expected: [ConfigError],
  unitRuns: 40,
  run(text) {
    loadConfig(scratch("config.yaml", text));
  },
};

const PLAN = {
  version: 1,
  planId: "p",
  createdAt: "2026-01-01T00:00:00Z",
  changes: [
    {
      id: "c",
      remediationId: "logs.put-subscription-filter",
      fixes: [],
      action: "create",
      accountId: "222222222222",
      region: "us-east-1",
      resource: "r",
      summary: "s",
      calls: [{ service: "logs", operation: "PutSubscriptionFilter", region: "us-east-1", input: { a: 1 } }],
      fingerprint: "f",
      before: null,
    },
  ],
  refused: [],
  unremediable: [],
};

export const planText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  fc
    .tuple(fc.constantFrom(...Object.keys(PLAN)), fc.jsonValue({ maxDepth: 3 }))
    .map(([k, v]) => JSON.stringify({ ...PLAN, [k]: v })),
  fc
    .tuple(fc.constantFrom(...Object.keys(PLAN.changes[0] as object)), fc.jsonValue({ maxDepth: 3 }))
    .map(([k, v]) => JSON.stringify({ ...PLAN, changes: [{ ...PLAN.changes[0], [k]: v }] })),
  fc.integer({ min: 0, max: 3000 }).map((d) => `${"[".repeat(d)}${"]".repeat(d)}`),
);

export const planFiles: FuzzTarget<string> = {
  name: "plan files",
  arbitrary: planText,
  expected: [InputError],
  unitRuns: 100,
  async run(text) {
    await readPlan(scratch("plan.json", text), "fuzz-key");
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of targets of different input types
export const TARGETS: readonly FuzzTarget<any>[] = [
  filterPatterns,
  eventPatterns,
  selectionCriteria,
  configFiles,
  planFiles,
];
