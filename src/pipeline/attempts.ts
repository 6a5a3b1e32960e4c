/** One wire request with the client's retries: request and retry events, backoff, classification. */
import { StreamError } from "../errors.js";
import { describeError, type Observers } from "./observers.js";
import { backoffDelay, sleep, type RetryDelay } from "./retry.js";
import type { CallScope } from "./scope.js";

/** What the retry loop needs from the client. */
export interface RetrySettings {
  maxRetries: number;
  retryDelay: RetryDelay;
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
  for (let attempt = 1; ; attempt++) {
    scope.throwIfStopped();
    scope.requests += 1;
    observers.emit(scope, "request", { attempt });
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      const kitError = scope.classify(error);
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
