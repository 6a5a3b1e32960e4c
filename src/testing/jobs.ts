/**
 * The offline Bedrock's control plane: batch inference jobs (`/model-invocation-job…`) run
 * against its own simulated models, reading their input from and writing their output to
 * an S3-compatible server the test started, and customization jobs
 * (`/model-customization-jobs…`) that complete with a custom-model ARN. Paths and shapes
 * restate Bedrock's REST API (`@aws-sdk/client-bedrock` 3.1164.0 operation schemas, read
 * 2026-11-30: `POST /model-invocation-job` → 200 `{jobArn}`, `GET
 * /model-invocation-job/{jobIdentifier}`, `POST /model-invocation-job/{jobIdentifier}/stop`,
 * `POST /model-customization-jobs` → 201, `GET /model-customization-jobs/{jobIdentifier}`).
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { isRecord } from "./kit.js";
import type { LocalCredentials } from "./server.js";
import { readBody, type AnyRequest, type AnyResponse } from "./http-exchange.js";

/** The S3-compatible server the offline Bedrock's jobs read and write. */
export interface LocalS3Options {
  /** Its URL, e.g. `http://127.0.0.1:4568` (path-style addressing). */
  endpoint: string;
  /** Credentials it accepts (s3rver: `S3RVER` / `S3RVER`); the offline Bedrock's `clientOptions` use them too. */
  credentials?: LocalCredentials | undefined;
}

/** Test hooks for the offline Bedrock's batch jobs. */
export interface LocalBatchControl {
  /** Records with this ID fail in every later job, with HTTP `errorCode` (default 400) and the message. */
  failRecord(recordId: string, message?: string, errorCode?: number): void;
  /** Records with this ID are left out of the output, as if lost. */
  omitRecord(recordId: string): void;
  /** The next job created fails validation with this message. */
  failNextJob(message?: string): void;
  /** The next job created stays `InProgress` until stopped or the server closes. */
  stallNextJob(): void;
  /** Milliseconds between slices of 100 records (default 5), so progress can be watched. */
  stepMs: number;
  /** The ARN of every batch job created so far, oldest first. */
  readonly jobArns: readonly string[];
}

/** Test hooks for the offline Bedrock's customization jobs. */
export interface LocalCustomizationControl {
  /** The next customization job fails with this message. */
  failNextJob(message?: string): void;
  /** How many status polls a job stays `InProgress` (default 2). */
  pollsUntilDone: number;
  /** The ARN of every customization job created so far, oldest first. */
  readonly jobArns: readonly string[];
}

/** What a simulated model answers for one batch record. */
export type RecordAnswer = { modelOutput: unknown } | { errorCode: number; errorMessage: string };


const account = "123456789012";
const region = "us-east-1";

interface BatchJobState {
  jobArn: string;
  jobId: string;
  jobName: string;
  modelId: string;
  roleArn: string;
  inputUri: string;
  outputUri: string;
  status: string;
  message: string | undefined;
  submitTime: string;
  lastModifiedTime: string;
  endTime: string | undefined;
  totalRecordCount: number | undefined;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  stall: boolean;
  failure: string | undefined;
  stopped: boolean;
}

interface CustomizationJobState {
  jobArn: string;
  request: Record<string, unknown>;
  creationTime: string;
  polls: number;
  failure: string | undefined;
}


