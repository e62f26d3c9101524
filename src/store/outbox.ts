/**
 * The notification outbox in the state store. Items are written in the transaction that records their scan (so a
 * crash cannot lose one), keyed by scope, channel, scan, finding and kind (so a retry or a restart never delivers one
 * twice), and stay pending until a channel accepts them (so a failed delivery is retried on the next scan).
 */
import type { ItemAttribution, NotificationItem } from "../notify/item.ts";
import type { Sql } from "./sql.ts";

export interface PendingItem {
  channel: string;
  item: NotificationItem;
  attempts: number;
}

/** Queues each item for each channel that hears of it; an item already queued is left as it is. */
export async function enqueue(
  tx: Sql,
  scope: string,
  rows: { channel: string; item: NotificationItem }[],
  at: string,
): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await tx.query(
    `INSERT INTO notification_outbox (scope, created_at, channel, scan_id, finding_id, kind, severity, account_id, item)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT DO NOTHING`,
    [
      scope,
      at,
      col((r) => r.channel),
      col((r) => r.item.scanId),
      col((r) => r.item.findingId),
      col((r) => r.item.kind),
      col((r) => r.item.severity),
      col((r) => r.item.accountId),
      col((r) => JSON.stringify(r.item)),
    ],
  );
}

/**
 * Adds who opened each gap to the scan's transitions and to its items still waiting, once event history is read.
 */
export async function attachAttribution(
  sql: Sql,
  scope: string,
  scanId: string,
  found: ReadonlyMap<string, { stored: string; item: ItemAttribution }>,
): Promise<void> {
  if (found.size === 0) return;
  const ids = [...found.keys()];
  await sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE finding_transitions t SET attribution = u.attribution
         FROM unnest($3::text[], $4::text[]) AS u(finding_id, attribution)
        WHERE t.scope = $1 AND t.scan_id = $2 AND t.kind = 'new' AND t.finding_id = u.finding_id`,
      [scope, scanId, ids, ids.map((id) => found.get(id)!.stored)],
    );
    const waiting = await tx.query<{ channel: string; finding_id: string; item: string }>(
      `SELECT channel, finding_id, item FROM notification_outbox
        WHERE scope = $1 AND scan_id = $2 AND kind = 'new' AND delivered_at IS NULL AND finding_id = ANY($3::text[])`,
      [scope, scanId, ids],
    );
    if (waiting.length === 0) return;
    const items = waiting.map((w) => {
      const item = JSON.parse(w.item) as NotificationItem;
      return JSON.stringify({ ...item, attribution: found.get(w.finding_id)!.item });
    });
    await tx.query(
      `UPDATE notification_outbox o SET item = u.item
         FROM unnest($3::text[], $4::text[], $5::text[]) AS u(channel, finding_id, item)
        WHERE o.scope = $1 AND o.scan_id = $2 AND o.kind = 'new' AND o.channel = u.channel
          AND o.finding_id = u.finding_id`,
      [scope, scanId, waiting.map((w) => w.channel), waiting.map((w) => w.finding_id), items],
    );
  });
}

/** A channel's undelivered items, oldest first. */
export async function pending(
  sql: Sql,
  scope: string,
  channel: string,
  limit: number,
): Promise<PendingItem[]> {
  const rows = await sql.query<{ item: string; attempts: number }>(
    `SELECT item, attempts FROM notification_outbox
      WHERE scope = $1 AND channel = $2 AND delivered_at IS NULL
      ORDER BY created_at, scan_id, account_id, finding_id, kind LIMIT $3`,
    [scope, channel, limit],
  );
  return rows.map((r) => ({
    channel,
    item: JSON.parse(r.item) as NotificationItem,
    attempts: Number(r.attempts),
  }));
}

const keysOf = (items: readonly NotificationItem[]) => ({
  scans: items.map((i) => i.scanId),
  findings: items.map((i) => i.findingId),
  kinds: items.map((i) => i.kind),
});

/** Marks items delivered (attempts counted) or failed (attempts counted, the error kept for `history`). */
export async function markAttempt(
  sql: Sql,
  scope: string,
  channel: string,
  items: readonly NotificationItem[],
  attempts: number,
  outcome: { delivered: true; at: string } | { delivered: false; at: string; error: string },
): Promise<void> {
  if (items.length === 0) return;
  const k = keysOf(items);
  await sql.query(
    `UPDATE notification_outbox o SET attempts = o.attempts + $3, last_attempt_at = $4,
        delivered_at = CASE WHEN $5::boolean THEN $4::timestamptz ELSE NULL END,
        last_error = $6
       FROM unnest($7::text[], $8::text[], $9::text[]) AS u(scan_id, finding_id, kind)
      WHERE o.scope = $1 AND o.channel = $2 AND o.delivered_at IS NULL
        AND o.scan_id = u.scan_id AND o.finding_id = u.finding_id AND o.kind = u.kind`,
    [
      scope,
      channel,
      attempts,
      outcome.at,
      outcome.delivered,
      outcome.delivered ? null : outcome.error,
      k.scans,
      k.findings,
      k.kinds,
    ],
  );
}

/** Counts per channel of what waits and what was delivered, for `history` and the service's readiness. */
export async function outboxCounts(
  sql: Sql,
  scope: string,
): Promise<{ channel: string; pending: number; delivered: number; lastError: string | null }[]> {
  const rows = await sql.query<{
    channel: string;
    pending: unknown;
    delivered: unknown;
    last_error: string | null;
  }>(
    `SELECT channel,
            count(*) FILTER (WHERE delivered_at IS NULL) AS pending,
            count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
            (array_agg(last_error ORDER BY last_attempt_at DESC NULLS LAST)
               FILTER (WHERE delivered_at IS NULL AND last_error IS NOT NULL))[1] AS last_error
       FROM notification_outbox WHERE scope = $1 GROUP BY channel ORDER BY channel`,
    [scope],
  );
  return rows.map((r) => ({
    channel: r.channel,
    pending: Number(r.pending),
    delivered: Number(r.delivered),
    lastError: r.last_error,
  }));
}
