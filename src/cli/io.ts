/** The streams and environment a command runs with: the process's, or a test's. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Everything a command reads from the environment (AWS_*, NO_COLOR, ExternalIds) comes from here. */
  env: NodeJS.ProcessEnv;
  /** The global --log-level flag, when given; it wins over WIREWATCH_LOG_LEVEL. */
  logLevel?: string;
  /** Where log lines go (tests); by default file descriptor 2. */
  logDestination?: NodeJS.WritableStream;
  /** Where apply reads its confirmation; the process's stdin when absent. */
  stdin?: NodeJS.ReadableStream;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}
