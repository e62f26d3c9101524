import { describe, expect, it } from "vitest";
import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { PerCallRetryStrategy } from "./retry.ts";

const info = (errorType: RetryErrorInfo["errorType"], retryAfterHint?: Date): RetryErrorInfo => ({
  errorType,
  error: new Error("x") as SdkError,
  ...(retryAfterHint ? { retryAfterHint } : {}),
});

describe("PerCallRetryStrategy", () => {
  it("retries transient, server and throttling errors up to maxAttempts, with jittered exponential backoff", async () => {
    const s = new PerCallRetryStrategy(3, () => 1);
    const t0 = await s.acquireInitialRetryToken();
    const t1 = await s.refreshRetryTokenForRetry(t0, info("THROTTLING"));
    expect([t1.getRetryCount(), t1.getRetryDelay()]).toEqual([1, 1000]);
    const t2 = await s.refreshRetryTokenForRetry(t1, info("SERVER_ERROR"));
    expect([t2.getRetryCount(), t2.getRetryDelay()]).toEqual([2, 400]);
    await expect(s.refreshRetryTokenForRetry(t2, info("TRANSIENT"))).rejects.toThrow();
  });

  it("never retries a client error, honours a longer retry-after hint, and keeps no quota between calls", async () => {
    const s = new PerCallRetryStrategy(8, () => 0);
    const t0 = await s.acquireInitialRetryToken();
    await expect(s.refreshRetryTokenForRetry(t0, info("CLIENT_ERROR"))).rejects.toThrow();
    const hinted = await s.refreshRetryTokenForRetry(t0, info("THROTTLING", new Date(Date.now() + 60_000)));
    expect(hinted.getRetryDelay()).toBeGreaterThan(50_000);
    // A thousand failing calls (a whole account throttled) leave the next call its full retries.
    for (let n = 0; n < 1000; n++) await s.refreshRetryTokenForRetry(t0, info("THROTTLING"));
    expect((await s.refreshRetryTokenForRetry(t0, info("THROTTLING"))).getRetryCount()).toBe(1);
  });
});
