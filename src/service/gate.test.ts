import { describe, expect, it } from "vitest";
import { randomDelayMs, ScanGate, type SkipReason, type Trigger } from "./gate.ts";

/** A gate whose scans finish when the test says, and whose delays end when the test says: no clock runs. */
function harness(delay = 0) {
  const started: Trigger[] = [];
  const skipped: Array<[SkipReason, Trigger]> = [];
  const finishers: Array<() => void> = [];
  const waits: Array<{ ms: number; end: () => void }> = [];
  const gate = new ScanGate({
    run: (trigger) => {
      started.push(trigger);
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
    onSkip: (reason, trigger) => skipped.push([reason, trigger]),
    onError: (err) => {
      throw err;
    },
    delayMs: () => delay,
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        waits.push({ ms, end: resolve });
        signal.addEventListener("abort", () => resolve(), { once: true });
      }),
  });
  const finish = async (i: number) => {
    finishers[i]!();
    await gate.running;
  };
  return { gate, started, skipped, finish, waits };
}

describe("one scan at a time", () => {
  it("skips and counts a tick that finds a scan running, without queueing it", async () => {
    const h = harness();
    const first = h.gate.tick("start");
    expect(first).toBeDefined();
    expect(h.gate.busy).toBe(true);
    expect(h.gate.tick("schedule")).toBeUndefined();
    expect(h.gate.tick("schedule")).toBeUndefined();
    expect(h.skipped).toEqual([
      ["overlap", "schedule"],
      ["overlap", "schedule"],
    ]);
    await h.finish(0);
    expect(h.gate.busy).toBe(false);
    // Nothing was queued: only the first scan ran, and the next tick starts the second.
    expect(h.started).toEqual(["start"]);
    void h.gate.tick("schedule");
    expect(h.started).toEqual(["start", "schedule"]);
    await h.finish(1);
  });

  it("spreads scheduled scans by the random delay, and counts a tick during the delay as an overlap", async () => {
    const h = harness(1500);
    void h.gate.tick("schedule");
    await Promise.resolve();
    expect(h.waits.map((w) => w.ms)).toEqual([1500]);
    expect(h.started).toEqual([]);
    expect(h.gate.tick("schedule")).toBeUndefined();
    expect(h.skipped).toEqual([["overlap", "schedule"]]);
    h.waits[0]!.end();
    await new Promise((r) => setImmediate(r));
    expect(h.started).toEqual(["schedule"]);
    await h.finish(0);
  });

  it("runs the scan on start without delay", async () => {
    const h = harness(1500);
    void h.gate.tick("start");
    await Promise.resolve();
    expect(h.waits).toEqual([]);
    expect(h.started).toEqual(["start"]);
    await h.finish(0);
  });

  it("starts nothing once stopped: a pending delay ends without its scan, and later ticks are skipped", async () => {
    const h = harness(60_000);
    const pending = h.gate.tick("schedule");
    h.gate.stop();
    await pending;
    expect(h.started).toEqual([]);
    expect(h.gate.tick("schedule")).toBeUndefined();
    expect(h.skipped).toEqual([
      ["shutdown", "schedule"],
      ["shutdown", "schedule"],
    ]);
  });

  it("reports a scan that throws and takes the next tick", async () => {
    const errors: string[] = [];
    const gate = new ScanGate({
      run: () => Promise.reject(new Error("store gone")),
      onSkip: () => undefined,
      onError: (err, trigger) => errors.push(`${trigger}: ${(err as Error).message}`),
      delayMs: () => 0,
      wait: () => Promise.resolve(),
    });
    await gate.tick("start");
    expect(gate.busy).toBe(false);
    await gate.tick("schedule");
    expect(errors).toEqual(["start: store gone", "schedule: store gone"]);
  });
});

describe("the random delay", () => {
  it("is uniform in [0, max) seconds from the injected source, and 0 when off", () => {
    expect(randomDelayMs(0, () => 0.9)).toBe(0);
    expect(randomDelayMs(30, () => 0)).toBe(0);
    expect(randomDelayMs(30, () => 0.5)).toBe(15_000);
    expect(randomDelayMs(30, () => 0.999999)).toBe(29_999);
  });
});
