/**
 * `wirewatch serve`: the scan pipeline on a cron schedule (node-cron), one scan at a time, with health, readiness,
 * metrics and the latest report over HTTP, and optional remediation after each scan. Shutdown (SIGTERM/SIGINT, as
 * src/cli/interrupt.ts delivers them) stops the schedule, lets the scan in progress stop as any interrupted scan
 * does (scan.gracePeriodSeconds, a partial report, the store consistent), closes the HTTP server and the store.
 */
import { join } from "node:path";
import { Writable } from "node:stream";
import { createTask, type ScheduledTask } from "node-cron";
import { REMEDIATION_BY_ID } from "../../remediations/index.ts";
import { layerForCommand } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { EXIT } from "../errors.ts";
import type { Logger } from "../log.ts";
import { markHolds } from "../remediate/gate.ts";
import { writePlan } from "../remediate/plan-file.ts";
import { addToPlan, emptyPlan, planAccount, sortPlan, type Plan } from "../remediate/plan.ts";
import type { ScanReport } from "../report/model.ts";
import { runPipeline } from "../scan/pipeline.ts";
import { StateStore, StoreError } from "../store/store.ts";
import { interruptible, wasInterrupted } from "../cli/interrupt.ts";
import type { Io } from "../cli/io.ts";
import { planKeyOf, runApply } from "../cli/remediate.ts";
import { randomDelayMs, ScanGate, type Trigger } from "./gate.ts";
import { startHttp, type HttpServer } from "./http.ts";
import { ServiceMetrics, type ScanOutcome } from "./metrics.ts";
import { readiness } from "./readiness.ts";

export interface ServiceOptions {
  config: Config;
  configFile?: string;
  io: Io;
  logger: Logger;
  /** Aborts when the service should stop (the first SIGTERM or SIGINT while no scan step holds the signal). */
  stop: AbortSignal;
  now?: () => Date;
}

/** Every file report the service writes: the configured ones, and always JSON (GET /report.json serves it). */
function reportFormats(config: Config): string {
  const formats = new Set<string>(config.report.formats.filter((f) => f !== "console"));
  formats.add("json");
  return [...formats].join(",");
}

const PLAN_FILE = "wirewatch-plan.json";

/**
 * The pipeline's stderr for a service: each line it writes for a person ("JSON report written to ...", "wirewatch:
 * interrupted ...") becomes a log line, so the service's stderr stays one JSON object a line.
 */
function loggingStderr(logger: Logger): Writable {
  let pending = "";
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
        if (line.startsWith("wirewatch: ")) logger.warn(line.slice("wirewatch: ".length));
        else logger.info(line);
      }
      done();
    },
  });
}

const outcomeOf = (interrupted: boolean, exitCode: number): ScanOutcome =>
  interrupted
    ? "interrupted"
    : exitCode === EXIT.ok
      ? "clean"
      : exitCode === EXIT.failures
        ? "failures"
        : "incomplete";

