/**
 * A submitted batch job (or the jobs of one submission that was split): its status from
 * GetModelInvocationJob, a wait that polls with backoff, and its results read back from S3.
 * Everything it needs is on Bedrock and S3, so `fm.batch.get(jobArn)` rebuilds it anywhere.
 */
import type { GetModelInvocationJobCommandOutput } from "@aws-sdk/client-bedrock";
import { ServiceError, ValidationError, toBedrockKitError } from "../errors.js";
import type { JobClients } from "./aws-clients.js";
import { decodeOutputRecord, inInputOrder, parseRecordLine, type BatchOutcome, type DecodeContext } from "./batch-results.js";
import { checkFolderUri, checkObjectUri } from "./job-fields.js";
import { readJob, waitForJob } from "./poll.js";
import { listKeys, readLines } from "./s3-files.js";

/**
 * A batch job's status, as Bedrock reports it (`ModelInvocationJobStatus` of
 * `@aws-sdk/client-bedrock` 3.1164.0, read 2026-11-30). `Completed`, `PartiallyCompleted`,
 * `Failed`, `Stopped` and `Expired` are final.
 */
export type BatchJobStatus =
  | "Submitted"
  | "Validating"
  | "Scheduled"
  | "InProgress"
  | "Stopping"
  | "Completed"
  | "PartiallyCompleted"
  | "Failed"
  | "Stopped"
  | "Expired";

/** One job of a submission, as GetModelInvocationJob describes it. */
export interface BatchJobDetails {
  /** The job's ARN. */
  jobArn: string;
  /** The job's name. */
  jobName: string | undefined;
  /** Its status. */
  status: BatchJobStatus;
  /** Bedrock's message (why a job failed), when it gives one. */
  message: string | undefined;
  /** Records in the job, once Bedrock has counted them. */
  totalRecordCount: number | undefined;
  /** Records processed so far. */
  processedRecordCount: number | undefined;
  /** Records that produced an output. */
  successRecordCount: number | undefined;
  /** Records that failed. */
  errorRecordCount: number | undefined;
}

/** What `onProgress` receives on each poll. */
export interface BatchProgress {
  /** The submission's status: the first unfinished job's, or the final one. */
  status: BatchJobStatus;
  /** Records processed so far, over every job. */
  processed: number;
  /** Records in every job (0 until Bedrock has counted them). */
  total: number;
  /** Records that succeeded so far. */
  succeeded: number;
  /** Records that failed so far. */
  failed: number;
  /** Each job's details. */
  jobs: BatchJobDetails[];
}

/** Options of {@link BatchJob.wait}. */
export interface BatchWaitOptions {
  /** Called after each poll. */
  onProgress?: ((progress: BatchProgress) => void) | undefined;
  /** Stops waiting (the job runs on; rejects with `AbortError`). */
  signal?: AbortSignal | undefined;
  /**
   * The first wait between polls, in milliseconds (default 30,000). While nothing changes
   * the wait grows by half each poll, up to 8 times this; any progress resets it.
   */
  pollMs?: number | undefined;
}

/** A batch inference submission: one job, or several when the requests did not fit one. */
export interface BatchJob {
  /** The (first) job's ARN: give it to `fm.batch.get` to resume in another process. */
  readonly jobArn: string;
  /** Every job's ARN, in the order of the requests (one unless the submission was split). */
  readonly jobArns: readonly string[];
  /** The model every record runs on, as requested. */
  readonly modelId: string;
  /** The status: the first unfinished job's, or when all are final, `Completed` or the first other final status. */
  status(): Promise<BatchJobStatus>;
  /** Each job, as GetModelInvocationJob describes it now. */
  describe(): Promise<BatchJobDetails[]>;
  /**
   * Polls until every job is final, calling `onProgress` after each poll. Resolves with the
   * last progress when every job is `Completed` or `PartiallyCompleted`; rejects with
   * `ServiceError` code `BatchJobFailed` (Bedrock's message in it) when a job failed, was
   * stopped or expired; `AbortError` on `signal`.
   */
  wait(options?: BatchWaitOptions): Promise<BatchProgress>;
  /**
   * Every record's outcome, in request order, read from the output files on S3 and decoded
   * as invoke decodes: `{ recordId, result }` (cost at batch prices) or `{ recordId, error }`.
   * A record missing from the output is an error outcome, never skipped. Throws
   * `ValidationError` code `BatchJobNotFinished` while a job is still running.
   */
  results(): AsyncIterable<BatchOutcome>;
  /** Asks Bedrock to stop every unfinished job (StopModelInvocationJob). */
  stop(): Promise<void>;
}

