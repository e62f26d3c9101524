/** `wirewatch plan` and `wirewatch apply`: remediation always plans first; apply writes only what a plan says. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { pino } from "pino";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATION_BY_ID } from "../../remediations/index.ts";
import { layerForCommand, type AwsLayer } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { EXIT, UsageError } from "../errors.ts";
import { REDACT_PATHS, type Logger } from "../log.ts";
import type { ScanReport } from "../report/model.ts";
import { applyFailed, applyPlan, type ApplyResult } from "../remediate/apply.ts";
import { PLAN_KEY_ENV } from "../remediate/integrity.ts";
import { readPlan, writePlan } from "../remediate/plan-file.ts";
import { markHolds } from "../remediate/gate.ts";
import { renderPlanMarkdown } from "../remediate/render-markdown.ts";
import { renderApply, renderPlan } from "../remediate/render.ts";
import { addToPlan, emptyPlan, planAccount, sortPlan, type Plan } from "../remediate/plan.ts";
import { runScan } from "../scan/run.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import { interruptible } from "./interrupt.ts";
import type { Io } from "./io.ts";
import { requireWritableDir, requireWritableFile } from "./output-paths.ts";

/** Scans and plans in one pass, while each account's inventory is in memory. */
export async function scanAndPlan(
  config: Config,
  layer: AwsLayer,
  logger?: Logger,
  env?: NodeJS.ProcessEnv,
): Promise<{ report: ScanReport; plan: Plan }> {
  const plan = emptyPlan();
  const opts = { tags: config.remediation.tags, homeRegion: config.aws.homeRegion };
  const report = await runScan({
    config,
    layer,
    checks: CHECKS,
    logger,
    env,
    onAccount: (findings, input) => addToPlan(plan, planAccount(findings, input, REMEDIATION_BY_ID, opts)),
  });
  logger?.info(
    { changes: plan.changes.length, refused: plan.refused.length, unremediable: plan.unremediable.length },
    "plan made",
  );
  sortPlan(plan);
  markHolds(plan.changes, config.remediation);
  return { report, plan };
}

/** Audit records go to a JSON-lines file beside the reports, whatever the log level, secrets redacted. */
export async function auditLogger(dir: string): Promise<{ logger: Logger; path: string }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "wirewatch-audit.jsonl");
  const logger = pino(
    {
      level: "info",
      base: { service: "wirewatch", stream: "audit" },
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
    },
    pino.destination({ dest: path, append: true, sync: true }),
  );
  return { logger, path };
}

export async function confirm(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
  const rl = createInterface({ input, output });
  try {
    return (await rl.question(question)).trim() === "yes";
  } finally {
    rl.close();
  }
}

/**
 * apply's exit code (README, "Re-creating broken wiring"):
 *   0  everything planned was applied, the rescan shows every gap it was for closed, and nothing needs a person;
 *   1  a change failed or went stale, or was applied and the rescan still shows its gap on the same resource;
 *   2  wirewatch did all it may, but gaps remain that need a person (manual steps, refusals, findings no
 *      remediation covers, changes held back by remediation.allowlist or remediation.maxChanges), a gap moved to
 *      another resource (plan again), or the rescan could not read everything;
 *   3  configuration or usage error (raised before anything is written).
 * Incidents (a trail stopped and restarted) are not gaps: they never move the exit code.
 */
export function applyExitCode(result: ApplyResult): number {
  const ownFailure = applyFailed(result);
  if (ownFailure) return EXIT.failures;
  const p = result.forPerson;
  const forPerson = p.manual + p.refused + p.unremediable + p.held > 0;
  if (forPerson || !result.verifiedCompletely || result.gaps.open > 0) return EXIT.incomplete;
  return EXIT.ok;
}

/** The plan-signing key, when the environment holds one. */
export const planKeyOf = (io: Io): string | undefined => io.env[PLAN_KEY_ENV] || undefined;

const SIGNATURE_PROBLEM = {
  unsigned: `the plan is not signed, and ${PLAN_KEY_ENV} is set`,
  "bad-signature": `the plan's signature does not match the key in ${PLAN_KEY_ENV}`,
} as const;

export function requireConfirmation(isTTY: boolean, yes: boolean | undefined): void {
  if (!isTTY && !yes) {
    throw new UsageError(
      "apply writes to AWS: pass --yes to confirm when not running in a terminal, or --plan FILE",
    );
  }
}

export interface RunApplyOptions {
  logger?: Logger;
  /** Refuse every change as tampered, with this reason (a plan whose signature does not verify). */
  refuseAll?: string;
  /** The environment ExternalIds are read from; the process's when absent. */
  env?: NodeJS.ProcessEnv;
  /** Aborts on SIGTERM/SIGINT: apply finishes the change in progress and starts no other. */
  signal?: AbortSignal;
}

