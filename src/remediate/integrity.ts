/**
 * Plans that cannot be steered. A saved plan is a file anyone with access to a CI artifact can edit, so apply never
 * trusts its calls: each change must be whole (its id, fingerprint and findings agree with its own content), and
 * its calls must be exactly those wirewatch plans now from a fresh read of the same state. An edited destination,
 * pattern, trail name, account, region or an added call is refused as tampered, never run. Plans may also carry an
 * HMAC-SHA256 signature (key from WIREWATCH_PLAN_KEY) so a pipeline can prove the plan it approved is the one
 * applied.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { changeIdOf, fingerprint, stableJson } from "./plan.ts";
import type { Finding } from "../engine/check.ts";
import type { FindingKey, PlannedChange, Remediation } from "./remediation.ts";

/** The environment variable holding the plan-signing key. */
export const PLAN_KEY_ENV = "WIREWATCH_PLAN_KEY";

export const SIGNATURE_ALGORITHM = "HMAC-SHA256";

export interface PlanSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** Hex HMAC of the plan's canonical JSON without this field. */
  value: string;
}

const findingKeyText = (k: FindingKey) => stableJson(k);

/** The first path at which two JSON values differ, e.g. `calls[0].input.destinationArn`; "" when equal. */
export function firstDifference(a: unknown, b: unknown, path = ""): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
  } else if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      );
      if (d !== undefined) return d;
    }
  }
  return path || "(root)";
}

/**
 * What is wrong with a saved change on its own, before anything is read: undefined when it is whole. Catches an
 * edit that did not also rewrite the id and fingerprint, a change duplicated in the file, and a change whose
 * remediation does not fix the findings it claims.
 */
export function selfInconsistency(
  change: PlannedChange,
  remediations: ReadonlyMap<string, Remediation>,
  duplicateIds: ReadonlySet<string>,
): string | undefined {
  if (duplicateIds.has(change.id)) return "the plan lists this change more than once";
  if (change.id !== changeIdOf(change)) {
    return "its id does not match its remediation, account, region and resource";
  }
  if (
    typeof change.fingerprint !== "string" ||
    change.fingerprint !== fingerprint(change.before, change.calls)
  ) {
    return "its calls or recorded state do not match its fingerprint";
  }
  const remediation = remediations.get(change.remediationId);
  if (!remediation) return `remediation ${change.remediationId} does not exist`;
  for (const key of change.fixes) {
    if (key.accountId !== change.accountId) return "it claims to fix a finding of another account";
    if (!remediation.meta.fixes.includes(key.checkId)) {
      return `${change.remediationId} does not fix ${key.checkId}`;
    }
  }
  return undefined;
}

/** Ids that occur more than once in a plan: every copy is refused, since none can be told from the others. */
export function duplicateIds(changes: readonly PlannedChange[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const c of changes) (seen.has(c.id) ? twice : seen).add(c.id);
  return twice;
}

export type FreshVerdict =
  | { ok: true; change: PlannedChange }
  | { ok: false; reason: "tampered" | "gap-gone" | "state-changed"; detail?: string };

/**
 * A saved change judged against the fresh plan of its account. Only a change whose calls are identical to the
 * fresh plan's runs (and then the fresh calls are the ones sent). Where the state it was planned from is unchanged
 * but the calls differ, someone edited them: tampered. Where the state moved, it is stale.
 */
export function judgeAgainstFresh(
  saved: PlannedChange,
  fresh: readonly PlannedChange[],
  freshFindings: readonly Finding[],
): FreshVerdict {
  const now = fresh.find((c) => c.id === saved.id);
  if (!now) {
    // The gap is still there, but wirewatch would fix it with another change: the saved one was rewritten.
    const wanted = new Set(saved.fixes.map(findingKeyText));
    const other = fresh.find((c) => c.fixes.some((k) => wanted.has(findingKeyText(k))));
    if (other) return { ok: false, reason: "tampered", detail: `wirewatch plans ${other.id} for this gap` };
    // A gap that closed leaves its check's finding on the same resource behind (passing); a change that names
    // resources the account's checks never saw was written for somewhere else.
    const seen = saved.fixes.some((k) =>
      freshFindings.some(
        (f) =>
          f.checkId === k.checkId &&
          f.accountId === k.accountId &&
          f.region === k.region &&
          f.resource === k.resource,
      ),
    );
    if (!seen) {
      return { ok: false, reason: "tampered", detail: "none of the findings it fixes exist in its account" };
    }
    return { ok: false, reason: "gap-gone" };
  }
  const calls = firstDifference(saved.calls, now.calls, "calls");
  const state = firstDifference(saved.before, now.before, "before");
  if (state !== undefined) return { ok: false, reason: "state-changed", detail: state };
  if (calls !== undefined) return { ok: false, reason: "tampered", detail: `${calls} differs from the plan` };
  if (saved.action !== now.action) return { ok: false, reason: "tampered", detail: "action differs" };
  return { ok: true, change: now };
}

/** The canonical text a signature covers: the plan as written, without its signature. */
function signedText(plan: object): string {
  const { signature: _signature, ...rest } = plan as { signature?: unknown };
  return stableJson(rest);
}

export function signPlan(plan: object, key: string): PlanSignature {
  return {
    algorithm: SIGNATURE_ALGORITHM,
    value: createHmac("sha256", key).update(signedText(plan)).digest("hex"),
  };
}

export type SignatureCheck = "valid" | "unsigned" | "bad-signature";

/** Checks the plan file's JSON exactly as read (before validation drops anything) against the key. */
export function checkSignature(raw: unknown, key: string): SignatureCheck {
  if (!raw || typeof raw !== "object") return "unsigned";
  const signature = (raw as { signature?: unknown }).signature;
  if (signature === undefined) return "unsigned";
  const { algorithm, value } = (signature ?? {}) as { algorithm?: unknown; value?: unknown };
  if (algorithm !== SIGNATURE_ALGORITHM || typeof value !== "string" || !/^[0-9a-f]{64}$/.test(value)) {
    return "bad-signature";
  }
  const expected = Buffer.from(signPlan(raw, key).value, "hex");
  return timingSafeEqual(Buffer.from(value, "hex"), expected) ? "valid" : "bad-signature";
}
