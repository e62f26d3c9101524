/**
 * The simulator as its own process, `wirewatch sim` (and its alias `npm run sim --`):
 *   wirewatch sim --scenario FILE --port N [--latency MS] [--no-rate-limits] [--time-scale X]
 *   wirewatch sim --generate ACCOUNTSxREGIONS [--seed N] --port N ...
 * Prints the endpoint and the hub principal's credentials, readable and as `export` lines a shell can eval, and
 * runs until SIGINT / SIGTERM. Exit codes: 0 stopped cleanly, 3 bad arguments or scenario, 1 anything else.
 */
import { parseArgs } from "node:util";
import { DEFAULT_REGIONS, generateOrganization } from "./generate.ts";
import { loadScenarioFile, parseScenario, ScenarioError, type Scenario } from "./scenario.ts";
import { startSimulator, type Simulator } from "./server.ts";

const USAGE = `usage: wirewatch sim (--scenario FILE | --generate ACCOUNTSxREGIONS [--seed N]) [--port N]
                     [--latency MS] [--no-rate-limits] [--time-scale X]

  --scenario FILE        scenario file (YAML or JSON; schema in docs/simulator.md)
  --generate AxR         a generated organization of A accounts x R regions (1..${DEFAULT_REGIONS.length}), e.g. 1000x17
  --seed N               seed of the generated organization (default 1)
  --port N               port on 127.0.0.1; 0 (the default) picks a free one
  --latency MS           added to every response
  --no-rate-limits       do not enforce AWS's published per-account, per-region rate limits
  --time-scale X         simulated seconds per real second (issued sessions expire X times sooner)`;

class UsageError extends Error {
  override name = "UsageError";
}

interface Options {
  scenario: Scenario;
  source: string;
  port: number;
  latencyMs?: number;
  rateLimits?: boolean;
  timeScale?: number;
}

function number(flag: string, value: string, check: (n: number) => boolean, what: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`--${flag} ${JSON.stringify(value)}: expected ${what}`);
  }
  return n;
}

