/** `wirewatch scan`: scan the organization (or re-evaluate a saved inventory) and write the requested reports. */
import { FAIL_ON, type Config } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { formatsOf, runPipeline, toStdout, type ReportFlags } from "../scan/pipeline.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import { readBaselineReport } from "../drift/baseline.ts";
import { StateStore } from "../store/store.ts";
import type { Io } from "./io.ts";
import { requireWritableDir } from "./output-paths.ts";

export { parseFormats } from "../scan/pipeline.ts";

export interface ScanFlags extends ReportFlags {
  saveInventory?: string;
  inventory?: string;
  baseline?: string;
  /** false with --no-store: neither read nor record the state store. */
  store?: boolean;
}

/** Every path the scan will write, checked before it starts (src/cli/output-paths.ts). */
async function checkOutputPaths(flags: ScanFlags, config: Config): Promise<void> {
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
  const config = loadCommandConfig(flags.config);
  await checkOutputPaths(flags, config);
  const logger = commandLogger(io);
  // Read before scanning: a bad baseline is a usage error, found before any AWS call.
  const baseline = flags.baseline ? await readBaselineReport(flags.baseline) : undefined;
  // A re-evaluated inventory is a replay, not a scan of now: it is never recorded.
  const useStore = config.state.enabled && flags.store !== false && !flags.inventory;
  // Opened and locked before any AWS call: an unreachable store or a scan of the same scope running is exit 3.
  const store = useStore ? await StateStore.open(config.state, io.env) : undefined;
  try {
    await store?.lockScope(config.state.scope);
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
      store,
      baseline,
      inventory: flags.inventory,
      saveInventory: flags.saveInventory,
    });
    return result.exitCode;
  } finally {
    await store?.unlockScope(config.state.scope).catch(() => undefined);
    await store?.close();
  }
}
