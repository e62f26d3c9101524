/**
 * The scan pipeline every scheduler of a scan shares (`wirewatch scan` once, `wirewatch serve` on a schedule): scan
 * the organization (or re-evaluate a saved inventory), record it in the state store, compute drift, attribute the new
 * findings from CloudTrail event history, write the requested reports, and derive the exit code. It returns what
 * happened as data so a caller can report it its own way (an exit code, metrics, a readiness probe).
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKS } from "../../checks/index.ts";
import { layerForCommand, type AwsLayer } from "../aws/layer.ts";
import { attributeNewFindings } from "../collect/attribution.ts";
import { configAnchors } from "../config/anchors.ts";
import { externalIdFor } from "../config/load.ts";
import {
  REPORT_FORMATS,
  channelName,
  type Config,
  type FailOn,
  type ReportFormat,
} from "../config/schema.ts";
import { computeDrift, priorFromReport, withDrift, type DriftResult } from "../drift/compute.ts";
import { EXIT, UsageError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { exitCodeFor } from "../report/build.ts";
import { renderConsole } from "../report/console.ts";
import { fitMarkdown, renderMarkdown } from "../report/markdown.ts";
import type { ScanReport } from "../report/model.ts";
import { chunksOf, type HistoryPoint } from "../report/writer.ts";
import { FILE_WRITERS } from "../report/writers.ts";
import { publishToTopic } from "../aws/publish.ts";
import type { ChannelOutcome } from "../notify/deliver.ts";
import { deliverNotifications, outboxWriter, recordAttribution } from "../notify/notify.ts";
import { diffAndRecord } from "../store/record.ts";
import type { StateStore } from "../store/store.ts";
import { interruptible } from "../cli/interrupt.ts";
import type { Io } from "../cli/io.ts";
import { writeChunks, writeOrKeep } from "../cli/output-paths.ts";
import { progressPrinter } from "../cli/progress.ts";
import { writerContext } from "../cli/writer-context.ts";
import { evaluateSavedInventory, runScan, type ScanOptions } from "./run.ts";
import { shardFileName } from "./shard.ts";
import { sealShardReport } from "./shard-report.ts";

/** Where and how the reports of a scan are written; the `scan` command's flags of the same names. */
export interface ReportFlags {
  /** The config file, which SARIF results are anchored to. */
  config?: string;
  format?: string;
  output?: string;
  failOn?: string;
}

/** What a notification channel did with what waited for it (src/notify/deliver.ts). */
export type NotificationOutcome = ChannelOutcome;

export interface PipelineInput {
  config: Config;
  /** stdout for console and `--output -` reports, stderr for messages, env for credentials and ExternalIds. */
  io: Io;
  logger: Logger;
  report: ReportFlags;
  /** Record the scan here and take drift from it; none with --no-store, a disabled store, or a replay. */
  store?: StateStore;
  /** Show drift against this earlier report instead of the store's. */
  baseline?: ScanReport;
  /** Re-evaluate this saved inventory directory instead of calling AWS. */
  inventory?: string;
  saveInventory?: string;
  /** Each account's findings while its inventory is in memory (the service plans remediation from it). */
  onAccount?: ScanOptions["onAccount"];
  /** Scan one shard (`scan --shard I/N`): its report is a part for `merge`, never recorded or announced. */
  shard?: ScanOptions["shard"];
  /** `wirewatch merge`: the shards' merged report, recorded and reported as if this pipeline had scanned it. */
  merged?: ScanReport;
}

export interface PipelineResult {
  /** The report as written: with drift and attribution when there were any. */
  report: ScanReport;
  exitCode: number;
  /** The store could not record the scan; it keeps its previous state, and the exit code is at least 2. */
  recordFailed: boolean;
  /** A signal stopped the scan part-way; the report is incomplete. */
  interrupted: boolean;
  /** One entry a channel, in the order they were tried; empty when none is configured. */
  notifications: NotificationOutcome[];
}

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

