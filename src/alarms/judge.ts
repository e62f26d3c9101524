/**
 * Judges a CloudWatch Logs metric filter pattern by what it matches, not by how it is written (a text match on
 * the CIS string fails right filters written differently and passes wrong ones that look alike): it satisfies a CIS 4.x control when it parses, matches every positive sample of the control, no
 * negative sample, and not a broad share of ordinary unrelated events. Pure; verdicts are memoised per control,
 * account and pattern, since every account of an organization tends to carry the same filters.
 */
import type { FilterPattern, JsonExpression } from "../patterns/filter-pattern.ts";
import { FilterPatternError, matchesFilterPattern, parseFilterPattern } from "../patterns/filter-pattern.ts";
import { globalEventsRegion } from "../inventory/arn.ts";
import type { Sample } from "./samples.ts";
import { BACKGROUND, SAMPLE_ACCOUNT, SAMPLE_REGIONS } from "./samples.ts";

export interface JudgedControl {
  readonly id: string;
  /** Events the alarm must fire for. */
  readonly positives: readonly Sample[];
  /** Near misses it must not fire for. */
  readonly negatives: readonly Sample[];
  /** Events the accepted benchmark texts disagree on: matching them or not is fine either way. */
  readonly tolerated?: readonly Sample[];
}

export interface FilterVerdict {
  /** Parses, matches every positive, no negative, and is not noisy. */
  readonly satisfied: boolean;
  /** Names of the positive samples the filter does not match. */
  readonly missed: readonly string[];
  /** Names of the negative samples it matches. */
  readonly wronglyMatched: readonly string[];
  /** Names of the tolerated samples it matches (for the record; never a failure). */
  readonly toleratedMatched: readonly string[];
  /** Names of the background events it matches. */
  readonly backgroundMatched: readonly string[];
  readonly backgroundTotal: number;
  /** Matches at least NOISY_SHARE of the background: its alarm would fire on ordinary work. */
  readonly noisy: boolean;
  /** The pattern does not parse: CloudWatch Logs would refuse it (PutMetricFilter InvalidParameterException). */
  readonly error?: { readonly message: string; readonly position: number };
}

/**
 * The share of the background a filter may match before it counts as noisy. A filter that also fires for one or
 * two unrelated event names still detects what it exists for (they are listed in backgroundMatched); one that
 * fires for a quarter of ordinary work — the CIS v1.4 text of 4.1, which ORs in `$.sourceIPAddress !=
 * delivery.logs.amazonaws.com`, fires for nearly all of it — buries the signal. Assumed threshold: CIS names none.
 */
export const NOISY_SHARE = 0.25;

export interface JudgeOptions {
  /** The account whose events the log group receives; samples are re-targeted to it. */
  account?: string;
  /**
   * The partition the log group's events come from (its region's): samples are moved into it, their ARNs
   * carrying it and their regions its own, global services' in its global-events region. Default aws.
   */
  partition?: string;
}

/** Where the samples' commercial regions land in the other partitions (its two regions each). */
const OTHER_REGION: Record<string, string> = { "aws-us-gov": "us-gov-east-1", "aws-cn": "cn-northwest-1" };

/** A sample's text moved from aws into `partition`. */
function inPartition(text: string, partition: string): string {
  const global = globalEventsRegion(partition);
  const other = OTHER_REGION[partition] ?? global;
  let out = text.replaceAll("arn:aws:", `arn:${partition}:`);
  for (const r of SAMPLE_REGIONS) out = out.replaceAll(r, r === "us-east-1" ? global : other);
  return out;
}

/** Each sample's text per partition, serialized once. */
const serialized = new WeakMap<Sample, Map<string, string>>();
function messageOf(s: Sample, account: string, partition: string): string {
  let texts = serialized.get(s);
  if (!texts) serialized.set(s, (texts = new Map([["aws", JSON.stringify(s.record)]])));
  let text = texts.get(partition);
  if (text === undefined) texts.set(partition, (text = inPartition(texts.get("aws")!, partition)));
  return account === SAMPLE_ACCOUNT ? text : text.replaceAll(SAMPLE_ACCOUNT, account);
}

const MEMO_LIMIT = 2000;
interface Memo {
  /** Whether the verdict can differ between accounts (accountDependent). */
  dependent: boolean;
  byAccount: Map<string, FilterVerdict>;
}
const memo = new WeakMap<JudgedControl, Map<string, Memo>>();

function memoOf(control: JudgedControl, pattern: string): Memo {
  let byPattern = memo.get(control);
  if (!byPattern) memo.set(control, (byPattern = new Map()));
  let m = byPattern.get(pattern);
  if (!m) {
    if (byPattern.size >= MEMO_LIMIT) byPattern.clear();
    byPattern.set(pattern, (m = { dependent: accountDependent(control, pattern), byAccount: new Map() }));
  }
  return m;
}

