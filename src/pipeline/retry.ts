/** Jittered exponential backoff over `error.retryable`. */
import { longestTimerMs } from "./scope.js";

/** How long to wait between attempts. */
export interface RetryDelay {
  /** The first retry waits up to this long (full jitter). Default 100. */
  baseMs?: number | undefined;
  /** No wait is longer than this. Default 5000. */
  maxMs?: number | undefined;
}

/**
 * The wait before retry number `retry` (0-based): a uniform random time between 0 and
 * `min(maxMs, baseMs × 2^retry)` ("full jitter"), so that throttled clients spread out.
 * Never longer than a Node timer can wait.
 */
export function backoffDelay(retry: number, delay: RetryDelay, random: () => number = Math.random): number {
  const ceiling = Math.min(delay.maxMs ?? 5_000, (delay.baseMs ?? 100) * 2 ** retry, longestTimerMs);
  return Math.floor(random() * ceiling);
}

/** Resolves after `milliseconds`, or rejects with the signal's reason once it aborts. */
export function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
