/**
 * A shard's report and `wirewatch merge`: the N reports of one sharded scan become the one report an unsharded
 * scan of the same organization would have given (findings, coverage, summary), or are refused when they cannot:
 * a shard missing or given twice, reports of different scans, settings or organizations, or a report edited or
 * damaged since it was written. Pure but for reading the files.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config/schema.ts";
import type { Discovery, ScopedAccount } from "../discover/accounts.ts";
import type { Check, Finding } from "../engine/check.ts";
import { InputError, UsageError } from "../errors.ts";
import { buildReport } from "../report/build.ts";
import { REPORT_VERSION, reportSchema, type ReportFinding, type ScanReport } from "../report/model.ts";
import { SHARD_JSON_REPORT, canonicalJson, sha256, shardOf } from "./shard.ts";

/**
 * The settings a scan's findings depend on. Shards of one scan must agree on them, and so must the merge, which
 * applies the suppressions and records into state.scope.
 */
export function configDigest(config: Config): string {
  return sha256(
    canonicalJson({
      organization: config.organization,
      auditRole: config.roles.audit.name,
      regions: config.regions,
      homeRegion: config.aws.homeRegion,
      baseline: config.baseline,
      disabledChecks: [...config.scan.disabledChecks].sort(),
      accountBudgetMs: config.scan.accountBudgetMs,
      suppressions: config.suppressions,
      scope: config.state.scope,
    }),
  );
}

/**
 * The digest of a report as JSON, without its own `shard.digest`: its canonical JSON hashed a top-level field and a
 * finding at a time, so a large shard's report is never one string (V8 caps a string's length).
 */
function digestOf(json: unknown): string {
  const hash = createHash("sha256");
  const top = json as Record<string, unknown>;
  for (const key of Object.keys(top).sort()) {
    let value = top[key];
    if (value === undefined) continue;
    if (key === "shard" && value && typeof value === "object") {
      const { digest: _digest, ...rest } = value as Record<string, unknown>;
      value = rest;
    }
    hash.update(`${JSON.stringify(key)}:`);
    if (key === "findings" && Array.isArray(value)) {
      hash.update("[");
      for (const f of value) hash.update(`${canonicalJson(f)},`);
      hash.update("]");
    } else hash.update(canonicalJson(value));
    hash.update(";");
  }
  return hash.digest("hex");
}

/** Sets a shard report's digest over exactly what is written (after drift and suppression lines are added). */
export function sealShardReport(report: ScanReport): ScanReport {
  if (!report.shard) return report;
  return { ...report, shard: { ...report.shard, digest: digestOf(report) } };
}

export interface ShardFile {
  file: string;
  report: ScanReport;
}

