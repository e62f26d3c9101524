/** Structured logging with pino; credentials and session tokens are redacted wherever they appear. */
import { pino, type Logger } from "pino";

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

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "warn",
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      base: { service: "wirewatch" },
    },
    opts.destination ?? pino.destination(2),
  );
}