export async function runService(opts: ServiceOptions): Promise<number> {
  const { config, logger } = opts;
  const io: Io = { ...opts.io, stderr: loggingStderr(logger) };
  const service = config.service;
  const now = opts.now ?? (() => new Date());
  const outputDir = config.report.outputDir;
  const scope = config.state.scope;
  // Opened once for the service's life (the embedded store is one process's); locked per scan, so a CronJob or
  // another scheduler of the same scope sharing a PostgreSQL store takes turns with this one.
  const store = config.state.enabled ? await StateStore.open(config.state, io.env) : undefined;
  const metrics = new ServiceMetrics({ accountLabels: service.metrics.accountLabels });
  let lastCompleteAt: Date | undefined;
  let lastReport: ScanReport | undefined;
  let stopping = false;
  if (store) {
    // A restarted service is ready as soon as its store shows a recent complete scan.
    const [last] = (await store.listScans(scope, 20)).filter((s) => s.complete && s.finishedAt);
    if (last?.finishedAt) lastCompleteAt = new Date(last.finishedAt);
  }
  const shutdown = new AbortController();
  const stopRequested = () => opts.stop.aborted || wasInterrupted();
  const requestStop = (why: string) => {
    if (shutdown.signal.aborted) return;
    logger.info({ reason: why }, "service stopping");
    shutdown.abort(why);
  };
  opts.stop.addEventListener("abort", () => requestStop(String(opts.stop.reason)), { once: true });

  async function storeProblem(): Promise<string | undefined> {
    if (!store) return undefined;
    try {
      await store.sql.query("SELECT 1");
      return undefined;
    } catch (err) {
      return `${store.where} does not answer: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function scanOnce(trigger: Trigger): Promise<void> {
    if (store) {
      try {
        await store.lockScope(scope);
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        // Another scheduler of the scope (a CronJob sharing the PostgreSQL store) is scanning: not ours to queue.
        metrics.skip("locked");
        logger.warn({ trigger, reason: "locked", err: err.message }, "scan skipped");
        return;
      }
    }
    const started = now();
    let outcome: ScanOutcome = "error";
    let completedAt: Date | undefined;
    metrics.scanStarted();
    logger.info({ trigger }, "scan starting");
    try {
      const plan = service.remediate === "off" ? undefined : emptyPlan();
      const planOpts = { tags: config.remediation.tags, homeRegion: config.aws.homeRegion };
      const result = await runPipeline({
        config,
        io,
        logger,
        report: { config: opts.configFile, format: reportFormats(config), output: outputDir },
        store,
        onAccount: plan
          ? (findings, input) => addToPlan(plan, planAccount(findings, input, REMEDIATION_BY_ID, planOpts))
          : undefined,
      });
      lastReport = result.report;
      metrics.report(result.report);
      metrics.notified(result.notifications);
      outcome = outcomeOf(result.interrupted, result.exitCode);
      if (!result.interrupted && !result.recordFailed) completedAt = now();
      logger.info(
        {
          trigger,
          scanId: result.report.scanId,
          outcome,
          exitCode: result.exitCode,
          failing: result.report.summary.findings.fail,
          errors: result.report.summary.findings.error,
          blindCells: result.report.summary.blindCells,
          new: result.report.drift?.new.length ?? null,
        },
        "scan done",
      );
      if (plan && !result.interrupted && !stopRequested()) await remediate(plan, result.report);
    } catch (err) {
      outcome = "error";
      logger.error({ trigger, err }, "scan failed");
    } finally {
      if (store) await store.unlockScope(scope).catch(() => undefined);
      metrics.scanEnded(outcome, (now().getTime() - started.getTime()) / 1000, completedAt);
      if (completedAt) lastCompleteAt = completedAt;
      // A signal taken by one of the scan's steps (the scan, the recording, apply) stops the service too.
      if (stopRequested()) requestStop("signal during a scan");
    }
  }

  async function remediate(plan: Plan, report: ScanReport): Promise<void> {
    sortPlan(plan);
    markHolds(plan.changes, config.remediation);
    const planPath = join(outputDir, PLAN_FILE);
    await writePlan(planPath, plan, planKeyOf(io));
    const runnable = plan.changes.filter((c) => c.action !== "manual" && !c.hold);
    logger.info(
      {
        scanId: report.scanId,
        planId: plan.planId,
        path: planPath,
        changes: plan.changes.length,
        runnable: runnable.length,
        refused: plan.refused.length,
        unremediable: plan.unremediable.length,
        remediations: [...new Set(runnable.map((c) => c.remediationId))].sort(),
      },
      "remediation plan",
    );
    // A stop asked for while the plan was written starts no write.
    if (config.service.remediate !== "apply" || runnable.length === 0 || shutdown.signal.aborted) return;
    const layer = layerForCommand(config.aws, io.env);
    try {
      const { result, auditPath } = await interruptible((signal) =>
        runApply(plan, config, layer, outputDir, { logger, env: io.env, signal }),
      );
      for (const o of result.outcomes) metrics.changed(o.status);
      logger.info(
        { planId: plan.planId, counts: result.counts, gaps: result.gaps, auditPath },
        "remediation applied",
      );
    } finally {
      layer.close();
    }
  }

  const gate = new ScanGate({
    run: scanOnce,
    onSkip: (reason, trigger) => {
      metrics.skip(reason);
      logger.warn({ reason, trigger }, "scan skipped");
    },
    onError: (err, trigger) => logger.error({ trigger, err }, "scan failed"),
    delayMs: () => randomDelayMs(service.randomDelaySeconds),
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      }),
  });

  const task = createTask(service.schedule, () => void gate.tick("schedule"), {
    timezone: service.timezone,
    name: "wirewatch-scan",
    // node-cron's own warnings (a missed execution when the event loop was blocked) go to the service's log.
    logger: {
      info: (m) => logger.debug(m),
      warn: (m) => logger.warn(m),
      error: (m, err) => logger.error({ err }, String(m)),
      debug: (m, err) => logger.debug({ err }, String(m)),
    },
  });

  let http: HttpServer | undefined;
  try {
    http = await startHttp({
      host: service.http.host,
      port: service.http.port,
      token: tokenOf(config, io, logger),
      outputDir,
      metrics,
      healthy: () => {
        if (stopping) return "the service is stopping";
        const status = task.getStatus();
        // "idle" between ticks, "running" while a tick's callback runs; anything else means no more ticks.
        return status === "idle" || status === "running" ? undefined : `the scheduler is ${status}`;
      },
      ready: async () =>
        stopping
          ? { ready: false, reason: "stopping", detail: "the service is stopping" }
          : readiness({
              now: now(),
              lastCompleteAt,
              intervalMs: intervalMs(task),
              storeProblem: await storeProblem(),
            }),
      latestReport: () => lastReport,
    });
    logger.info(
      {
        host: service.http.host,
        port: http.port,
        schedule: service.schedule,
        timezone: service.timezone,
        remediate: service.remediate,
        reportServing: http.reportServing,
      },
      "service listening",
    );
    await task.start();
    if (service.runOnStart) void gate.tick("start");
    await new Promise<void>((resolve) => {
      if (shutdown.signal.aborted) resolve();
      else shutdown.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    stopping = true;
    await task.stop();
    gate.stop();
    await gate.running;
    logger.info({}, "service stopped");
    return EXIT.ok;
  } finally {
    stopping = true;
    await Promise.resolve(task.destroy()).catch(() => undefined);
    await http?.close();
    await store?.close();
  }
}

/**
 * Milliseconds between the schedule's next two times: for an irregular schedule (weekdays only) the interval about
 * to run, which is the one readiness should hold the service to.
 */
function intervalMs(task: ScheduledTask): number {
  const [a, b] = task.getNextRuns(2);
  return a && b ? b.getTime() - a.getTime() : Number.POSITIVE_INFINITY;
}

/** The bearer token that guards GET / and /report.json; none (off) when service.http.tokenEnv is unset or empty. */
function tokenOf(config: Config, io: Io, logger: Logger): string | undefined {
  const name = config.service.http.tokenEnv;
  if (!name) return undefined;
  const value = io.env[name];
  if (!value) {
    logger.warn({ tokenEnv: name }, "report serving is off: the token's environment variable is not set");
    return undefined;
  }
  return value;
}
