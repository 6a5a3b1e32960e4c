/**
 * `fm.customization`: CreateModelCustomizationJob through the call pipeline (policy as
 * operation `customization`, judged by the base model; events; an audit line), and a job
 * object that polls GetModelCustomizationJob until the custom model exists.
 */
import type { GetModelCustomizationJobCommandOutput } from "@aws-sdk/client-bedrock";
import { ServiceError, toBedrockKitError } from "../errors.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { requestedModelId } from "../operations/invoke.js";
import type { CallOrigin } from "../types.js";
import type { JobClients, JobSettings } from "./aws-clients.js";
import { jobClients } from "./batch.js";
import { checkFolderUri, checkJobName, checkObjectUri, checkRoleArn, invalidField } from "./job-fields.js";
import { readJob, waitForJob } from "./poll.js";
import { submissionPlan } from "./submission.js";
import { requireCustomizationId } from "./training-formats.js";

/** What {@link CustomizationApi.submit} takes (CreateModelCustomizationJob's fields). */
export interface CustomizationSubmitRequest {
  /** The model to fine-tune, e.g. `amazon.nova-micro-v1:0` (its customization ID, `…:128k`, is filled in). */
  baseModelId: string;
  /** The training JSONL: `s3://bucket/path/train.jsonl` (check it first with `validateTrainingData`). */
  trainingDataS3Uri: string;
  /** Optional validation JSONL, in the same format. */
  validationDataS3Uri?: string | undefined;
  /** Where Bedrock writes the training metrics: `s3://bucket/prefix/`. */
  outputS3Uri: string;
  /** The service role Bedrock assumes to read and write the S3 locations. */
  roleArn: string;
  /** The model's hyperparameters (`epochCount`, `learningRate`, `batchSize` …), sent as strings. */
  hyperParameters?: Record<string, string | number> | undefined;
  /** The job's name. */
  jobName: string;
  /** The custom model's name. */
  customModelName: string;
  /** Aborts the submission. */
  signal?: AbortSignal | undefined;
  /** The agent or knowledge base this call is a step of (see {@link CallOrigin}): on its events, audit line and span; never sent to Bedrock. */
  origin?: CallOrigin | undefined;
}

/**
 * A customization job's status, as Bedrock reports it (`ModelCustomizationJobStatus` of
 * `@aws-sdk/client-bedrock` 3.1164.0, read 2026-11-30).
 */
export type CustomizationStatus = "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";

/** What `wait`'s `onProgress` and the final answer carry. */
export interface CustomizationProgress {
  /** The job's status. */
  status: CustomizationStatus;
  /** The custom model's ARN, once the job completed: invoke it after `registerModel({ id: customModelArn, family })`. */
  customModelArn: string | undefined;
  /** Bedrock's message when the job failed. */
  failureMessage: string | undefined;
}

/** What {@link CustomizationJob.wait} resolves to: a completed job. */
export interface CustomizationResult extends CustomizationProgress {
  /** The custom model's ARN. */
  customModelArn: string;
}

/** Options of {@link CustomizationJob.wait}. */
export interface CustomizationWaitOptions {
  /** Called after each poll. */
  onProgress?: ((progress: CustomizationProgress) => void) | undefined;
  /** Stops waiting (the job runs on). */
  signal?: AbortSignal | undefined;
  /** The first wait between polls, in milliseconds (default 60,000), growing by half up to 8 times. */
  pollMs?: number | undefined;
}

/** A model-customization job. */
export interface CustomizationJob {
  /** The job's ARN: give it to `fm.customization.get` to resume elsewhere. */
  readonly jobArn: string;
  /** The job's status now. */
  status(): Promise<CustomizationProgress>;
  /**
   * Polls until the job ends. Resolves with the custom model's ARN when it completed;
   * rejects with `ServiceError` code `CustomizationJobFailed` when it failed or stopped,
   * `AbortError` on `signal`.
   */
  wait(options?: CustomizationWaitOptions): Promise<CustomizationResult>;
}

/** `fm.customization`: Bedrock model customization. */
export interface CustomizationApi {
  /** Checks the request, then calls CreateModelCustomizationJob (fine-tuning). */
  submit(request: CustomizationSubmitRequest): Promise<CustomizationJob>;
  /** The job object of an existing job, from its ARN. */
  get(jobArn: string): Promise<CustomizationJob>;
}

const customModelNamePattern = /^([0-9a-zA-Z][_-]?){1,63}$/;

interface CustomizationTarget {
  requested: string;
  baseModelId: string;
  model: Record<string, never>;
  customizationId: string;
}

