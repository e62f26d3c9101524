/** `wirewatch history [finding-id]`: the recent scans of the scope with their counts, or one finding's timeline. */
import { UsageError } from "../errors.ts";
import { FINDING_ID_PATTERN } from "../report/finding-id.ts";
import { existsSync } from "node:fs";
import { outboxCounts } from "../store/outbox.ts";
import { describeStore, embeddedDir, StateStore } from "../store/store.ts";
import { loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";

export interface HistoryFlags {
  config?: string;
  limit?: string;
  json?: boolean;
}

export async function historyCommand(
  findingId: string | undefined,
  flags: HistoryFlags,
  io: Io,
): Promise<number> {
  const config = loadCommandConfig(flags.config);
  const limit = flags.limit === undefined ? 20 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError(`--limit must be an integer from 1 to 10000, not "${flags.limit}"`);
  }
  if (findingId !== undefined && !FINDING_ID_PATTERN.test(findingId)) {
    throw new UsageError(
      `"${findingId}" is not a finding id (<check-id>:<16 hex digits>, as in the JSON report)`,
    );
  }
  if (!config.state.enabled) throw new UsageError("the state store is disabled (state.enabled: false)");
  // Reading history never creates an embedded store where no scan was ever recorded.
  if (!config.state.url && !existsSync(embeddedDir(config.state, io.env))) {
    const where = describeStore(config.state, io.env);
    if (findingId !== undefined) {
      io.stderr.write(`wirewatch: no finding ${findingId}: no scans recorded (${where} does not exist)\n`);
      return 1;
    }
    if (flags.json) io.stdout.write(JSON.stringify({ scope: config.state.scope, scans: [] }, null, 2) + "\n");
    else io.stdout.write(`No scans recorded: ${where} does not exist.\n`);
    return 0;
  }
  const store = await StateStore.open(config.state, io.env);
  const scope = config.state.scope;
  try {
    if (findingId === undefined) {
      const scans = await store.listScans(scope, limit);
      const notifications = await outboxCounts(store.sql, scope);
      if (flags.json) {
        io.stdout.write(JSON.stringify({ scope, scans, notifications }, null, 2) + "\n");
        return 0;
      }
      io.stdout.write(`Scans of scope ${scope} (${store.where}), newest first:\n`);
      for (const s of scans) {
        if (!s.complete) {
          io.stdout.write(`  ${s.startedAt}  ${s.id}  not recorded completely (interrupted)\n`);
          continue;
        }
        io.stdout.write(
          `  ${s.startedAt}  ${s.id}  ${s.findings!.fail} failing, ${s.findings!.error} errors, ` +
            `${s.cells!.blind}/${s.cells!.total} blind; new ${s.drift!.new}, resolved ${s.drift!.resolved}, ` +
            `changed ${s.drift!.changed}, unknown ${s.drift!.unknown}${s.incompleteRead ? "; incomplete" : ""}\n`,
        );
      }
      if (scans.length === 0) io.stdout.write("  none recorded\n");
      for (const n of notifications) {
        io.stdout.write(
          `Notifications to ${n.channel}: ${n.delivered} delivered, ${n.pending} waiting` +
            `${n.lastError ? ` (last error: ${n.lastError})` : ""}\n`,
        );
      }
      return 0;
    }
    const finding = await store.finding(scope, findingId);
    if (!finding) {
      io.stderr.write(`wirewatch: no finding ${findingId} in scope ${scope}\n`);
      return 1;
    }
    const timeline = await store.timeline(scope, findingId);
    if (flags.json) {
      io.stdout.write(JSON.stringify({ scope, finding, timeline }, null, 2) + "\n");
      return 0;
    }
    io.stdout.write(
      `${findingId}: ${String(finding.checkId)} ${String(finding.accountId)} ${String(finding.region)} ` +
        `${String(finding.resource)}\n  now ${String(finding.status)}, first seen ${String(finding.firstSeen)}, ` +
        `last seen ${String(finding.lastSeen)}${finding.resolvedAt ? `, resolved ${String(finding.resolvedAt)}` : ""}\n`,
    );
    for (const t of timeline) {
      io.stdout.write(
        `  ${t.at}  ${t.kind.padEnd(8)} ${t.status} ${t.severity} ${t.messageId}${t.detail ? ` (${t.detail})` : ""}  scan ${t.scanId}\n`,
      );
      const e = t.attribution?.events[0];
      if (e)
        io.stdout.write(
          `      by ${e.principalArn ?? "an unknown principal"}: ${e.eventName} at ${e.eventTime}\n`,
        );
    }
    return 0;
  } finally {
    await store.close();
  }
}
