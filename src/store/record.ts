/** Diffs a finished scan against the store's last complete scan of its scope, then records it and prunes. */
import { computeDrift, type DriftResult } from "../drift/compute.ts";
import type { ScanReport } from "../report/model.ts";
import type { Sql } from "./sql.ts";
import type { StateStore } from "./store.ts";

export interface Recorded {
  /** Drift against the store, or null when even the previous state could not be read. */
  result: DriftResult | null;
  /** Why the scan is not (completely) recorded; the scan's findings are reported all the same. */
  error: Error | null;
}

/** Never throws: a store failing after the scan must not lose what the scan found. */
export async function diffAndRecord(
  store: StateStore,
  scope: string,
  report: ScanReport,
  retentionDays: number,
  /** Written in the recording's transaction, with the drift just computed (the notification outbox). */
  alsoRecord?: (tx: Sql, result: DriftResult) => Promise<void>,
): Promise<Recorded> {
  let result: DriftResult | null = null;
  try {
    result = computeDrift(report, await store.priorState(scope));
    await store.beginScan(scope, report.scanId, report.startedAt, report.scope.source);
    const drift = result;
    await store.recordScan(scope, report, drift, alsoRecord && ((tx) => alsoRecord(tx, drift)));
    await store.prune(scope, retentionDays, new Date(report.startedAt));
    await store.compact();
    return { result, error: null };
  } catch (err) {
    return { result, error: err instanceof Error ? err : new Error(String(err)) };
  }
}
