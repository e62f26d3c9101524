/**
 * A time budget for synchronous work. Checks are pure synchronous functions, so nothing can interrupt one from
 * outside: instead the pattern evaluators, whose cost depends on input written by the audited accounts, call
 * {@link checkBudget} at each parse and match, and the evaluation loop checks between checks. Every parse and match
 * is linear in its input, so the budget is overrun by at most one of them. Work outside {@link withBudget} is never
 * interrupted.
 */
export class BudgetExceededError extends Error {
  override readonly name = "BudgetExceededError";
  constructor(
    readonly budgetMs: number,
    readonly elapsedMs: number,
  ) {
    super(`evaluation exceeded ${budgetMs} ms (ran ${Math.round(elapsedMs)} ms)`);
  }
}

export type Clock = () => number;
const defaultClock: Clock = () => performance.now();

interface Budget {
  readonly startedAt: number;
  readonly budgetMs: number;
  readonly clock: Clock;
}

let current: Budget | undefined;

/**
 * Runs `fn` with a deadline `budgetMs` after `startedAt` (default: now) on `clock` (milliseconds; tests pass their
 * own); nests, restoring the outer budget.
 */
export function withBudget<T>(
  budgetMs: number,
  fn: () => T,
  startedAt?: number,
  clock: Clock = defaultClock,
): T {
  const outer = current;
  current = { startedAt: startedAt ?? clock(), budgetMs, clock };
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** Throws {@link BudgetExceededError} once the innermost budget has run out; does nothing outside one. */
export function checkBudget(): void {
  if (current === undefined) return;
  const elapsed = current.clock() - current.startedAt;
  if (elapsed > current.budgetMs) throw new BudgetExceededError(current.budgetMs, elapsed);
}
