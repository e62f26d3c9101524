/**
 * wirewatch command-line entry point. Only this module maps errors to exit codes
 * (design.md section 7: 0 clean, 1 failures at or above --fail-on, 2 scan incomplete, 3 configuration or usage).
 */
import { Command, CommanderError, Option } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKS, findCheck } from "../../checks/index.ts";
import { layerFromConfig } from "../aws/layer.ts";
import { loadConfig } from "../config/load.ts";
import { SEVERITIES, type Config, type Severity } from "../config/schema.ts";
import { ConfigError, DiscoveryError, EXIT, UsageError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { renderConsole } from "../report/console.ts";
import { readPlan, writePlan } from "../remediate/plan-file.ts";
import { renderApply, renderPlan } from "../remediate/render.ts";
import { applyExitCode, confirm, requireConfirmation, runApply, scanAndPlan } from "./remediate.ts";
import type { ScanReport } from "../report/model.ts";
import { evaluateSavedInventory, exitCodeFor, runScan } from "../scan/run.ts";
import { VERSION } from "../version.ts";
import { checkFilter } from "./check-filter.ts";
import { explainCheck } from "./explain.ts";
import { runDemo } from "./demo.ts";

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const FORMATS = ["console", "json"] as const;
type Format = (typeof FORMATS)[number];

export function parseFormats(value: string): Format[] {
  const formats = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown report format "${f}" in --format (known: ${FORMATS.join(", ")})`);
    }
  }
  return formats as Format[];
}

export interface ScanFlags {
  config?: string;
  format?: string;
  output?: string;
  failOn?: string;
  saveInventory?: string;
  inventory?: string;
}

/** Writes the requested report formats and returns the exit code. */
export async function emitReport(
  report: ScanReport,
  config: Config,
  flags: ScanFlags,
  io: Io,
): Promise<number> {
  const formats = flags.format ? parseFormats(flags.format) : config.report.formats;
  const outputDir = flags.output ?? config.report.outputDir;
  if (formats.includes("json")) {
    await mkdir(outputDir, { recursive: true });
    const path = join(outputDir, "wirewatch-report.json");
    await writeFile(path, JSON.stringify(report, null, 2) + "\n");
    io.stderr.write(`JSON report written to ${path}\n`);
  }
  if (formats.includes("console")) {
    io.stdout.write(
      renderConsole(report, {
        color: io.stdout.isTTY === true && !io.env.NO_COLOR,
        width: Math.min(io.stdout.columns ?? 100, 100),
      }),
    );
  }
  const failOn = (flags.failOn ?? config.scan.failOn) as Severity;
  return exitCodeFor(report, failOn);
}

export function progressPrinter(io: Io) {
  if (!io.stderr.isTTY) return { update: undefined, done: () => undefined };
  return {
    update: (p: { accountsDone: number; accountsTotal: number; calls: number; throttles: number }) =>
      io.stderr.write(
        `\r\x1b[2Kscanning: ${p.accountsDone}/${p.accountsTotal} accounts, ${p.calls} calls, ${p.throttles} throttled`,
      ),
    done: () => io.stderr.write("\r\x1b[2K"),
  };
}

async function scanCommand(flags: ScanFlags, io: Io): Promise<number> {
  if (flags.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(flags.failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}, not "${flags.failOn}"`);
  }
  if (flags.inventory && flags.saveInventory) {
    throw new UsageError(
      "--inventory re-evaluates a saved inventory; it cannot be combined with --save-inventory",
    );
  }
  const config = loadConfig(flags.config);
  if (flags.format) parseFormats(flags.format);
  let report: ScanReport;
  if (flags.inventory) {
    report = await evaluateSavedInventory(flags.inventory, config, CHECKS);
  } else {
    const layer = layerFromConfig(config.aws);
    const progress = progressPrinter(io);
    try {
      report = await runScan({
        config,
        layer,
        checks: CHECKS,
        saveInventoryDir: flags.saveInventory,
        onProgress: progress.update,
        logger: createLogger({ level: io.env.WIREWATCH_LOG_LEVEL }),
      });
    } finally {
      progress.done();
      layer.close();
    }
  }
  return emitReport(report, config, flags, io);
}

interface PlanFlags {
  config?: string;
  out?: string;
}

