/**
 * Loads config/default.yaml, overlays the user's file (objects merge key by key, arrays and scalars replace),
 * validates with zod, and reports every problem with the file, line and key path it comes from.
 */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, stringify, type Document } from "yaml";
import { ConfigError, type ConfigIssue } from "../errors.ts";
import { packagePath } from "../paths.ts";
import { didYouMean } from "../suggest.ts";
import { configSchema, type Config } from "./schema.ts";
import { globMatches } from "./glob.ts";

export const DEFAULT_CONFIG_PATH = packagePath("config/default.yaml");

interface SourceDoc {
  file: string;
  doc: Document;
  lines: LineCounter;
}

function readDoc(file: string, text?: string): SourceDoc {
  let source: string;
  try {
    source = text ?? readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`, [
      { file, path: "", message: "cannot read file" },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return {
        file,
        line: pos.line,
        column: pos.col,
        path: "",
        message: e.message.split("\n")[0] ?? e.message,
      };
    });
    throw new ConfigError(formatIssues("is not valid YAML", issues), issues);
  }
  return { file, doc, lines };
}

/**
 * The document's data. The yaml library refuses to expand aliases past a count (maxAliasCount, 100) with a plain
 * ReferenceError, "Excessive alias count indicates a resource exhaustion attack": that is a bad config file too.
 */
function toData(src: SourceDoc): unknown {
  try {
    return src.doc.toJS();
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const issue = { file: src.file, line: 1, path: "", message: err.message };
    throw new ConfigError(formatIssues("expands too many YAML aliases", [issue]), [issue]);
  }
}

function locate(src: SourceDoc, path: PropertyKey[]): { line: number; column: number } | undefined {
  // Walk up to the nearest node that exists (a missing key is reported at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n) as Array<string | number>, true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = src.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

function formatIssues(what: string, issues: ConfigIssue[]): string {
  const file = issues[0]?.file ?? "config";
  const lines = issues.map((i) => {
    const where =
      i.line !== undefined ? `${i.file}:${i.line}${i.column !== undefined ? `:${i.column}` : ""}` : i.file;
    return `  ${where}: ${i.path ? `${i.path}: ` : ""}${i.message}`;
  });
  return `${file} ${what}:\n${lines.join("\n")}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = mergeConfig(base[k], v);
  return out;
}

/** The ids a configuration may name; the caller passes the registries so config stays free of them. */
export interface KnownIds {
  checks: readonly string[];
  remediations: readonly string[];
}

/** Lists of ids in the config that must name something that exists: a typo would silently change behaviour. */
const ID_LISTS = [
  { path: ["scan", "disabledChecks"], kind: "check", known: (k: KnownIds) => k.checks },
  { path: ["remediation", "allowlist"], kind: "remediation", known: (k: KnownIds) => k.remediations },
] as const;

function unknownIdIssues(config: Config, known: KnownIds, sources: SourceDoc[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const lists: Record<string, readonly string[]> = {
    "scan.disabledChecks": config.scan.disabledChecks,
    "remediation.allowlist": config.remediation.allowlist,
  };
  for (const list of ID_LISTS) {
    const ids = lists[list.path.join(".")] ?? [];
    const valid = list.known(known);
    ids.forEach((id, i) => {
      if (valid.includes(id)) return;
      issues.push(
        issueAt(sources, [...list.path, i], `unknown ${list.kind} id "${id}"${didYouMean(id, valid)}`),
      );
    });
  }
  return issues;
}

const DAY_MS = 86_400_000;

/**
 * Suppressions that would mute too long or nothing at all: an expiry past scan.suppressionMaxDays from `now`, or a
 * checkId (exact or glob) that names no registered check. An expiry already past is no error: the scan reports it.
 */
function suppressionIssues(
  config: Config,
  known: KnownIds | undefined,
  sources: SourceDoc[],
  now: Date,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const today = Date.parse(now.toISOString().slice(0, 10) + "T00:00:00Z");
  const maxDays = config.scan.suppressionMaxDays;
  const at = (keyPath: Array<string | number>, message: string) => {
    issues.push(issueAt(sources, keyPath, message));
  };
  config.suppressions.forEach((s, i) => {
    const days = (Date.parse(`${s.expires}T00:00:00Z`) - today) / DAY_MS;
    if (days > maxDays) {
      at(
        ["suppressions", i, "expires"],
        `${s.expires} is ${days} days ahead; a suppression may expire at most ${maxDays} days ahead (scan.suppressionMaxDays)`,
      );
    }
    const checkId = s.match.checkId;
    if (known && checkId !== undefined && !known.checks.some((c) => globMatches(checkId, c))) {
      at(
        ["suppressions", i, "match", "checkId"],
        `matches no check id "${checkId}"${didYouMean(checkId, known.checks)}`,
      );
    }
  });
  return issues;
}

/**
 * Loads and validates the configuration; throws ConfigError naming file, line and key path. With `known`, ids in
 * scan.disabledChecks and remediation.allowlist must name a registered check or remediation, and a suppression's
 * checkId must match one. `now` dates the suppressions' expiry limit.
 */
export function loadConfig(
  userFile?: string,
  overrides: Record<string, unknown> = {},
  known?: KnownIds,
  now: Date = new Date(),
): Config {
  const base = readDoc(DEFAULT_CONFIG_PATH);
  const user = userFile ? readDoc(userFile) : undefined;
  const userData: unknown = user ? toData(user) : {};
  if (user && userData !== null && !isPlainObject(userData)) {
    throw new ConfigError(
      formatIssues("must be a mapping of settings", [
        { file: user.file, line: 1, path: "", message: "expected a mapping" },
      ]),
    );
  }
  const merged = mergeConfig(mergeConfig(base.doc.toJS(), userData ?? {}), overrides);
  const result = configSchema.safeParse(merged);
  if (result.success) {
    const sources = user ? [user, base] : [base];
    const issues = [
      ...(known ? unknownIdIssues(result.data, known, sources) : []),
      ...suppressionIssues(result.data, known, sources, now),
    ];
    if (issues.length > 0) throw new ConfigError(formatIssues("names unknown ids", issues), issues);
    return result.data;
  }
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    // An unrecognized key is reported at the key itself.
    const keyPath = issue.code === "unrecognized_keys" ? [...path, issue.keys[0] ?? ""] : path;
    const inUser = user && user.doc.hasIn(keyPath) ? user : undefined;
    const src = inUser ?? (user && locate(user, keyPath) && !base.doc.hasIn(keyPath) ? user : base);
    const pos = locate(src, keyPath);
    return {
      file: src.file,
      line: pos?.line,
      column: pos?.column,
      path: keyPath.join("."),
      message: issue.message + shapeHint(issue, keyPath, base.doc),
    };
  });
  throw new ConfigError(formatIssues("has invalid settings", issues), issues);
}

