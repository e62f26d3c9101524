/** Runs the wirewatch CLI as a user would: a child process of bin/wirewatch.js, reading its exit code and output. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "bin/wirewatch.js");

/**
 * The data directory of every command these tests start, unless a test names its own: the state store is on by
 * default, and a test must never write into the developer's home or the checkout.
 */
export const TEST_DATA_DIR = mkdtempSync(join(tmpdir(), "wirewatch-test-data-"));

/**
 * The environment of a command a test starts: only PATH and HOME from the developer's, none of their AWS profile,
 * no colour, then `extra`.
 */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    NO_COLOR: "1",
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bin` defaults to this checkout's command; the package test passes the one it installed. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
  bin = BIN,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: isolatedEnv({ WIREWATCH_DATA_DIR: TEST_DATA_DIR, ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
