/**
 * `fm.batch.submit` and `fm.batch.get`: batch inference through the one call pipeline
 * (policy as operation `batch`, events, the audit line of the submission). A submission
 * checks everything it can before any upload, streams the records to S3, and creates the
 * jobs only once every file is uploaded, so a failed upload leaves no job behind.
 */
import { ValidationError, toBedrockKitError } from "../errors.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { batchPriceLookup, lookUpPrices } from "../pricing/cost.js";
import { requestedModelId } from "../operations/invoke.js";
import { resolveText, type TextTarget } from "../operations/text-request.js";
import type { CallOrigin, ModelId } from "../types.js";
import { createJobClients, loadJobSdk, type JobClients, type JobSettings } from "./aws-clients.js";
import { batchModelIds, resolveQuotas, servesBatch, type BatchQuotas } from "./batch-limits.js";
import { createBatchJob, type BatchJob } from "./batch-job.js";
import { checkRecordCount, encodeRecords, writeChunks, type BatchRequest, type EncodedRecord } from "./batch-records.js";
import type { DecodeContext } from "./batch-results.js";
import { checkFolderUri, checkJobName, checkRoleArn, generatedJobName, s3Uri, type S3Location } from "./job-fields.js";
import { S3LineWriter } from "./s3-files.js";
import { submissionPlan, type Submitted } from "./submission.js";

/** What {@link BatchApi.submit} takes. */
export interface BatchSubmitRequest {
  /** The model every record runs on: a model ID or inference-profile ID that batch inference serves. */
  modelId: ModelId;
  /** The requests: an array, or an (async) iterable read as the records upload (never all held). */
  requests: Iterable<BatchRequest> | AsyncIterable<BatchRequest>;
  /** Where the input JSONL goes: an S3 folder, `s3://bucket/prefix/`. */
  inputS3Uri: string;
  /** Where Bedrock writes the output (in a folder named after the job ID): `s3://bucket/prefix/`. */
  outputS3Uri: string;
  /** The service role Bedrock assumes to read the input and write the output. */
  roleArn: string;
  /** The job's name (the input file is `<jobName>.jsonl`); a split submission's later jobs get `-2`, `-3` … Default: generated. */
  jobName?: string | undefined;
  /** Your account's batch quotas for the model, where they differ from the defaults (see {@link BatchQuotas}). */
  quotas?: Partial<BatchQuotas> | undefined;
  /** Aborts the submission (uploads are aborted, no job is created). */
  signal?: AbortSignal | undefined;
  /** The agent or knowledge base this call is a step of (see {@link CallOrigin}): on its events, audit line and span; never sent to Bedrock. */
  origin?: CallOrigin | undefined;
}

/** `fm.batch`: Bedrock batch inference. */
export interface BatchApi {
  /**
   * Encodes each request into its model's native body (as `invoke` would), uploads the
   * JSONL to `inputS3Uri`, and calls CreateModelInvocationJob: one job, or several when the
   * requests exceed a job's quotas. Checks before any upload: the S3 URIs, the role ARN,
   * that batch inference serves the model, and (for an array) every request; a failure
   * while uploading aborts the uploads and creates no job.
   */
  submit(request: BatchSubmitRequest): Promise<BatchJob>;
  /** The job object of existing jobs, from their ARNs (as `job.jobArn` or `job.jobArns` gave them), in any process. */
  get(jobArns: string | readonly string[]): Promise<BatchJob>;
}

/** The clients of each bedrock-kit client, made on first use. */
const clientsByContext = new WeakMap<ClientContext, Promise<JobClients>>();

/** The job clients of a bedrock-kit client (after its Region is known). */
export async function jobClients(context: ClientContext, settings: JobSettings, operation: string): Promise<JobClients> {
  const lookup = context.regionLookup();
  if (lookup) await lookup;
  let clients = clientsByContext.get(context);
  if (!clients) {
    clients = loadJobSdk(operation).then((sdk) => createJobClients(sdk, context.region, settings));
    clientsByContext.set(context, clients);
    clients.catch(() => clientsByContext.delete(context));
  }
  return clients;
}

/** The job's model, its decoder and its batch prices. */
function decodeContext(context: ClientContext, target: TextTarget): DecodeContext {
  return { target, prices: batchPriceLookup(lookUpPrices(target.parsed, context.region, context.pricing), target.requested) };
}

interface BatchTarget extends TextTarget {
  input: S3Location;
  quotas: BatchQuotas;
  roleArn: string;
  jobName: string | undefined;
}

/** Every check of a submission that needs no request: fields, the model, the quotas. */
function resolveBatch(context: ClientContext, request: BatchSubmitRequest): BatchTarget {
  if (typeof request !== "object" || request === null) throw new ValidationError("Invalid request: expected { modelId, requests, inputS3Uri, outputS3Uri, roleArn }", { field: "request", operation: "batch" });
  const target = resolveText(context, { modelId: request.modelId });
  const modelId = target.requested;
  if (!servesBatch(target.parsed.baseModelId)) {
    throw new ValidationError(`Invalid modelId: batch inference does not serve ${modelId}; it serves ${batchModelIds.join(", ")} (and their inference profiles)`, {
      field: "modelId",
      modelId,
      operation: "batch",
    });
  }
  const input = checkFolderUri("inputS3Uri", request.inputS3Uri);
  checkFolderUri("outputS3Uri", request.outputS3Uri);
  const roleArn = checkRoleArn(request.roleArn);
  const jobName = checkJobName(request.jobName, 6);
  const { requests } = request;
  const iterable = typeof requests === "object" && requests !== null && (Symbol.iterator in requests || Symbol.asyncIterator in requests);
  if (!iterable || typeof requests === "string") throw new ValidationError("Invalid requests: expected an array or an (async) iterable of requests", { field: "requests", modelId, operation: "batch" });
  return { ...target, input, quotas: resolveQuotas(request.quotas), roleArn, jobName };
}

