/**
 * Runs the wirewatch CLI in-process through `main(argv, io)`: the same commands, flags, exit codes and output as
 * `node bin/wirewatch.js`, with the environment given here instead of the process's, and no child process.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { main } from "../../src/cli/main.ts";
import type { Io } from "../../src/cli/io.ts";

/** As in the child-process harness: the store's default data directory is a scratch folder, never the home's. */
const TEST_DATA_DIR = mkdtempSync(join(tmpdir(), "wirewatch-test-data-"));

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MainOptions {
  /** Lines typed at the confirmation prompt. */
  stdin?: string;
  /** Whether stdout and stderr claim to be a terminal. */
  tty?: boolean;
}

function capture(tty: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
  let text = "";
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY: tty },
  );
  return { stream, text: () => text };
}

export async function runMain(
  args: string[],
  env: Record<string, string> = {},
  opts: MainOptions = {},
): Promise<MainResult> {
  const stdout = capture(opts.tty ?? false);
  const stderr = capture(opts.tty ?? false);
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? "");
  const io: Io = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    logDestination: stderr.stream,
    // As the child-process harness: no developer AWS profile, no colour.
    env: {
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      NO_COLOR: "1",
      WIREWATCH_DATA_DIR: TEST_DATA_DIR,
      ...env,
    },
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The AWS environment variables that point a command at a simulator, as `wirewatch sim` prints them. */
export function simEnv(sim: {
  endpoint: string;
  hub: { accessKeyId: string; secretAccessKey: string; region: string };
}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sim.endpoint,
    AWS_ACCESS_KEY_ID: sim.hub.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sim.hub.secretAccessKey,
    AWS_REGION: sim.hub.region,
  };
}
