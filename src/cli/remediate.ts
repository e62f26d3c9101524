/** `wirewatch plan` and `wirewatch apply`: remediation always plans first; apply writes only what a plan says. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { pino } from "pino";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATION_BY_ID } from "../../remediations/index.ts";
import type { AwsLayer } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { REDACT_PATHS, type Logger } from "../log.ts";
import type { ScanReport } from "../report/model.ts";
import { applyPlan, type ApplyResult } from "../remediate/apply.ts";
import { addToPlan, emptyPlan, planAccount, sortPlan, type Plan } from "../remediate/plan.ts";
import { runScan } from "../scan/run.ts";

/** Scans and plans in one pass, while each account's inventory is in memory. */
export async function scanAndPlan(
  config: Config,
  layer: AwsLayer,
): Promise<{ report: ScanReport; plan: Plan }> {
  const plan = emptyPlan();
  const opts = { tags: config.remediation.tags, homeRegion: config.aws.homeRegion };
  const report = await runScan({
    config,
    layer,
    checks: CHECKS,
    onAccount: (findings, input) => addToPlan(plan, planAccount(findings, input, REMEDIATION_BY_ID, opts)),
  });
  return { report, plan: sortPlan(plan) };
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

export function applyExitCode(result: ApplyResult): number {
  return result.counts.failed > 0 || result.counts.stale > 0 || result.gaps.open > 0 ? 1 : 0;
}

export function requireConfirmation(isTTY: boolean, yes: boolean | undefined): void {
  if (!isTTY && !yes) {
    throw new UsageError(
      "apply writes to AWS: pass --yes to confirm when not running in a terminal, or --plan FILE",
    );
  }
}

export async function runApply(
  plan: Plan,
  config: Config,
  layer: AwsLayer,
  outputDir: string,
): Promise<{ result: ApplyResult; auditPath: string }> {
  const { logger, path } = await auditLogger(outputDir);
  const result = await applyPlan({
    plan,
    config,
    layer,
    checks: CHECKS,
    remediations: REMEDIATION_BY_ID,
    audit: logger,
  });
  logger.flush();
  return { result, auditPath: path };
}
