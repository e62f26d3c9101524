/**
 * Suppressions (config `suppressions:`): a finding that could be acted on (fail or error) and matches an unexpired
 * suppression is marked suppressed, with the suppression that matched, and stays in every report; it no longer
 * counts for the exit code or remediation. The first matching suppression wins. Pure: the caller gives the date.
 */
import type { Suppression } from "../config/schema.ts";
import { globMatches } from "../config/glob.ts";
import type { Finding } from "./check.ts";

/** The UTC day of `now`, YYYY-MM-DD: a suppression applies through its `expires` day. */
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

export function suppressionExpired(s: Suppression, now: Date): boolean {
  return dayOf(now) > s.expires;
}

export function suppressionMatches(
  s: Suppression,
  f: Pick<Finding, "checkId" | "accountId" | "region" | "resource">,
): boolean {
  const m = s.match;
  return (
    (m.checkId === undefined || globMatches(m.checkId, f.checkId)) &&
    (m.accountId === undefined || m.accountId === f.accountId) &&
    (m.region === undefined || m.region === f.region) &&
    (m.resource === undefined || globMatches(m.resource, f.resource))
  );
}

/** Passing and not-applicable findings have nothing to mute. */
export const suppressible = (f: Pick<Finding, "status">) => f.status === "fail" || f.status === "error";

export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): Finding[] {
  if (suppressions.length === 0) return [...findings];
  const active = suppressions
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => !suppressionExpired(s, now));
  return findings.map((f) => {
    if (!suppressible(f)) return f;
    const hit = active.find(({ s }) => suppressionMatches(s, f));
    if (!hit) return f;
    const { s, index } = hit;
    return {
      ...f,
      suppressed: true,
      suppression: {
        index,
        reason: s.reason,
        owner: s.owner,
        expires: s.expires,
        ...(s.ticket !== undefined ? { ticket: s.ticket } : {}),
      },
    };
  });
}

export interface SuppressionOutcome {
  index: number;
  state: "active" | "expired";
  /** Findings it suppressed; for an expired one, the open findings it would have matched. */
  findingIds: string[];
}

/** What each suppression did over a whole scan's findings (already passed through applySuppressions). */
export function suppressionOutcomes(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): SuppressionOutcome[] {
  return suppressions.map((s, index) => {
    const expired = suppressionExpired(s, now);
    const ids = findings
      .filter((f) =>
        expired
          ? suppressible(f) && suppressionMatches(s, f)
          : f.suppressed && f.suppression?.index === index,
      )
      .map((f) => f.id);
    return { index, state: expired ? "expired" : "active", findingIds: ids };
  });
}
