/** One wire request with the client's retries: request and retry events, backoff, classification. */
import { StreamError, ThrottlingError } from "../errors.js";
import { describeError, type Observers } from "./observers.js";
import type { RateLimiter } from "./rate-limit.js";
import { backoffDelay, sleep, type RetryDelay } from "./retry.js";
import type { CallScope } from "./scope.js";

/** What the retry loop needs from the client. */
export interface RetrySettings {
  maxRetries: number;
  retryDelay: RetryDelay;
  /** The client's rate limiter, when it has `rateLimit`: every request waits for its turn. */
  rateLimiter?: RateLimiter | undefined;
}

/** Waits for the rate limiter; the milliseconds waited. */
async function waitForTurn(scope: CallScope, limiter: RateLimiter): Promise<number> {
  try {
    const waited = await limiter.acquire(scope.modelId, scope.tokensPerRequest, scope.signal);
    scope.heldTokens += scope.tokensPerRequest;
    return waited;
  } catch (reason) {
    throw scope.classify(reason);
  }
}

/**
 * Runs `attemptOnce` until it succeeds, the error is not retryable, the retries are spent
 * or the call is stopped. Throws the classified error. A stream that failed after its
 * output began (`StreamError`) is never retried: its deltas are already with the user.
 */
export async function withRetries<Output>(
  scope: CallScope,
  settings: RetrySettings,
  observers: Observers,
  attemptOnce: (attempt: number) => Promise<Output>,
): Promise<Output> {
  const limiter = settings.rateLimiter;
  for (let attempt = 1; ; attempt++) {
    scope.throwIfStopped();
    // No await without a rate limit: an idle await would cost every request a turn of the event loop's queue.
    const queuedMs = limiter ? await waitForTurn(scope, limiter) : 0;
    scope.requests += 1;
    observers.emit(scope, "request", queuedMs >= 1 ? { attempt, queuedMs: Math.round(queuedMs) } : { attempt });
    try {
      const output = await attemptOnce(attempt);
      limiter?.observe(scope.modelId, false);
      return output;
    } catch (error) {
      const kitError = scope.classify(error);
      limiter?.observe(scope.modelId, ThrottlingError.isInstance(kitError));
      if (!kitError.retryable || attempt > settings.maxRetries || StreamError.isInstance(kitError)) throw kitError;
      const delayMs = backoffDelay(attempt - 1, settings.retryDelay);
      observers.emit(scope, "retry", { attempt, delayMs, error: describeError(kitError), ...(kitError.requestId ? { requestId: kitError.requestId } : {}) });
      try {
        await sleep(delayMs, scope.signal);
      } catch (abortReason) {
        throw scope.classify(abortReason);
      }
      scope.retries += 1;
    }
  }
}