async function planCommand(flags: PlanFlags, io: Io): Promise<number> {
  const config = loadConfig(flags.config);
  const layer = layerFromConfig(config.aws);
  try {
    const { report, plan } = await scanAndPlan(config, layer);
    io.stdout.write(renderPlan(plan, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    if (flags.out) {
      await writePlan(flags.out, plan);
      io.stderr.write(`Plan written to ${flags.out}; apply it with: wirewatch apply --plan ${flags.out}\n`);
    }
    return report.summary.incomplete ? EXIT.incomplete : EXIT.ok;
  } finally {
    layer.close();
  }
}

interface ApplyFlags {
  config?: string;
  plan?: string;
  yes?: boolean;
  output?: string;
}

async function applyCommand(flags: ApplyFlags, io: Io, stdin: NodeJS.ReadableStream): Promise<number> {
  const config = loadConfig(flags.config);
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const layer = layerFromConfig(config.aws);
  try {
    let plan;
    if (flags.plan) {
      plan = await readPlan(flags.plan);
    } else {
      requireConfirmation(io.stdout.isTTY === true, flags.yes);
      plan = (await scanAndPlan(config, layer)).plan;
      io.stdout.write(renderPlan(plan, { color }));
      const runnable = plan.changes.filter((c) => c.action !== "manual").length;
      if (runnable === 0) return EXIT.ok;
      if (
        !flags.yes &&
        !(await confirm(`\nApply ${runnable} changes? Only 'yes' is accepted: `, stdin, io.stdout))
      ) {
        io.stdout.write("Apply cancelled; nothing was written.\n");
        return EXIT.ok;
      }
    }
    const { result, auditPath } = await runApply(
      plan,
      config,
      layer,
      flags.output ?? config.report.outputDir,
    );
    io.stdout.write(renderApply(result, { color }));
    io.stderr.write(`Audit records appended to ${auditPath}\n`);
    return applyExitCode(result);
  } finally {
    layer.close();
  }
}

function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command()
    .name("wirewatch")
    .description(
      "Audit the wiring of AWS security monitoring across every account and region of an organization.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  program
    .command("scan")
    .description("scan the organization and report every monitoring gap")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--format <list>", "report formats, comma separated: console,json")
    .option("--output <dir>", "directory for file reports")
    .addOption(new Option("--fail-on <severity>", "lowest failing severity that makes the exit code 1"))
    .option("--save-inventory <dir>", "keep each account's inventory as JSON, written as it completes")
    .option("--inventory <dir>", "re-evaluate a saved inventory without calling AWS")
    .action(async (flags: ScanFlags) => setCode(await scanCommand(flags, io)));

  program
    .command("plan")
    .description("scan and plan the changes that fix what is broken; writes nothing to AWS")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--out <file>", "write the plan as JSON, for wirewatch apply --plan")
    .action(async (flags: PlanFlags) => setCode(await planCommand(flags, io)));

  program
    .command("apply")
    .description("apply a saved plan, or plan and apply (asks for confirmation unless --yes)")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--plan <file>", "apply this saved plan (refused where the state has moved since)")
    .option("--yes", "do not ask for confirmation")
    .option("--output <dir>", "directory for the audit log")
    .action(async (flags: ApplyFlags) => setCode(await applyCommand(flags, io, process.stdin)));

  program
    .command("explain")
    .description("explain a check: what it looks at, why, and what fixes it")
    .argument("<check-id>")
    .action((id: string) => {
      io.stdout.write(explainCheck(id));
      setCode(EXIT.ok);
    });

  program
    .command("check-filter")
    .description(
      "judge a metric filter pattern by what it matches for a CIS 4.x alarm control (JSON verdict)",
    )
    .argument("[pattern]", "the CloudWatch Logs filter pattern (or use --pattern-file)")
    .requiredOption("--control <id>", "alarm control id, e.g. root-usage, or all")
    .option("--pattern-file <file>", "read the pattern from a file")
    .action((pattern: string | undefined, flags: { control: string; patternFile?: string }) => {
      const r = checkFilter({ control: flags.control, pattern, patternFile: flags.patternFile });
      io.stdout.write(r.output);
      setCode(r.code);
    });

  program
    .command("demo")
    .description("run the full cycle against a bundled simulated organization")
    .action(async () => setCode(await runDemo(io)));

  return program;
}

export async function main(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version"
        ? EXIT.ok
        : EXIT.usage;
    }
    if (err instanceof ConfigError || err instanceof UsageError) {
      // InputError (a garbled plan or inventory) is a UsageError too.
      io.stderr.write(`wirewatch: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof DiscoveryError) {
      io.stderr.write(`wirewatch: ${err.message}\n`);
      return EXIT.incomplete;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr.write(`wirewatch: unexpected failure: ${message}\n`);
    return EXIT.incomplete;
  }
}

export { findCheck };