const finalStatuses: readonly BatchJobStatus[] = ["Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"];
const failedStatuses: readonly BatchJobStatus[] = ["Failed", "Stopped", "Expired"];

/** The job ID at the end of a job ARN (Bedrock names the job's output folder after it). */
function jobIdOf(jobArn: string): string {
  return jobArn.slice(jobArn.lastIndexOf("/") + 1);
}

/** How a job's failure reads in errors and outcomes. */
function jobFailure(details: BatchJobDetails, modelId: string): ServiceError {
  return new ServiceError(`The batch job ${details.jobArn} of ${modelId} ended ${details.status}${details.message ? `: ${details.message}` : ""}`, {
    code: "BatchJobFailed",
    modelId,
    operation: "batch",
  });
}

/** The submission's status from its jobs' statuses. */
function overallStatus(jobs: readonly BatchJobDetails[]): BatchJobStatus {
  const running = jobs.find((job) => !finalStatuses.includes(job.status));
  if (running) return running.status;
  return jobs.find((job) => job.status !== "Completed")?.status ?? "Completed";
}

function progressOf(jobs: BatchJobDetails[]): BatchProgress {
  const sum = (pick: (job: BatchJobDetails) => number | undefined): number => jobs.reduce((total, job) => total + (pick(job) ?? 0), 0);
  return {
    status: overallStatus(jobs),
    processed: sum((job) => job.processedRecordCount),
    total: sum((job) => job.totalRecordCount),
    succeeded: sum((job) => job.successRecordCount),
    failed: sum((job) => job.errorRecordCount),
    jobs,
  };
}