function parseOptions(argv: string[]): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: "string" },
        generate: { type: "string" },
        seed: { type: "string" },
        port: { type: "string" },
        latency: { type: "string" },
        "no-rate-limits": { type: "boolean" },
        "time-scale": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help";
  if (v.scenario !== undefined && v.generate !== undefined) {
    throw new UsageError("--scenario and --generate exclude each other");
  }
  if (v.seed !== undefined && v.generate === undefined) throw new UsageError("--seed needs --generate");

  let scenario: Scenario;
  let source: string;
  if (v.scenario !== undefined) {
    source = v.scenario;
    try {
      scenario = loadScenarioFile(v.scenario);
    } catch (err) {
      if (err instanceof ScenarioError) throw err;
      const e = err as NodeJS.ErrnoException;
      // A missing file, a directory, or YAML/JSON that does not parse.
      throw new ScenarioError(`${v.scenario}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    }
  } else if (v.generate !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(v.generate);
    if (!m)
      throw new UsageError(`--generate ${JSON.stringify(v.generate)}: expected ACCOUNTSxREGIONS, e.g. 50x17`);
    const accounts = Number(m[1]);
    const regions = Number(m[2]);
    if (accounts < 1) throw new UsageError("--generate: at least one account");
    if (regions < 1 || regions > DEFAULT_REGIONS.length) {
      throw new UsageError(`--generate: between 1 and ${DEFAULT_REGIONS.length} regions`);
    }
    const seed =
      v.seed === undefined ? 1 : number("seed", v.seed, (n) => Number.isInteger(n) && n >= 0, "an integer");
    scenario = parseScenario(generateOrganization({ accounts, regions, seed }), `--generate ${v.generate}`);
    source = `generated ${accounts} accounts x ${regions} regions, seed ${seed}`;
  } else {
    throw new UsageError("one of --scenario FILE or --generate ACCOUNTSxREGIONS is required");
  }

  return {
    scenario,
    source,
    port:
      v.port === undefined
        ? 0
        : number("port", v.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a port 0..65535"),
    latencyMs:
      v.latency === undefined ? undefined : number("latency", v.latency, (n) => n >= 0, "milliseconds >= 0"),
    rateLimits: v["no-rate-limits"] ? false : undefined,
    timeScale:
      v["time-scale"] === undefined
        ? undefined
        : number("time-scale", v["time-scale"], (n) => n > 0, "a number > 0"),
  };
}

/** Single-quotes a value for POSIX shells when it holds anything beyond safe characters. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

function banner(sim: Simulator, opts: Options): string {
  const hubArn = sim.world.credentials.get(sim.hub.accessKeyId)?.arn ?? "";
  const org = sim.world.organization;
  const s = sim.settings;
  return [
    `wirewatch AWS simulator listening on ${sim.endpoint}`,
    // npm and npx do not pass SIGTERM on to the script; signal this pid to stop the simulator directly.
    `  pid:               ${process.pid}`,
    `  scenario:          ${opts.source}`,
    `  organization:      ${org ? `${org.id} (management ${org.masterAccountId})` : "none"}, ${sim.world.accounts.size} accounts`,
    `  hub principal:     ${hubArn}`,
    `  access key id:     ${sim.hub.accessKeyId}`,
    `  secret access key: ${sim.hub.secretAccessKey}`,
    `  region:            ${sim.hub.region}`,
    `  rate limits:       ${s.rateLimits ? "on" : "off"}; latency ${s.latencyMs} ms; time scale ${s.timeScale}`,
    "",
    "# Point the AWS CLI, the SDKs and wirewatch at the simulator: eval these lines in your shell.",
    "unset AWS_SESSION_TOKEN",
    `export AWS_ENDPOINT_URL=${shellQuote(sim.endpoint)}`,
    `export AWS_ACCESS_KEY_ID=${shellQuote(sim.hub.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(sim.hub.secretAccessKey)}`,
    `export AWS_REGION=${shellQuote(sim.hub.region)}`,
    // The AWS CLI v1 and botocore read AWS_DEFAULT_REGION, the SDKs AWS_REGION.
    `export AWS_DEFAULT_REGION=${shellQuote(sim.hub.region)}`,
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

/** Where the simulator's command writes; the CLI passes its own streams. */
export interface SimIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs the simulator until SIGINT or SIGTERM (or, when the CLI passes one, until `stop` aborts: the CLI owns the
 * process's signal handlers); resolves to the exit code.
 */
export async function runSim(argv: string[], io: SimIo = process, stop?: AbortSignal): Promise<number> {
  let opts: Options | "help";
  try {
    opts = parseOptions(argv);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ScenarioError) {
      io.stderr.write(`wirewatch sim: ${err.message}\n\n${USAGE}\n`);
      return 3;
    }
    throw err;
  }
  if (opts === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let sim: Simulator;
  try {
    sim = await startSimulator({
      scenario: opts.scenario,
      port: opts.port,
      latencyMs: opts.latencyMs,
      rateLimits: opts.rateLimits,
      timeScale: opts.timeScale,
    });
  } catch (err) {
    // buildWorld refuses scenarios whose parts do not fit together (unknown hub account, duplicate keys...).
    if (err instanceof ScenarioError) {
      io.stderr.write(`wirewatch sim: ${err.message}\n`);
      return 3;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES") {
      io.stderr.write(`wirewatch sim: --port ${opts.port}: ${e.code}\n`);
      return 3;
    }
    throw err;
  }
  io.stdout.write(banner(sim, opts));

  return new Promise<number>((resolve) => {
    let stopping = false;
    const close = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.stderr.write(`wirewatch sim: ${signal}, stopping after ${sim.stats.requests} requests\n`);
      void sim.close().then(() => resolve(0));
    };
    if (stop) {
      stop.addEventListener("abort", () => close(String(stop.reason)), { once: true });
    } else {
      process.once("SIGINT", close);
      process.once("SIGTERM", close);
    }
  });
}
