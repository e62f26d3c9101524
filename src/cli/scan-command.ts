/** `wirewatch scan`: scan the organization (or re-evaluate a saved inventory) and write the requested reports. */
import { FAIL_ON, type Config } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { formatsOf, runPipeline, toStdout, type ReportFlags } from "../scan/pipeline.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import { readBaselineReport } from "../drift/baseline.ts";
import { StateStore } from "../store/store.ts";
import type { Io } from "./io.ts";
import { requireWritableDir } from "./output-paths.ts";
import { parseShard, runLockName } from "../scan/shard.ts";

export { parseFormats } from "../scan/pipeline.ts";

export interface ScanFlags extends ReportFlags {
  saveInventory?: string;
  inventory?: string;
  baseline?: string;
  /** false with --no-store: neither read nor record the state store. */
  store?: boolean;
  /** `I/N`: scan one shard of the organization's accounts (src/scan/shard.ts). */
  shard?: string;
  /** The sharded scan this shard is part of (else $WIREWATCH_RUN_ID). */
  run?: string;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The run id a shard is part of: --run, else $WIREWATCH_RUN_ID; every shard of one scan must be given the same. */
export function runIdOf(run: string | undefined, env: NodeJS.ProcessEnv): string {
  const value = run ?? env.WIREWATCH_RUN_ID;
  if (value === undefined || value === "") {
    throw new UsageError(
      "--shard needs --run <id> (or WIREWATCH_RUN_ID): the id every shard of one scan shares, which merge checks",
    );
  }
  if (!RUN_ID.test(value)) {
    throw new UsageError(
      `--run "${value}": up to 128 letters, digits and . _ : - (starting with a letter or digit)`,
    );
  }
  return value;
}

/** Every path the scan will write, checked before it starts (src/cli/output-paths.ts). */
export async function checkOutputPaths(flags: ScanFlags, config: Config): Promise<void> {
  const formats = formatsOf(flags, config);
  if (toStdout(flags)) {
    if (formats.length !== 1 || formats[0] === "console") {
      throw new UsageError(
        `--output - writes one report format to stdout: name exactly one of json, sarif, junit, markdown, html, asff with --format (got ${formats.join(",")})`,
      );
    }
  } else if (formats.some((f) => f !== "console")) {
    const dir = flags.output ?? config.report.outputDir;
    await requireWritableDir(dir, flags.output !== undefined ? "--output" : "report.outputDir");
  }
  if (flags.saveInventory) await requireWritableDir(flags.saveInventory, "--save-inventory");
}

export async function scanCommand(flags: ScanFlags, io: Io): Promise<number> {
  if (flags.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(flags.failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${flags.failOn}"`);
  }
  if (flags.inventory && flags.saveInventory) {
    throw new UsageError(
      "--inventory re-evaluates a saved inventory; it cannot be combined with --save-inventory",
    );
  }
  if (flags.run !== undefined && flags.shard === undefined) {
    throw new UsageError("--run names the sharded scan a shard is part of: it needs --shard I/N");
  }
  const shard =
    flags.shard !== undefined
      ? { ...parseShard(flags.shard, io.env), runId: runIdOf(flags.run, io.env) }
      : undefined;
  if (shard && (flags.inventory || flags.saveInventory)) {
    // A saved inventory stands for the whole organization it lists; a shard reads only part of it.
    throw new UsageError(
      `--shard scans part of the organization; it cannot be combined with ${flags.inventory ? "--inventory" : "--save-inventory"}`,
    );
  }
  const config = loadCommandConfig(flags.config);
  await checkOutputPaths(flags, config);
  const logger = commandLogger(io);
  // Read before scanning: a bad baseline is a usage error, found before any AWS call.
  const baseline = flags.baseline ? await readBaselineReport(flags.baseline) : undefined;
  // A re-evaluated inventory is a replay, not a scan of now: it is never recorded.
  const useStore = config.state.enabled && flags.store !== false && !flags.inventory;
  // A shard records nothing (merge records the whole scan) but takes a lock of its own in a shared PostgreSQL:
  // the N shards of a scan run at once, two copies of one shard do not. An embedded store is one process's and
  // is not opened by a shard at all.
  const openStore = useStore && (!shard || config.state.url !== undefined);
  const lockName = runLockName(config.state.scope, shard);
  // Opened and locked before any AWS call: an unreachable store or a scan of the same scope running is exit 3.
  const store = openStore ? await StateStore.open(config.state, io.env) : undefined;
  try {
    await store?.lockScope(lockName);
  } catch (err) {
    await store?.close();
    throw err;
  }
  try {
    const result = await runPipeline({
      config,
      io,
      logger,
      report: flags,
      store: shard ? undefined : store,
      shard,
      baseline,
      inventory: flags.inventory,
      saveInventory: flags.saveInventory,
    });
    return result.exitCode;
  } finally {
    await store?.unlockScope(lockName).catch(() => undefined);
    await store?.close();
  }
}
