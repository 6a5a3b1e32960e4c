/**
 * Batch input records: each request encoded into its model's native body by the same
 * preparation as `invoke` (the family adapter, the client's limits), one JSONL line
 * `{"recordId": …, "modelInput": …}` per request, cut into jobs that fit Bedrock's quotas.
 * The records of an iterable stream through: at most twice `minRecordsPerJob` of them are
 * held at once.
 */
import { BedrockKitError, ValidationError } from "../errors.js";
import type { ClientContext } from "../pipeline/context.js";
import type { InvokeRequest, ModelId } from "../types.js";
import { checkContextWindow, prepareText, type TextTarget } from "../operations/text-request.js";
import type { BatchQuotas } from "./batch-limits.js";

/** One request of a batch job: an invoke request whose model is the job's. */
export interface BatchRequest extends Omit<InvokeRequest, "modelId" | "signal" | "fallbackModelIds" | "origin" | "maxUsd"> {
  /** The job's model ID, or nothing (every record of a job runs on the job's model). */
  modelId?: ModelId | undefined;
  /**
   * The record's ID in the input and output files: letters and digits (Bedrock's
   * "alphanumeric string", User Guide "Format and upload your batch inference data", read
   * 2026-11-30), unique in the submission. Default: `R` and the request's 1-based position,
   * 11 digits wide.
   */
  recordId?: string | undefined;
}

/** One encoded line of the input JSONL. */
export interface EncodedRecord {
  recordId: string;
  /** `{"recordId":…,"modelInput":…}` and a newline. */
  line: string;
  /** The line's UTF-8 bytes. */
  bytes: number;
}

/** Where one job's records go (an S3 upload, or nothing for the checking pass). */
export interface ChunkWriter {
  write(line: string): Promise<void>;
  /** The file is complete. */
  finish(): Promise<void>;
  /** Drops what was written (an upload in progress is aborted). */
  abort(): Promise<void>;
}

/** Opens the file of the `jobIndex`-th job (0-based). */
type OpenChunk = (jobIndex: number) => Promise<ChunkWriter>;

/** What one job's file holds. */
export interface ChunkSummary {
  records: number;
  bytes: number;
}

const recordIdPattern = /^[A-Za-z0-9]+$/;

/** The default record ID of the request at `index` (0-based). */
function defaultRecordId(index: number): string {
  return `R${String(index + 1).padStart(11, "0")}`;
}

/** Restates a request's validation error with its position (`requests[3].temperature`). */
function atPosition(error: unknown, index: number): unknown {
  if (!ValidationError.isInstance(error)) return error;
  const inner = error as ValidationError;
  const field = inner.field === undefined ? `requests[${index}]` : `requests[${index}].${inner.field}`;
  const message = inner.message.replace(/^Invalid [^:]+: /, "");
  return new ValidationError(`Invalid ${field}: ${message}`, { code: inner.code, field, modelId: inner.modelId, operation: "batch", cause: inner });
}

/**
 * Encodes each request for `target` in order. Throws a `ValidationError` naming the request
 * (`requests[3].modelId`) for a request of another model, a bad record ID, a duplicate, a
 * record over the file-size quota, or anything `invoke` would refuse before the network.
 */
