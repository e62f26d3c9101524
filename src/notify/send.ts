/**
 * Sends one message to a channel, retrying with exponential backoff: network failures, timeouts, 5xx and 429 are
 * retried (a 429's Retry-After is honoured), any other answer is final for this scan. A URL is never logged or kept:
 * only its origin names where a delivery went, since a webhook's path (Slack's, for one) is its secret.
 */
import { createHmac } from "node:crypto";

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  /** Why the last attempt failed, without the URL's path or query. */
  error: string | null;
}

/** Waits, or stops early when the signal fires (the service is shutting down). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** The longest a 429's Retry-After is waited for; longer, the items wait for the next scan instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After is seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The URL as it may appear in messages: scheme, host and port only. */
export const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "(an unparsable URL)";
  }
};

/** Strips any URL to its origin, in case an error message quotes one. */
export const withoutUrls = (text: string) => text.replace(/\bhttps?:\/\/[^\s"'<>]+/g, (u) => originOf(u));

export interface Attempt {
  ok: boolean;
  /** Worth trying again (network, timeout, 5xx, 429). */
  retry: boolean;
  /** A wait the receiver asked for. */
  waitMs: number | null;
  error: string | null;
}

/** Runs `attempt` until it succeeds, fails for good, or the attempts run out. */
export async function withRetries(
  attempt: (signal: AbortSignal) => Promise<Attempt>,
  policy: RetryPolicy,
  sleep: Sleep,
  stop?: AbortSignal,
): Promise<SendResult> {
  let last: Attempt = { ok: false, retry: false, waitMs: null, error: "not attempted" };
  let n = 0;
  for (; n < policy.attempts; n++) {
    if (n > 0) {
      const backoff = policy.backoffMs * 2 ** (n - 1);
      const wait = Math.max(backoff, last.waitMs ?? 0);
      if (wait > MAX_RETRY_AFTER_MS) break;
      await sleep(wait, stop);
    }
    if (stop?.aborted) break;
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    try {
      last = await attempt(stop ? AbortSignal.any([timeout, stop]) : timeout);
    } catch (err) {
      const timedOut = timeout.aborted;
      last = {
        ok: false,
        retry: true,
        waitMs: null,
        error: timedOut ? `no answer within ${policy.timeoutMs} ms` : describeFailure(err),
      };
    }
    if (last.ok) return { ok: true, attempts: n + 1, error: null };
    if (!last.retry) {
      n += 1;
      break;
    }
  }
  return { ok: false, attempts: Math.max(n, 1), error: last.error && withoutUrls(last.error) };
}

function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch says "fetch failed" and keeps the reason (ECONNREFUSED, a TLS error) in `cause`.
  const cause = (err as Error & { cause?: unknown }).cause;
  const why = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : "";
  return withoutUrls(`${err.message}${why}`);
}

/** Judges an HTTP answer: 2xx delivered; 429 and 5xx retried; anything else final. */
export async function judgeResponse(res: Response, now: number): Promise<Attempt> {
  if (res.ok) {
    await res.body?.cancel();
    return { ok: true, retry: false, waitMs: null, error: null };
  }
  // Slack answers 4xx with a short reason in the body (invalid_payload, no_text, channel_not_found ...).
  const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ").trim();
  return {
    ok: false,
    retry: res.status === 429 || res.status >= 500,
    waitMs: res.status === 429 ? retryAfterMs(res.headers.get("retry-after"), now) : null,
    error: `HTTP ${res.status}${text ? `: ${withoutUrls(text)}` : ""}`,
  };
}

/**
 * The webhook signature: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret, hex, as
 * `X-Wirewatch-Signature: sha256=<hex>`. Signing the timestamp too lets a receiver refuse replays.
 */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Attempt> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    signal,
    redirect: "error",
  });
  return judgeResponse(res, Date.now());
}
