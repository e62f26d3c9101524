/**
 * /readyz: ready once a scan has completed, the last complete one is younger than two schedule intervals, and the
 * store answers. One missed scan is tolerated (a slow scan, a skipped tick); two in a row mean the service is not
 * doing its job, and an orchestrator should say so. Pure: the clock and the store's answer are inputs.
 */

export type NotReadyReason = "no-complete-scan" | "last-scan-stale" | "store-unreachable" | "stopping";

export type Readiness =
  { ready: true; lastCompleteScanAt: string } | { ready: false; reason: NotReadyReason; detail: string };

export interface ReadinessInput {
  now: Date;
  /** When the last complete scan finished; undefined before the first. */
  lastCompleteAt: Date | undefined;
  /** The schedule's interval around now, in milliseconds. */
  intervalMs: number;
  /** undefined when the store answered (or none is configured), else what went wrong. */
  storeProblem: string | undefined;
}

export function readiness(input: ReadinessInput): Readiness {
  if (input.storeProblem !== undefined) {
    return { ready: false, reason: "store-unreachable", detail: input.storeProblem };
  }
  if (!input.lastCompleteAt) {
    return { ready: false, reason: "no-complete-scan", detail: "no scan has completed yet" };
  }
  const age = input.now.getTime() - input.lastCompleteAt.getTime();
  const limit = 2 * input.intervalMs;
  if (age > limit) {
    return {
      ready: false,
      reason: "last-scan-stale",
      detail: `the last complete scan finished ${Math.round(age / 1000)} s ago, more than two schedule intervals (${Math.round(limit / 1000)} s)`,
    };
  }
  return { ready: true, lastCompleteScanAt: input.lastCompleteAt.toISOString() };
}
