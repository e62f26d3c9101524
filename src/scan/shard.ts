/**
 * Shards: `wirewatch scan --shard I/N` scans the accounts whose id hashes to slice I of N. The slice is a function
 * of the account id and N alone (jump consistent hash of a 64-bit hash of the id), so shards started on different
 * machines agree without talking, an account added to the organization never moves another, and growing N moves
 * only the accounts the new slices take (about 1/N of them).
 */
import { createHash } from "node:crypto";
import { UsageError } from "../errors.ts";

export interface ShardSpec {
  /** 0-based, as Kubernetes' JOB_COMPLETION_INDEX and AWS Batch's AWS_BATCH_JOB_ARRAY_INDEX are. */
  index: number;
  count: number;
}

/** The most shards a scan may be cut into: far more than any organization's accounts need. */
export const MAX_SHARDS = 4096;

/** The first 8 bytes of the account id's SHA-256, as an unsigned 64-bit integer: the same on every machine. */
export function accountKey(accountId: string): bigint {
  return createHash("sha256").update(accountId, "utf8").digest().readBigUInt64BE(0);
}

const U64 = (1n << 64n) - 1n;

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014): the bucket
 * of `key` among `buckets`. Going from n to n+1 buckets moves exactly the keys that land in the new bucket.
 */
export function jumpHash(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  let k = key & U64;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & U64;
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/** The shard (0-based) an account belongs to among `count`. */
export function shardOf(accountId: string, count: number): number {
  return jumpHash(accountKey(accountId), count);
}

export const inShard = (accountId: string, shard: ShardSpec) =>
  shardOf(accountId, shard.count) === shard.index;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^\d+$/;

/**
 * Parses `--shard I/N` (I from 0 to N-1). I may instead name an environment variable holding it
 * (`--shard JOB_COMPLETION_INDEX/4`), so a Kubernetes manifest or an AWS Batch job definition passes the index its
 * engine sets without a shell to expand it.
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv): ShardSpec {
  const usage = `--shard takes I/N: this shard's index from 0 to N-1 (or the environment variable holding it) and the number of shards, e.g. 0/4 or JOB_COMPLETION_INDEX/4`;
  const m = /^([^/]+)\/([^/]+)$/.exec(value.trim());
  if (!m) throw new UsageError(`${usage}; got "${value}"`);
  const [, rawIndex, rawCount] = m as unknown as [string, string, string];
  if (!INTEGER.test(rawCount) || Number(rawCount) < 1 || Number(rawCount) > MAX_SHARDS) {
    throw new UsageError(`--shard ${value}: N must be a whole number from 1 to ${MAX_SHARDS}`);
  }
  const count = Number(rawCount);
  let indexText = rawIndex;
  if (!INTEGER.test(rawIndex)) {
    if (!ENV_NAME.test(rawIndex)) throw new UsageError(`${usage}; got "${value}"`);
    const fromEnv = env[rawIndex];
    if (fromEnv === undefined || fromEnv.trim() === "") {
      throw new UsageError(`--shard ${value}: the environment variable ${rawIndex} is not set`);
    }
    if (!INTEGER.test(fromEnv.trim())) {
      throw new UsageError(`--shard ${value}: ${rawIndex} is "${fromEnv}", not a shard index`);
    }
    indexText = fromEnv.trim();
  }
  const index = Number(indexText);
  if (index >= count) {
    throw new UsageError(
      `--shard ${value}: index ${index} is out of range; shards are numbered from 0 to ${count - 1}`,
    );
  }
  return { index, count };
}

/** `shard-I-of-N`: in file names and lock names. */
export const shardLabel = (shard: ShardSpec) => `shard-${shard.index}-of-${shard.count}`;

/**
 * The run lock a scan takes in the store: the scope's for a whole scan (and merge), a lock of its own for each
 * shard, so the N shards of a scan run at once while two copies of one shard, or two whole scans, do not.
 */
export const runLockName = (scope: string, shard?: ShardSpec) =>
  shard ? `${scope}#${shardLabel(shard)}` : scope;

/** A shard's report files sit side by side in one directory: `wirewatch-report.shard-0-of-4.json`, .... */
export function shardFileName(fileName: string, shard: ShardSpec): string {
  return fileName.replace(/^wirewatch-report/, `wirewatch-report.${shardLabel(shard)}`);
}

/** The JSON report a shard writes, as `wirewatch merge DIR` finds it. */
export const SHARD_JSON_REPORT = /^wirewatch-report\.shard-\d+-of-\d+\.json$/;

/** A stable form of a value for hashing: object keys sorted, so the digest does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
