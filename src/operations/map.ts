/** `fm.map`: many invoke calls with bounded concurrency, every outcome kept in request order. */
import { BedrockKitError, ValidationError } from "../errors.js";
import type { InvokeRequest, InvokeResult } from "../types.js";

/** What {@link BedrockKitClient.map} takes besides the requests. */
export interface MapOptions {
  /** Calls in flight at once. Default 8. */
  concurrency?: number | undefined;
  /** Called after each call ends, with the counts so far. */
  onProgress?: ((progress: MapProgress) => void) | undefined;
  /** Stops starting new calls (and aborts those in flight); the rest end as `AbortError` outcomes. */
  signal?: AbortSignal | undefined;
}

/** Progress of {@link BedrockKitClient.map}. */
export interface MapProgress {
  /** Calls ended so far (succeeded or failed). */
  done: number;
  /** Of those, the failed ones. */
  failed: number;
  /** Requests known so far (all of them for an array; those read so far for an iterable). */
  total: number;
  /** Dollars spent by the calls that succeeded so far (calls without a price count 0). */
  costUsd: number;
}

/** The outcome of one request of {@link BedrockKitClient.map}: its result or its error, never neither. */
export interface MapOutcome {
  /** The request's position in the input. */
  index: number;
  /** The result, when the call succeeded. */
  result?: InvokeResult | undefined;
  /** The error, when it failed. */
  error?: BedrockKitError | undefined;
}

/** Runs `invoke` over `requests`, at most `concurrency` at once; resolves when every request has an outcome. */
export async function mapRequests(
  invoke: (request: InvokeRequest) => Promise<InvokeResult>,
  requests: Iterable<InvokeRequest> | AsyncIterable<InvokeRequest>,
  options: MapOptions = {},
): Promise<MapOutcome[]> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1_000) throw new ValidationError("Invalid concurrency: expected an integer from 1 to 1000", { field: "concurrency" });
  if (requests === null || typeof requests !== "object" || !(Symbol.iterator in requests || Symbol.asyncIterator in requests)) {
    throw new ValidationError("Invalid requests: expected an array or (async) iterable of invoke requests", { field: "requests" });
  }
  const iterator = Symbol.asyncIterator in requests ? requests[Symbol.asyncIterator]() : (requests as Iterable<InvokeRequest>)[Symbol.iterator]();
  const outcomes: MapOutcome[] = [];
  const progress: MapProgress = { done: 0, failed: 0, total: Array.isArray(requests) ? requests.length : 0, costUsd: 0 };
  const signal = options.signal;
  let next = 0;
  let exhausted = false;

  /** The next request and its index, or undefined once the input is read whole. Reads are one at a time. */
  let reading: Promise<unknown> = Promise.resolve();
  function take(): Promise<{ index: number; request: InvokeRequest } | undefined> {
    const read = reading.then(async () => {
      if (exhausted) return undefined;
      const step = await iterator.next();
      if (step.done) {
        exhausted = true;
        return undefined;
      }
      const index = next++;
      if (!Array.isArray(requests)) progress.total = next;
      return { index, request: step.value };
    });
    reading = read.catch(() => undefined);
    return read;
  }

  async function worker(): Promise<void> {
    for (let item = await take(); item; item = await take()) {
      const request = signal ? { ...item.request, signal: item.request.signal ?? signal } : item.request;
      try {
        const result = await invoke(request);
        outcomes[item.index] = { index: item.index, result };
        progress.costUsd += result.cost?.totalUsd ?? 0;
      } catch (error) {
        outcomes[item.index] = { index: item.index, error: error as BedrockKitError };
        progress.failed += 1;
      }
      progress.done += 1;
      try {
        options.onProgress?.({ ...progress });
      } catch {
        // A progress callback that throws breaks no call.
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
