/**
 * The state store: every scan of a scope, each open finding's first seen / last seen / resolved at with its
 * transitions, and each coverage cell's changes. Only transitions are written: a finding open and unchanged since
 * the last scan costs one batched last_seen update, not a copy. A scan is recorded in one transaction, so a crash
 * leaves the previous state whole and the next scan diffs against the last complete one.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Config } from "../config/schema.ts";
import { factsOf, type DriftResult, type PriorFinding, type PriorState } from "../drift/compute.ts";
import { UsageError } from "../errors.ts";
import type { Attribution, ScanReport } from "../report/model.ts";
import { migrate } from "./migrate.ts";
import type { Sql } from "./sql.ts";

/** The store could not be opened, migrated or locked. Exit 3: nothing was scanned. */
export class StoreError extends UsageError {
  override name = "StoreError";
}

export type StateConfig = Config["state"];

/**
 * The embedded store's directory: state.dir, else `state` under the data directory ($WIREWATCH_DATA_DIR, else
 * $XDG_DATA_HOME/wirewatch per the XDG base directory specification, else ~/.local/share/wirewatch).
 */
export function embeddedDir(state: StateConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (state.dir !== null) return resolve(state.dir);
  const data =
    env.WIREWATCH_DATA_DIR ||
    (env.XDG_DATA_HOME
      ? join(env.XDG_DATA_HOME, "wirewatch")
      : join(env.HOME || homedir(), ".local/share/wirewatch"));
  return resolve(data, "state");
}

