/**
 * One scan at a time. A tick that finds a scan running (or still in its random delay) is skipped and counted, never
 * queued: a queue would let a slow organization fall ever further behind its schedule. Time is injected, so the
 * rules are tested without waiting.
 */

export type SkipReason = "overlap" | "locked" | "shutdown";
export type Trigger = "start" | "schedule";

export interface GateOptions {
  /** Runs one scan; resolves when it is over, whatever its outcome. */
  run: (trigger: Trigger) => Promise<void>;
  onSkip: (reason: SkipReason, trigger: Trigger) => void;
  /** A scan that threw: the schedule goes on, so the error is reported here rather than rejected. */
  onError: (err: unknown, trigger: Trigger) => void;
  /** Milliseconds to wait before a scheduled scan (the random delay), from the config's maximum. */
  delayMs: () => number;
  /** Waits `ms`, or resolves early when `signal` aborts. */
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class ScanGate {
  private current: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly opts: GateOptions) {}

  /** Whether a scan (or its delay) is in progress. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The scan in progress, if any, to wait for on shutdown. */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  /**
   * Starts a scan unless one is in progress or the service is stopping; returns the scan's promise, or undefined
   * when the tick was skipped.
   */
  tick(trigger: Trigger): Promise<void> | undefined {
    if (this.stopping.signal.aborted) {
      this.opts.onSkip("shutdown", trigger);
      return undefined;
    }
    if (this.current) {
      this.opts.onSkip("overlap", trigger);
      return undefined;
    }
    const run = async () => {
      // The first scan of a fresh start runs at once; only scheduled ones are spread.
      const delay = trigger === "schedule" ? this.opts.delayMs() : 0;
      if (delay > 0) await this.opts.wait(delay, this.stopping.signal);
      if (this.stopping.signal.aborted) {
        this.opts.onSkip("shutdown", trigger);
        return;
      }
      await this.opts.run(trigger);
    };
    const current = run()
      .catch((err: unknown) => this.opts.onError(err, trigger))
      .finally(() => {
        this.current = undefined;
      });
    this.current = current;
    return current;
  }

  /** No new scan starts; a delay in progress ends at once. */
  stop(): void {
    this.stopping.abort();
  }
}

/** A delay up to `maxSeconds`, uniformly spread, from an injected random source in [0, 1). */
export const randomDelayMs = (maxSeconds: number, random: () => number = Math.random) =>
  maxSeconds > 0 ? Math.floor(random() * maxSeconds * 1000) : 0;
