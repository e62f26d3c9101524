/**
 * Which metric filters of a trail log group the alarm checks follow to an alarm: only a filter that satisfies a CIS
 * control is (wiring.ts judges the alarms of the satisfying filters and of no other), so the alarms on any other
 * filter's metric need not be read. A pattern whose verdict can depend on the account counts as followed whatever
 * this account's verdict: an organization trail's group is judged as each member's (control.ts). Pure.
 */
import { ALARM_CONTROLS } from "./controls.ts";
import { judgeFilter, verdictDependsOnAccount, type JudgeOptions } from "./judge.ts";

export function isFollowedFilter(pattern: string, opts: JudgeOptions): boolean {
  return ALARM_CONTROLS.some(
    (c) => verdictDependsOnAccount(c, pattern) || judgeFilter(c, pattern, opts).satisfied,
  );
}
