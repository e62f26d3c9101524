/** The streams and environment a command runs with: the process's, or a test's. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The global --log-level flag, when given; it wins over WIREWATCH_LOG_LEVEL. */
  logLevel?: string;
  /** Where log lines go (tests); by default file descriptor 2. */
  logDestination?: NodeJS.WritableStream;
}
