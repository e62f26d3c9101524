// CloudWatch Logs filter pattern parser and evaluator (metric filters, subscription filters): pure, no AWS SDK.
//
// Source for the syntax and semantics, unless a comment says otherwise:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// (as archived in github.com/awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md).
//
// Three forms, chosen by the first non-blank character:
//   `{ ... }`  JSON: conditions on selectors such as $.a.b[0], combined with && (binds tighter) and ||.
//   `[ ... ]`  space-delimited: named fields, `...` for any number of fields, conditions on fields.
//   otherwise  terms: words / "quoted phrases" that must appear, ?optional terms, -excluded terms;
//              or a standalone regular expression `%...%`.
// The empty pattern matches every event.
//
// Patterns come from the accounts wirewatch audits, so both parsing and matching are linear in their input:
// regular expressions run on RE2 (filter-regex.ts), `*` wildcards only at the ends of a value, and `...` in
// space-delimited patterns is matched greedily (matchDelimited). AWS's length limit bounds the nesting of
// parentheses (at most 511 levels fit), so the recursive descent cannot overflow the stack.

import { checkBudget } from "../budget.ts";
import { compileFilterRegex } from "./filter-regex.ts";

export class FilterPatternError extends Error {
  override readonly name = "FilterPatternError";
  /** 0-based character offset of the problem in the pattern text. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at position ${position})`);
    this.position = position;
  }
}

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

export interface StringValue {
  readonly kind: "string";
  readonly value: string;
  readonly quoted: boolean;
}
export interface NumberValue {
  readonly kind: "number";
  readonly value: number;
  readonly text: string;
}
export interface RegexValue {
  readonly kind: "regex";
  readonly source: string;
}
export type FilterValue = StringValue | NumberValue | RegexValue;

export type Logical<C> = { readonly kind: "and" | "or"; readonly operands: readonly Logical<C>[] } | C;

export interface Selector {
  /** The selector as written, e.g. `$.userIdentity.type`. */
  readonly text: string;
  readonly path: readonly (string | number)[];
}
export interface JsonComparison {
  readonly kind: "comparison";
  readonly selector: Selector;
  readonly operator: ComparisonOperator;
  readonly value: FilterValue;
}
export interface JsonIsTest {
  readonly kind: "is";
  readonly selector: Selector;
  readonly test: "NULL" | "TRUE" | "FALSE";
}
export interface JsonNotExists {
  readonly kind: "not-exists";
  readonly selector: Selector;
}
export type JsonCondition = JsonComparison | JsonIsTest | JsonNotExists;
export type JsonExpression = Logical<JsonCondition>;

export interface DelimitedComparison {
  readonly kind: "comparison";
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: FilterValue;
}
export type DelimitedExpression = Logical<DelimitedComparison>;
/** `...` stands for any number of fields; a field named "" is an unnamed slot (e.g. a trailing comma). */
export type DelimitedField =
  | { readonly kind: "ellipsis" }
  | { readonly kind: "field"; readonly name: string; readonly condition?: DelimitedExpression };

export interface Term {
  readonly text: string;
  readonly quoted: boolean;
  readonly mode: "required" | "optional" | "excluded";
}

export type FilterPattern =
  | { readonly kind: "all" }
  | { readonly kind: "terms"; readonly terms: readonly Term[] }
  | { readonly kind: "regex"; readonly source: string }
  | { readonly kind: "json"; readonly expression: JsonExpression }
  | { readonly kind: "delimited"; readonly fields: readonly DelimitedField[] };

/**
 * PutMetricFilter and PutSubscriptionFilter: filterPattern "Length Constraints: Minimum length of 0. Maximum length
 * of 1024." (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html,
 * .../API_PutSubscriptionFilter.html)
 */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

// "There is a limit of 2 regex for each filter pattern when creating a delimited or JSON filter pattern".
const MAX_REGEX_PER_PATTERN = 2;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// The docs require double quotes around values with characters such as '@', '$' and '\'.
const NEEDS_QUOTES = /[@$\\"'(){}[\]!=<>]|[^\x20-\x7e]/;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export function parseFilterPattern(text: string): FilterPattern {
  checkBudget();
  if (text.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new FilterPatternError(
      `a filter pattern is at most ${MAX_FILTER_PATTERN_LENGTH} characters, this one has ${text.length}`,
      MAX_FILTER_PATTERN_LENGTH,
    );
  }
  const scanner = new Scanner(text);
  scanner.skipSpace();
  if (scanner.atEnd()) return { kind: "all" };
  switch (scanner.peek()) {
    case "{":
      return { kind: "json", expression: new JsonParser(scanner).parse() };
    case "[":
      return { kind: "delimited", fields: new DelimitedParser(scanner).parse() };
    case "%": {
      const source = scanner.readRegex();
      scanner.skipSpace();
      if (!scanner.atEnd()) scanner.fail("a regular expression pattern cannot be combined with other terms");
      return { kind: "regex", source };
    }
    default:
      return { kind: "terms", terms: parseTerms(scanner) };
  }
}