/** `fm.batch.submit(request)`. */
export function submitBatch(context: ClientContext, settings: JobSettings, request: BatchSubmitRequest): Promise<BatchJob> {
  // No deadline: uploading a large job takes as long as it takes; `signal` stops it.
  const scope = new CallScope(requestedModelId(request), "batch", 0);
  return runCall(context, scope, request, {
    resolve: () => resolveBatch(context, request),
    prepare: (target) => submissionPlan(() => uploadAndCreate(context, settings, scope, request, target)),
  });
}

/**
 * The encoded records of a submission. An array's are encoded and checked here, all of
 * them, before any upload (the array is held anyway, so its encoded lines are too); an
 * iterable's are encoded as they upload, never all held.
 */
async function checkedRecords(
  context: ClientContext,
  requests: BatchSubmitRequest["requests"],
  target: BatchTarget,
): Promise<Iterable<EncodedRecord> | AsyncIterable<EncodedRecord>> {
  const records = encodeRecords(context, target, requests, target.quotas);
  if (!Array.isArray(requests)) return records;
  const encoded: EncodedRecord[] = [];
  for await (const record of records) encoded.push(record);
  checkRecordCount(encoded.length, target.quotas, target.requested);
  return encoded;
}

/** Uploads every job file, then creates the jobs. */
async function uploadAndCreate(
  context: ClientContext,
  settings: JobSettings,
  scope: CallScope,
  request: BatchSubmitRequest,
  target: BatchTarget,
): Promise<Submitted<BatchJob>> {
  const modelId = target.requested;
  const records = await checkedRecords(context, request.requests, target);
  const clients = await jobClients(context, settings, "fm.batch");
  const baseName = target.jobName ?? generatedJobName("batch");
  const nameOf = (index: number): string => (index === 0 ? baseName : `${baseName}-${index + 1}`);
  const { bucket, prefix } = target.input;
  const keyOf = (index: number): string => `${prefix}${nameOf(index)}.jsonl`;
  const chunks = await writeChunks(records, target.quotas, async (index) => new S3LineWriter(clients, bucket, keyOf(index), scope.signal), modelId);
  const { sdk, bedrock } = clients;
  const jobArns: string[] = [];
  let requestId: string | undefined;
  for (let index = 0; index < chunks.length; index++) {
    scope.requests += 1;
    try {
      const created = await bedrock.send(
        new sdk.bedrock.CreateModelInvocationJobCommand({
          jobName: nameOf(index),
          roleArn: target.roleArn,
          modelId,
          inputDataConfig: { s3InputDataConfig: { s3Uri: s3Uri(bucket, keyOf(index)), s3InputFormat: "JSONL" } },
          outputDataConfig: { s3OutputDataConfig: { s3Uri: request.outputS3Uri } },
        }),
        { abortSignal: scope.signal },
      );
      requestId ??= created.$metadata.requestId;
      jobArns.push(created.jobArn!);
    } catch (error) {
      // The jobs of this submission that were created already are stopped: all or none.
      for (const jobArn of jobArns) await bedrock.send(new sdk.bedrock.StopModelInvocationJobCommand({ jobIdentifier: jobArn })).catch(() => undefined);
      throw scope.signal.aborted ? error : toBedrockKitError(error, { modelId, operation: "batch" });
    }
  }
  return { job: createBatchJob(clients, jobArns, decodeContext(context, target)), requestId };
}

/** A batch job ARN: `arn:<partition>:bedrock:<region>:<account>:model-invocation-job/<id>`. */
const jobArnPattern = /^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:model-invocation-job\/[A-Za-z0-9]+$/;

/** `fm.batch.get(jobArns)`. */
export async function getBatch(context: ClientContext, settings: JobSettings, jobArns: string | readonly string[]): Promise<BatchJob> {
  const arns = typeof jobArns === "string" ? [jobArns] : jobArns;
  if (!Array.isArray(arns) || arns.length === 0 || arns.some((arn) => typeof arn !== "string" || !jobArnPattern.test(arn))) {
    throw new ValidationError("Invalid jobArns: expected a batch job ARN (arn:aws:bedrock:<region>:<account>:model-invocation-job/<id>) or a non-empty array of them", {
      field: "jobArns",
      operation: "batch",
    });
  }
  const clients = await jobClients(context, settings, "fm.batch");
  let modelId: string | undefined;
  try {
    modelId = (await clients.bedrock.send(new clients.sdk.bedrock.GetModelInvocationJobCommand({ jobIdentifier: arns[0] }))).modelId;
  } catch (error) {
    throw toBedrockKitError(error, { modelId: "", operation: "batch" });
  }
  if (modelId === undefined) throw new ValidationError(`Bedrock described ${arns[0]} without its model`, { field: "jobArns", operation: "batch" });
  return createBatchJob(clients, [...arns], decodeContext(context, resolveText(context, { modelId })));
}
