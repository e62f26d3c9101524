/**
 * Progress of a long scan: on a terminal, one live line (accounts done, calls, throttles, time left); elsewhere
 * (CI, containers) a log line at most every `everyMs`, at info even when the command logs only warnings, so a
 * job log shows that a long scan is moving. Nothing when logging is silent.
 */
import type { Logger } from "../log.ts";
import type { ScanProgress } from "../scan/run.ts";
import type { Io } from "./io.ts";

export interface ProgressPrinter {
  update?: (p: ScanProgress) => void;
  done: () => void;
}

/** Seconds left at the pace so far, once an account is done; undefined before. */
export function secondsLeft(p: ScanProgress, elapsedMs: number): number | undefined {
  if (p.accountsDone === 0 || p.accountsDone >= p.accountsTotal) return p.accountsDone === 0 ? undefined : 0;
  return Math.round(((elapsedMs / p.accountsDone) * (p.accountsTotal - p.accountsDone)) / 1000);
}

const LEVELS = ["trace", "debug", "info"];

export function progressPrinter(
  io: Io,
  logger: Logger,
  opts: { everyMs?: number; now?: () => number } = {},
): ProgressPrinter {
  const now = opts.now ?? (() => Date.now());
  const started = now();
  if (io.stderr.isTTY === true) {
    return {
      update: (p) => {
        const left = secondsLeft(p, now() - started);
        io.stderr.write(
          `\r\x1b[2Kscanning: ${p.accountsDone}/${p.accountsTotal} accounts, ${p.calls} calls, ` +
            `${p.throttles} throttled${left !== undefined ? `, about ${left} s left` : ""}`,
        );
      },
      done: () => io.stderr.write("\r\x1b[2K"),
    };
  }
  if (logger.level === "silent") return { done: () => undefined };
  const log = LEVELS.includes(logger.level) ? logger : logger.child({}, { level: "info" });
  const everyMs = opts.everyMs ?? 10_000;
  let last = started;
  return {
    update: (p) => {
      const t = now();
      if (t - last < everyMs && p.accountsDone < p.accountsTotal) return;
      last = t;
      log.info({ ...p, secondsLeft: secondsLeft(p, t - started) }, "scan progress");
    },
    done: () => undefined,
  };
}