/**
 * For a value of the wrong shape (a string where a mapping or a list belongs), an example of the right one: the
 * baseline's own value at that key when it has one, so the example is always valid.
 */
function shapeHint(
  issue: { code: string; expected?: unknown },
  keyPath: Array<string | number>,
  base: Document,
): string {
  if (issue.code !== "invalid_type" || (issue.expected !== "object" && issue.expected !== "array")) return "";
  const key = String(keyPath.at(-1) ?? "");
  const node = base.getIn(keyPath, true) as { toJSON?: () => unknown } | undefined;
  const value: unknown = node?.toJSON?.();
  // A few entries are enough to show the shape.
  const sample = Array.isArray(value)
    ? value.slice(0, 3)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).slice(0, 3))
      : undefined;
  const filled = sample !== undefined && Object.keys(sample).length > 0;
  const example = filled
    ? `${key}: ${stringify(sample, { collectionStyle: "flow", lineWidth: 0 }).trim()}`
    : issue.expected === "array"
      ? `${key}: [first, second]`
      : `${key}: { setting: value }`;
  return ` (a ${issue.expected === "array" ? "list" : "mapping"}, for example ${example})`;
}

/** An issue at a key of the first source that has it (the user's file, else the baseline), with its position. */
function issueAt(sources: SourceDoc[], keyPath: Array<string | number>, message: string): ConfigIssue {
  const src = sources.find((s) => s.doc.hasIn(keyPath)) ?? sources[0];
  const pos = src ? locate(src, keyPath) : undefined;
  return {
    file: src?.file ?? "config",
    line: pos?.line,
    column: pos?.column,
    path: keyPath.join("."),
    message,
  };
}

/** The ExternalId for a role, read from the environment variable the config names. */
export function externalIdFor(
  role: { externalIdEnv?: string },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!role.externalIdEnv) return undefined;
  const value = env[role.externalIdEnv];
  if (value === undefined || value === "") {
    throw new ConfigError(
      `environment variable ${role.externalIdEnv} (the ExternalId named by the config) is not set`,
    );
  }
  return value;
}