/** The shard reports `merge` was given: JSON files, or directories holding `wirewatch-report.shard-I-of-N.json`. */
export async function readShardReports(paths: readonly string[]): Promise<ShardFile[]> {
  if (paths.length === 0) {
    throw new UsageError("merge needs the shard reports: a directory holding them, or the JSON files");
  }
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (err) {
      throw new InputError(`${p}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const found = (await readdir(p)).filter((f) => SHARD_JSON_REPORT.test(f)).sort();
    if (found.length === 0) {
      throw new InputError(`${p}: holds no shard report (wirewatch-report.shard-I-of-N.json)`);
    }
    files.push(...found.map((f) => join(p, f)));
  }
  const out: ShardFile[] = [];
  for (const file of [...new Set(files)]) out.push({ file, report: await readShardReport(file) });
  return out;
}

async function readShardReport(file: string): Promise<ScanReport> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    const why = err instanceof SyntaxError ? `not JSON (${err.message})` : `cannot be read (${String(err)})`;
    throw new InputError(`${file}: ${why}`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== REPORT_VERSION) {
    throw new InputError(
      `${file}: a report of version ${JSON.stringify(version)}; this wirewatch merges shard reports of version ${REPORT_VERSION}`,
    );
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `${file}: not a wirewatch report: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  if (!parsed.data.shard) {
    throw new InputError(
      `${file}: the report of a whole scan, not of a shard (scan --shard I/N writes those)`,
    );
  }
  if (digestOf(json) !== parsed.data.shard.digest) {
    throw new InputError(`${file}: edited or damaged since it was written (its digest does not match)`);
  }
  return parsed.data;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Names up to a few items of a list, for messages. */
const some = (items: readonly string[], max = 5) =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

/** A finding as evaluation gave it: what a scan's history (drift, attribution) added is the merge's to add again. */
function asEvaluated(f: ReportFinding): Finding {
  const { firstSeen: _firstSeen, lastSeen: _lastSeen, attribution: _attribution, ...finding } = f;
  return finding;
}

/** Refuses, naming both files, when two shards disagree on something one scan shares. */
function requireSame(shards: readonly ShardFile[], what: string, value: (r: ScanReport) => unknown): void {
  const first = shards[0]!;
  const expected = canonicalJson(value(first.report));
  for (const s of shards.slice(1)) {
    if (canonicalJson(value(s.report)) !== expected) {
      throw new InputError(
        `the shard reports are of different scans: ${s.file} and ${first.file} differ in ${what}`,
      );
    }
  }
}

/**
 * Combines the N shard reports of one sharded scan into the report of the whole scan: findings and coverage are
 * the union (each shard's accounts are its own), the summary and the suppressions' matches are computed again as
 * a scan computes them, stats are summed, and the scan runs from the first shard's start to the last one's end.
 */
export function mergeShardReports(
  shards: readonly ShardFile[],
  config: Config,
  checks: readonly Check[],
): ScanReport {
  if (shards.length === 0) throw new UsageError("merge needs the shard reports");
  const info = (s: ShardFile) => s.report.shard!;
  requireSame(shards, "the number of shards", (r) => r.shard!.count);
  requireSame(shards, "the run id (--run)", (r) => r.shard!.runId);
  requireSame(shards, "the organization", (r) => [r.scope.organizationId, r.scope.managementAccountId]);
  requireSame(shards, "their settings (configuration)", (r) => r.shard!.configDigest);
  requireSame(shards, "the wirewatch version", (r) => r.tool.version);
  requireSame(shards, "the checks run", (r) => r.scope.checks);
  requireSame(shards, "where they read from", (r) => r.scope.source);
  requireSame(
    shards,
    "the accounts discovered (the organization changed between shards: run them again)",
    (r) => r.scope.accounts.map((a) => a.id).sort(),
  );
  const first = shards[0]!;
  const count = info(first).count;
  const runId = info(first).runId;
  const byIndex = new Map<number, ShardFile>();
  for (const s of shards) {
    const twice = byIndex.get(info(s).index);
    if (twice) {
      throw new InputError(
        `shard ${info(s).index} of ${count} of run ${runId} is given twice: ${twice.file} and ${s.file}`,
      );
    }
    byIndex.set(info(s).index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new InputError(
      `run ${runId} is incomplete: shard${missing.length > 1 ? "s" : ""} ${some(missing.map(String))} of ${count} ` +
        `missing (have ${some([...byIndex.keys()].sort((a, b) => a - b).map(String))})`,
    );
  }
  if (info(first).configDigest !== configDigest(config)) {
    throw new UsageError(
      `the shards of run ${runId} were scanned with other settings than this merge's configuration ` +
        "(organization, regions, baseline, disabled checks, suppressions or state.scope differ): merge with the shards' --config",
    );
  }
  const enabled = checks.map((c) => c.meta.id);
  if (canonicalJson(enabled) !== canonicalJson(first.report.scope.checks)) {
    throw new UsageError(`the shards of run ${runId} ran other checks than this wirewatch would`);
  }
  // Each account's shard, hashed once however many findings it has.
  const slices = new Map<string, number>();
  const sliceOf = (id: string) => {
    let slice = slices.get(id);
    if (slice === undefined) slices.set(id, (slice = shardOf(id, count)));
    return slice;
  };
  // Each shard reports on its own accounts only: anything else is a report of another slicing, or edited.
  for (const s of shards) {
    const index = info(s).index;
    const foreign = new Set<string>();
    for (const a of s.report.scope.accounts) if (a.scanned && sliceOf(a.id) !== index) foreign.add(a.id);
    for (const f of s.report.findings) if (sliceOf(f.accountId) !== index) foreign.add(f.accountId);
    for (const c of s.report.coverage) if (sliceOf(c.accountId) !== index) foreign.add(c.accountId);
    if (foreign.size > 0) {
      throw new InputError(
        `${s.file}: shard ${index} of ${count} reports on accounts of other shards (${some([...foreign].sort())})`,
      );
    }
  }
  // Each account as the shard it belongs to states it (scanned, or why not).
  const scopes = new Map(
    shards.map((s) => [info(s).index, new Map(s.report.scope.accounts.map((a) => [a.id, a]))] as const),
  );
  const accounts: ScopedAccount[] = first.report.scope.accounts.map(({ id }) => {
    const a = scopes.get(sliceOf(id))!.get(id)!;
    return {
      id,
      ...(a.name !== null ? { name: a.name } : {}),
      state: a.state,
      scanned: a.scanned,
      ...(a.skipReason !== null ? { skipReason: a.skipReason as ScopedAccount["skipReason"] } : {}),
    };
  });
  const other = accounts.find((a) => a.skipReason === "other-shard");
  if (other) {
    throw new InputError(
      `${byIndex.get(sliceOf(other.id))!.file}: does not scan its own account ${other.id}`,
    );
  }
  const discovery: Discovery = {
    ...(first.report.scope.organizationId !== null
      ? { organizationId: first.report.scope.organizationId }
      : {}),
    ...(first.report.scope.managementAccountId !== null
      ? { managementAccountId: first.report.scope.managementAccountId }
      : {}),
    accounts,
  };
  const apiCalls: ScanReport["stats"]["apiCalls"] = {};
  for (const s of shards) {
    for (const [k, c] of Object.entries(s.report.stats.apiCalls)) {
      const sum = (apiCalls[k] ??= { calls: 0, throttles: 0, retries: 0, errors: 0 });
      sum.calls += c.calls;
      sum.throttles += c.throttles;
      sum.retries += c.retries;
      sum.errors += c.errors;
    }
  }
  const starts = shards.map((s) => s.report.startedAt).sort(byCode);
  const ends = shards.map((s) => s.report.finishedAt).sort(byCode);
  return buildReport({
    discovery,
    results: shards.map((s) => ({
      findings: s.report.findings.map(asEvaluated),
      coverage: s.report.coverage,
    })),
    checks,
    startedAt: new Date(starts[0]!),
    finishedAt: new Date(ends.at(-1)!),
    source: first.report.scope.source,
    apiCalls: Object.fromEntries(Object.entries(apiCalls).sort(([a], [b]) => byCode(a, b))),
    suppressions: config.suppressions,
  });
}
