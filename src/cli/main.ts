/**
 * wirewatch command-line entry point. Only this module maps errors to exit codes: 0 clean, 1 failures at or above
 * --fail-on, 2 scan incomplete, 3 configuration or usage error.
 *
 * Start-up stays fast because each command's implementation (and with it the AWS SDK, the checks or the simulator)
 * is imported only when that command runs: `--version` and `--help` load commander and nothing else.
 */
import { Command, CommanderError, Option } from "commander";
import { ConfigError, DiscoveryError, EXIT, UsageError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { processIo, type Io } from "./io.ts";
import type { ApplyFlags, PlanFlags } from "./remediate.ts";
import type { ScanFlags } from "./scan-command.ts";
import type { HistoryFlags } from "./history.ts";
import type { SuppressionsFlags } from "./suppressions.ts";
import type { ServeFlags } from "./serve.ts";
import type { ExportFlags } from "./export.ts";
import type { MergeFlags } from "./merge.ts";

export type { Io } from "./io.ts";
export { installInterruptHandling, wasInterrupted } from "./interrupt.ts";

const formatOption = (what: string, choices: string[] = ["console", "json"]) =>
  new Option("--format <format>", `how to print ${what} on stdout`).choices(choices);

function buildProgram(baseIo: Io, setCode: (code: number) => void): Command {
  const program: Command = new Command()
    .name("wirewatch")
    .description(
      "Audit the wiring of AWS security monitoring across every account and region of an organization.",
    )
    .version(VERSION)
    .exitOverride()
    .option(
      "--log-level <level>",
      "log level for every command (overrides WIREWATCH_LOG_LEVEL; default warn)",
    )
    .configureOutput({
      writeOut: (s) => baseIo.stdout.write(s),
      writeErr: (s) => baseIo.stderr.write(s),
    });
  // Global flags are read when a command runs, once commander has parsed them wherever they were written.
  const current = (): Io => ({
    ...baseIo,
    logLevel: (program.opts() as { logLevel?: string }).logLevel ?? baseIo.logLevel,
  });

  withReportOptions(
    program
      .command("scan")
      .description("scan the organization and report every monitoring gap")
      .option("--config <file>", "configuration file (overrides config/default.yaml)"),
  )
    .option("--save-inventory <dir>", "keep each account's inventory as JSON, written as it completes")
    .option("--inventory <dir>", "re-evaluate a saved inventory without calling AWS")
    .option("--baseline <report.json>", "report drift against this earlier JSON report instead of the store")
    .option("--no-store", "neither read nor record the state store (state: in the config)")
    .option(
      "--shard <I/N>",
      "scan shard I (0 to N-1) of N: the accounts whose id hashes there; I may name the environment variable holding it (JOB_COMPLETION_INDEX/4)",
    )
    .option("--run <id>", "with --shard: the id every shard of one scan shares (default: $WIREWATCH_RUN_ID)")
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 nothing failing at or above --fail-on, 1 failures, 2 incomplete (something could not be",
        "read, or interrupted), 3 configuration or usage error.",
        "",
        "A shard's report (wirewatch-report.shard-I-of-N.*) covers its accounts only and is not recorded in the",
        "store; wirewatch merge combines the N of them into the scan's report (docs/sharding.md).",
        "",
        "Examples:",
        "  wirewatch scan --config wirewatch.yaml",
        "  wirewatch scan --config wirewatch.yaml --format console,json --output report/",
        "  wirewatch scan --config wirewatch.yaml --save-inventory inv/   # keep what was read",
        "  wirewatch scan --config wirewatch.yaml --inventory inv/        # re-evaluate it offline",
        "  wirewatch scan --baseline last-week/wirewatch-report.json      # what changed since",
        "  wirewatch scan --config wirewatch.yaml --shard 0/4 --run nightly-42 --format json --output shards/",
        "",
      ].join("\n"),
    )
    .action(async (flags: ScanFlags) => {
      const { scanCommand } = await import("./scan-command.ts");
      setCode(await scanCommand(flags, current()));
    });

  withReportOptions(
    program
      .command("merge")
      .description(
        "merge the shard reports of one sharded scan (scan --shard I/N) into its report; record, drift and report as scan does",
      )
      .argument("<paths...>", "shard JSON reports, or directories holding wirewatch-report.shard-I-of-N.json")
      .option("--config <file>", "configuration file: the one the shards scanned with"),
  )
    .option("--baseline <report.json>", "report drift against this earlier JSON report instead of the store")
    .option("--no-store", "neither read nor record the state store (state: in the config)")
    .addHelpText(
      "after",
      [
        "",
        "Refused (exit 3, nothing recorded) when a shard is missing or given twice, or the reports are of different",
        "runs, shard counts, organizations or settings, or one was edited or damaged. Otherwise exit codes as scan:",
        "0 clean, 1 failures, 2 incomplete (a shard could not read everything, or was interrupted).",
        "",
        "Examples:",
        "  wirewatch merge shards/ --config wirewatch.yaml --format console,json --output report/",
        "  wirewatch merge a/wirewatch-report.shard-0-of-2.json b/wirewatch-report.shard-1-of-2.json",
        "",
      ].join("\n"),
    )
    .action(async (paths: string[], flags: MergeFlags) => {
      const { mergeCommand } = await import("./merge.ts");
      setCode(await mergeCommand(paths, flags, current()));
    });

  program
    .command("plan")
    .description("scan and plan the changes that fix what is broken; writes nothing to AWS")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--out <file>", "write the plan as JSON, for wirewatch apply --plan")
    .addOption(
      formatOption("the plan (markdown: for a pull-request comment)", ["console", "json", "markdown"]),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  wirewatch plan --config wirewatch.yaml",
        "  wirewatch plan --config wirewatch.yaml --out plan.json   # then: wirewatch apply --plan plan.json",
        "",
      ].join("\n"),
    )
    .action(async (flags: PlanFlags) => {
      const { planCommand } = await import("./remediate.ts");
      setCode(await planCommand(flags, current()));
    });

  program
    .command("apply")
    .description("apply a saved plan, or plan and apply (asks for confirmation unless --yes)")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--plan <file>", "apply this saved plan (refused where the state has moved since)")
    .option("--yes", "do not ask for confirmation")
    .option("--output <dir>", "directory for the audit log (default: report.outputDir, wirewatch-report)")
    .addOption(formatOption("the results (json needs --yes or --plan: there is no plan to confirm)"))
    .addHelpText(
      "after",
      [
        "",
        "Only remediation ids in remediation.allowlist run, at most remediation.maxChanges changes, with the",
        "remediation role (roles.remediation). Exit codes: 0 everything planned applied and nothing left, 1 a change",
        "failed, went stale or did not close its gap, 2 gaps remain that need a person (or interrupted), 3 usage.",
        "",
        "Examples:",
        "  wirewatch apply --config wirewatch.yaml              # plan, show, ask, apply",
        "  wirewatch apply --config wirewatch.yaml --plan plan.json --yes",
        "",
      ].join("\n"),
    )
    .action(async (flags: ApplyFlags) => {
      const { applyCommand } = await import("./remediate.ts");
      setCode(await applyCommand(flags, current()));
    });

  program
    .command("serve")
    .description(
      "run as a service: scan on the config's schedule, serve health, readiness, metrics and the latest report",
    )
    .option("--config <file>", "configuration file (overrides config/default.yaml); the service: section")
    .option("--check", "validate the configuration, print what the service would do, and exit")
    .addHelpText(
      "after",
      [
        "",
        "Settings (service: in the config; defaults in config/default.yaml):",
        '  schedule "0 */6 * * *", timezone UTC, runOnStart true, randomDelaySeconds 0, remediate off|plan|apply',
        "  (default off), http.host 0.0.0.0, http.port 9464, http.tokenEnv (unset: GET / and /report.json are off).",
        "",
        "HTTP: GET /healthz, /readyz (503 with a JSON reason until a scan completes, or when the last complete scan",
        "is older than two schedule intervals, or the store does not answer), /metrics (Prometheus), and with",
        "Authorization: Bearer <token> GET / and /report.json (the latest report). One scan at a time: a tick that",
        "finds one running is skipped and counted. SIGTERM/SIGINT stop the schedule, let the scan in progress stop",
        "as an interrupted scan does (scan.gracePeriodSeconds), close the store, and exit 0.",
        "",
        "Exit codes: 0 stopped by a signal (or --check: the configuration is valid), 3 configuration or usage error",
        "(a bad setting, the store unreachable, the port taken).",
        "",
        "Examples:",
        "  wirewatch serve --config wirewatch.yaml --check",
        "  wirewatch serve --config wirewatch.yaml",
        "  curl -s localhost:9464/readyz; curl -s localhost:9464/metrics | grep ^wirewatch_",
        "",
      ].join("\n"),
    )
    .action(async (flags: ServeFlags) => {
      const { serveCommand } = await import("./serve.ts");
      setCode(await serveCommand(flags, current()));
    });

  program
    .command("history")
    .description("the recent scans recorded in the state store, or the timeline of one finding id")
    .argument(
      "[finding-id]",
      "a finding id from a report, e.g. cloudtrail.multi-region-logging:3f9a2c1b7d4e5f60",
    )
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--limit <n>", "scans to list (default 20)")
    .option("--json", "print JSON")
    .action(async (id: string | undefined, flags: HistoryFlags) => {
      const { historyCommand } = await import("./history.ts");
      setCode(await historyCommand(id, flags, current()));
    });

  program
    .command("export")
    .description(
      "import a scan's JSON report into AWS Security Hub (ASFF), each account's findings as that account",
    )
    .argument("<target>", "where to: securityhub")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option(
      "--report <report.json>",
      "the JSON report to export (default: wirewatch-report.json in report.outputDir)",
    )
    .addOption(formatOption("the result"))
    .action(async (target: string, flags: ExportFlags) => {
      const { exportCommand } = await import("./export.ts");
      setCode(await exportCommand(target, flags, current()));
    });

  program
    .command("suppressions")
    .description("list the configured suppressions and what each matched in the last JSON report")
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option(
      "--report <report.json>",
      "the JSON report to read (default: wirewatch-report.json in report.outputDir)",
    )
    .addOption(formatOption("the list"))
    .action(async (flags: SuppressionsFlags) => {
      const { suppressionsCommand } = await import("./suppressions.ts");
      setCode(await suppressionsCommand(flags, current()));
    });

  program
    .command("explain")
    .description("explain a check or a remediation; with no id, list them all by area")
    .argument(
      "[id]",
      "a check id (cloudtrail.multi-region-logging) or remediation id (cloudtrail.start-logging)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  wirewatch explain\n  wirewatch explain alarms.root-usage\n  wirewatch explain cloudtrail.start-logging\n",
    )
    .action(async (id: string | undefined) => {
      const { explain } = await import("./explain.ts");
      baseIo.stdout.write(explain(id));
      setCode(EXIT.ok);
    });

  program
    .command("init")
    .description("write a commented starter config for this organization, filled in with what can be read")
    .option("--output <file>", "where to write it (default: wirewatch.yaml; never overwritten)")
    .option("--config <file>", "configuration to read aws settings from (e.g. aws.homeRegion)")
    .addHelpText("after", "\nExamples:\n  wirewatch init\n  wirewatch init --output config/wirewatch.yaml\n")
    .action(async (flags: { output?: string; config?: string }) => {
      const { runInit } = await import("./init.ts");
      setCode(await runInit(flags, current()));
    });

  program
    .command("doctor")
    .description(
      "check the set-up a first scan needs (credentials, Organizations, roles, permissions) and say what to fix",
    )
    .option("--config <file>", "configuration file (overrides config/default.yaml)")
    .option("--sample <n>", "accounts to try the audit role in (default: 3, the management account first)")
    .addOption(formatOption("the verdicts"))
    .addHelpText(
      "after",
      "\nExit codes: 0 ready to scan, 3 something to fix (each listed with what to do).\n\nExamples:\n  wirewatch doctor --config wirewatch.yaml\n  wirewatch doctor --config wirewatch.yaml --format json\n",
    )
    .action(async (flags: { config?: string; sample?: string; format?: "console" | "json" }) => {
      const { runDoctor } = await import("./doctor.ts");
      setCode((await runDoctor(flags, current())).code);
    });

  program
    .command("check-filter")
    .description(
      "judge a metric filter pattern by what it matches for a CIS 4.x alarm control (JSON verdict)",
    )
    .argument("[pattern]", "the CloudWatch Logs filter pattern (or use --pattern-file)")
    .requiredOption("--control <id>", "alarm control id, e.g. root-usage, or all")
    .option("--pattern-file <file>", "read the pattern from a file")
    .addHelpText(
      "after",
      "\nExample:\n  wirewatch check-filter --control root-usage '{ $.userIdentity.type = \"Root\" }'\n",
    )
    .action(async (pattern: string | undefined, flags: { control: string; patternFile?: string }) => {
      const { checkFilter } = await import("./check-filter.ts");
      const r = checkFilter({ control: flags.control, pattern, patternFile: flags.patternFile });
      baseIo.stdout.write(r.output);
      setCode(r.code);
    });

  program
    .command("demo")
    .description("run the full cycle against a bundled simulated organization; leaves nothing behind")
    .option(
      "--keep <dir>",
      "keep the reports, the plan and the audit log in this directory (default: keep nothing)",
    )
    .action(async (flags: { keep?: string }) => {
      const { runDemo } = await import("./demo.ts");
      setCode(await runDemo(current(), flags));
    });

  program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      '\nExamples:\n  source <(wirewatch completion bash)\n  wirewatch completion zsh > "${fpath[1]}/_wirewatch"\n' +
        "  wirewatch completion fish > ~/.config/fish/completions/wirewatch.fish\n",
    )
    .action(async (shell: string) => {
      const [{ renderCompletion }, { CHECKS }, { REMEDIATIONS }] = await Promise.all([
        import("./completion.ts"),
        import("../../checks/index.ts"),
        import("../../remediations/index.ts"),
      ]);
      const ids = [...CHECKS.map((c) => c.meta.id), ...REMEDIATIONS.map((r) => r.meta.id)];
      baseIo.stdout.write(renderCompletion(shell, program, ids));
      setCode(EXIT.ok);
    });

  program
    .command("sim")
    .description("run the bundled AWS simulator on loopback (see docs/simulator.md); --help lists its flags")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[flags...]", "simulator flags: --scenario FILE | --generate AxR, --port N, --latency MS ...")
    .action(async (args: string[]) => {
      const { runSim } = await import("../../sim/main.ts");
      const { interruptible } = await import("./interrupt.ts");
      // The simulator stops cleanly (exit 0) on the interruption the bin's signal handlers report.
      setCode(await interruptible((stop) => runSim(args, baseIo, stop)));
    });

  return program;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
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

/** The report flags scan and merge share: which formats, where they go, and what fails the exit code. */
function withReportOptions(command: Command): Command {
  return command
    .option("--format <list>", "report formats, comma separated: console,json,sarif,junit,markdown,html,asff")
    .option(
      "--output <dir>",
      "directory for file reports (default: report.outputDir, wirewatch-report); - writes the one chosen format to stdout",
    )
    .addOption(
      new Option(
        "--fail-on <severity>",
        "lowest failing severity that makes the exit code 1 (info..critical; default: scan.failOn, low), or none to report only",
      ),
    );
}