export async function runApply(
  plan: Plan,
  config: Config,
  layer: AwsLayer,
  outputDir: string,
  opts: RunApplyOptions = {},
): Promise<{ result: ApplyResult; auditPath: string }> {
  const { logger, path } = await auditLogger(outputDir);
  const result = await applyPlan({
    plan,
    config,
    layer,
    checks: CHECKS,
    remediations: REMEDIATION_BY_ID,
    audit: logger,
    logger: opts.logger,
    refuseAll: opts.refuseAll,
    env: opts.env,
    signal: opts.signal,
  });
  logger.flush();
  return { result, auditPath: path };
}

export type OutputFormat = "console" | "json" | "markdown";

const printJson = (io: Io, value: unknown) => io.stdout.write(JSON.stringify(value, null, 2) + "\n");

export interface PlanFlags {
  config?: string;
  out?: string;
  format?: OutputFormat;
}

export async function planCommand(flags: PlanFlags, io: Io): Promise<number> {
  const config = loadCommandConfig(flags.config);
  if (flags.out) await requireWritableFile(flags.out, "--out");
  const logger = commandLogger(io);
  const layer = layerForCommand(config.aws, io.env);
  try {
    const { report, plan } = await scanAndPlan(config, layer, logger, io.env);
    if (flags.format === "json") printJson(io, plan);
    else if (flags.format === "markdown") io.stdout.write(renderPlanMarkdown(plan));
    else io.stdout.write(renderPlan(plan, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    if (flags.out) {
      await writePlan(flags.out, plan, planKeyOf(io));
      io.stderr.write(`Plan written to ${flags.out}; apply it with: wirewatch apply --plan ${flags.out}\n`);
    }
    return report.summary.incomplete ? EXIT.incomplete : EXIT.ok;
  } finally {
    layer.close();
  }
}

export interface ApplyFlags {
  config?: string;
  plan?: string;
  yes?: boolean;
  output?: string;
  format?: Exclude<OutputFormat, "markdown">;
}

export async function applyCommand(flags: ApplyFlags, io: Io): Promise<number> {
  const json = flags.format === "json";
  if (json && !flags.plan && !flags.yes) {
    throw new UsageError(
      "apply --format json prints no plan to confirm: pass --yes to plan and apply, or --plan FILE",
    );
  }
  const config = loadCommandConfig(flags.config);
  const outputDir = flags.output ?? config.report.outputDir;
  // The audit log goes there: no write to AWS may happen that it could not record.
  await requireWritableDir(outputDir, flags.output !== undefined ? "--output" : "report.outputDir");
  const logger = commandLogger(io);
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const layer = layerForCommand(config.aws, io.env);
  try {
    let plan;
    let refuseAll: string | undefined;
    if (flags.plan) {
      const read = await readPlan(flags.plan, planKeyOf(io));
      plan = read.plan;
      if (read.signature === "unsigned" || read.signature === "bad-signature") {
        refuseAll = SIGNATURE_PROBLEM[read.signature];
      }
    } else {
      requireConfirmation(io.stdout.isTTY === true, flags.yes);
      plan = (await scanAndPlan(config, layer, logger, io.env)).plan;
      if (!json) io.stdout.write(renderPlan(plan, { color }));
      const runnable = plan.changes.filter((c) => c.action !== "manual" && !c.hold).length;
      if (runnable === 0 && !json) {
        const needsPerson = plan.changes.length + plan.refused.length + plan.unremediable.length > 0;
        return needsPerson ? EXIT.incomplete : EXIT.ok;
      }
      if (
        !flags.yes &&
        !(await confirm(
          `\nApply ${runnable} changes? Only 'yes' is accepted: `,
          io.stdin ?? process.stdin,
          io.stdout,
        ))
      ) {
        io.stdout.write("Apply cancelled; nothing was written.\n");
        return EXIT.ok;
      }
    }
    const applied = plan;
    return await interruptible(async (signal) => {
      const { result, auditPath } = await runApply(applied, config, layer, outputDir, {
        logger,
        refuseAll,
        env: io.env,
        signal,
      });
      if (json) printJson(io, result);
      else io.stdout.write(renderApply(result, { color }));
      io.stderr.write(`Audit records appended to ${auditPath}\n`);
      if (signal.aborted) {
        const notStarted = result.outcomes.filter((o) => o.reasonId === "interrupted").length;
        io.stderr.write(
          `wirewatch: interrupted (${String(signal.reason)}): ${notStarted} changes not started; ` +
            `every write made is in the audit log\n`,
        );
        return EXIT.incomplete;
      }
      return applyExitCode(result);
    });
  } finally {
    layer.close();
  }
}