function resolveCustomization(request: CustomizationSubmitRequest): CustomizationTarget {
  if (typeof request !== "object" || request === null) invalidField("request", "{ baseModelId, trainingDataS3Uri, outputS3Uri, roleArn, jobName, customModelName }");
  const { baseModelId } = request;
  const id = requireCustomizationId(baseModelId, "customization");
  checkObjectUri("trainingDataS3Uri", request.trainingDataS3Uri);
  if (request.validationDataS3Uri !== undefined) checkObjectUri("validationDataS3Uri", request.validationDataS3Uri);
  checkFolderUri("outputS3Uri", request.outputS3Uri);
  checkRoleArn(request.roleArn);
  if (request.jobName === undefined) invalidField("jobName", "a job name");
  checkJobName(request.jobName);
  if (typeof request.customModelName !== "string" || !customModelNamePattern.test(request.customModelName)) {
    invalidField("customModelName", "1 to 63 letters and digits, each optionally followed by one _ or - (CreateModelCustomizationJob's pattern)");
  }
  const hyper = request.hyperParameters;
  if (hyper !== undefined && (typeof hyper !== "object" || hyper === null || Array.isArray(hyper) || Object.values(hyper).some((value) => typeof value !== "string" && typeof value !== "number"))) {
    invalidField("hyperParameters", "an object of strings or numbers, such as { epochCount: 2 }");
  }
  const plain = id.replace(/:\d+k$/, "");
  return { requested: baseModelId, baseModelId: plain, model: {}, customizationId: id };
}

function progressOf(job: GetModelCustomizationJobCommandOutput): CustomizationProgress {
  return { status: (job.status ?? "InProgress") as CustomizationStatus, customModelArn: job.outputModelArn, failureMessage: job.failureMessage };
}

function createCustomizationJob(clients: JobClients, jobArn: string, modelId: string): CustomizationJob {
  const waiting = { modelId, operation: "customization", kind: "customization job" } as const;
  async function status(signal?: AbortSignal): Promise<CustomizationProgress> {
    return progressOf(await readJob(waiting, signal, () => clients.bedrock.send(new clients.sdk.bedrock.GetModelCustomizationJobCommand({ jobIdentifier: jobArn }), { abortSignal: signal })));
  }
  function wait(options: CustomizationWaitOptions = {}): Promise<CustomizationResult> {
    return waitForJob(
      {
        ...waiting,
        defaultPollMs: 60_000,
        poll: status,
        settle: (progress) => {
          if (progress.status === "Completed" && progress.customModelArn) return { ...progress, customModelArn: progress.customModelArn };
          if (progress.status === "Failed" || progress.status === "Stopped") {
            throw new ServiceError(`The customization job ${jobArn} of ${modelId} ended ${progress.status}${progress.failureMessage ? `: ${progress.failureMessage}` : ""}`, {
              code: "CustomizationJobFailed",
              modelId,
              operation: "customization",
            });
          }
          return undefined;
        },
      },
      options,
    );
  }
  return { jobArn, status: () => status(), wait };
}

/** `fm.customization.submit(request)`. */
export function submitCustomization(context: ClientContext, settings: JobSettings, request: CustomizationSubmitRequest): Promise<CustomizationJob> {
  const scope = new CallScope(requestedModelId({ modelId: request?.baseModelId }), "customization", context.timeoutMs);
  return runCall(context, scope, request, {
    resolve: () => resolveCustomization(request),
    prepare: (target) =>
      submissionPlan(async () => {
        const clients = await jobClients(context, settings, "fm.customization");
        const { sdk, bedrock } = clients;
        scope.requests += 1;
        let created;
        try {
          created = await bedrock.send(
            new sdk.bedrock.CreateModelCustomizationJobCommand({
              jobName: request.jobName,
              customModelName: request.customModelName,
              roleArn: request.roleArn,
              baseModelIdentifier: target.customizationId,
              customizationType: "FINE_TUNING",
              trainingDataConfig: { s3Uri: request.trainingDataS3Uri },
              ...(request.validationDataS3Uri ? { validationDataConfig: { validators: [{ s3Uri: request.validationDataS3Uri }] } } : {}),
              outputDataConfig: { s3Uri: request.outputS3Uri },
              hyperParameters: Object.fromEntries(Object.entries(request.hyperParameters ?? {}).map(([key, value]) => [key, String(value)])),
            }),
            { abortSignal: scope.signal },
          );
        } catch (error) {
          throw scope.signal.aborted ? error : toBedrockKitError(error, { modelId: target.requested, operation: "customization" });
        }
        return { job: createCustomizationJob(clients, created.jobArn!, target.requested), requestId: created.$metadata.requestId };
      }),
  });
}

/** A customization job ARN. */
const jobArnPattern = /^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:model-customization-job\/.+$/;

/** `fm.customization.get(jobArn)`. */
export async function getCustomization(context: ClientContext, settings: JobSettings, jobArn: string): Promise<CustomizationJob> {
  if (typeof jobArn !== "string" || !jobArnPattern.test(jobArn)) invalidField("jobArn", "a customization job ARN (arn:aws:bedrock:<region>:<account>:model-customization-job/…)");
  const clients = await jobClients(context, settings, "fm.customization");
  let job: GetModelCustomizationJobCommandOutput;
  try {
    job = await clients.bedrock.send(new clients.sdk.bedrock.GetModelCustomizationJobCommand({ jobIdentifier: jobArn }));
  } catch (error) {
    throw toBedrockKitError(error, { modelId: "", operation: "customization" });
  }
  return createCustomizationJob(clients, jobArn, job.baseModelArn ?? "");
}
