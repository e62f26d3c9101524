/**
 * A finding's identity: a hash of what the finding is about — check, account, region, resource, and a subject
 * where one check says several things of one resource (a target of a rule, a kind of failure) — never of its
 * message, counts or ages. The same finding has the same id across scans, shards and report formats, like
 * SARIF's partialFingerprints
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html#_Toc34317626)
 * and Security Hub's finding Id (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html).
 * Pure: suppressions, drift, the store, SARIF and notifications all call this one function.
 */
import { createHash } from "node:crypto";

export interface FindingIdentity {
  checkId: string;
  accountId: string;
  /** "global" for account-scoped findings. */
  region: string;
  resource: string;
  /** What inside the resource the finding is about, when one check reports several things of one resource. */
  subject?: string;
}

/** Bumped only if the hashed parts ever change meaning; every stored id would change with it. */
const ID_SCHEME = "wirewatch-finding-1";
const HASH_CHARS = 16;

/** `<checkId>:<16 hex digits of sha256>`, e.g. `cloudtrail.multi-region-logging:3f9a2c1b7d4e5f60`. */
export function findingId(f: FindingIdentity): string {
  const parts = [ID_SCHEME, f.checkId, f.accountId, f.region, f.resource, f.subject ?? ""];
  // JSON keeps the parts unambiguous whatever characters a resource contains.
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, HASH_CHARS);
  return `${f.checkId}:${hash}`;
}

/** The shape of an id, for validating user input such as `wirewatch history <finding-id>`. */
export const FINDING_ID_PATTERN = /^[a-z0-9][a-z0-9.-]*:[0-9a-f]{16}$/;

/**
 * Ids unique within one scan. A check that reports one resource twice without a subject is a bug in the check;
 * rather than merge two findings, the later ones get their message id (then their position) as subject, which is
 * deterministic for the same inventory.
 */
export function assignUniqueIds<T extends FindingIdentity & { id: string; messageId: string }>(
  findings: T[],
): T[] {
  const seen = new Set<string>();
  for (const f of findings) {
    for (let n = 0; seen.has(f.id); n++) {
      f.id = findingId({ ...f, subject: `duplicate/${f.messageId}/${n}` });
    }
    seen.add(f.id);
  }
  return findings;
}
