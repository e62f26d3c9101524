/**
 * The worst patterns found for each family of exponential or deep cases, at AWS's length limits: metric filter
 * patterns of up to 1,024 characters and EventBridge event patterns of up to 2,048 (the figure; AWS
 * allows 4,096). Used by `npm run bench:patterns` and by `npm run bench -- --hostile`, which puts the worst
 * filter on every member's trail log group.
 */
export const FILTER_LIMIT = 1024;
export const EVENT_LIMIT = 2048;

/** Repeats `unit` between `head` and `tail` as often as fits in `limit` characters. */
export function fill(head: string, unit: string, tail: string, limit: number): string {
  const n = Math.max(0, Math.floor((limit - head.length - tail.length) / unit.length));
  return head + unit.repeat(n) + tail;
}

/** `open` and `close` nested around `core` as deep as fits in `limit` characters. */
export function nested(head: string, open: string, core: string, close: string, tail: string, limit: number) {
  const depth = Math.floor((limit - head.length - core.length - tail.length) / (open.length + close.length));
  return head + open.repeat(depth) + core + close.repeat(depth) + tail;
}

export const HOSTILE_FILTERS: ReadonlyArray<[string, string]> = [
  ["regex .* chain", fill("%", ".*", "Q%", FILTER_LIMIT)],
  ["regex a*a*...b", fill("%", "a*", "b%", FILTER_LIMIT)],
  ["regex [a-z]* chain", fill("%^", "[a-z]*", "0$%", FILTER_LIMIT)],
  ["regex alternation star", fill("%(", "a|", "aa)*b%", FILTER_LIMIT)],
  [
    "two regexes in a JSON filter",
    fill("{ $.eventName = %.*.*Q% && $.eventSource = %", ".*", "Z% }", FILTER_LIMIT),
  ],
  ["JSON wildcard *a*a*...b", fill('{ $.eventName = "', "*a", 'b" }', FILTER_LIMIT)],
  ["JSON OR chain", fill("{ ", '$.eventName = "Nope" || ', '$.eventName = "StopLogging" }', FILTER_LIMIT)],
  ["JSON nested parentheses", nested("{ ", "(", '$.eventName = "x"', ")", " }", FILTER_LIMIT)],
  ["delimited wildcard fields", fill("[", 'a = "*a*a*a*a*a*b", ', "...]", FILTER_LIMIT)],
  ["term wildcard", fill('"', "*a", 'b"', FILTER_LIMIT)],
];

/** The slowest of HOSTILE_FILTERS to judge as measured by bench:patterns, for the organization scan. */
export const WORST_FILTER = HOSTILE_FILTERS.find(([name]) => name === "delimited wildcard fields")![1];

const wildcard = fill("", "*a", "b", EVENT_LIMIT - 60);
export const HOSTILE_EVENT_PATTERNS: ReadonlyArray<[string, string]> = [
  ["wildcard *a*a*...b", JSON.stringify({ detail: { eventName: [{ wildcard }] } })],
  ["anything-but wildcard", JSON.stringify({ detail: { eventName: [{ "anything-but": { wildcard } }] } })],
  [
    "$or of many branches",
    JSON.stringify({
      detail: {
        $or: Array.from({ length: 60 }, (_, i) => ({ eventName: [`Name${i}`] })),
      },
    }).slice(0, EVENT_LIMIT),
  ],
  [
    "prefix list",
    JSON.stringify({
      detail: { eventName: Array.from({ length: 95 }, (_, i) => ({ prefix: `Pre${i}x` })) },
    }),
  ],
  [
    "numeric ranges",
    JSON.stringify({
      detail: { n: Array.from({ length: 70 }, (_, i) => ({ numeric: [">", i, "<=", i + 1] })) },
    }),
  ],
  ["deep nesting", nested("", '{"a":', '["x"]', "}", "", EVENT_LIMIT)],
];
