// EventBridge event pattern parser and evaluator: pure, no AWS SDK.
//
// Sources for the semantics:
// - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
// - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// - https://github.com/aws/event-ruler (README and JsonRuleCompiler.java): the open-source matching engine behind
//   EventBridge rules; it is the reference for the finer points the user guide leaves open.

import { checkBudget } from "../budget.ts";

/**
 * EventBridge quotas, "Event pattern size": 2048 characters by default, adjustable to 4096
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html; PutRule EventPattern, "Maximum length of
 * 4096", https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html). wirewatch reads patterns
 * from accounts whose quota may have been raised, so it refuses only what no account can hold. The limit also
 * bounds the nesting (at most ~800 levels fit), so the recursive parse and match cannot overflow the stack.
 */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

export class EventPatternError extends Error {
  override readonly name = "EventPatternError";
  /** JSON path of the offending part of the pattern, e.g. `$.detail.state[0].prefix`. */
  readonly path: string;
  constructor(path: string, detail: string) {
    super(`Invalid event pattern at ${path}: ${detail}`);
    this.path = path;
  }
}

/** Thrown by {@link testEventPattern} when the event is not what TestEventPattern accepts. */
export class InvalidEventError extends Error {
  override readonly name = "InvalidEventError";
}

export type ExactValue = string | number | boolean | null;

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

export type AnythingBut =
  | { readonly kind: "strings"; readonly values: readonly string[] }
  | { readonly kind: "numbers"; readonly values: readonly number[] }
  | {
      readonly kind: "prefix" | "suffix" | "equals-ignore-case" | "wildcard";
      readonly values: readonly string[];
    };

export type Matcher =
  | { readonly kind: "exact"; readonly value: ExactValue }
  | { readonly kind: "prefix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "suffix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "equals-ignore-case"; readonly value: string }
  | { readonly kind: "wildcard"; readonly value: string }
  | { readonly kind: "numeric"; readonly lower?: NumericBound; readonly upper?: NumericBound }
  | {
      readonly kind: "cidr";
      readonly value: string;
      readonly version: 4 | 6;
      readonly first: bigint;
      readonly last: bigint;
    }
  | { readonly kind: "exists"; readonly value: boolean }
  | { readonly kind: "anything-but"; readonly exclude: AnythingBut };

export type PatternField =
  | { readonly name: string; readonly kind: "object"; readonly pattern: EventPattern }
  | { readonly name: string; readonly kind: "leaf"; readonly matchers: readonly Matcher[] };

/** One level of a pattern: all fields must match (AND), and for every `$or` group one alternative must match. */
export interface EventPattern {
  readonly fields: readonly PatternField[];
  readonly or: readonly (readonly EventPattern[])[];
}