/** `--output -`: the one chosen format goes to stdout instead of a file. */
export const toStdout = (flags: ReportFlags) => flags.output === "-";

export const formatsOf = (flags: ReportFlags, config: Config) =>
  flags.format !== undefined ? parseFormats(flags.format) : config.report.formats;

const FORMAT_LABEL: Record<Exclude<Format, "console">, string> = {
  json: "JSON",
  sarif: "SARIF",
  junit: "JUnit",
  markdown: "Markdown",
  html: "HTML",
  asff: "ASFF",
};

/** The store's recorded scans of the scope for the HTML report's trend, oldest first; none when unreadable. */
async function historyOf(store: StateStore, scope: string): Promise<HistoryPoint[]> {
  try {
    const scans = await store.listScans(scope, HISTORY_SCANS);
    return scans
      .filter((s) => s.complete && s.cells)
      .reverse()
      .map((s) => ({
        scanId: s.id,
        startedAt: s.startedAt,
        blind: s.cells!.blind,
        unknown: s.cells!.unknown,
        total: s.cells!.total,
      }));
  } catch {
    // The trend is a view; a store that cannot list its scans leaves it out rather than the report.
    return [];
  }
}

/** Scans the HTML report's trend shows. */
const HISTORY_SCANS = 60;

/** Writes the requested report formats and returns the exit code. */
export async function emitReport(
  scanned: ScanReport,
  config: Config,
  flags: ReportFlags,
  io: Io,
  logger?: Logger,
  history?: HistoryPoint[],
): Promise<number> {
  const formats = formatsOf(flags, config);
  const outputDir = flags.output ?? config.report.outputDir;
  const ctx = { ...writerContext(config, flags.config), ...(history ? { history } : {}) };
  // A shard's report is sealed over what is written, so merge can tell it was not edited since.
  const report = sealShardReport(withSuppressionLines(scanned, flags.config));
  warnStaleSuppressions(report, logger);
  let kept = true;
  for (const format of formats) {
    if (format === "console") continue;
    const writer = FILE_WRITERS[format];
    const text = () => chunksOf(writer, report, ctx);
    if (toStdout(flags)) await writeChunks(io.stdout, text());
    else {
      const label = `${FORMAT_LABEL[format]} report`;
      // The shards of one scan may share an output directory: each writes files of its own name.
      const fileName = report.shard ? shardFileName(writer.fileName, report.shard) : writer.fileName;
      const written = await writeOrKeep(join(outputDir, fileName), text, io, label);
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

/** Each suppression's line in the config file, so SARIF and the console can point at it. */
function withSuppressionLines(report: ScanReport, configFile: string | undefined): ScanReport {
  if (!report.suppressions || !configFile) return report;
  const anchors = configAnchors(configFile);
  return {
    ...report,
    suppressions: report.suppressions.map((s) => {
      const line = anchors.suppressionLine(s.index);
      return line !== undefined ? { ...s, line } : s;
    }),
  };
}

/**
 * Expired and unused suppressions are warned of whatever the format, so mutes nobody needs are removed rather than
 * left to hide the next gap that happens to match them.
 */
function warnStaleSuppressions(report: ScanReport, logger: Logger | undefined): void {
  for (const s of report.suppressions ?? []) {
    const where = {
      suppression: s.index,
      ...(s.line !== undefined ? { line: s.line } : {}),
      reason: s.reason,
    };
    if (s.state === "expired")
      logger?.warn(
        { ...where, expires: s.expires, findings: s.matched },
        `suppression ${s.index} expired on ${s.expires}: its ${s.matched} finding(s) count again`,
      );
    else if (s.matched === 0)
      logger?.warn(where, `suppression ${s.index} matched no finding: remove it or fix its match`);
  }
}

/** Scans (or replays), records, reports. The caller opens, locks and closes the store. */
export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const { config, io, logger } = input;
  let report: ScanReport;
  // Kept open past the scan: attribution reads event history with the same roles, pacing and counters.
  let layer: AwsLayer | undefined;
  let interrupted = false;
  if (input.inventory) {
    report = await evaluateSavedInventory(input.inventory, config, CHECKS, undefined, logger);
  } else if (input.merged) {
    report = input.merged;
    // Nothing to scan; attribution and SNS notifications still read and publish as the hub, as scan's do.
    layer = layerForCommand(config.aws, io.env);
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
          saveInventoryDir: input.saveInventory,
          onAccount: input.onAccount,
          shard: input.shard,
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
    const recorded = await recordAndReport(input, report, interrupted ? undefined : layer);
    return { ...recorded, interrupted };
  } finally {
    layer?.close();
  }
}

async function recordAndReport(
  input: PipelineInput,
  scanned: ScanReport,
  layer: AwsLayer | undefined,
): Promise<Omit<PipelineResult, "interrupted">> {
  const { config, io, store, baseline } = input;
  let report = scanned;
  let recordFailed = false;
  let fromStore: DriftResult | null = null;
  if (store) {
    // A signal now lets the recording finish (one transaction, quick) and the reports be written; a second exits.
    const recorded = await interruptible(() =>
      diffAndRecord(
        store,
        config.state.scope,
        report,
        config.state.retentionDays,
        outboxWriter(config, report),
      ),
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
  if (store && !recordFailed && report.findings.some((f) => f.attribution)) {
    try {
      await recordAttribution(store, config.state.scope, report);
    } catch (err) {
      io.stderr.write(
        `wirewatch: keeping who opened the new gaps in the ${store.where} failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
  }
  const history =
    store && !recordFailed && formatsOf(input.report, config).includes("html")
      ? await historyOf(store, config.state.scope)
      : undefined;
  const code = await emitReport(report, config, input.report, io, input.logger, history);
  // After the reports: a slow or failing channel delays nothing that matters, and fails nothing.
  const notifications = await notify(input, layer);
  return {
    report,
    exitCode: recordFailed ? Math.max(code, EXIT.incomplete) : code,
    recordFailed,
    notifications,
  };
}

/**
 * Delivers what each channel has waiting in the store's outbox (this scan's drift and anything an earlier delivery
 * left). Without a store there is no drift to announce and nowhere to remember what was sent: each channel says so.
 */
async function notify(input: PipelineInput, layer: AwsLayer | undefined): Promise<NotificationOutcome[]> {
  const { config, io, store, logger } = input;
  const channels = config.notifications.channels;
  // A shard's drift is not the scan's: the merge announces the whole scan's, once.
  if (channels.length === 0 || input.inventory || input.shard) return [];
  if (!store) {
    io.stderr.write(
      "wirewatch: notifications need the state store (they announce drift once per finding); none were sent\n",
    );
    return channels.map((c) => ({
      channel: channelName(c),
      type: c.type,
      delivered: 0,
      pending: 0,
      messages: 0,
      outcome: "skipped",
      error: "no state store",
    }));
  }
  // Interrupted: what waits stays queued for the next run rather than holding up the exit.
  if (!layer) return [];
  const outcomes = await deliverNotifications(store, config, {
    env: io.env,
    publish: (topicArn, subject, message, signal) =>
      publishToTopic(layer, topicArn, subject, message, signal),
  });
  for (const o of outcomes) {
    if (o.outcome === "delivered") {
      logger.info({ channel: o.channel, items: o.delivered, messages: o.messages }, "notified");
    } else {
      io.stderr.write(
        `wirewatch: notification channel ${o.channel} failed: ${o.error ?? "not delivered"} ` +
          `(${o.pending} ${o.pending === 1 ? "item waits" : "items wait"} for the next scan)\n`,
      );
    }
  }
  return outcomes;
}
