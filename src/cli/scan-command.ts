/** `wirewatch scan`: scan the organization (or re-evaluate a saved inventory) and write the requested reports. */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKS } from "../../checks/index.ts";
import { layerForCommand, type AwsLayer } from "../aws/layer.ts";
import { attributeNewFindings } from "../collect/attribution.ts";
import { externalIdFor } from "../config/load.ts";
import { FAIL_ON, REPORT_FORMATS, type Config, type FailOn, type ReportFormat } from "../config/schema.ts";
import { EXIT, UsageError } from "../errors.ts";
import { renderConsole } from "../report/console.ts";
import { fitMarkdown, renderMarkdown } from "../report/markdown.ts";
import { FILE_WRITERS } from "../report/writers.ts";
import { writerContext } from "./writer-context.ts";
import type { ScanReport } from "../report/model.ts";
import { exitCodeFor } from "../report/build.ts";
import { evaluateSavedInventory, runScan } from "../scan/run.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import { readBaselineReport } from "../drift/baseline.ts";
import { StateStore } from "../store/store.ts";
import { computeDrift, priorFromReport, withDrift, type DriftResult } from "../drift/compute.ts";
import { diffAndRecord } from "../store/record.ts";
import { interruptible } from "./interrupt.ts";
import type { Io } from "./io.ts";
import { requireWritableDir, writeOrKeep } from "./output-paths.ts";
import { progressPrinter } from "./progress.ts";

const FORMATS = REPORT_FORMATS;
type Format = ReportFormat;