/** Where the store is, for messages (never with a password). */
export function describeStore(state: StateConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (!state.url) return `embedded store ${embeddedDir(state, env)}`;
  const u = new URL(state.url);
  return `PostgreSQL ${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

export async function openSql(state: StateConfig, env: NodeJS.ProcessEnv): Promise<Sql> {
  if (state.url) {
    const password = state.passwordEnv ? env[state.passwordEnv] : undefined;
    if (state.passwordEnv && password === undefined) {
      throw new StoreError(`state.passwordEnv names ${state.passwordEnv}, which is not set`);
    }
    const { openPostgres } = await import("./postgres.ts");
    return openPostgres({ url: state.url, password, tls: state.tls });
  }
  const dir = embeddedDir(state, env);
  mkdirSync(dir, { recursive: true });
  const { openPglite } = await import("./pglite.ts");
  return openPglite(dir);
}

/** One embedded store is one process's: PGlite has no server to arbitrate between processes. */
function lockDirectory(dir: string): () => void {
  const file = join(dir, "wirewatch.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readFileSync(file, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreError(`embedded store ${resolve(dir)} is in use by process ${pid}`);
      }
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new StoreError(`embedded store ${resolve(dir)}: cannot take its lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface ScanRow {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  complete: boolean;
  source: string;
  incompleteRead: boolean | null;
  accounts: { total: number; scanned: number; unreachable: number } | null;
  findings: { fail: number; error: number; pass: number } | null;
  cells: { total: number; blind: number; unknown: number } | null;
  drift: { new: number; resolved: number; changed: number; unknown: number; stillOpen: number } | null;
}

export interface TransitionRow {
  scanId: string;
  at: string;
  kind: string;
  status: string;
  severity: string;
  messageId: string;
  detail: string | null;
  /** Who opened the gap (the report's attribution), on `new` transitions once event history was read. */
  attribution: Attribution | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/** Hashes a scope into the 64-bit key of its run lock. */
const RUN_LOCK_SQL = "hashtextextended('wirewatch-run:' || $1, 0)";

export class StateStore {
  private constructor(
    readonly sql: Sql,
    readonly where: string,
    private readonly unlockDir: () => void,
  ) {}

  /** Opens (and migrates) the configured store; any failure is a StoreError naming the store. */
  static async open(state: StateConfig, env: NodeJS.ProcessEnv = process.env): Promise<StateStore> {
    const where = describeStore(state, env);
    let unlockDir = () => undefined as void;
    let sql: Sql | undefined;
    try {
      if (!state.url) {
        const dir = embeddedDir(state, env);
        mkdirSync(dir, { recursive: true });
        unlockDir = lockDirectory(dir);
      }
      sql = await openSql(state, env);
      await migrate(sql);
      return new StateStore(sql, where, unlockDir);
    } catch (err) {
      await sql?.close().catch(() => undefined);
      unlockDir();
      if (err instanceof StoreError) throw err;
      throw new StoreError(`${where} is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Session-level advisory lock of the scope: a second scheduler of the same scope is refused. */
  async lockScope(scope: string): Promise<void> {
    const [row] = await this.sql.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(${RUN_LOCK_SQL}) AS locked`,
      [scope],
    );
    if (!row?.locked) throw new StoreError(`another wirewatch is scanning scope "${scope}" (${this.where})`);
  }

  async unlockScope(scope: string): Promise<void> {
    await this.sql.query(`SELECT pg_advisory_unlock(${RUN_LOCK_SQL})`, [scope]);
  }

  /** The scan row, marked incomplete until recordScan commits: an interrupted scan is seen as such. */
  async beginScan(scope: string, scanId: string, startedAt: string, source: string): Promise<void> {
    await this.sql.query("INSERT INTO scans (id, scope, started_at, source) VALUES ($1, $2, $3, $4)", [
      scanId,
      scope,
      startedAt,
      source,
    ]);
  }

  /** Open findings as of the last complete scan (unknown ones keep their last known status). */
  async priorState(scope: string): Promise<PriorState> {
    const [last] = await this.sql.query<{ id: string; started_at: unknown }>(
      "SELECT id, started_at FROM scans WHERE scope = $1 AND complete ORDER BY started_at DESC LIMIT 1",
      [scope],
    );
    const rows = await this.sql.query<Record<string, string | Date | null>>(
      `SELECT id, check_id, account_id, region, resource, message_id, severity, status, facts, first_seen
         FROM findings WHERE scope = $1 AND status IN ('fail', 'error')`,
      [scope],
    );
    const open = new Map<string, PriorFinding>();
    for (const r of rows) {
      open.set(String(r.id), {
        ref: {
          id: String(r.id),
          checkId: String(r.check_id),
          accountId: String(r.account_id),
          region: String(r.region),
          resource: String(r.resource),
          messageId: String(r.message_id),
          severity: r.severity as PriorFinding["ref"]["severity"],
          status: r.status as PriorFinding["ref"]["status"],
        },
        firstSeen: iso(r.first_seen),
        facts: r.facts === null ? null : String(r.facts),
      });
    }
    return {
      baseline: last ? { scanId: last.id, startedAt: iso(last.started_at), source: "store" } : null,
      open,
    };
  }

  /** Records a finished scan and its drift in one transaction; the scan is complete when it commits. */
  async recordScan(
    scope: string,
    report: ScanReport,
    result: DriftResult,
    /** Runs inside the recording's transaction (the notification outbox), so both commit or neither does. */
    alsoInTransaction?: (tx: Sql) => Promise<void>,
  ): Promise<void> {
    const now = report.startedAt;
    const { drift } = result;
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    await this.sql.transaction(async (tx) => {
      const upserts = [...drift.new, ...drift.changed].map((r) => byId.get(r.id)!);
      if (upserts.length > 0) {
        const col = <K extends keyof (typeof upserts)[number]>(k: K) => upserts.map((f) => f[k]);
        const newIds = new Set(drift.new.map((r) => r.id));
        await tx.query(
          `INSERT INTO findings (scope, id, check_id, account_id, region, resource, message_id, severity, status,
                                 facts, first_seen, last_seen)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                    $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
           ON CONFLICT (scope, id) DO UPDATE SET
             check_id = EXCLUDED.check_id, account_id = EXCLUDED.account_id, region = EXCLUDED.region,
             resource = EXCLUDED.resource, message_id = EXCLUDED.message_id, severity = EXCLUDED.severity,
             status = EXCLUDED.status, facts = EXCLUDED.facts, last_seen = EXCLUDED.last_seen,
             first_seen = CASE WHEN findings.status = 'resolved' THEN EXCLUDED.first_seen ELSE findings.first_seen END,
             resolved_at = NULL, unknown_since = NULL`,
          [
            scope,
            col("id"),
            col("checkId"),
            col("accountId"),
            col("region"),
            col("resource"),
            col("messageId"),
            col("severity"),
            col("status"),
            upserts.map((f) => factsOf(f.evidence)),
            upserts.map((f) => (newIds.has(f.id) ? now : (result.firstSeen.get(f.id) ?? now))),
            upserts.map(() => now),
          ],
        );
      }
      if (drift.stillOpen.length > 0) {
        await tx.query(
          "UPDATE findings SET last_seen = $2, unknown_since = NULL WHERE scope = $1 AND id = ANY($3::text[])",
          [scope, now, drift.stillOpen.map((s) => s.id)],
        );
      }
      if (drift.resolved.length > 0) {
        await tx.query(
          "UPDATE findings SET status = 'resolved', resolved_at = $2, unknown_since = NULL WHERE scope = $1 AND id = ANY($3::text[])",
          [scope, now, drift.resolved.map((r) => r.id)],
        );
      }
      // An unknown finding keeps its status; a transition is written when it becomes unknown, not every scan.
      const becameUnknown = drift.unknown.length
        ? (
            await tx.query<{ id: string }>(
              `UPDATE findings SET unknown_since = $2
                WHERE scope = $1 AND id = ANY($3::text[]) AND unknown_since IS NULL RETURNING id`,
              [scope, now, drift.unknown.map((u) => u.id)],
            )
          ).map((r) => r.id)
        : [];
      const unknownIds = new Set(becameUnknown);
      const transitions = [
        ...drift.new.map((r) => ({ r, kind: "new", detail: null as string | null })),
        ...drift.changed.map((r) => ({
          r,
          kind: "changed",
          detail: r.changes.map((c) => c.field).join(","),
        })),
        ...drift.resolved.map((r) => ({ r, kind: "resolved", detail: null })),
        ...drift.unknown
          .filter((u) => unknownIds.has(u.id))
          .map((r) => ({ r, kind: "unknown", detail: r.reason })),
      ];
      if (transitions.length > 0) {
        await tx.query(
          `INSERT INTO finding_transitions (scope, scan_id, at, finding_id, kind, status, severity, message_id, detail)
           SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
          [
            scope,
            report.scanId,
            now,
            transitions.map((t) => t.r.id),
            transitions.map((t) => t.kind),
            transitions.map((t) =>
              t.kind === "resolved" ? "resolved" : (byId.get(t.r.id)?.status ?? t.r.status),
            ),
            transitions.map((t) => byId.get(t.r.id)?.severity ?? t.r.severity),
            transitions.map((t) => byId.get(t.r.id)?.messageId ?? t.r.messageId),
            transitions.map((t) => t.detail),
          ],
        );
      }
      await this.recordCoverage(tx, scope, report);
      await alsoInTransaction?.(tx);
      const s = report.summary;
      const cellsUnknown = report.coverage.filter((c) =>
        Object.values(c.paths).some((p) => p === "unknown"),
      ).length;
      const updated = await tx.query(
        `UPDATE scans SET finished_at = $3, complete = true, incomplete_read = $4,
           accounts_total = $5, accounts_scanned = $6, accounts_unreachable = $7,
           findings_fail = $8, findings_error = $9, findings_pass = $10,
           cells_total = $11, cells_blind = $12, cells_unknown = $13,
           drift_new = $14, drift_resolved = $15, drift_changed = $16, drift_unknown = $17, drift_still_open = $18
         WHERE scope = $1 AND id = $2 RETURNING id`,
        [
          scope,
          report.scanId,
          report.finishedAt,
          s.incomplete,
          s.accounts.total,
          s.accounts.scanned,
          s.accounts.unreachable,
          s.findings.fail,
          s.findings.error,
          s.findings.pass,
          report.coverage.length,
          s.blindCells,
          cellsUnknown,
          drift.counts.new,
          drift.counts.resolved,
          drift.counts.changed,
          drift.counts.unknown,
          drift.counts.stillOpen,
        ],
      );
      if (updated.length === 0) throw new Error(`scan ${report.scanId} was not begun in scope ${scope}`);
    });
  }

  private async recordCoverage(tx: Sql, scope: string, report: ScanReport): Promise<void> {
    const rows = await tx.query<{ account_id: string; region: string; paths: string; latency: string }>(
      "SELECT account_id, region, paths, latency FROM coverage_cells WHERE scope = $1",
      [scope],
    );
    const known = new Map(rows.map((r) => [`${r.account_id}|${r.region}`, `${r.paths}|${r.latency}`]));
    const changed = report.coverage.filter((c) => {
      const paths = JSON.stringify(c.paths);
      return known.get(`${c.accountId}|${c.region}`) !== `${paths}|${c.latency}`;
    });
    if (changed.length === 0) return;
    const cols = [
      changed.map((c) => c.accountId),
      changed.map((c) => c.region),
      changed.map((c) => JSON.stringify(c.paths)),
      changed.map((c) => c.latency),
    ];
    await tx.query(
      `INSERT INTO coverage_cells (scope, since, account_id, region, paths, latency)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (scope, account_id, region) DO UPDATE SET paths = EXCLUDED.paths, latency = EXCLUDED.latency,
         since = EXCLUDED.since`,
      [scope, report.startedAt, ...cols],
    );
    await tx.query(
      `INSERT INTO coverage_changes (scope, scan_id, at, account_id, region, paths, latency)
       SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[])`,
      [scope, report.scanId, report.startedAt, ...cols],
    );
  }

  /** Deletes scans older than the retention (never the last complete one) and findings resolved before it. */
  async prune(scope: string, retentionDays: number, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    return this.sql.transaction(async (tx) => {
      const keep = await tx.query<{ id: string }>(
        "SELECT id FROM scans WHERE scope = $1 AND complete ORDER BY started_at DESC LIMIT 1",
        [scope],
      );
      const gone = await tx.query<{ id: string }>(
        "DELETE FROM scans WHERE scope = $1 AND started_at < $2 AND id <> ALL($3::text[]) RETURNING id",
        [scope, cutoff, keep.map((k) => k.id)],
      );
      const ids = gone.map((g) => g.id);
      if (ids.length > 0) {
        await tx.query("DELETE FROM coverage_changes WHERE scope = $1 AND scan_id = ANY($2::text[])", [
          scope,
          ids,
        ]);
      }
      await tx.query(
        `DELETE FROM finding_transitions t USING findings f
          WHERE t.scope = $1 AND f.scope = $1 AND t.finding_id = f.id AND f.status = 'resolved' AND f.resolved_at < $2`,
        [scope, cutoff],
      );
      // Delivered notifications are history; undelivered ones are kept, however old, until a channel takes them.
      await tx.query("DELETE FROM notification_outbox WHERE scope = $1 AND delivered_at < $2", [
        scope,
        cutoff,
      ]);
      await tx.query("DELETE FROM findings WHERE scope = $1 AND status = 'resolved' AND resolved_at < $2", [
        scope,
        cutoff,
      ]);
      return ids.length;
    });
  }

  /**
   * Keeps the embedded store small. PGlite runs PostgreSQL in one process, with no autovacuum worker and no
   * checkpointer: without this, the rows each scan rewrites (every open finding's last_seen) stay as dead tuples and
   * the write-ahead log grows by segments of 16 MiB until max_wal_size (1 GiB). A PostgreSQL server does both itself.
   * https://www.postgresql.org/docs/current/routine-vacuuming.html, https://www.postgresql.org/docs/current/wal-configuration.html
   */
  async compact(): Promise<void> {
    if (this.sql.backend !== "pglite") return;
    // One statement each: VACUUM refuses to run inside a transaction block, which a multi-statement exec is.
    for (const table of ["findings", "coverage_cells", "scans", "notification_outbox"]) {
      await this.sql.query(`VACUUM ${table}`);
    }
    await this.sql.query("CHECKPOINT");
  }

  async listScans(scope: string, limit: number): Promise<ScanRow[]> {
    const rows = await this.sql.query<Record<string, unknown>>(
      "SELECT * FROM scans WHERE scope = $1 ORDER BY started_at DESC LIMIT $2",
      [scope, limit],
    );
    const n = (v: unknown) => Number(v);
    return rows.map((r) => ({
      id: String(r.id),
      startedAt: iso(r.started_at),
      finishedAt: isoOrNull(r.finished_at),
      complete: r.complete === true,
      source: String(r.source),
      incompleteRead: r.incomplete_read === null ? null : r.incomplete_read === true,
      accounts: r.complete
        ? {
            total: n(r.accounts_total),
            scanned: n(r.accounts_scanned),
            unreachable: n(r.accounts_unreachable),
          }
        : null,
      findings: r.complete
        ? { fail: n(r.findings_fail), error: n(r.findings_error), pass: n(r.findings_pass) }
        : null,
      cells: r.complete
        ? { total: n(r.cells_total), blind: n(r.cells_blind), unknown: n(r.cells_unknown) }
        : null,
      drift: r.complete
        ? {
            new: n(r.drift_new),
            resolved: n(r.drift_resolved),
            changed: n(r.drift_changed),
            unknown: n(r.drift_unknown),
            stillOpen: n(r.drift_still_open),
          }
        : null,
    }));
  }

  async finding(scope: string, id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      "SELECT * FROM findings WHERE scope = $1 AND id = $2",
      [scope, id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      checkId: row.check_id,
      accountId: row.account_id,
      region: row.region,
      resource: row.resource,
      messageId: row.message_id,
      severity: row.severity,
      status: row.status,
      firstSeen: iso(row.first_seen),
      lastSeen: iso(row.last_seen),
      resolvedAt: isoOrNull(row.resolved_at),
      unknownSince: isoOrNull(row.unknown_since),
    };
  }

  async timeline(scope: string, id: string): Promise<TransitionRow[]> {
    const rows = await this.sql.query<Record<string, unknown>>(
      "SELECT * FROM finding_transitions WHERE scope = $1 AND finding_id = $2 ORDER BY at, kind",
      [scope, id],
    );
    return rows.map((r) => ({
      scanId: String(r.scan_id),
      at: iso(r.at),
      kind: String(r.kind),
      status: String(r.status),
      severity: String(r.severity),
      messageId: String(r.message_id),
      detail: r.detail === null ? null : String(r.detail),
      attribution:
        r.attribution === null || r.attribution === undefined
          ? null
          : (JSON.parse(String(r.attribution)) as Attribution),
    }));
  }

  async close(): Promise<void> {
    try {
      await this.sql.close();
    } finally {
      this.unlockDir();
    }
  }
}