/** The job object over existing jobs. `decode` is the job's model, resolved by the caller. */
export function createBatchJob(clients: JobClients, jobArns: readonly string[], decode: DecodeContext): BatchJob {
  const modelId = decode.target.requested;
  const waiting = { modelId, operation: "batch", kind: "batch job" } as const;

  function getJob(jobArn: string, signal?: AbortSignal): Promise<GetModelInvocationJobCommandOutput> {
    return readJob(waiting, signal, () => clients.bedrock.send(new clients.sdk.bedrock.GetModelInvocationJobCommand({ jobIdentifier: jobArn }), { abortSignal: signal }));
  }

  function detailsOf(job: GetModelInvocationJobCommandOutput, jobArn: string): BatchJobDetails {
    return {
      jobArn: job.jobArn ?? jobArn,
      jobName: job.jobName,
      status: (job.status ?? "Submitted") as BatchJobStatus,
      message: job.message,
      totalRecordCount: job.totalRecordCount,
      processedRecordCount: job.processedRecordCount,
      successRecordCount: job.successRecordCount,
      errorRecordCount: job.errorRecordCount,
    };
  }

  async function describe(signal?: AbortSignal): Promise<BatchJobDetails[]> {
    return Promise.all(jobArns.map(async (jobArn) => detailsOf(await getJob(jobArn, signal), jobArn)));
  }

  function wait(options: BatchWaitOptions = {}): Promise<BatchProgress> {
    return waitForJob(
      {
        ...waiting,
        defaultPollMs: 30_000,
        poll: async (signal) => progressOf(await describe(signal)),
        settle: (progress) => {
          if (!progress.jobs.every((job) => finalStatuses.includes(job.status))) return undefined;
          const failed = progress.jobs.find((job) => failedStatuses.includes(job.status));
          if (failed) throw jobFailure(failed, modelId);
          return progress;
        },
        advance: (progress) => progress.processed,
      },
      options,
    );
  }

  /** The record IDs of a job's input file(s), in order. */
  async function* inputIds(inputUri: string): AsyncGenerator<string> {
    const keys = inputUri.endsWith("/")
      ? await (async () => {
        const folder = checkFolderUri("inputS3Uri", inputUri);
        return { bucket: folder.bucket, keys: (await listKeys(clients, folder.bucket, folder.prefix)).filter((key) => key.endsWith(".jsonl")) };
      })()
      : (() => {
        const object = checkObjectUri("inputS3Uri", inputUri);
        return { bucket: object.bucket, keys: [object.key] };
      })();
    let position = 0;
    for (const key of keys.keys) {
      for await (const line of readLines(clients, keys.bucket, key)) {
        position += 1;
        // Bedrock adds a record ID where the input has none; bedrock-kit always writes one.
        yield parseRecordLine(line)?.recordId ?? `#${position}`;
      }
    }
  }

  /**
   * The output lines of a job, from every `.out` file in its output folder but the manifest.
   * Bedrock writes `<input file>.out` and `manifest.json.out` (User Guide "View the results of
   * a batch inference job", read 2026-11-30) into a folder named after the job ID under the
   * output URI (⚠️ the folder is not named on that page; it is where public clients of the
   * API read it, 2026-11-30), so every `.out` file under that folder is read.
   */
  async function* outputLines(outputUri: string, jobArn: string): AsyncGenerator<string> {
    const folder = checkFolderUri("outputS3Uri", outputUri.endsWith("/") ? outputUri : `${outputUri}/`);
    const keys = await listKeys(clients, folder.bucket, `${folder.prefix}${jobIdOf(jobArn)}/`);
    for (const key of keys.filter((name) => name.endsWith(".out") && !name.endsWith("manifest.json.out"))) {
      yield* readLines(clients, folder.bucket, key);
    }
  }

  async function* results(): AsyncGenerator<BatchOutcome> {
    for (const jobArn of jobArns) {
      const job = await getJob(jobArn);
      const details = detailsOf(job, jobArn);
      if (!finalStatuses.includes(details.status)) {
        throw new ValidationError(`The batch job ${jobArn} of ${modelId} is ${details.status}; await job.wait() before reading its results`, {
          code: "BatchJobNotFinished",
          modelId,
          operation: "batch",
        });
      }
      const inputUri = job.inputDataConfig?.s3InputDataConfig?.s3Uri;
      const outputUri = job.outputDataConfig?.s3OutputDataConfig?.s3Uri;
      if (inputUri === undefined || outputUri === undefined) {
        throw new ServiceError(`Bedrock described the batch job ${jobArn} without its S3 locations`, { code: "MalformedResponse", modelId, operation: "batch" });
      }
      const failed = failedStatuses.includes(details.status) ? jobFailure(details, modelId) : undefined;
      const missing = (recordId: string): BatchOutcome => ({
        recordId,
        error:
          failed ??
          new ServiceError(`The batch output of ${jobArn} has no record ${recordId}`, { code: "BatchRecordMissing", modelId, operation: "batch" }),
      });
      yield* inInputOrder(inputIds(inputUri), outputLines(outputUri, jobArn), (record) => decodeOutputRecord(record, decode), missing);
    }
  }

  async function stop(): Promise<void> {
    const jobs = await describe();
    for (const job of jobs.filter((each) => !finalStatuses.includes(each.status) && each.status !== "Stopping")) {
      try {
        await clients.bedrock.send(new clients.sdk.bedrock.StopModelInvocationJobCommand({ jobIdentifier: job.jobArn }));
      } catch (error) {
        throw toBedrockKitError(error, { modelId, operation: "batch" });
      }
    }
  }

  return {
    jobArn: jobArns[0]!,
    jobArns,
    modelId,
    status: async () => overallStatus(await describe()),
    describe: () => describe(),
    wait,
    results,
    stop,
  };
}

