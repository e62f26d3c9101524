/**
 * `wirewatch check-filter --control <id> PATTERN` (or `--pattern-file FILE`): judges a CloudWatch Logs metric
 * filter pattern the way the alarms.<id> checks do — by what it matches among the control's CloudTrail samples —
 * and prints the verdict as JSON. Exit 0 when the pattern satisfies the control, 1 when it does not, 3 when it
 * does not parse. `--control all` judges it against every control and lists those it satisfies (exit 0 if any).
 * Usage mistakes (an unknown control, no pattern or two) raise UsageError, which main maps to exit 3.
 */
import { readFileSync } from "node:fs";
import type { AlarmControl } from "../alarms/control.ts";
import { ALARM_CONTROLS, findAlarmControl } from "../alarms/controls.ts";
import { judgeFilter } from "../alarms/judge.ts";
import { EXIT, UsageError } from "../errors.ts";

export interface CheckFilterInput {
  control: string;
  pattern?: string;
  patternFile?: string;
}

export interface CheckFilterResult {
  code: number;
  /** The JSON verdict, one document, newline-terminated. */
  output: string;
}

export interface ControlVerdict {
  control: string;
  cis: string;
  verdict: "pass" | "fail";
  /** Events the alarm must fire for that the pattern does not match. */
  missed: string[];
  /** Near misses the pattern matches. */
  wronglyMatched: string[];
  /** Matches a broad share of ordinary, unrelated events. */
  noisy: boolean;
  /** The ordinary events it matches (a few are tolerated; many make it noisy). */
  backgroundMatched: string[];
  error?: { message: string; position: number };
}

function verdictFor(control: AlarmControl, pattern: string): ControlVerdict {
  const v = judgeFilter(control, pattern);
  return {
    control: control.id,
    cis: control.cis,
    verdict: v.satisfied ? "pass" : "fail",
    missed: [...v.missed],
    wronglyMatched: [...v.wronglyMatched],
    noisy: v.noisy,
    backgroundMatched: [...v.backgroundMatched],
    ...(v.error ? { error: { ...v.error } } : {}),
  };
}

function readPattern(input: CheckFilterInput): string {
  if (input.pattern !== undefined && input.patternFile !== undefined) {
    throw new UsageError("give the pattern either as an argument or with --pattern-file, not both");
  }
  if (input.patternFile !== undefined) {
    try {
      // A file's final newline is not part of the pattern.
      return readFileSync(input.patternFile, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      const reason = err instanceof Error && "code" in err ? String(err.code) : String(err);
      throw new UsageError(`cannot read --pattern-file ${input.patternFile} (${reason})`);
    }
  }
  if (input.pattern === undefined)
    throw new UsageError("no pattern: give it as an argument or with --pattern-file");
  return input.pattern;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

export function checkFilter(input: CheckFilterInput): CheckFilterResult {
  const control = input.control === "all" ? undefined : findAlarmControl(input.control);
  if (input.control !== "all" && !control) {
    throw new UsageError(
      `unknown alarm control "${input.control}" (known: ${ALARM_CONTROLS.map((c) => c.id).join(", ")}, or all)`,
    );
  }
  const pattern = readPattern(input);
  if (!control) {
    const results = ALARM_CONTROLS.map((c) => verdictFor(c, pattern));
    const error = results[0]?.error;
    const satisfies = results.filter((r) => r.verdict === "pass").map((r) => r.control);
    const verdict = satisfies.length > 0 ? "pass" : "fail";
    if (error) return { code: EXIT.usage, output: json({ control: "all", verdict, satisfies, error }) };
    return {
      code: satisfies.length > 0 ? EXIT.ok : EXIT.failures,
      output: json({ control: "all", verdict, satisfies, results }),
    };
  }
  const v = verdictFor(control, pattern);
  const code = v.error ? EXIT.usage : v.verdict === "pass" ? EXIT.ok : EXIT.failures;
  return { code, output: json(v) };
}