/** Whether the pattern's verdict for the control can differ between the accounts whose events it sees. */
export function verdictDependsOnAccount(control: JudgedControl, pattern: string): boolean {
  return memoOf(control, pattern).dependent;
}

export function judgeFilter(control: JudgedControl, pattern: string, opts: JudgeOptions = {}): FilterVerdict {
  const m = memoOf(control, pattern);
  // Most patterns never look at a field holding the account id: their verdict is the same for every account, and
  // an organization of 1,000 accounts with the same filters judges each of them once.
  const account = m.dependent ? (opts.account ?? SAMPLE_ACCOUNT) : SAMPLE_ACCOUNT;
  const partition = opts.partition ?? "aws";
  // Within a partition the samples are the same; a verdict is kept per partition and (when dependent) account.
  const key = partition === "aws" ? account : `${partition}|${account}`;
  let verdict = m.byAccount.get(key);
  if (!verdict) {
    m.byAccount.set(key, (verdict = deepFreeze(evaluate(control, pattern, account, partition))));
  }
  return verdict;
}

/** The JSON paths (`a.b.0`) whose values hold the account id, in the control's samples and the background. */
const accountPaths = new WeakMap<JudgedControl, Set<string>>();
function accountPathsOf(control: JudgedControl): Set<string> {
  let paths = accountPaths.get(control);
  if (paths) return paths;
  paths = new Set();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string" && value.includes(SAMPLE_ACCOUNT)) paths!.add(path);
    else if (typeof value === "object" && value !== null)
      for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
  };
  for (const s of [...control.positives, ...control.negatives, ...(control.tolerated ?? []), ...BACKGROUND])
    walk(s.record, "");
  accountPaths.set(control, paths);
  return paths;
}

/**
 * Whether the verdict can depend on the account the records come from: a JSON pattern only when one of its
 * selectors reaches a field holding the account id; terms, regular expressions and space-delimited patterns read
 * the whole record, so whenever they name a digit.
 */
function accountDependent(control: JudgedControl, pattern: string): boolean {
  let parsed: FilterPattern;
  try {
    parsed = parseFilterPattern(pattern);
  } catch (err) {
    // Only a pattern that does not parse; anything else (a spent time budget) is the caller's to handle.
    if (err instanceof FilterPatternError) return false;
    throw err;
  }
  if (parsed.kind === "all") return false;
  if (parsed.kind !== "json") return /\d/.test(pattern);
  const paths = accountPathsOf(control);
  const touches = (e: JsonExpression): boolean =>
    "operands" in e ? e.operands.some(touches) : paths.has(e.selector.path.join("."));
  return touches(parsed.expression);
}

function evaluate(
  control: JudgedControl,
  pattern: string,
  account: string,
  partition: string,
): FilterVerdict {
  let parsed: FilterPattern;
  try {
    parsed = parseFilterPattern(pattern);
  } catch (err) {
    if (!(err instanceof FilterPatternError)) throw err;
    return {
      satisfied: false,
      missed: control.positives.map((s) => s.name),
      wronglyMatched: [],
      toleratedMatched: [],
      backgroundMatched: [],
      backgroundTotal: BACKGROUND.length,
      noisy: false,
      error: { message: err.message, position: err.position },
    };
  }
  const matching = (samples: readonly Sample[]) =>
    samples.filter((s) => matchesFilterPattern(parsed, messageOf(s, account, partition))).map((s) => s.name);
  const matchedPositives = new Set(matching(control.positives));
  const missed = control.positives.filter((s) => !matchedPositives.has(s.name)).map((s) => s.name);
  const wronglyMatched = matching(control.negatives);
  const backgroundMatched = matching(BACKGROUND);
  const noisy = backgroundMatched.length >= Math.ceil(BACKGROUND.length * NOISY_SHARE);
  return {
    satisfied: missed.length === 0 && wronglyMatched.length === 0 && !noisy,
    missed,
    wronglyMatched,
    toleratedMatched: matching(control.tolerated ?? []),
    backgroundMatched,
    backgroundTotal: BACKGROUND.length,
    noisy,
  };
}

/** Fires for every positive sample (whatever else it does). */
export const catchesAll = (v: FilterVerdict): boolean => v.error === undefined && v.missed.length === 0;

/**
 * Orders verdicts from closest to satisfying to furthest: satisfied, then catching every positive (noisy or
 * matching near misses), then by the number of samples judged wrongly; unparsable patterns last.
 */
export function byCloseness(a: FilterVerdict, b: FilterVerdict): number {
  const rank = (v: FilterVerdict) => (v.satisfied ? 0 : v.error ? 3 : catchesAll(v) ? 1 : 2);
  const wrong = (v: FilterVerdict) => v.missed.length + v.wronglyMatched.length + (v.noisy ? 1 : 0);
  return rank(a) - rank(b) || wrong(a) - wrong(b);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
