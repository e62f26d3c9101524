/**
 * `wirewatch merge DIR|FILES...`: the N shard reports of one sharded scan (`scan --shard I/N`) merged into the
 * report of the whole scan, then recorded, compared and reported exactly as `scan` does after scanning.
 */
import { CHECKS } from "../../checks/index.ts";
import { FAIL_ON } from "../config/schema.ts";
import { readBaselineReport } from "../drift/baseline.ts";
import { UsageError } from "../errors.ts";
import { runPipeline, type ReportFlags } from "../scan/pipeline.ts";
import { enabledChecks } from "../scan/run.ts";
import { mergeShardReports, readShardReports } from "../scan/shard-report.ts";
import { StateStore } from "../store/store.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";
import { checkOutputPaths } from "./scan-command.ts";

export interface MergeFlags extends ReportFlags {
  baseline?: string;
  /** false with --no-store. */
  store?: boolean;
}

export async function mergeCommand(paths: string[], flags: MergeFlags, io: Io): Promise<number> {
  if (flags.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(flags.failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${flags.failOn}"`);
  }
  const config = loadCommandConfig(flags.config);
  await checkOutputPaths(flags, config);
  const logger = commandLogger(io);
  // Everything that can refuse the merge is read before the store is touched: a refused set records nothing.
  const shards = await readShardReports(paths);
  const merged = mergeShardReports(shards, config, enabledChecks(CHECKS, config));
  const baseline = flags.baseline ? await readBaselineReport(flags.baseline) : undefined;
  const useStore = config.state.enabled && flags.store !== false;
  // The scope's run lock, as scan takes it: a merge and a whole scan of one scope never record at once.
  const store = useStore ? await StateStore.open(config.state, io.env) : undefined;
  try {
    await store?.lockScope(config.state.scope);
  } catch (err) {
    await store?.close();
    throw err;
  }
  try {
    logger.info(
      { run: shards[0]!.report.shard!.runId, shards: shards.length, findings: merged.findings.length },
      "merged shard reports",
    );
    const result = await runPipeline({ config, io, logger, report: flags, store, baseline, merged });
    return result.exitCode;
  } finally {
    await store?.unlockScope(config.state.scope).catch(() => undefined);
    await store?.close();
  }
}
