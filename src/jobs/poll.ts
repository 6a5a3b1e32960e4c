/**
 * The one wait of every job object (`BatchJob.wait`, `CustomizationJob.wait`): its options
 * checked, then a poll, `onProgress`, and a sleep that starts at `pollMs` and grows by half
 * each poll while the job shows no progress, up to 8 times `pollMs`; and the status read
 * each poll makes, whose abort is the wait's.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AbortError, ValidationError, toBedrockKitError } from "../errors.js";
import { checkSignal } from "../validate.js";

/** The options a job's `wait` takes (each job's public options type has these fields). */
export interface WaitOptions<Progress> {
  /** Called after each poll. */
  onProgress?: ((progress: Progress) => void) | undefined;
  /** Stops waiting (the job runs on). */
  signal?: AbortSignal | undefined;
  /** The first wait between polls, in milliseconds. */
  pollMs?: number | undefined;
}

/** What a job's errors name. */
export interface JobLabel {
  /** The job's model. */
  modelId: string;
  /** The operation. */
  operation: "batch" | "customization";
  /** The job's kind in messages: `batch job`, `customization job`. */
  kind: string;
}

/** What one kind of job brings to {@link waitForJob}. */
export interface JobPoll<Progress, Result> extends JobLabel {
  /** The first sleep between polls when the caller gives no `pollMs`, in milliseconds. */
  defaultPollMs: number;
  /** Reads the job's progress now. */
  poll(signal: AbortSignal | undefined): Promise<Progress>;
  /** The answer once the job is done, `undefined` to poll again; throws for a job that failed. */
  settle(progress: Progress): Result | undefined;
  /** A count that grows as the job works (records processed): a change sleeps `pollMs` again. Default: none. */
  advance?(progress: Progress): number;
}

/** The longest `pollMs`: the largest delay a Node.js timer takes. */
const longestPollMs = 2_147_483_647;

/** The error of a wait stopped by its signal (the job runs on). */
function waitAborted(job: JobLabel, cause: unknown): AbortError {
  return new AbortError(`Waiting for the ${job.kind} of ${job.modelId} was aborted`, { modelId: job.modelId, operation: job.operation, cause });
}

/**
 * Sends a job's status request (GetModelInvocationJob, GetModelCustomizationJob): stopped by
 * `signal`, it rejects as a stopped wait does (`AbortError`); any other failure is mapped
 * as every Bedrock error is.
 */
export async function readJob<Output>(job: JobLabel, signal: AbortSignal | undefined, send: () => Promise<Output>): Promise<Output> {
  try {
    return await send();
  } catch (error) {
    if (signal?.aborted) throw waitAborted(job, error);
    throw toBedrockKitError(error, { modelId: job.modelId, operation: job.operation });
  }
}

/** Checks the options of a wait, before its first poll. */
function checkWaitOptions<Progress>(options: WaitOptions<Progress>, modelId: string, operation: JobLabel["operation"]): void {
  if (typeof options !== "object" || options === null) throw new ValidationError("Invalid options: expected { onProgress?, signal?, pollMs? }", { field: "options", modelId, operation });
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") throw new ValidationError("Invalid onProgress: expected a function", { field: "onProgress", modelId, operation });
  const { pollMs } = options;
  if (pollMs !== undefined && (typeof pollMs !== "number" || !Number.isFinite(pollMs) || pollMs < 1 || pollMs > longestPollMs)) {
    throw new ValidationError(`Invalid pollMs: expected milliseconds from 1 to ${longestPollMs}`, { field: "pollMs", modelId, operation });
  }
  checkSignal(options.signal, modelId);
}

/**
 * Polls `job` until `settle` gives its answer (or throws), calling `onProgress` after each
 * poll. Rejects with `ValidationError` for bad options and `AbortError` on `signal`.
 */
export async function waitForJob<Progress, Result>(job: JobPoll<Progress, Result>, options: WaitOptions<Progress>): Promise<Result> {
  checkWaitOptions(options, job.modelId, job.operation);
  const firstDelay = options.pollMs ?? job.defaultPollMs;
  const longestDelay = Math.min(firstDelay * 8, longestPollMs); // past a timer's limit, Node would fire after 1 ms
  let delay = firstDelay;
  let lastAdvance: number | undefined;
  for (;;) {
    const progress = await job.poll(options.signal);
    options.onProgress?.(progress);
    const result = job.settle(progress);
    if (result !== undefined) return result;
    const advance = job.advance?.(progress) ?? 0;
    delay = advance !== lastAdvance ? firstDelay : Math.min(longestDelay, Math.round(delay * 1.5));
    lastAdvance = advance;
    try {
      await sleep(delay, undefined, { signal: options.signal });
    } catch (error) {
      throw waitAborted(job, error);
    }
  }
}
