/**
 * An org-wide scan: discover -> (per account, bounded concurrency) assume role -> collect -> evaluate -> release.
 * The management account goes first so the organization trails it owns are read once and shared with every
 * member. Memory follows the accounts in flight: an account's inventory is dropped once evaluated (or written to
 * --save-inventory as it completes); only findings, coverage cells and organization-trail details are kept.
 */
import pLimit from "p-limit";
import {
  unlookedInventory,
  INVENTORY_UNREADABLE,
  SCAN_INTERRUPTED,
  type AccountInventory,
  type TrailDetail,
} from "../inventory/model.ts";
import { DiscoveryError } from "../errors.ts";
import { collectAccount } from "../collect/account.ts";
import type { AwsLayer } from "../aws/layer.ts";
import { externalIdFor } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { discoverAccounts, type Discovery } from "../discover/accounts.ts";
import type { Check, EvaluationInput, Finding } from "../engine/check.ts";
import { coverageFor } from "../engine/coverage.ts";
import { evaluateAccount } from "../engine/evaluate.ts";
import { applySuppressions } from "../engine/suppress.ts";
import { buildReport, type AccountResult } from "../report/build.ts";
import type { ScanReport } from "../report/model.ts";
import { InventoryWriter, listInventoryFiles, loadAccountInventory, readScope } from "./inventory-store.ts";
import type { Logger } from "../log.ts";
import { inShard, type ShardSpec } from "./shard.ts";
import { configDigest } from "./shard-report.ts";

export interface ScanProgress {
  accountsDone: number;
  accountsTotal: number;
  calls: number;
  throttles: number;
}

export interface ScanOptions {
  config: Config;
  layer: AwsLayer;
  checks: readonly Check[];
  saveInventoryDir?: string;
  onProgress?(p: ScanProgress): void;
  now?: () => Date;
  logger?: Logger;
  /** The environment ExternalIds are read from; the process's when absent. */
  env?: NodeJS.ProcessEnv;
  /** Called with each account's findings while its inventory is still in memory (planning uses it). */
  onAccount?(findings: readonly Finding[], input: EvaluationInput): void;
  /**
   * Interruption: once aborted no new account starts; accounts in flight get scan.gracePeriodSeconds to finish,
   * then are abandoned. Every account not scanned is an error finding, so the report says what it lacks.
   */
  signal?: AbortSignal;
  /**
   * Scan only the accounts of this shard (src/scan/shard.ts). The report says so (`shard`) and lists the other
   * shards' accounts as not scanned ("other-shard"), so it is never taken for a whole organization's scan.
   */
  shard?: ShardSpec & { runId: string };
}