export async function* encodeRecords(
  context: ClientContext,
  target: TextTarget,
  requests: Iterable<BatchRequest> | AsyncIterable<BatchRequest>,
  quotas: BatchQuotas,
): AsyncGenerator<EncodedRecord> {
  const modelId = target.requested;
  const seen = new Set<string>();
  let index = 0;
  for await (const request of requests) {
    const field = `requests[${index}]`;
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      throw new ValidationError(`Invalid ${field}: expected an invoke request object`, { field, modelId, operation: "batch" });
    }
    if (request.modelId !== undefined && request.modelId !== modelId) {
      throw new ValidationError(`Invalid ${field}.modelId: a batch job runs one model (${modelId}); send the requests of other models in their own jobs`, {
        field: `${field}.modelId`,
        modelId,
        operation: "batch",
      });
    }
    if ((request as InvokeRequest).fallbackModelIds !== undefined) {
      throw new ValidationError(`Invalid ${field}.fallbackModelIds: a batch job runs one model and has no fallbacks`, { field: `${field}.fallbackModelIds`, modelId, operation: "batch" });
    }
    if ((request as InvokeRequest).maxUsd !== undefined) {
      throw new ValidationError(`Invalid ${field}.maxUsd: a batch record has no per-call cost cap (Bedrock runs the job's records on its own)`, { field: `${field}.maxUsd`, modelId, operation: "batch" });
    }
    const recordId = request.recordId ?? defaultRecordId(index);
    if (typeof recordId !== "string" || !recordIdPattern.test(recordId)) {
      throw new ValidationError(`Invalid ${field}.recordId: expected letters and digits only`, { field: `${field}.recordId`, modelId, operation: "batch" });
    }
    if (seen.has(recordId)) {
      throw new ValidationError(`Invalid ${field}.recordId: another request of this submission has the same record ID`, { field: `${field}.recordId`, modelId, operation: "batch" });
    }
    seen.add(recordId);
    const { recordId: _omitted, ...invokeShape } = request;
    const invokeRequest = { ...invokeShape, modelId } as InvokeRequest;
    let body: string;
    try {
      const prepared = prepareText(context, invokeRequest, target, "invoke");
      checkContextWindow(invokeRequest, prepared);
      body = prepared.body;
      // invoke cuts these itself; nothing can cut a batch job's output.
      if (prepared.emulatedStops) {
        throw new ValidationError(`Invalid stopSequences: ${modelId} cannot take them on the wire, and a batch job cannot apply them for it`, { field: "stopSequences", modelId, operation: "batch" });
      }
    } catch (error) {
      throw BedrockKitError.isInstance(error) ? atPosition(error, index) : error;
    }
    const line = `{"recordId":${JSON.stringify(recordId)},"modelInput":${body}}\n`;
    const bytes = Buffer.byteLength(line, "utf8");
    if (bytes > quotas.maxFileBytes) {
      throw new ValidationError(`Invalid ${field}: its record is ${bytes} bytes, over the ${quotas.maxFileBytes}-byte limit of a batch input file`, { field, modelId, operation: "batch" });
    }
    yield { recordId, line, bytes };
    index += 1;
  }
}

/** Throws when `count` records, all a submission has, are fewer than a job needs. */
export function checkRecordCount(count: number, quotas: BatchQuotas, modelId: string): void {
  if (count >= quotas.minRecordsPerJob) return;
  throw new ValidationError(`Invalid requests: ${count} requests, fewer than the ${quotas.minRecordsPerJob} a batch job needs (Bedrock's "Minimum number of records per batch inference job"); use fm.map for small runs`, {
    field: "requests",
    modelId,
    operation: "batch",
  });
}

/**
 * Writes the records into job files that fit the quotas, each with at least
 * `minRecordsPerJob` records: twice that many records are held back, so a file closes only
 * when enough records are known to follow it, and the last ones are shared out at the end
 * (the quotas keep `maxRecordsPerJob` at least twice the minimum, so a share always exists).
 * Fewer records than the minimum in all throws before any file is opened. On any failure
 * every file is aborted (uploads stopped, finished files deleted) and the error rethrown.
 */
export async function writeChunks(records: Iterable<EncodedRecord> | AsyncIterable<EncodedRecord>, quotas: BatchQuotas, open: OpenChunk, modelId: string): Promise<ChunkSummary[]> {
  const { minRecordsPerJob: minimum, maxRecordsPerJob: maximum } = quotas;
  const summaries: ChunkSummary[] = [];
  const writers: ChunkWriter[] = [];
  const held: EncodedRecord[] = [];
  let current: ChunkSummary | undefined;

  async function close(): Promise<void> {
    if (current) await writers[writers.length - 1]!.finish();
    current = undefined;
  }

  async function put(record: EncodedRecord): Promise<void> {
    if (current && (current.records >= maximum || current.bytes + record.bytes > quotas.maxFileBytes)) await close();
    if (!current) {
      writers.push(await open(summaries.length));
      current = { records: 0, bytes: 0 };
      summaries.push(current);
    }
    await writers[writers.length - 1]!.write(record.line);
    current.records += 1;
    current.bytes += record.bytes;
  }

  try {
    for await (const record of records) {
      held.push(record);
      if (held.length > 2 * minimum) await put(held.shift()!);
    }
    if (summaries.length === 0) checkRecordCount(held.length, quotas, modelId);
    // The open file takes what it can while leaving at least the minimum for the next one.
    const open = current?.records ?? 0;
    const shared = open + held.length > maximum ? Math.max(0, Math.min(maximum - open, held.length - minimum)) : held.length;
    for (const record of held.splice(0, shared)) await put(record);
    if (held.length > 0) await close();
    for (const record of held.splice(0)) await put(record);
    await close();
    return summaries;
  } catch (error) {
    await Promise.all(writers.map((writer) => writer.abort().catch(() => undefined)));
    throw error;
  }
}