function reply(response: AnyResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { "content-type": "application/json", "x-amzn-requestid": randomUUID() };
  if (errorType) headers["x-amzn-errortype"] = `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  (response as ServerResponse).writeHead(status, headers);
  response.end(JSON.stringify(body));
}

function splitUri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return { bucket: match?.[1] ?? "", key: match?.[2] ?? "" };
}

function shortId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 12);
}

/** The job ID from a path parameter: a job ID, or an ARN (percent-encoded). */
function jobIdFrom(parameter: string): string {
  const decoded = decodeURIComponent(parameter);
  return decoded.slice(decoded.lastIndexOf("/") + 1);
}

/** The control plane's jobs: `handle` answers its paths and returns false for any other. */
export interface LocalJobs {
  handle(request: AnyRequest, response: AnyResponse, path: string): Promise<boolean>;
  batch: LocalBatchControl;
  customization: LocalCustomizationControl;
  close(): void;
}

/** Creates the control plane; `answer` runs one record on the simulated model. */
export function createLocalJobs(s3Options: LocalS3Options | undefined, answer: (modelId: string, body: unknown) => RecordAnswer): LocalJobs {
  const batchJobs = new Map<string, BatchJobState>();
  const customizationJobs = new Map<string, CustomizationJobState>();
  const failingRecords = new Map<string, { message: string; errorCode: number }>();
  const omittedRecords = new Set<string>();
  let nextFailure: string | undefined;
  let nextStall = false;
  let nextCustomizationFailure: string | undefined;
  const closed = new AbortController();
  let s3: Promise<{ client: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;

  const batch: LocalBatchControl = {
    failRecord: (recordId, message = "The model could not process this record.", errorCode = 400) => void failingRecords.set(recordId, { message, errorCode }),
    omitRecord: (recordId) => void omittedRecords.add(recordId),
    failNextJob: (message = "The input file is not valid.") => void (nextFailure = message),
    stallNextJob: () => void (nextStall = true),
    stepMs: 5,
    get jobArns() {
      return [...batchJobs.values()].map((job) => job.jobArn);
    },
  };
  const customization: LocalCustomizationControl = {
    failNextJob: (message = "The training data is not valid.") => void (nextCustomizationFailure = message),
    pollsUntilDone: 2,
    get jobArns() {
      return [...customizationJobs.values()].map((job) => job.jobArn);
    },
  };

  function storage(): Promise<{ client: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> {
    if (!s3Options) throw new Error("the offline Bedrock has no S3 server: startLocalBedrock({ s3: { endpoint } })");
    s3 ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region,
        endpoint: s3Options.endpoint,
        forcePathStyle: true,
        credentials: s3Options.credentials ?? { accessKeyId: "AKIAOFFLINEBEDROCK00", secretAccessKey: "offline-bedrock-secret-not-a-real-key" },
      }),
    }));
    return s3;
  }

  function touch(job: BatchJobState, status: string): void {
    job.status = status;
    job.lastModifiedTime = new Date().toISOString();
    if (["Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"].includes(status)) job.endTime = job.lastModifiedTime;
  }

  async function readInput(uri: string): Promise<string[]> {
    const { client, sdk } = await storage();
    const { bucket, key } = splitUri(uri);
    const keys = key === "" || key.endsWith("/")
      ? ((await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: key }))).Contents ?? []).map((item) => item.Key ?? "").filter((name) => name.endsWith(".jsonl"))
      : [key];
    const lines: string[] = [];
    for (const name of keys) {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: name }));
      lines.push(...(await object.Body!.transformToString("utf8")).split("\n").filter((line) => line.trim() !== ""));
    }
    return lines;
  }

  /** Runs a job: Validating, then InProgress in slices, then the output files and Completed. */
  async function run(job: BatchJobState): Promise<void> {
    await delay(batch.stepMs, undefined, { signal: closed.signal });
    touch(job, "Validating");
    if (job.failure) {
      job.message = job.failure;
      touch(job, "Failed");
      return;
    }
    let lines: string[];
    try {
      lines = await readInput(job.inputUri);
    } catch (error) {
      job.message = `Bedrock could not read the input: ${(error as Error).message}`;
      touch(job, "Failed");
      return;
    }
    const records: { recordId: string; modelInput: unknown }[] = [];
    for (const line of lines) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (!isRecord(parsed) || !isRecord(parsed.modelInput)) {
        job.message = "The input file contains a record that is not a JSON object with a modelInput object.";
        touch(job, "Failed");
        return;
      }
      records.push({ recordId: typeof parsed.recordId === "string" ? parsed.recordId : shortId().toUpperCase(), modelInput: parsed.modelInput });
    }
    job.totalRecordCount = records.length;
    touch(job, "InProgress");
    const outputs: string[] = [];
    for (let start = 0; start < records.length; start += 100) {
      await delay(batch.stepMs, undefined, { signal: closed.signal });
      if (job.stopped) return;
      for (const record of records.slice(start, start + 100)) {
        job.processedRecordCount += 1;
        const failing = failingRecords.get(record.recordId);
        const outcome: RecordAnswer = failing ? { errorCode: failing.errorCode, errorMessage: failing.message } : answer(job.modelId, record.modelInput);
        if ("modelOutput" in outcome) job.successRecordCount += 1;
        else job.errorRecordCount += 1;
        if (omittedRecords.has(record.recordId)) continue;
        const line = "modelOutput" in outcome
          ? { recordId: record.recordId, modelInput: record.modelInput, modelOutput: outcome.modelOutput }
          : { recordId: record.recordId, modelInput: record.modelInput, error: { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage } };
        outputs.push(JSON.stringify(line));
      }
    }
    while (job.stall && !job.stopped) await delay(batch.stepMs * 10, undefined, { signal: closed.signal });
    if (job.stopped) return;
    // Bedrock does not promise the input's order in the output; this one never keeps it.
    const shuffled = [...outputs.filter((_line, index) => index % 2 === 1), ...outputs.filter((_line, index) => index % 2 === 0)];
    const { client, sdk } = await storage();
    const output = splitUri(job.outputUri.endsWith("/") ? job.outputUri : `${job.outputUri}/`);
    const inputName = job.inputUri.slice(job.inputUri.lastIndexOf("/") + 1) || "input.jsonl";
    await client.send(new sdk.PutObjectCommand({ Bucket: output.bucket, Key: `${output.key}${job.jobId}/${inputName}.out`, Body: shuffled.map((line) => `${line}\n`).join("") }));
    const manifest = { totalRecordCount: records.length, processedRecordCount: job.processedRecordCount, successRecordCount: job.successRecordCount, errorRecordCount: job.errorRecordCount };
    await client.send(new sdk.PutObjectCommand({ Bucket: output.bucket, Key: `${output.key}${job.jobId}/manifest.json.out`, Body: JSON.stringify(manifest) }));
    touch(job, "Completed");
  }

  function describeBatch(job: BatchJobState): Record<string, unknown> {
    return {
      jobArn: job.jobArn,
      jobName: job.jobName,
      modelId: job.modelId,
      roleArn: job.roleArn,
      status: job.status,
      ...(job.message ? { message: job.message } : {}),
      submitTime: job.submitTime,
      lastModifiedTime: job.lastModifiedTime,
      ...(job.endTime ? { endTime: job.endTime } : {}),
      inputDataConfig: { s3InputDataConfig: { s3Uri: job.inputUri, s3InputFormat: "JSONL" } },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: job.outputUri } },
      ...(job.totalRecordCount === undefined ? {} : { totalRecordCount: job.totalRecordCount }),
      processedRecordCount: job.processedRecordCount,
      successRecordCount: job.successRecordCount,
      errorRecordCount: job.errorRecordCount,
    };
  }

  function createBatch(response: AnyResponse, body: Record<string, unknown>): void {
    const input = isRecord(body.inputDataConfig) && isRecord(body.inputDataConfig.s3InputDataConfig) ? body.inputDataConfig.s3InputDataConfig.s3Uri : undefined;
    const output = isRecord(body.outputDataConfig) && isRecord(body.outputDataConfig.s3OutputDataConfig) ? body.outputDataConfig.s3OutputDataConfig.s3Uri : undefined;
    if (typeof body.jobName !== "string" || typeof body.modelId !== "string" || typeof body.roleArn !== "string" || typeof input !== "string" || typeof output !== "string") {
      reply(response, 400, { message: "jobName, roleArn, modelId, inputDataConfig and outputDataConfig are required." }, "ValidationException");
      return;
    }
    if (!s3Options) {
      reply(response, 400, { message: "Offline Bedrock: start it with { s3: { endpoint } } to run batch jobs." }, "ValidationException");
      return;
    }
    const jobId = shortId();
    const now = new Date().toISOString();
    const job: BatchJobState = {
      jobArn: `arn:aws:bedrock:${region}:${account}:model-invocation-job/${jobId}`,
      jobId,
      jobName: body.jobName,
      modelId: body.modelId,
      roleArn: body.roleArn,
      inputUri: input,
      outputUri: output,
      status: "Submitted",
      message: undefined,
      submitTime: now,
      lastModifiedTime: now,
      endTime: undefined,
      totalRecordCount: undefined,
      processedRecordCount: 0,
      successRecordCount: 0,
      errorRecordCount: 0,
      stall: nextStall,
      failure: nextFailure,
      stopped: false,
    };
    nextStall = false;
    nextFailure = undefined;
    batchJobs.set(jobId, job);
    run(job).catch((error: unknown) => {
      if (closed.signal.aborted) return;
      job.message = `Offline Bedrock failed: ${String(error)}`;
      touch(job, "Failed");
    });
    reply(response, 200, { jobArn: job.jobArn });
  }

  function createCustomization(response: AnyResponse, body: Record<string, unknown>): void {
    for (const key of ["jobName", "customModelName", "roleArn", "baseModelIdentifier"]) {
      if (typeof body[key] !== "string") {
        reply(response, 400, { message: `${key} is required.` }, "ValidationException");
        return;
      }
    }
    const jobArn = `arn:aws:bedrock:${region}:${account}:model-customization-job/${String(body.baseModelIdentifier)}/${shortId()}`;
    customizationJobs.set(jobIdFrom(jobArn), { jobArn, request: body, creationTime: new Date().toISOString(), polls: 0, failure: nextCustomizationFailure });
    nextCustomizationFailure = undefined;
    reply(response, 201, { jobArn });
  }

  function describeCustomization(job: CustomizationJobState): Record<string, unknown> {
    job.polls += 1;
    const done = job.polls > customization.pollsUntilDone;
    const status = done ? (job.failure ? "Failed" : "Completed") : "InProgress";
    const base = String(job.request.baseModelIdentifier);
    return {
      jobArn: job.jobArn,
      jobName: job.request.jobName,
      outputModelName: job.request.customModelName,
      ...(status === "Completed" ? { outputModelArn: `arn:aws:bedrock:${region}:${account}:custom-model/${base}/${jobIdFrom(job.jobArn)}` } : {}),
      roleArn: job.request.roleArn,
      status,
      ...(status === "Failed" ? { failureMessage: job.failure } : {}),
      creationTime: job.creationTime,
      baseModelArn: `arn:aws:bedrock:${region}::foundation-model/${base}`,
      hyperParameters: job.request.hyperParameters ?? {},
      trainingDataConfig: job.request.trainingDataConfig,
      outputDataConfig: job.request.outputDataConfig,
      customizationType: job.request.customizationType ?? "FINE_TUNING",
    };
  }

  async function handle(request: AnyRequest, response: AnyResponse, path: string): Promise<boolean> {
    const batchMatch = /^\/model-invocation-job(?:\/([^/]+)(\/stop)?)?$/.exec(path);
    const customizationMatch = /^\/model-customization-jobs(?:\/([^/]+))?$/.exec(path);
    if (!batchMatch && !customizationMatch) return false;
    const rawBody = await readBody(request);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = rawBody === "" ? {} : JSON.parse(rawBody);
      if (isRecord(parsed)) body = parsed;
    } catch {
      reply(response, 400, { message: "The request body is not JSON." }, "ValidationException");
      return true;
    }
    if (batchMatch) {
      const [, parameter, stop] = batchMatch;
      if (parameter === undefined && request.method === "POST") createBatch(response, body);
      else if (parameter !== undefined) {
        const job = batchJobs.get(jobIdFrom(parameter));
        if (!job) reply(response, 404, { message: "The specified batch inference job doesn't exist." }, "ResourceNotFoundException");
        else if (stop && request.method === "POST") {
          job.stopped = true;
          touch(job, "Stopped");
          reply(response, 200, {});
        } else reply(response, 200, describeBatch(job));
      } else reply(response, 404, { message: `No operation at ${request.method} ${path}` }, "UnknownOperationException");
      return true;
    }
    const parameter = customizationMatch![1];
    if (parameter === undefined && request.method === "POST") createCustomization(response, body);
    else if (parameter !== undefined) {
      const job = customizationJobs.get(jobIdFrom(parameter));
      if (!job) reply(response, 404, { message: "The specified customization job doesn't exist." }, "ResourceNotFoundException");
      else reply(response, 200, describeCustomization(job));
    } else reply(response, 404, { message: `No operation at ${request.method} ${path}` }, "UnknownOperationException");
    return true;
  }

  return {
    handle,
    batch,
    customization,
    close: () => {
      closed.abort();
      void s3?.then(({ client }) => client.destroy(), () => undefined);
    },
  };
}