export function parseFormats(value: string): Format[] {
  const formats = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (formats.length === 0) {
    throw new UsageError(`--format names no report format (known: ${FORMATS.join(", ")})`);
  }
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown report format "${f}" in --format (known: ${FORMATS.join(", ")})`);
    }
  }
  return [...new Set(formats)] as Format[];
}

export interface ScanFlags {
  config?: string;
  format?: string;
  output?: string;
  failOn?: string;
  saveInventory?: string;
  inventory?: string;
  baseline?: string;
  /** false with --no-store: neither read nor record the state store. */
  store?: boolean;
}

/** `--output -`: the one chosen format goes to stdout instead of a file. */
const toStdout = (flags: ScanFlags) => flags.output === "-";

/** Writes the requested report formats and returns the exit code. */
export async function emitReport(
  report: ScanReport,
  config: Config,
  flags: ScanFlags,
  io: Io,
): Promise<number> {
  const formats = formatsOf(flags, config);
  const outputDir = flags.output ?? config.report.outputDir;
  const ctx = writerContext(config, flags.config);
  let kept = true;
  for (const format of formats) {
    if (format === "console") continue;
    const writer = FILE_WRITERS[format];
    const text = writer.render(report, ctx);
    if (toStdout(flags)) io.stdout.write(text);
    else {
      const label = `${format === "json" ? "JSON" : format === "sarif" ? "SARIF" : format === "junit" ? "JUnit" : "Markdown"} report`;
      const written = await writeOrKeep(join(outputDir, writer.fileName), text, io, label);
      if (written.fallback) kept = false;
    }
  }
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile && config.report.stepSummary) {
    // GitHub gives each step its own summary file; appending keeps what an earlier command of the step wrote.
    try {
      await appendFile(summaryFile, fitMarkdown(renderMarkdown(report)));
    } catch (err) {
      io.stderr.write(`wirewatch: job summary not written to ${summaryFile}: ${(err as Error).message}\n`);
    }
  }
  if (formats.includes("console")) {
    io.stdout.write(
      renderConsole(report, {
        color: io.stdout.isTTY === true && !io.env.NO_COLOR,
        // A terminal that reports no size (0) or a very narrow one still gets readable lines.
        width: Math.max(60, Math.min(io.stdout.columns || 100, 100)),
      }),
    );
  }
  const failOn = (flags.failOn ?? config.scan.failOn) as FailOn;
  const code = exitCodeFor(report, failOn);
  // A report not where it was asked for is not a clean run, whatever the scan found.
  return kept ? code : Math.max(code, EXIT.incomplete);
}

const formatsOf = (flags: ScanFlags, config: Config) =>
  flags.format !== undefined ? parseFormats(flags.format) : config.report.formats;

/** Every path the scan will write, checked before it starts (src/cli/output-paths.ts). */
async function checkOutputPaths(flags: ScanFlags, config: Config): Promise<void> {
  const formats = formatsOf(flags, config);
  if (toStdout(flags)) {
    if (formats.length !== 1 || formats[0] === "console") {
      throw new UsageError(
        `--output - writes one report format to stdout: name exactly one of json, sarif, junit, markdown with --format (got ${formats.join(",")})`,
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
    return await scanAndRecord(flags, config, io, logger, baseline, store);
  } finally {
    await store?.unlockScope(config.state.scope).catch(() => undefined);
    await store?.close();
  }
}

async function scanAndRecord(
  flags: ScanFlags,
  config: Config,
  io: Io,
  logger: ReturnType<typeof commandLogger>,
  baseline: ScanReport | undefined,
  store: StateStore | undefined,
): Promise<number> {
  let report: ScanReport;
  // Kept open past the scan: attribution reads event history with the same roles, pacing and counters.
  let layer: AwsLayer | undefined;
  let interrupted = false;
  if (flags.inventory) {
    report = await evaluateSavedInventory(flags.inventory, config, CHECKS, undefined, logger);
  } else {
    layer = layerForCommand(config.aws, io.env);
    const scanLayer = layer;
    const progress = progressPrinter(io, logger);
    try {
      report = await interruptible(async (signal) => {
        const r = await runScan({
          config,
          layer: scanLayer,
          checks: CHECKS,
          saveInventoryDir: flags.saveInventory,
          onProgress: progress.update,
          logger,
          env: io.env,
          signal,
        });
        if (signal.aborted) {
          interrupted = true;
          const skipped = r.scope.accounts.filter((a) => a.skipReason === "interrupted").length;
          progress.done();
          io.stderr.write(
            `wirewatch: interrupted (${String(signal.reason)}): ${skipped} accounts not scanned; ` +
              `the report is incomplete\n`,
          );
        }
        return r;
      });
    } catch (err) {
      layer.close();
      throw err;
    } finally {
      progress.done();
    }
  }
  try {
    return await recordAndReport(flags, config, io, report, baseline, store, interrupted ? undefined : layer);
  } finally {
    layer?.close();
  }
}

async function recordAndReport(
  flags: ScanFlags,
  config: Config,
  io: Io,
  scanned: ScanReport,
  baseline: ScanReport | undefined,
  store: StateStore | undefined,
  layer: AwsLayer | undefined,
): Promise<number> {
  let report = scanned;
  let recordFailed = false;
  let fromStore: DriftResult | null = null;
  if (store) {
    // A signal now lets the recording finish (one transaction, quick) and the reports be written; a second exits.
    const recorded = await interruptible(() =>
      diffAndRecord(store, config.state.scope, report, config.state.retentionDays),
    );
    fromStore = recorded.result;
    if (recorded.error) {
      // What was found is still reported; the store keeps its previous state.
      recordFailed = true;
      io.stderr.write(
        `wirewatch: recording the scan in the ${store.where} failed: ${recorded.error.message}\n`,
      );
    }
  }
  // The store records its own drift, so its state stays whole; the report shows the baseline's when given.
  const shown = baseline ? computeDrift(report, priorFromReport(baseline)) : fromStore;
  if (shown) report = withDrift(report, shown);
  if (layer) {
    const role = config.roles.audit;
    const spec = {
      name: role.name,
      sessionName: role.sessionName,
      durationSeconds: role.durationSeconds,
      externalId: externalIdFor(role, io.env),
    };
    const drifted = report;
    try {
      report = await interruptible((signal) =>
        attributeNewFindings(layer, spec, drifted, config.aws.homeRegion, { signal }),
      );
    } catch (err) {
      // Each lookup's failure is on its finding; this is the unforeseen kind. The findings are reported regardless.
      io.stderr.write(
        `wirewatch: attributing the new findings failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
  }
  const code = await emitReport(report, config, flags, io);
  return recordFailed ? Math.max(code, EXIT.incomplete) : code;
}
