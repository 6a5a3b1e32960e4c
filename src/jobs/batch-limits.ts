/**
 * Which models batch inference serves, and the quotas a job must fit. Facts, with their
 * sources; the quotas are Service Quotas defaults, per model and adjustable, so a caller
 * whose account differs passes its own values (`quotas` of `fm.batch.submit`).
 */
import { ValidationError } from "../errors.js";

/**
 * Text models whose batch inference bedrock-kit encodes (the foundation model behind a
 * profile ID counts). Sources, read 2026-11-30: the Service Quotas names of the `bedrock`
 * service ("Records per batch inference job for <model>": Claude 3 Haiku, 3 Sonnet, 3 Opus,
 * 3.5 Haiku, 3.5 Sonnet v1 and v2, 3.7 Sonnet, Sonnet 4; Llama 3.1 8B/70B/405B, 3.2
 * 1B/3B/11B/90B, 3.3 70B; Mistral Small, Mistral Large 2 (24.07); Nova Micro, Lite, Pro);
 * AWS User Guide "Supported Regions and models for batch inference" (Nova Premier, through
 * inference profiles only); ../shared/design/models.md "Batch" (Claude 4.x, Llama 4, with
 * batch prices in the AWS pricing cache of 2026-07-17). Embedding models (Titan Text
 * Embeddings V2, Titan Multimodal Embeddings G1) also run as batch jobs on Bedrock, but
 * `fm.batch` takes invoke requests only.
 */
export const batchModelIds: readonly string[] = [
  "anthropic.claude-3-haiku-20240307-v1:0",
  "anthropic.claude-3-sonnet-20240229-v1:0",
  "anthropic.claude-3-opus-20240229-v1:0",
  "anthropic.claude-3-5-haiku-20241022-v1:0",
  "anthropic.claude-3-5-sonnet-20240620-v1:0",
  "anthropic.claude-3-5-sonnet-20241022-v2:0",
  "anthropic.claude-3-7-sonnet-20250219-v1:0",
  "anthropic.claude-sonnet-4-20250514-v1:0",
  "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-opus-4-20250514-v1:0",
  "anthropic.claude-opus-4-1-20250805-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "meta.llama3-1-8b-instruct-v1:0",
  "meta.llama3-1-70b-instruct-v1:0",
  "meta.llama3-1-405b-instruct-v1:0",
  "meta.llama3-2-1b-instruct-v1:0",
  "meta.llama3-2-3b-instruct-v1:0",
  "meta.llama3-2-11b-instruct-v1:0",
  "meta.llama3-2-90b-instruct-v1:0",
  "meta.llama3-3-70b-instruct-v1:0",
  "meta.llama4-scout-17b-instruct-v1:0",
  "meta.llama4-maverick-17b-instruct-v1:0",
  "mistral.mistral-small-2402-v1:0",
  "mistral.mistral-large-2407-v1:0",
  "amazon.nova-micro-v1:0",
  "amazon.nova-lite-v1:0",
  "amazon.nova-pro-v1:0",
  "amazon.nova-premier-v1:0",
];

/** The limits a batch job must fit (Service Quotas of the `bedrock` service, per model). */
export interface BatchQuotas {
  /** "Minimum number of records per batch inference job". Default 100. */
  minRecordsPerJob: number;
  /**
   * "Records per batch inference job" (and "Records per input file": bedrock-kit writes one
   * file per job). Default 50,000; requests beyond it go to further jobs.
   */
  maxRecordsPerJob: number;
  /** "Batch inference input file size" in bytes (one file per job). Default 1 GB. */
  maxFileBytes: number;
}

/**
 * Service Quotas defaults, read 2026-11-30: the minimum of 100 records is the default that
 * AWS's batch code example and the quota tables name; 1 GB per input file ("Batch inference
 * input file size (in GB)", not adjustable) and 5 GB per job ("Batch inference job size",
 * 100 GB for Nova Lite and Pro). ⚠️ The records-per-job default varies by model and was
 * not read from AWS for every model (50,000 is a common value; Titan Text Embeddings V2 was
 * measured at 100,000): the lower value is kept, which only splits jobs sooner.
 */
const defaultBatchQuotas: BatchQuotas = {
  minRecordsPerJob: 100,
  maxRecordsPerJob: 50_000,
  maxFileBytes: 1_000_000_000,
};

/** The quotas with the caller's values applied, checked. */
export function resolveQuotas(given: unknown): BatchQuotas {
  if (given === undefined) return defaultBatchQuotas;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new ValidationError("Invalid quotas: expected { minRecordsPerJob?, maxRecordsPerJob?, maxFileBytes? }", { field: "quotas" });
  }
  const quotas = { ...defaultBatchQuotas };
  for (const key of Object.keys(defaultBatchQuotas) as (keyof BatchQuotas)[]) {
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new ValidationError(`Invalid quotas.${key}: expected a whole number, 1 or more`, { field: `quotas.${key}` });
    }
    quotas[key] = value;
  }
  // With the maximum at least twice the minimum, any number of records from the minimum up splits into jobs that fit both.
  if (quotas.minRecordsPerJob * 2 > quotas.maxRecordsPerJob) {
    throw new ValidationError("Invalid quotas.maxRecordsPerJob: it must be at least twice quotas.minRecordsPerJob, so that requests split into jobs that each meet the minimum", {
      field: "quotas.maxRecordsPerJob",
    });
  }
  return quotas;
}

/** True when batch inference serves the foundation model (undefined: an ARN bedrock-kit cannot see into, left to Bedrock). */
export function servesBatch(baseModelId: string | undefined): boolean {
  return baseModelId === undefined || batchModelIds.includes(baseModelId);
}
