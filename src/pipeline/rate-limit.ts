/**
 * Client-side rate limits per model ID, like Bedrock's per-model quotas: a request bucket
 * (`requestsPerMinute`) and a token bucket (`tokensPerMinute`, each request holding its
 * worst-case tokens, the unused part given back once the usage is known), or `"adaptive"`:
 * a request rate learned from throttling, as the AWS SDKs' adaptive retry mode learns it
 * (botocore `retries/throttling.py` and `retries/bucket.py`: a CUBIC curve with β 0.7 and
 * scale 0.4 after each throttle, the measured send rate smoothed by 0.8 over half-second
 * buckets, at least 0.5 requests a second; read 2026-11-30). Callers of one model wait in
 * order; a wait ends early with the call's abort or timeout.
 */
import { sleep } from "./retry.js";
import { TokenBucket } from "./token-bucket.js";

/** Fixed rates per model ID; give one or both. */
export interface RateLimits {
  /** Requests per minute, per model ID (also the largest burst). */
  requestsPerMinute?: number | undefined;
  /** Input plus output tokens per minute, per model ID (each request holds its estimate plus its output allowance). */
  tokensPerMinute?: number | undefined;
}

/** What `createClient({ rateLimit })` takes: fixed rates, or `"adaptive"` to learn each model's rate from throttling. */
export type RateLimitOptions = RateLimits | "adaptive";

const beta = 0.7;
const scale = 0.4;
const smoothing = 0.8;
const minimumFillRate = 0.5;

/** The adaptive mode's learned rate for one model (requests per second). */
class CubicRate {
  #measuredRate = 0;
  #bucketCount = 0;
  #lastBucket = Math.floor((performance.now() / 1000) * 2) / 2;
  #lastMaxRate = 0;
  #lastThrottle = 0;
  #timeWindow = 0;
  /** Undefined until the first throttle: no limit before Bedrock says there is one. */
  fillRate: number | undefined;

  /** Counts a sent request into the measured rate (half-second buckets). */
  #measure(nowSeconds: number): void {
    const bucket = Math.floor(nowSeconds * 2) / 2;
    this.#bucketCount += 1;
    if (bucket > this.#lastBucket) {
      const current = this.#bucketCount / (bucket - this.#lastBucket);
      this.#measuredRate = current * smoothing + this.#measuredRate * (1 - smoothing);
      this.#bucketCount = 0;
      this.#lastBucket = bucket;
    }
  }

  /** After an answer: `throttled` lowers the rate to β of what was sustained, else it grows along the cubic. */
  update(throttled: boolean, nowSeconds: number): number | undefined {
    this.#measure(nowSeconds);
    let calculated: number;
    if (throttled) {
      const rateToUse = this.fillRate === undefined ? this.#measuredRate : Math.min(this.#measuredRate, this.fillRate);
      this.#lastMaxRate = rateToUse;
      this.#timeWindow = Math.cbrt((this.#lastMaxRate * (1 - beta)) / scale);
      this.#lastThrottle = nowSeconds;
      calculated = rateToUse * beta;
    } else {
      if (this.fillRate === undefined) return undefined;
      calculated = scale * (nowSeconds - this.#lastThrottle - this.#timeWindow) ** 3 + this.#lastMaxRate;
    }
    this.fillRate = Math.max(Math.min(calculated, 2 * this.#measuredRate), minimumFillRate);
    return this.fillRate;
  }
}

/** One model's buckets and its queue of waiting callers. */
interface ModelLimit {
  requests: TokenBucket | undefined;
  tokens: TokenBucket | undefined;
  cubic: CubicRate | undefined;
  queue: Promise<void>;
  /** Wakes the caller at the head of the queue early (tokens were given back). */
  wake: (() => void) | undefined;
}

/** A client's rate limiter. */
export interface RateLimiter {
  /** Waits until a request of `tokens` may go to `modelId`; resolves to the milliseconds waited. Rejects with the signal's reason. */
  acquire(modelId: string, tokens: number, signal: AbortSignal): Promise<number>;
  /** Gives back tokens held and not used. */
  settle(modelId: string, heldTokens: number, usedTokens: number): void;
  /** Feeds an answer (throttled or not) to the adaptive rate. */
  observe(modelId: string, throttled: boolean): void;
}

/** The limiter for `createClient({ rateLimit })`. */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limits = new Map<string, ModelLimit>();
  const adaptive = options === "adaptive";
  function limitFor(modelId: string): ModelLimit {
    let limit = limits.get(modelId);
    if (!limit) {
      const now = performance.now();
      const { requestsPerMinute, tokensPerMinute } = adaptive ? {} : options;
      limit = {
        requests: requestsPerMinute === undefined ? undefined : new TokenBucket(requestsPerMinute, requestsPerMinute / 60, now),
        tokens: tokensPerMinute === undefined ? undefined : new TokenBucket(tokensPerMinute, tokensPerMinute / 60, now),
        cubic: adaptive ? new CubicRate() : undefined,
        queue: Promise.resolve(),
        wake: undefined,
      };
      limits.set(modelId, limit);
    }
    return limit;
  }

  async function waitForCapacity(limit: ModelLimit, tokens: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const now = performance.now();
      const waitMs = Math.max(limit.requests?.waitMs(1, now) ?? 0, limit.tokens?.waitMs(tokens, now) ?? 0);
      if (waitMs <= 0) {
        limit.requests?.take(1, now);
        limit.tokens?.take(tokens, now);
        return;
      }
      // Sleeps until the buckets refill, or until a call gives tokens back.
      const woken = new Promise<void>((resolve) => (limit.wake = resolve));
      const controller = new AbortController();
      const stop = (): void => controller.abort(signal.reason);
      signal.addEventListener("abort", stop, { once: true });
      try {
        await Promise.race([sleep(Math.ceil(waitMs), controller.signal), woken]);
      } finally {
        signal.removeEventListener("abort", stop);
        if (!controller.signal.aborted) controller.abort();
        limit.wake = undefined;
      }
    }
  }

  return {
    async acquire(modelId, tokens, signal) {
      const limit = limitFor(modelId);
      if (!limit.requests && !limit.tokens) return 0;
      const startedAt = performance.now();
      const turn = limit.queue.then(() => waitForCapacity(limit, tokens, signal));
      limit.queue = turn.catch(() => undefined);
      // A caller stopped while others are ahead of it leaves at once; its turn then takes nothing.
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        turn.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
      return performance.now() - startedAt;
    },
    settle(modelId, heldTokens, usedTokens) {
      const limit = limits.get(modelId);
      const bucket = limit?.tokens;
      if (!bucket) return;
      const unused = heldTokens - usedTokens;
      // Used more than held (no estimate, or an estimate short): later requests wait for it.
      if (unused > 0) {
        bucket.giveBack(unused, performance.now());
        limit.wake?.();
      } else if (unused < 0) bucket.take(-unused, performance.now());
    },
    observe(modelId, throttled) {
      const limit = limitFor(modelId);
      const rate = limit.cubic?.update(throttled, performance.now() / 1000);
      if (rate === undefined) return;
      const now = performance.now();
      if (!limit.requests) limit.requests = new TokenBucket(Math.max(rate, 1), rate, now);
      else {
        limit.requests.capacity = Math.max(rate, 1);
        limit.requests.perSecond = rate;
        limit.requests.waitMs(0, now);
      }
    },
  };
}
