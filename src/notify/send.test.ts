import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { originOf, retryAfterMs, signature, withRetries, withoutUrls, type Attempt } from "./send.ts";

describe("webhook signature", () => {
  it("is HMAC-SHA256 of timestamp.body, hex, prefixed sha256=", () => {
    const expected = createHmac("sha256", "s3cret").update("1700000000.{}").digest("hex");
    expect(signature("s3cret", "1700000000", "{}")).toBe(`sha256=${expected}`);
    expect(signature("other", "1700000000", "{}")).not.toBe(`sha256=${expected}`);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    expect(retryAfterMs("3", 0)).toBe(3000);
    expect(retryAfterMs("Wed, 02 Dec 2026 00:00:10 GMT", Date.parse("2026-12-02T00:00:00Z"))).toBe(10_000);
    expect(retryAfterMs("soon", 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});

describe("URLs in messages", () => {
  it("keep only their origin: a webhook path is its secret", () => {
    const url = "https://hooks.slack.com/services/T000/B000/HOOKSECRET";
    expect(originOf(url)).toBe("https://hooks.slack.com");
    expect(withoutUrls(`POST ${url} failed`)).toBe("POST https://hooks.slack.com failed");
  });
});

describe("retries", () => {
  const policy = { attempts: 3, backoffMs: 100, timeoutMs: 1000 };
  const scripted = (answers: Attempt[]) => {
    let n = 0;
    return async () => answers[Math.min(n++, answers.length - 1)]!;
  };
  const fail = (retry: boolean, waitMs: number | null = null): Attempt => ({
    ok: false,
    retry,
    waitMs,
    error: "HTTP 500",
  });
  const ok: Attempt = { ok: true, retry: false, waitMs: null, error: null };

  it("backs off exponentially, honours a longer Retry-After, and stops at the first success", async () => {
    const waits: number[] = [];
    const result = await withRetries(scripted([fail(true), fail(true, 5000), ok]), policy, async (ms) => {
      waits.push(ms);
    });
    expect(result).toEqual({ ok: true, attempts: 3, error: null });
    expect(waits).toEqual([100, 5000]);
  });

  it("gives up after the attempts, and at once on a final answer", async () => {
    const none = async () => undefined;
    expect(await withRetries(scripted([fail(true)]), policy, none)).toEqual({
      ok: false,
      attempts: 3,
      error: "HTTP 500",
    });
    expect(await withRetries(scripted([fail(false), ok]), policy, none)).toMatchObject({
      ok: false,
      attempts: 1,
    });
  });

  it("counts a thrown error as retryable and keeps no URL from it", async () => {
    const result = await withRetries(
      async () => {
        throw new Error("connect to http://127.0.0.1:9/hooks/SECRET refused");
      },
      { ...policy, attempts: 2 },
      async () => undefined,
    );
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(2);
    expect(result.error).not.toContain("SECRET");
  });
});
