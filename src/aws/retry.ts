/**
 * The SDK's retry, without what belongs to one client: wirewatch shares a client per service and region across
 * accounts, so the standard strategy's retry quota and the adaptive strategy's send-rate bucket, both kept per
 * client, would let one account's throttling or failures refuse or slow every other account's calls. Rate is paced
 * per account, region and API by the layer instead (src/aws/pacer.ts); this keeps the SDK's backoff: exponential
 * with full jitter, 100 ms base (500 ms when throttled), at most 20 s, or the service's retry-after hint when longer
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";

const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

const token = (count: number, delay: number): StandardRetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => undefined,
});

export class PerCallRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";

  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  acquireInitialRetryToken(): Promise<StandardRetryToken> {
    return Promise.resolve(token(0, 0));
  }

  refreshRetryTokenForRetry(previous: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    const attempt = previous.getRetryCount() + 1;
    if (attempt >= this.maxAttempts || info.errorType === "CLIENT_ERROR") {
      return Promise.reject(new Error("no more retries"));
    }
    const base = info.errorType === "THROTTLING" ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    const backoff = Math.floor(Math.min(MAX_DELAY_MS, this.random() * 2 ** attempt * base));
    const hinted = info.retryAfterHint ? Math.max(info.retryAfterHint.getTime() - Date.now(), 0) : 0;
    return Promise.resolve(token(attempt, Math.max(backoff, hinted)));
  }

  recordSuccess(): void {}
}