const OR_KEY = "$or";
// Documented limit on the number of branches a pattern with $or expands to.
const MAX_OR_COMBINATIONS = 1000;
const OPERATORS = new Set([
  "prefix",
  "suffix",
  "equals-ignore-case",
  "wildcard",
  "numeric",
  "cidr",
  "exists",
  "anything-but",
]);
// TestEventPattern rejects events without these envelope fields (API reference, TestEventPattern.Event).
const REQUIRED_EVENT_FIELDS = ["id", "account", "source", "time", "region", "resources", "detail-type"];

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[\w$-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export function parseEventPattern(text: string): EventPattern {
  checkBudget();
  if (text.length > MAX_EVENT_PATTERN_LENGTH) {
    throw new EventPatternError(
      "$",
      `an event pattern is at most ${MAX_EVENT_PATTERN_LENGTH} characters, this one has ${text.length}`,
    );
  }
  let raw: unknown;
  try {
    // JSON.parse keeps the last of duplicate keys, which is what the user guide documents for EventBridge.
    raw = JSON.parse(text);
  } catch (err) {
    throw new EventPatternError("$", `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(raw))
    throw new EventPatternError("$", `an event pattern must be a JSON object, got ${describe(raw)}`);
  const pattern = parseObject(raw, "$", false);
  const combinations = countCombinations(pattern);
  if (combinations > MAX_OR_COMBINATIONS) {
    throw new EventPatternError(
      "$",
      `$or expands to ${combinations} combinations; EventBridge allows at most ${MAX_OR_COMBINATIONS}`,
    );
  }
  return pattern;
}

function parseObject(obj: JsonObject, path: string, insideOr: boolean): EventPattern {
  const keys = Object.keys(obj);
  if (keys.length === 0) throw new EventPatternError(path, "empty objects are not allowed");
  const fields: PatternField[] = [];
  const or: EventPattern[][] = [];
  for (const key of keys) {
    const value = obj[key];
    const here = childPath(path, key);
    if (key === OR_KEY) {
      or.push(parseOr(value, here));
      continue;
    }
    // event-ruler rejects operator names used as field names inside $or, where they would be ambiguous.
    if (insideOr && OPERATORS.has(key)) {
      throw new EventPatternError(
        here,
        `"${key}" is an operator and cannot be used as a field name inside $or`,
      );
    }
    if (isObject(value)) {
      fields.push({ name: key, kind: "object", pattern: parseObject(value, here, insideOr) });
    } else if (Array.isArray(value)) {
      fields.push({ name: key, kind: "leaf", matchers: parseLeaf(value, here) });
    } else {
      throw new EventPatternError(
        here,
        `match values must be given in an array (e.g. [${JSON.stringify(value)}]) or an object, got ${describe(value)}`,
      );
    }
  }
  return { fields, or };
}

function parseOr(value: unknown, path: string): EventPattern[] {
  if (!Array.isArray(value))
    throw new EventPatternError(path, `$or must be an array of objects, got ${describe(value)}`);
  if (value.length < 2) {
    throw new EventPatternError(path, `$or needs at least 2 alternatives, got ${value.length}`);
  }
  return value.map((alt: unknown, i) => {
    const here = childPath(path, i);
    if (!isObject(alt))
      throw new EventPatternError(here, `$or alternatives must be objects, got ${describe(alt)}`);
    return parseObject(alt, here, true);
  });
}

function parseLeaf(values: readonly unknown[], path: string): Matcher[] {
  if (values.length === 0) throw new EventPatternError(path, "empty arrays are not allowed");
  return values.map((value, i) => {
    const here = childPath(path, i);
    if (
      value === null ||
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      return { kind: "exact", value };
    }
    if (Array.isArray(value))
      throw new EventPatternError(here, "nested arrays are not allowed in match values");
    if (isObject(value)) return parseOperator(value, here);
    throw new EventPatternError(here, `unsupported match value ${describe(value)}`);
  });
}

function parseOperator(obj: JsonObject, path: string): Matcher {
  const keys = Object.keys(obj);
  if (keys.length !== 1) {
    throw new EventPatternError(
      path,
      `a match expression must hold exactly one operator, found ${keys.length}`,
    );
  }
  const op = keys[0] as string;
  const value = obj[op];
  const here = childPath(path, op);
  switch (op) {
    case "prefix":
    case "suffix": {
      if (typeof value === "string") return { kind: op, value, ignoreCase: false };
      if (isObject(value)) {
        const inner = Object.keys(value);
        const ignoreCase = value["equals-ignore-case"];
        if (inner.length === 1 && typeof ignoreCase === "string")
          return { kind: op, value: ignoreCase, ignoreCase: true };
        throw new EventPatternError(here, `${op} takes a string or {"equals-ignore-case": "<string>"}`);
      }
      throw new EventPatternError(here, `${op} takes a string, got ${describe(value)}`);
    }
    case "equals-ignore-case":
      if (typeof value !== "string")
        throw new EventPatternError(here, `${op} takes a string, got ${describe(value)}`);
      return { kind: op, value };
    case "wildcard":
      if (typeof value !== "string")
        throw new EventPatternError(here, `${op} takes a string, got ${describe(value)}`);
      checkWildcard(value, here);
      return { kind: op, value };
    case "numeric":
      return parseNumeric(value, here);
    case "cidr":
      return parseCidr(value, here);
    case "exists":
      if (typeof value !== "boolean")
        throw new EventPatternError(here, `exists takes true or false, got ${describe(value)}`);
      return { kind: "exists", value };
    case "anything-but":
      return { kind: "anything-but", exclude: parseAnythingBut(value, here) };
    default:
      throw new EventPatternError(here, `unknown operator "${op}"`);
  }
}

function parseNumeric(value: unknown, path: string): Matcher {
  if (!Array.isArray(value)) {
    throw new EventPatternError(
      path,
      `numeric takes an array such as [">", 0, "<=", 5], got ${describe(value)}`,
    );
  }
  const items: readonly unknown[] = value;
  if (items.length !== 2 && items.length !== 4) {
    throw new EventPatternError(path, `numeric takes 2 or 4 elements, got ${items.length}`);
  }
  const op1 = items[0];
  const n1 = numberAt(items, 1, path);
  if (op1 === "=") {
    if (items.length === 4)
      throw new EventPatternError(childPath(path, 2), `"=" cannot be combined with a range`);
    return { kind: "numeric", lower: { value: n1, inclusive: true }, upper: { value: n1, inclusive: true } };
  }
  if (op1 === "<" || op1 === "<=") {
    if (items.length === 4) {
      throw new EventPatternError(
        childPath(path, 0),
        `a two-sided range must start with ">" or ">=", got "${op1}"`,
      );
    }
    return { kind: "numeric", upper: { value: n1, inclusive: op1 === "<=" } };
  }
  if (op1 !== ">" && op1 !== ">=") {
    throw new EventPatternError(childPath(path, 0), `unknown numeric operator ${JSON.stringify(op1)}`);
  }
  const lower = { value: n1, inclusive: op1 === ">=" };
  if (items.length === 2) return { kind: "numeric", lower };
  const op2 = items[2];
  if (op2 !== "<" && op2 !== "<=") {
    throw new EventPatternError(
      childPath(path, 2),
      `the upper bound operator must be "<" or "<=", got ${JSON.stringify(op2)}`,
    );
  }
  const n2 = numberAt(items, 3, path);
  if (!(n1 < n2)) throw new EventPatternError(path, `lower bound ${n1} must be less than upper bound ${n2}`);
  return { kind: "numeric", lower, upper: { value: n2, inclusive: op2 === "<=" } };
}

function numberAt(items: readonly unknown[], index: number, path: string): number {
  const n = items[index];
  if (typeof n !== "number") {
    throw new EventPatternError(childPath(path, index), `expected a number, got ${describe(n)}`);
  }
  return n;
}

function parseCidr(value: unknown, path: string): Matcher {
  if (typeof value !== "string")
    throw new EventPatternError(path, `cidr takes a string, got ${describe(value)}`);
  const parts = value.split("/");
  if (parts.length !== 2)
    throw new EventPatternError(path, `malformed CIDR "${value}": exactly one "/" required`);
  const [address, bits] = parts as [string, string];
  const ip = parseIp(address);
  if (!ip)
    throw new EventPatternError(
      path,
      `malformed CIDR "${value}": "${address}" is not an IPv4 or IPv6 address`,
    );
  const width = ip.version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > width) {
    throw new EventPatternError(
      path,
      `malformed CIDR "${value}": prefix length must be an integer from 0 to ${width}`,
    );
  }
  const hostBits = BigInt(width - Number(bits));
  const hostMask = (1n << hostBits) - 1n;
  const first = ip.value & ~hostMask & ((1n << BigInt(width)) - 1n);
  return { kind: "cidr", value, version: ip.version, first, last: first | hostMask };
}

function parseAnythingBut(value: unknown, path: string): AnythingBut {
  if (typeof value === "string") return { kind: "strings", values: [value] };
  if (typeof value === "number") return { kind: "numbers", values: [value] };
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    if (items.length === 0) throw new EventPatternError(path, "anything-but list must not be empty");
    if (items.every((v): v is string => typeof v === "string")) return { kind: "strings", values: items };
    if (items.every((v): v is number => typeof v === "number")) return { kind: "numbers", values: items };
    const bad = items.findIndex(
      (v) => typeof v !== typeof items[0] || (typeof v !== "string" && typeof v !== "number"),
    );
    throw new EventPatternError(
      childPath(path, Math.max(bad, 0)),
      "anything-but list must hold only strings or only numbers",
    );
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const op = keys[0];
    if (
      keys.length !== 1 ||
      (op !== "prefix" && op !== "suffix" && op !== "equals-ignore-case" && op !== "wildcard")
    ) {
      throw new EventPatternError(
        path,
        `anything-but object must hold exactly one of prefix, suffix, equals-ignore-case, wildcard; got ${keys.map((k) => JSON.stringify(k)).join(", ") || "none"}`,
      );
    }
    const here = childPath(path, op);
    const inner = value[op];
    const list: readonly unknown[] | undefined = Array.isArray(inner)
      ? inner
      : typeof inner === "string"
        ? [inner]
        : undefined;
    if (!list || list.length === 0) {
      throw new EventPatternError(
        here,
        `takes a string or a non-empty array of strings, got ${describe(inner)}`,
      );
    }
    const values = list.map((v, i) => {
      const at = Array.isArray(inner) ? childPath(here, i) : here;
      if (typeof v !== "string") throw new EventPatternError(at, `expected a string, got ${describe(v)}`);
      if ((op === "prefix" || op === "suffix") && v === "")
        throw new EventPatternError(at, `empty ${op} not allowed`);
      if (op === "wildcard") checkWildcard(v, at);
      return v;
    });
    return { kind: op, values };
  }
  throw new EventPatternError(
    path,
    `anything-but takes a string, a number, a list of either, or an object; got ${describe(value)}`,
  );
}

function countCombinations(pattern: EventPattern): number {
  let total = 1;
  for (const field of pattern.fields) if (field.kind === "object") total *= countCombinations(field.pattern);
  for (const group of pattern.or) total *= group.reduce((sum, alt) => sum + countCombinations(alt), 0);
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Wildcards: `*` matches any run of characters; `\*` is a literal asterisk and `\\` a literal backslash; `**` and any
// other escape are errors (event-ruler README, "Wildcard matching").
//
// A wildcard is kept as its literal pieces between stars and matched greedily, as glob matchers do: each piece at
// its leftmost occurrence after the previous one, the last anchored at the end. That is O(value x pattern) at worst,
// where the backtracking regular expression it replaces took exponential time on `*a*a*a*a*b`.

interface Wildcard {
  /** The literal text between stars, escapes resolved; pieces.length - 1 stars. */
  readonly pieces: readonly string[];
}

const wildcardCache = new Map<string, Wildcard | string>();
const WILDCARD_CACHE_LIMIT = 1000;

function compileWildcard(source: string): Wildcard | string {
  const cached = wildcardCache.get(source);
  if (cached !== undefined) return cached;
  const result = splitWildcard(source);
  if (wildcardCache.size >= WILDCARD_CACHE_LIMIT) wildcardCache.clear();
  wildcardCache.set(source, result);
  return result;
}

function splitWildcard(source: string): Wildcard | string {
  const pieces: string[] = [];
  let piece = "";
  let previousWasStar = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === "\\") {
      const next = source.charAt(i + 1);
      if (next !== "*" && next !== "\\")
        return `invalid escape at offset ${i}: only \\* and \\\\ are allowed`;
      piece += next;
      i++;
      previousWasStar = false;
    } else if (c === "*") {
      if (previousWasStar) return `consecutive wildcard characters at offset ${i} are not allowed`;
      pieces.push(piece);
      piece = "";
      previousWasStar = true;
    } else {
      piece += c;
      previousWasStar = false;
    }
  }
  pieces.push(piece);
  return { pieces };
}

/** Greedy glob match: exact when there is no star, else prefix, suffix, and each middle piece leftmost. */
function globMatches(w: Wildcard, value: string): boolean {
  const { pieces } = w;
  const first = pieces[0] as string;
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] as string;
  if (first.length + last.length > value.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function checkWildcard(source: string, path: string): void {
  const result = compileWildcard(source);
  if (typeof result === "string") throw new EventPatternError(path, `bad wildcard "${source}": ${result}`);
}

function wildcardMatches(source: string, value: string): boolean {
  const result = compileWildcard(source);
  return typeof result !== "string" && globMatches(result, value);
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses

interface ParsedIp {
  readonly version: 4 | 6;
  readonly value: bigint;
}

function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

function parseIPv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let s = text;
  const tail: string[] = [];
  const lastColon = s.lastIndexOf(":");
  if (lastColon >= 0 && s.includes(".", lastColon)) {
    // Embedded IPv4 suffix, e.g. ::ffff:10.0.0.1
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail.push(((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const split = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const head = split(halves[0] ?? "");
  const rest = halves.length === 2 ? split(halves[1] ?? "") : [];
  const explicit = head.length + rest.length + tail.length;
  let groups: string[];
  if (halves.length === 2) {
    if (explicit > 7) return undefined;
    groups = [...head, ...Array<string>(8 - explicit).fill("0"), ...rest, ...tail];
  } else {
    groups = [...head, ...tail];
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  checkBudget();
  return matchNode(pattern, event);
}

// Arrays of objects match if one element matches the whole sub-pattern: fields in different elements of the same
// array never combine (event-ruler README, "JSON Array Matching", rulesForJSONEvent).
function matchNode(pattern: EventPattern, node: unknown): boolean {
  if (Array.isArray(node)) {
    const items = flatten(node);
    return items.length === 0
      ? matchObject(pattern, undefined)
      : items.some((item) => matchObject(pattern, item));
  }
  return matchObject(pattern, node);
}

function matchObject(pattern: EventPattern, node: unknown): boolean {
  const obj = isObject(node) ? node : undefined;
  for (const field of pattern.fields) {
    const child = obj && Object.hasOwn(obj, field.name) ? obj[field.name] : undefined;
    const ok = field.kind === "object" ? matchNode(field.pattern, child) : matchLeaf(field.matchers, child);
    if (!ok) return false;
  }
  return pattern.or.every((alternatives) => alternatives.some((alt) => matchObject(alt, node)));
}

function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((v: unknown) => (Array.isArray(v) ? flatten(v) : [v]));
}

// A field "exists" only when it holds at least one leaf (scalar) value: exists matching works on leaf nodes only,
// so a field holding an object matches {"exists": false} (user guide, "Exists matching").
function leafValues(value: unknown): ExactValue[] {
  const candidates = Array.isArray(value) ? flatten(value) : [value];
  return candidates.filter(
    (v): v is ExactValue =>
      v === null ||
      typeof v === "string" ||
      typeof v === "boolean" ||
      (typeof v === "number" && Number.isFinite(v)),
  );
}

function matchLeaf(matchers: readonly Matcher[], value: unknown): boolean {
  const leaves = leafValues(value);
  if (leaves.length === 0) return matchers.some((m) => m.kind === "exists" && !m.value);
  return matchers.some((m) => leaves.some((leaf) => matchValue(m, leaf)));
}

function lower(s: string): string {
  return s.toLowerCase();
}

function matchValue(m: Matcher, v: ExactValue): boolean {
  switch (m.kind) {
    case "exact":
      // Type-strict: the string "80" never equals the number 80.
      return v === m.value;
    case "prefix":
      return (
        typeof v === "string" && (m.ignoreCase ? lower(v).startsWith(lower(m.value)) : v.startsWith(m.value))
      );
    case "suffix":
      return (
        typeof v === "string" && (m.ignoreCase ? lower(v).endsWith(lower(m.value)) : v.endsWith(m.value))
      );
    case "equals-ignore-case":
      return typeof v === "string" && lower(v) === lower(m.value);
    case "wildcard":
      return typeof v === "string" && wildcardMatches(m.value, v);
    case "numeric":
      return typeof v === "number" && inRange(v, m.lower, m.upper);
    case "cidr": {
      if (typeof v !== "string") return false;
      const ip = parseIp(v);
      return ip !== undefined && ip.version === m.version && ip.value >= m.first && ip.value <= m.last;
    }
    case "exists":
      return m.value;
    case "anything-but":
      return !excluded(m.exclude, v);
  }
}

function inRange(
  v: number,
  lowerBound: NumericBound | undefined,
  upperBound: NumericBound | undefined,
): boolean {
  if (lowerBound && !(lowerBound.inclusive ? v >= lowerBound.value : v > lowerBound.value)) return false;
  if (upperBound && !(upperBound.inclusive ? v <= upperBound.value : v < upperBound.value)) return false;
  return true;
}

// anything-but needs a present value; only values of the excluded kind can be excluded, so anything-but "x" matches
// the number 5 and anything-but {"prefix": "x"} matches any non-string.
function excluded(rule: AnythingBut, v: ExactValue): boolean {
  if (rule.kind === "numbers") return typeof v === "number" && rule.values.includes(v);
  if (typeof v !== "string") return false;
  switch (rule.kind) {
    case "strings":
      return rule.values.includes(v);
    case "prefix":
      return rule.values.some((p) => v.startsWith(p));
    case "suffix":
      return rule.values.some((s) => v.endsWith(s));
    case "equals-ignore-case":
      return rule.values.some((s) => lower(s) === lower(v));
    case "wildcard":
      return rule.values.some((w) => wildcardMatches(w, v));
  }
}

/**
 * Mirrors the TestEventPattern API: validates the pattern, requires the event envelope fields TestEventPattern
 * requires, and returns whether the pattern matches. `event` may be JSON text or an already parsed object.
 */
export function testEventPattern(patternText: string, event: string | JsonObject): boolean {
  const pattern = parseEventPattern(patternText);
  let parsed: unknown = event;
  if (typeof event === "string") {
    try {
      parsed = JSON.parse(event);
    } catch (err) {
      throw new InvalidEventError(
        `event is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  if (!isObject(parsed)) throw new InvalidEventError("event must be a JSON object");
  const missing = REQUIRED_EVENT_FIELDS.filter((f) => !Object.hasOwn(parsed, f));
  if (missing.length > 0) throw new InvalidEventError(`event lacks required field(s): ${missing.join(", ")}`);
  return matchesEventPattern(pattern, parsed);
}
