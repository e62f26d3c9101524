/**
 * The notification steps of a recorded scan: queue its drift in the recording's transaction, attach who opened
 * each gap once event history is read, then deliver what every channel has waiting.
 */
import type { Config } from "../config/schema.ts";
import { withDrift, type DriftResult } from "../drift/compute.ts";
import type { ScanReport } from "../report/model.ts";
import { attachAttribution, enqueue } from "../store/outbox.ts";
import type { Sql } from "../store/sql.ts";
import type { StateStore } from "../store/store.ts";
import { deliverPending, type ChannelOutcome, type DeliverDeps } from "./deliver.ts";
import { channelsFor, driftItems, itemAttribution, type ItemAttribution } from "./item.ts";

/** The hook diffAndRecord runs in its transaction: one outbox row per drift item and channel that hears of it. */
export function outboxWriter(config: Config, report: ScanReport) {
  const channels = config.notifications.channels;
  return async (tx: Sql, result: DriftResult): Promise<void> => {
    if (channels.length === 0) return;
    const scope = config.state.scope;
    const rows = driftItems(scope, withDrift(report, result)).flatMap((item) =>
      channelsFor(item, channels).map((channel) => ({ channel, item })),
    );
    await enqueue(tx, scope, rows, report.startedAt);
  };
}

/** Keeps who opened each new gap with its transition and its waiting notifications. */
export async function recordAttribution(store: StateStore, scope: string, report: ScanReport): Promise<void> {
  const found = new Map<string, { stored: string; item: ItemAttribution }>();
  for (const f of report.findings) {
    if (f.attribution) {
      found.set(f.id, { stored: JSON.stringify(f.attribution), item: itemAttribution(f.attribution) });
    }
  }
  await attachAttribution(store.sql, scope, report.scanId, found);
}

/** Delivers what waits; never throws (an outcome says what failed). */
export async function deliverNotifications(
  store: StateStore,
  config: Config,
  deps: DeliverDeps,
): Promise<ChannelOutcome[]> {
  if (config.notifications.channels.length === 0) return [];
  return deliverPending(store.sql, config.state.scope, config.notifications, deps);
}
