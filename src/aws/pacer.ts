/**
 * Client-side pacing: one token bucket per account, region and API limit, refilled at the published rate,
 * with no burst, so requests are spaced evenly. On a throttle the bucket halves its rate and then recovers
 * additively on success (AIMD), which is what "adaptive" means here.
 */
export class Pacer {
  private readonly buckets = new Map<string, { next: number; rate: number; max: number; calls: number }>();
  /** Sum over forgotten accounts of the longest time one of their buckets needed at its rate (seconds). */
  private floor = 0;
  /** The longest of those times for one account (seconds). */
  private longest = 0;

  constructor(private readonly margin: number) {}

  /** Resolves when a request on this bucket may start. */
  async acquire(key: string, tps: number): Promise<void> {
    const now = performance.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { next: now, rate: tps * this.margin, max: tps * this.margin, calls: 0 };
      this.buckets.set(key, b);
    }
    b.calls += 1;
    const start = Math.max(now, b.next);
    b.next = start + 1000 / b.rate;
    const wait = start - now;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  throttled(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.rate = Math.max(b.max / 8, b.rate / 2);
  }

  succeeded(key: string): void {
    const b = this.buckets.get(key);
    if (b && b.rate < b.max) b.rate = Math.min(b.max, b.rate + b.max / 20);
  }

  /** Buckets are per account: drop an account's once it is done, so memory follows the work in flight. */
  forget(prefix: string): void {
    let longest = 0;
    for (const [key, b] of this.buckets) {
      if (!key.startsWith(prefix)) continue;
      longest = Math.max(longest, (b.calls - 1) / b.max);
      this.buckets.delete(key);
    }
    this.floor += longest;
    this.longest = Math.max(this.longest, longest);
  }

  /**
   * The pacing floor of the accounts done so far: for each, the time its busiest bucket needs at the paced rate,
   * summed. No scan of those accounts can be shorter than this divided by the accounts scanned side by side.
   */
  floorSeconds(): number {
    return this.floor;
  }

  /** The one account whose busiest bucket needed the longest: no scan of it can be shorter (seconds). */
  longestAccountSeconds(): number {
    return this.longest;
  }
}
