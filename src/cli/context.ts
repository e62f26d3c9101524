/** What every command starts from: the configuration checked against the registries, and the one logger. */
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATIONS } from "../../remediations/index.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { createLogger, LOG_LEVELS, type Logger } from "../log.ts";
import { didYouMean } from "../suggest.ts";
import type { Io } from "./io.ts";

/** Loads the config; unknown check or remediation ids in it are config errors with a suggestion. */
export function loadCommandConfig(file?: string, overrides: Record<string, unknown> = {}): Config {
  return loadConfig(file, overrides, {
    checks: CHECKS.map((c) => c.meta.id),
    remediations: REMEDIATIONS.map((r) => r.meta.id),
  });
}

/** The level from --log-level, else WIREWATCH_LOG_LEVEL, else warn; an unknown level is a usage error. */
export function logLevelOf(io: Io): string {
  const fromFlag = io.logLevel !== undefined;
  const level = io.logLevel ?? io.env.WIREWATCH_LOG_LEVEL ?? "warn";
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    const where = fromFlag ? "--log-level" : "WIREWATCH_LOG_LEVEL";
    throw new UsageError(
      `unknown log level "${level}" in ${where}${didYouMean(level, LOG_LEVELS)} (known: ${LOG_LEVELS.join(", ")})`,
    );
  }
  return level;
}

/**
 * One logger for the command, to stderr (stdout carries the reports), secrets redacted: readable lines when stderr
 * is a terminal, JSON otherwise (or always, with WIREWATCH_LOG_FORMAT=json).
 */
export function commandLogger(io: Io): Logger {
  const format = io.env.WIREWATCH_LOG_FORMAT ?? (io.stderr.isTTY === true ? "pretty" : "json");
  if (format !== "pretty" && format !== "json") {
    throw new UsageError(`unknown log format "${format}" in WIREWATCH_LOG_FORMAT (known: pretty, json)`);
  }
  return createLogger({
    level: logLevelOf(io),
    destination: io.logDestination,
    pretty: format === "pretty",
    color: format === "pretty" && io.stderr.isTTY === true && !io.env.NO_COLOR,
  });
}
