/**
 * Structured logging with pino: JSON lines for machines (CI, containers, log shippers), one readable line a
 * message on a terminal (pino-pretty). Credentials and session tokens are redacted wherever they appear.
 */
import { pino, type Logger } from "pino";
import pinoPretty from "pino-pretty";

export type { Logger };

/** Paths that may carry secrets: SDK credential objects, assumed-role output, our own config. */
export const REDACT_PATHS = [
  "*.secretAccessKey",
  "*.sessionToken",
  "*.SecretAccessKey",
  "*.SessionToken",
  "*.externalId",
  "*.ExternalId",
  "credentials",
  "*.credentials",
  "*.*.secretAccessKey",
  "*.*.sessionToken",
  "*.*.SecretAccessKey",
  "*.*.SessionToken",
  "*.*.ExternalId",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers['x-amz-security-token']",
];

/** pino's levels; "silent" turns logging off. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export interface LoggerOptions {
  level?: string;
  destination?: NodeJS.WritableStream;
  /** One readable line a message (for a person at a terminal) instead of JSON lines (for machines). */
  pretty?: boolean;
  /** Colour the pretty lines. */
  color?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const destination = opts.destination ?? pino.destination(2);
  return pino(
    {
      level: opts.level ?? "warn",
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      base: { service: "wirewatch" },
    },
    // Redaction happens before either stream sees the line. sync: the line is out before the process may exit.
    opts.pretty
      ? pinoPretty({
          destination,
          sync: true,
          colorize: opts.color ?? false,
          ignore: "pid,hostname,service",
          translateTime: "SYS:HH:MM:ss",
          singleLine: true,
          // Our `error` is a collection error (service, operation, code), one line like the rest, not a stack.
          errorLikeObjectKeys: ["err"],
        })
      : destination,
  );
}