/** Resolves true when `work` settles, false when `signal` aborts and `graceMs` more pass first. */
function settledWithinGrace(work: Promise<unknown>, signal: AbortSignal | undefined, graceMs: number) {
  return new Promise<boolean>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve(false), graceMs);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    work.then(
      () => {
        finish();
        resolve(true);
      },
      (err: unknown) => {
        finish();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** An account the scan never read because it was interrupted (the reason is the signal's name). */
export function interruptedInventory(accountId: string, reason: string): AccountInventory {
  const error = {
    service: "wirewatch",
    operation: "ScanAccount",
    code: SCAN_INTERRUPTED,
    message: reason,
    resource: accountId,
  };
  return unlookedInventory(accountId, error);
}

const reasonOf = (signal: AbortSignal): string =>
  typeof signal.reason === "string" ? signal.reason : "interrupted";

/** Organization trails' details, read once in the owner account and shared with every member. */
export class OrgTrailIndex {
  private readonly details = new Map<string, TrailDetail>();

  addFrom(inv: AccountInventory): void {
    const orgArns = new Set<string>();
    for (const r of Object.values(inv.regions)) {
      if (r.trails.ok) for (const t of r.trails.value) if (t.isOrganizationTrail) orgArns.add(t.arn);
    }
    for (const arn of orgArns) {
      const d = inv.trailDetails[arn];
      if (d && d.ownerAccountId === inv.accountId) this.details.set(arn, d);
    }
  }

  get(arn: string): TrailDetail | undefined {
    return this.details.get(arn);
  }
}

function evaluateInventory(
  inv: AccountInventory,
  index: OrgTrailIndex,
  config: Config,
  checks: readonly Check[],
  now: Date,
  onAccount?: ScanOptions["onAccount"],
  /** The day suppressions are judged on: today, even when a saved inventory is evaluated at its collection time. */
  suppressAt: Date = now,
): AccountResult {
  const input: EvaluationInput = {
    inventory: inv,
    trailDetail: (arn) => inv.trailDetails[arn] ?? index.get(arn),
    baseline: config.baseline,
    now,
  };
  const evaluated = evaluateAccount(checks, input, { budgetMs: config.scan.accountBudgetMs });
  // Suppressed before planning sees them: a muted finding is never remediated.
  const findings = applySuppressions(evaluated, config.suppressions, suppressAt);
  onAccount?.(findings, input);
  return {
    findings,
    // Coverage is what is wired, muted or not: a suppressed gap still leaves its path blind.
    coverage: coverageFor(inv.accountId, Object.keys(inv.regions).sort(), evaluated, checks),
  };
}

/**
 * One account, start to finish: assume the audit role, collect, share organization trails, save the inventory if
 * asked, evaluate. The inventory is returned for callers that need it (apply re-verification) and otherwise
 * dropped by the caller.
 */
export async function collectAndEvaluate(
  layer: AwsLayer,
  config: Config,
  checks: readonly Check[],
  index: OrgTrailIndex,
  accountId: string,
  accountName: string | undefined,
  opts: {
    externalId?: string;
    writer?: InventoryWriter;
    logger?: Logger;
    now?: () => Date;
    onAccount?: ScanOptions["onAccount"];
  } = {},
): Promise<{ inventory: AccountInventory; result: AccountResult }> {
  const role = config.roles.audit;
  const clients = layer.assume(accountId, {
    name: role.name,
    sessionName: role.sessionName,
    durationSeconds: role.durationSeconds,
    externalId: opts.externalId,
  });
  try {
    const inv = await collectAccount(clients, {
      accountId,
      accountName,
      regions: config.regions,
      roleArn: await layer.roleArn(accountId, role.name),
      knownTrailDetail: (arn) => index.get(arn),
      baselineLogGroup: { name: config.baseline.cloudtrail.logGroup, homeRegion: config.aws.homeRegion },
    });
    index.addFrom(inv);
    // The org.account-reachable finding reports it to the user; a warning too would say it twice on the console.
    if (!inv.access.ok) opts.logger?.info({ accountId, error: inv.access.error }, "audit role not assumable");
    opts.logger?.debug({ accountId, regions: Object.keys(inv.regions).length }, "account collected");
    await opts.writer?.writeAccount(inv);
    const now = opts.now ?? (() => new Date());
    return { inventory: inv, result: evaluateInventory(inv, index, config, checks, now(), opts.onAccount) };
  } finally {
    clients.close();
  }
}

export function enabledChecks(checks: readonly Check[], config: Config): readonly Check[] {
  return checks.filter((c) => !config.scan.disabledChecks.includes(c.meta.id));
}

/** Management account first: it owns the organization trails members rely on. */
function orderAccounts(discovery: Discovery) {
  const scanned = discovery.accounts.filter((a) => a.scanned);
  return [
    ...scanned.filter((a) => a.id === discovery.managementAccountId),
    ...scanned.filter((a) => a.id !== discovery.managementAccountId),
  ];
}

export async function runScan(opts: ScanOptions): Promise<ScanReport> {
  const { config, layer } = opts;
  const now = opts.now ?? (() => new Date());
  const started = now();
  const checks = enabledChecks(opts.checks, config);
  const log = opts.logger;
  const { signal } = opts;
  const graceMs = config.scan.gracePeriodSeconds * 1000;
  const discovering = discoverAccounts(layer, config);
  if (!(await settledWithinGrace(discovering, signal, graceMs))) {
    discovering.catch(() => undefined);
    throw new DiscoveryError(
      `interrupted (${signal ? reasonOf(signal) : "interrupted"}) before the organization was discovered`,
    );
  }
  const discovery = await discovering;
  log?.info(
    {
      organizationId: discovery.organizationId,
      accounts: discovery.accounts.length,
      scanned: discovery.accounts.filter((a) => a.scanned).length,
    },
    "discovered accounts",
  );
  const writer = opts.saveInventoryDir ? new InventoryWriter(opts.saveInventoryDir) : undefined;
  await writer?.writeScope(discovery);
  const externalId = externalIdFor(config.roles.audit, opts.env);
  const index = new OrgTrailIndex();
  const results: AccountResult[] = [];
  const { shard } = opts;
  const all = orderAccounts(discovery);
  const ordered = shard ? all.filter((a) => inShard(a.id, shard)) : all;
  // A shard without the management account still reads it first, reporting nothing of it: the organization
  // trails it owns are judged there and credited to this shard's members exactly as an unsharded scan does.
  const head = all[0];
  const reference =
    shard && head && head.id === discovery.managementAccountId && !inShard(head.id, shard) ? head : undefined;
  let done = 0;
  const progress = () => {
    const t = layer.totals();
    opts.onProgress?.({
      accountsDone: done,
      accountsTotal: ordered.length,
      calls: t.calls,
      throttles: t.throttles,
    });
  };

  const completed = new Set<string>();
  let abandoned = false;
  const scanOne = async (account: (typeof ordered)[number]) => {
    // Interrupted: start nothing new.
    if (signal?.aborted) return;
    try {
      const { result } = await collectAndEvaluate(layer, config, checks, index, account.id, account.name, {
        externalId,
        writer,
        logger: log,
        now,
        onAccount: abandoned ? undefined : opts.onAccount,
      });
      if (!abandoned) {
        results.push(result);
        completed.add(account.id);
      }
    } catch (err) {
      if (!abandoned) throw err;
    } finally {
      done += 1;
      if (!abandoned) progress();
    }
  };

  const work = (async () => {
    if (reference && !signal?.aborted) {
      await collectAndEvaluate(layer, config, checks, index, reference.id, reference.name, {
        externalId,
        logger: log,
        now,
      });
    }
    const [first, ...rest] = ordered;
    if (first && first.id === discovery.managementAccountId) await scanOne(first);
    const limit = pLimit(config.aws.accountConcurrency);
    const remaining = first && first.id === discovery.managementAccountId ? rest : ordered;
    await Promise.all(remaining.map((a) => limit(() => scanOne(a))));
  })();
  if (!(await settledWithinGrace(work, signal, graceMs))) {
    // The grace period ran out: abandon what is still in flight, and report it as not scanned.
    abandoned = true;
    work.catch(() => undefined);
  }
  const notScanned = new Set(ordered.filter((a) => !completed.has(a.id)).map((a) => a.id));
  if (signal?.aborted) {
    const reason = reasonOf(signal);
    for (const id of [...notScanned].sort()) {
      results.push(evaluateInventory(interruptedInventory(id, reason), index, config, checks, now()));
    }
    log?.warn({ signal: reason, notScanned: [...notScanned].sort() }, "scan interrupted");
  }

  log?.info({ ...layer.totals() }, "scan finished");
  const report = buildReport({
    discovery: markNotScanned(shard ? markOtherShards(discovery, shard) : discovery, notScanned, signal),
    results,
    checks,
    startedAt: started,
    finishedAt: now(),
    source: "aws",
    apiCalls: layer.apiStats(),
    suppressions: config.suppressions,
  });
  if (!shard) return report;
  // The digest is set when the report is written (src/scan/shard-report.ts), over what is written.
  const info = { ...shard, configDigest: configDigest(config), digest: "" };
  return { ...report, shard: info };
}

/** A shard's discovery: the accounts other shards scan are in scope, not scanned here. */
function markOtherShards(discovery: Discovery, shard: ShardSpec): Discovery {
  return {
    ...discovery,
    accounts: discovery.accounts.map((a) =>
      a.scanned && !inShard(a.id, shard) ? { ...a, scanned: false, skipReason: "other-shard" as const } : a,
    ),
  };
}

/** Re-evaluates a saved inventory directory without calling AWS. */
export async function evaluateSavedInventory(
  dir: string,
  config: Config,
  allChecks: readonly Check[],
  now: () => Date = () => new Date(),
  logger?: Logger,
): Promise<ScanReport> {
  const started = now();
  const checks = enabledChecks(allChecks, config);
  const discovery = await readScope(dir);
  const files = await listInventoryFiles(dir);
  // Every account discovery meant to scan, whether or not its file made it, then any extra files.
  const ids = [
    ...new Set([
      ...discovery.accounts.filter((a) => a.scanned).map((a) => a.id),
      ...files.map((f) => f.replace(/\.json$/, "")),
    ]),
  ].sort();
  const mgmt = discovery.managementAccountId;
  const ordered = [...ids.filter((id) => id === mgmt), ...ids.filter((id) => id !== mgmt)];
  const index = new OrgTrailIndex();
  const results: AccountResult[] = [];
  for (const id of ordered) {
    const inv = await loadAccountInventory(dir, id);
    if (!inv.access.ok && inv.access.error.code === INVENTORY_UNREADABLE) {
      logger?.warn({ accountId: id, error: inv.access.error }, "saved inventory unreadable");
    }
    index.addFrom(inv);
    // Evaluate at the time of collection, so delivery windows mean what they meant then.
    results.push(
      evaluateInventory(inv, index, config, checks, new Date(inv.collectedAt), undefined, started),
    );
  }
  return buildReport({
    discovery,
    results,
    checks,
    startedAt: started,
    finishedAt: now(),
    source: "inventory",
    apiCalls: {},
    suppressions: config.suppressions,
  });
}

/** The discovery as the report states it: accounts an interruption kept from being scanned say so. */
function markNotScanned(discovery: Discovery, notScanned: Set<string>, signal?: AbortSignal): Discovery {
  if (notScanned.size === 0 || !signal) return discovery;
  return {
    ...discovery,
    accounts: discovery.accounts.map((a) =>
      notScanned.has(a.id) ? { ...a, scanned: false, skipReason: "interrupted" as const } : a,
    ),
  };
}
