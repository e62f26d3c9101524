// Start-up time of the built CLI, as a user feels it: the wall time of `node bin/wirewatch.js <args>` from spawn to
// exit, N runs per command. Plain JavaScript run by node, so nothing compiles while it measures; run it through
// `npm run bench:startup`, which builds dist/ first.
//
//   node bench/startup.js [--runs N]        (default 10)
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const BIN = fileURLToPath(new URL("../bin/wirewatch.js", import.meta.url));
const COMMANDS = [["--version"], ["--help"], ["explain", "cloudtrail.multi-region-logging"]];

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench:startup: --runs must be a positive integer, got "${values.runs}"\n`);
  process.exit(3);
}

/** Wall milliseconds of one run; exits the benchmark if the command fails, since its time would mean nothing. */
function timeOnce(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(`bench:startup: wirewatch ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
    process.exit(1);
  }
  return ms;
}

const median = (sorted) =>
  sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;

process.stdout.write(
  `wirewatch start-up, ${runs} runs each; node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"})\n\n`,
);
process.stdout.write(
  `${"command".padEnd(48)}${"min ms".padStart(9)}${"median ms".padStart(11)}${"max ms".padStart(9)}\n`,
);
timeOnce(["--version"]); // warm the file system cache so the first row is not an outlier
for (const args of COMMANDS) {
  const times = Array.from({ length: runs }, () => timeOnce(args)).sort((a, b) => a - b);
  const row = [times[0], median(times), times[times.length - 1]].map((t) => t.toFixed(0));
  process.stdout.write(
    `${`wirewatch ${args.join(" ")}`.padEnd(48)}${row[0].padStart(9)}${row[1].padStart(11)}${row[2].padStart(9)}\n`,
  );
}