class Scanner {
  pos = 0;
  regexCount = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }
  fail(message: string, position = this.pos): never {
    throw new FilterPatternError(message, position);
  }
  expect(c: string, what: string): void {
    if (this.peek() !== c) this.fail(`expected ${what}${this.atEnd() ? "" : `, found '${this.peek()}'`}`);
    this.pos++;
  }
  readWhile(re: RegExp): string {
    const start = this.pos;
    while (!this.atEnd() && re.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A double-quoted string; `\"` and `\\` are escapes. */
  readQuoted(): string {
    const start = this.pos;
    this.pos++;
    let out = "";
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\" && (this.peek(1) === '"' || this.peek(1) === "\\")) {
        out += this.peek(1);
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    return this.fail("unterminated quoted string", start);
  }

  /** A regular expression `%...%`, in the syntax CloudWatch Logs accepts (filter-regex.ts). */
  readRegex(): string {
    const start = this.pos;
    const end = this.text.indexOf("%", start + 1);
    if (end < 0) this.fail("unterminated regular expression (missing closing '%')", start);
    const source = this.text.slice(start + 1, end);
    const compiled = compileFilterRegex(source);
    if (!compiled.ok) this.fail(compiled.message, compiled.offset < 0 ? start : start + 1 + compiled.offset);
    this.regexCount++;
    this.pos = end + 1;
    return source;
  }

  /** The value after a comparison operator, in the JSON and space-delimited forms. */
  readValue(operator: ComparisonOperator, stop: RegExp, context: string): FilterValue {
    this.skipSpace();
    const start = this.pos;
    const c = this.peek();
    let value: FilterValue;
    if (this.atEnd() || stop.test(c) || this.startsWith("&&") || this.startsWith("||")) {
      return this.fail(`expected a value after '${operator}'`);
    } else if (c === '"') {
      value = { kind: "string", value: this.readQuoted(), quoted: true };
    } else if (c === "%") {
      if (this.regexCount >= MAX_REGEX_PER_PATTERN) {
        this.fail(
          `at most ${MAX_REGEX_PER_PATTERN} regular expressions are allowed in a ${context} filter pattern`,
        );
      }
      value = { kind: "regex", source: this.readRegex() };
    } else {
      while (!this.atEnd() && !/\s/.test(this.peek()) && !stop.test(this.peek())) {
        if (this.startsWith("&&") || this.startsWith("||")) break;
        this.pos++;
      }
      const raw = this.text.slice(start, this.pos);
      const bad = NEEDS_QUOTES.exec(raw);
      if (bad) this.fail(`'${bad[0]}' must be inside a double-quoted string`, start + bad.index);
      value = NUMBER.test(raw)
        ? { kind: "number", value: Number(raw), text: raw }
        : { kind: "string", value: raw, quoted: false };
    }
    if (operator !== "=" && operator !== "!=" && value.kind !== "number") {
      this.fail(`'${operator}' compares numbers; expected a number`, start);
    }
    return value;
  }

  readOperator(): ComparisonOperator | undefined {
    for (const op of ["!=", "<=", ">=", "=", "<", ">"] as const) {
      if (this.startsWith(op)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }
}

function parseTerms(s: Scanner): Term[] {
  const terms: Term[] = [];
  for (s.skipSpace(); !s.atEnd(); s.skipSpace()) {
    const opStart = s.pos;
    let mode: Term["mode"] = "required";
    if (s.peek() === "?" || s.peek() === "-") {
      mode = s.peek() === "?" ? "optional" : "excluded";
      s.pos++;
      // The docs write exclusions both as -term and as - "term".
      if (mode === "excluded") s.skipSpace();
      if (s.atEnd() || /\s/.test(s.peek()))
        s.fail(`expected a term after '${s.text.charAt(opStart)}'`, opStart);
    }
    if (s.peek() === '"') {
      terms.push({ text: s.readQuoted(), quoted: true, mode });
    } else if (s.peek() === "%") {
      s.fail("a regular expression must be the whole filter pattern");
    } else {
      const start = s.pos;
      const word = s.readWhile(/\S/);
      const quote = word.indexOf('"');
      if (quote >= 0) s.fail("unexpected '\"' inside a term", start + quote);
      terms.push({ text: word, quoted: false, mode });
    }
  }
  return terms;
}

class JsonParser {
  constructor(private readonly s: Scanner) {}

  parse(): JsonExpression {
    const s = this.s;
    s.pos++; // '{'
    s.skipSpace();
    if (s.peek() === "}") s.fail("empty JSON filter pattern: expected a condition");
    const expression = this.parseOr();
    s.skipSpace();
    if (s.atEnd()) s.fail("expected '}' to close the JSON filter pattern");
    if (s.peek() !== "}") s.fail(`expected '&&', '||' or '}', found '${s.peek()}'`);
    s.pos++;
    s.skipSpace();
    if (!s.atEnd()) s.fail("unexpected text after the closing '}'");
    return expression;
  }

  private parseOr(): JsonExpression {
    const operands = [this.parseAnd()];
    for (this.s.skipSpace(); this.s.startsWith("||"); this.s.skipSpace()) {
      this.s.pos += 2;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as JsonExpression) : { kind: "or", operands };
  }

  private parseAnd(): JsonExpression {
    const operands = [this.parsePrimary()];
    for (this.s.skipSpace(); this.s.startsWith("&&"); this.s.skipSpace()) {
      this.s.pos += 2;
      operands.push(this.parsePrimary());
    }
    return operands.length === 1 ? (operands[0] as JsonExpression) : { kind: "and", operands };
  }

  private parsePrimary(): JsonExpression {
    const s = this.s;
    s.skipSpace();
    if (s.peek() === "(") {
      const open = s.pos;
      s.pos++;
      s.skipSpace();
      if (s.peek() === ")") s.fail("empty parentheses");
      const inner = this.parseOr();
      s.skipSpace();
      if (s.peek() !== ")")
        s.fail(
          s.atEnd()
            ? `unclosed '(' opened at position ${open}`
            : `expected ')' to close '(' at position ${open}`,
        );
      s.pos++;
      return inner;
    }
    if (s.peek() === "$") return this.parseCondition();
    if (s.atEnd()) return s.fail("expected a condition");
    return s.fail(`expected a selector starting with '$' or '(', found '${s.peek()}'`);
  }

  private parseCondition(): JsonCondition {
    const s = this.s;
    const selector = this.parseSelector();
    s.skipSpace();
    const op = s.readOperator();
    if (op) return { kind: "comparison", selector, operator: op, value: s.readValue(op, /[)}]/, "JSON") };
    const wordStart = s.pos;
    const word = s.readWhile(/[A-Za-z]/).toUpperCase();
    if (word === "IS") {
      s.skipSpace();
      const testStart = s.pos;
      const test = s.readWhile(/[A-Za-z]/).toUpperCase();
      if (test === "NULL" || test === "TRUE" || test === "FALSE") return { kind: "is", selector, test };
      if (test === "NOT") s.fail("IS NOT is not supported (use != or NOT EXISTS)", testStart);
      return s.fail("expected NULL, TRUE or FALSE after IS", testStart);
    }
    if (word === "NOT") {
      s.skipSpace();
      const existsStart = s.pos;
      if (s.readWhile(/[A-Za-z]/).toUpperCase() === "EXISTS") return { kind: "not-exists", selector };
      return s.fail("expected EXISTS after NOT", existsStart);
    }
    if (word === "EXISTS") return s.fail("EXISTS is not supported; only NOT EXISTS is", wordStart);
    return s.fail("expected a comparison operator (=, !=, <, <=, >, >=), IS or NOT EXISTS", wordStart);
  }

  private parseSelector(): Selector {
    const s = this.s;
    const start = s.pos;
    s.pos++; // '$'
    const path: (string | number)[] = [];
    for (;;) {
      if (s.peek() === ".") {
        s.pos++;
        const name = s.readWhile(/[A-Za-z0-9_-]/);
        if (name === "") s.fail("expected a property name after '.'");
        path.push(name);
      } else if (s.peek() === "[") {
        if (path.length === 0) s.fail("an array index must follow a property, e.g. $.items[0]");
        s.pos++;
        if (s.peek() === "*") s.fail("array wildcards ([*]) are not supported; use an index such as [0]");
        const digits = s.readWhile(/\d/);
        if (digits === "") s.fail("expected an array index");
        s.expect("]", "']'");
        path.push(Number(digits));
      } else {
        break;
      }
    }
    if (path.length === 0) s.fail("a selector must name a property, e.g. $.eventName", start);
    return { text: s.text.slice(start, s.pos), path };
  }
}

class DelimitedParser {
  constructor(private readonly s: Scanner) {}

  parse(): DelimitedField[] {
    const s = this.s;
    s.pos++; // '['
    const fields: DelimitedField[] = [];
    for (;;) {
      s.skipSpace();
      // An empty slot is an unnamed field: the docs' [..., request=*.html*, status_code=4*,] extracts 1534 from
      // "... 404 1534" as $7, after $status_code = 404.
      if (s.peek() === "," || (s.peek() === "]" && fields.length > 0)) {
        fields.push({ kind: "field", name: "" });
      } else if (s.startsWith("...") || s.peek() === "\u2026") {
        s.pos += s.peek() === "\u2026" ? 1 : 3;
        fields.push({ kind: "ellipsis" });
      } else {
        const name = this.readName();
        s.skipSpace();
        const condition = /[=!<>]/.test(s.peek()) ? this.parseOr(name) : undefined;
        fields.push(condition ? { kind: "field", name, condition } : { kind: "field", name });
      }
      s.skipSpace();
      if (s.peek() === ",") {
        s.pos++;
        continue;
      }
      if (s.peek() === "]") break;
      s.fail(
        s.atEnd()
          ? "expected ']' to close the space-delimited pattern"
          : `expected ',' or ']', found '${s.peek()}'`,
      );
    }
    s.pos++; // ']'
    s.skipSpace();
    if (!s.atEnd()) s.fail("unexpected text after the closing ']'");
    return fields;
  }

  private readName(): string {
    const name = this.s.readWhile(/[^\s,=!<>&|[\]"()%]/);
    if (name === "") this.s.fail(this.s.atEnd() ? "expected a field name and ']'" : "expected a field name");
    return name;
  }

  private parseOr(slot: string): DelimitedExpression {
    const operands = [this.parseAnd(slot)];
    for (this.s.skipSpace(); this.s.startsWith("||"); this.s.skipSpace()) {
      this.s.pos += 2;
      operands.push(this.parseAnd(undefined));
    }
    return operands.length === 1 ? (operands[0] as DelimitedExpression) : { kind: "or", operands };
  }

  private parseAnd(slot: string | undefined): DelimitedExpression {
    const operands = [this.parseComparison(slot)];
    for (this.s.skipSpace(); this.s.startsWith("&&"); this.s.skipSpace()) {
      this.s.pos += 2;
      operands.push(this.parseComparison(undefined));
    }
    return operands.length === 1 ? (operands[0] as DelimitedExpression) : { kind: "and", operands };
  }

  // The first condition of a slot names that slot implicitly (`status_code = 4*`); later ones name their field.
  private parseComparison(slot: string | undefined): DelimitedComparison {
    const s = this.s;
    s.skipSpace();
    const field = slot ?? this.readName();
    s.skipSpace();
    const opStart = s.pos;
    const operator = s.readOperator();
    if (!operator) return s.fail("expected a comparison operator (=, !=, <, <=, >, >=)", opStart);
    return { kind: "comparison", field, operator, value: s.readValue(operator, /[,\]]/, "space-delimited") };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  checkBudget();
  switch (pattern.kind) {
    case "all":
      return true;
    case "terms":
      return matchTerms(pattern.terms, message);
    case "regex":
      return regex(pattern.source).test(message);
    case "json": {
      let root: unknown;
      try {
        root = JSON.parse(message);
      } catch {
        return false; // A JSON pattern never matches a message that is not JSON.
      }
      return evalLogical(pattern.expression, (c) => evalJsonCondition(c, root));
    }
    case "delimited":
      return matchDelimited(pattern.fields, message);
  }
}

/** Mirrors the TestMetricFilter API: returns the messages the pattern matches, in order. */
export function testMetricFilter(patternText: string, messages: readonly string[]): string[] {
  const pattern = parseFilterPattern(patternText);
  return messages.filter((m) => matchesFilterPattern(pattern, m));
}

// Terms match as case-sensitive substrings ("ERROR" matches "ERRORCODE"). Assumed combination when kinds are mixed:
// every required term present, no excluded term present, and at least one optional term if any are given.
function matchTerms(terms: readonly Term[], message: string): boolean {
  let anyOptional = false;
  let optionalHit = false;
  for (const term of terms) {
    const found = message.includes(term.text);
    if (term.mode === "required" && !found) return false;
    if (term.mode === "excluded" && found) return false;
    if (term.mode === "optional") {
      anyOptional = true;
      optionalHit ||= found;
    }
  }
  return !anyOptional || optionalHit;
}

function evalLogical<C extends { readonly kind: string }>(
  expr: Logical<C>,
  leaf: (c: C) => boolean,
): boolean {
  if (isJunction(expr)) {
    return expr.kind === "and"
      ? expr.operands.every((e) => evalLogical(e, leaf))
      : expr.operands.some((e) => evalLogical(e, leaf));
  }
  return leaf(expr);
}

function isJunction<C>(
  expr: Logical<C>,
): expr is { readonly kind: "and" | "or"; readonly operands: readonly Logical<C>[] } {
  const kind = (expr as { readonly kind?: unknown }).kind;
  return kind === "and" || kind === "or";
}

function resolve(root: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let current = root;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return { found: false, value: undefined };
      current = current[step] as unknown;
    } else {
      if (
        typeof current !== "object" ||
        current === null ||
        Array.isArray(current) ||
        !Object.hasOwn(current, step)
      ) {
        return { found: false, value: undefined };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

// Comparisons apply only to value nodes (strings and numbers). A selector that is absent, or points at an object,
// array, null or boolean, fails both `=` and `!=`: the docs state this for objects and arrays ("both {$.users = 1}
// and {$.users != 1} will fail to match ... where users is an array"), and for absent fields the CloudWatch console's
// test of `$.userIdentity.invokedBy != "cloudfront.amazonaws.com"` did not match records lacking the field
// (https://github.com/DataBiosphere/azul/issues/5884). Null and booleans follow by the same rule (assumed).
function evalJsonCondition(c: JsonCondition, root: unknown): boolean {
  const { found, value } = resolve(root, c.selector.path);
  switch (c.kind) {
    case "not-exists":
      return !found;
    case "is":
      return found && value === (c.test === "NULL" ? null : c.test === "TRUE");
    case "comparison":
      if (!found) return false;
      if (c.value.kind === "number")
        return typeof value === "number" && compareNumbers(value, c.operator, c.value.value);
      if (typeof value !== "string" && typeof value !== "number") return false;
      return compareString(String(value), c.operator, c.value);
  }
}

function compareNumbers(actual: number, operator: ComparisonOperator, expected: number): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
  }
}

function compareString(
  actual: string,
  operator: ComparisonOperator,
  expected: StringValue | RegexValue,
): boolean {
  const hit =
    expected.kind === "regex" ? regex(expected.source).test(actual) : wildcardEquals(expected.value, actual);
  return operator === "=" ? hit : !hit;
}

// `*` is a wildcard only at the start and/or end of a value: "*Event will match PutEvent and GetEvent. Event* will
// match EventId and EventName. Ev*ent will only match the actual string Ev*ent." (FilterAndPatternSyntax, JSON).
function wildcardEquals(pattern: string, value: string): boolean {
  if (pattern === "*") return true;
  const leading = pattern.startsWith("*");
  const trailing = pattern.length > 1 && pattern.endsWith("*");
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return value.includes(core);
  if (leading) return value.endsWith(core);
  if (trailing) return value.startsWith(core);
  return value === core;
}

function regex(source: string): { test(input: string): boolean } {
  const compiled = compileFilterRegex(source);
  // Parsing compiled every regex of the pattern; only a hand-built FilterPattern can carry an invalid one.
  if (!compiled.ok) throw new FilterPatternError(compiled.message, 0);
  return compiled.regex;
}

// Space-delimited messages: fields are separated by whitespace; text between [ ] or between double quotes is one
// field (without the brackets or quotes).
export function splitDelimitedMessage(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = message.length;
  while (i < n) {
    while (i < n && /\s/.test(message.charAt(i))) i++;
    if (i >= n) break;
    const c = message.charAt(i);
    const close = c === '"' ? '"' : c === "[" ? "]" : undefined;
    const end = close === undefined ? -1 : message.indexOf(close, i + 1);
    if (close !== undefined && end > i) {
      fields.push(message.slice(i + 1, end));
      i = end + 1;
    } else {
      const start = i;
      while (i < n && !/\s/.test(message.charAt(i))) i++;
      fields.push(message.slice(start, i));
    }
  }
  return fields;
}

// Without `...` the number of fields must equal the number of names: the docs' [w1=ERROR, w2] matches
// "ERROR message" but not "ERROR WARN message".
//
// With `...`, the fields between two `...` form a segment that must match consecutive values. The first segment is
// anchored at the start (unless the pattern opens with `...`), the last at the end (unless it closes with one),
// and each segment in between is placed at the leftmost position where its own conditions hold — the greedy
// algorithm of glob matching, which needs O(values x fields) steps where trying every placement needs exponential
// time. Leftmost placement finds a match whenever one exists if every condition names only fields of its own
// segment; a condition naming fields of several segments is judged on the leftmost placement (assumed; AWS does
// not document how `...` is resolved).
function matchDelimited(pattern: readonly DelimitedField[], message: string): boolean {
  const values = splitDelimitedMessage(message);
  const segments: DelimitedField[][] = [[]];
  for (const f of pattern) {
    if (f.kind === "ellipsis") segments.push([]);
    else (segments[segments.length - 1] as DelimitedField[]).push(f);
  }
  const bindings = new Map<string, string>();
  const bind = (segment: readonly DelimitedField[], at: number) => {
    segment.forEach((f, k) => {
      if (f.kind === "field" && f.name !== "") bindings.set(f.name, values[at + k] as string);
    });
  };
  const segmentNames = segments.map(
    (seg) => new Set(seg.flatMap((f) => (f.kind === "field" && f.name !== "" ? [f.name] : []))),
  );
  // A condition is local to a segment when every field it names is bound there and nowhere else.
  const local = segments.map((seg, i) =>
    seg.flatMap((f) => {
      if (f.kind !== "field" || !f.condition) return [];
      const names = fieldNames(f.condition);
      const own = names.every(
        (n) => segmentNames[i]?.has(n) && segmentNames.every((other, j) => j === i || !other.has(n)),
      );
      return own ? [f.condition] : [];
    }),
  );
  const fits = (i: number, at: number): boolean => {
    bind(segments[i] as DelimitedField[], at);
    return (local[i] ?? []).every((c) => evalLogical(c, (cmp) => evalDelimited(cmp, bindings)));
  };
  const conditions = pattern.flatMap((f) => (f.kind === "field" && f.condition ? [f.condition] : []));
  const all = () => conditions.every((c) => evalLogical(c, (cmp) => evalDelimited(cmp, bindings)));

  const first = segments[0] as DelimitedField[];
  if (segments.length === 1) {
    if (first.length !== values.length) return false;
    bind(first, 0);
    return all();
  }
  const last = segments.length - 1;
  const lastLength = (segments[last] as DelimitedField[]).length;
  if (first.length + lastLength > values.length) return false;
  if (!fits(0, 0)) return false;
  const placed = [0];
  let at = first.length;
  const end = values.length - lastLength;
  for (let i = 1; i < last; i++) {
    const length = (segments[i] as DelimitedField[]).length;
    while (at + length <= end && !fits(i, at)) at++;
    if (at + length > end) return false;
    placed.push(at);
    at += length;
  }
  if (!fits(last, end)) return false;
  placed.push(end);
  // A later segment may have rebound a name an earlier one also uses: bind in pattern order once more.
  segments.forEach((seg, i) => bind(seg, placed[i] as number));
  return all();
}

function fieldNames(e: DelimitedExpression): string[] {
  return isJunction(e) ? e.operands.flatMap(fieldNames) : [e.field];
}

// A condition on a name that is not a field of the pattern never matches (assumed; AWS behaviour not documented).
function evalDelimited(c: DelimitedComparison, bindings: ReadonlyMap<string, string>): boolean {
  const actual = bindings.get(c.field);
  if (actual === undefined) return false;
  if (c.value.kind !== "number") return compareString(actual, c.operator, c.value);
  if (NUMBER.test(actual)) return compareNumbers(Number(actual), c.operator, c.value.value);
  // A non-numeric field can only be (un)equal to a number, compared as text.
  if (c.operator === "=") return actual === c.value.text;
  if (c.operator === "!=") return actual !== c.value.text;
  return false;
}
