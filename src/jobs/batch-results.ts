/**
 * Reading a batch job's output back: each output line `{recordId, modelInput, modelOutput}`
 * or `{recordId, modelInput, error: {errorCode, errorMessage}}` (User Guide "View the results
 * of a batch inference job", read 2026-11-30) decoded with the family adapter's decoder, as
 * invoke decodes, and priced at batch prices. Outcomes come in the order of the input file;
 * a record the output lacks is an error outcome, never left out.
 */
import { BedrockKitError, ServiceError, toBedrockKitError } from "../errors.js";
import { isRecord } from "../encoding.js";
import { describePricing, priceUsage } from "../pipeline/accounting.js";
import { buildResult, guardrailIntervened, pickUsage } from "../operations/result.js";
import type { TextTarget } from "../operations/text-request.js";
import type { PriceLookup } from "../pricing/cost.js";
import type { InvokeResult } from "../types.js";

/** One record of a finished batch job: its result, or why there is none. */
export interface BatchOutcome {
  /** The record's ID, as submitted (or as generated: `R` and its 1-based position). */
  recordId: string;
  /** The decoded answer, as `invoke` returns it (`latencyMs` 0, `requestId` undefined; `cost` at batch prices). */
  result?: InvokeResult | undefined;
  /**
   * Why the record has no result: Bedrock's error for the record (code `BatchRecordFailed`,
   * `statusCode` its `errorCode`), `BatchRecordMissing` for a record the output lacks, or
   * `BatchJobFailed` for the records of a job that failed, stopped or expired.
   */
  error?: BedrockKitError | undefined;
}

/** What decoding needs: the job's model, its batch prices. */
export interface DecodeContext {
  target: TextTarget;
  prices: PriceLookup;
}

/** A line of a batch input or output file, parsed once: its record ID and all its fields. */
export interface RecordLine {
  /** The line's `recordId`. */
  recordId: string;
  /** Every field of the line, `recordId` included (`modelOutput` or `error` in an output line). */
  fields: Record<string, unknown>;
}

/** Parses a JSONL line of a batch file; undefined when it is not a JSON object with a string `recordId`. */
export function parseRecordLine(line: string): RecordLine | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isRecord(parsed) && typeof parsed.recordId === "string" ? { recordId: parsed.recordId, fields: parsed } : undefined;
}

function malformedLine(recordId: string, modelId: string, detail: string): BedrockKitError {
  return new ServiceError(`The batch output of ${modelId} has a record that is not the model's format (${recordId}): ${detail}`, {
    code: "MalformedResponse",
    modelId,
    operation: "batch",
  });
}

/** Decodes one parsed output line into the record's outcome. */
export function decodeOutputRecord(record: RecordLine, decode: DecodeContext): BatchOutcome {
  const { target } = decode;
  const modelId = target.requested;
  const { recordId, fields } = record;
  const failure = fields.error;
  if (isRecord(failure)) {
    const statusCode = typeof failure.errorCode === "number" ? failure.errorCode : Number(failure.errorCode) || undefined;
    const message = typeof failure.errorMessage === "string" ? failure.errorMessage : "no message";
    const error = toBedrockKitError({ name: "BatchRecordFailed", message: `record ${recordId}: ${message}`, $metadata: { httpStatusCode: statusCode } }, { modelId, operation: "batch" });
    return { recordId, error };
  }
  const raw = fields.modelOutput;
  let output;
  try {
    output = target.adapter.fromNativeBody(raw, { toolNames: [], model: target.model });
  } catch (error) {
    return { recordId, error: malformedLine(recordId, modelId, (error as Error).message) };
  }
  const result = buildResult({
    resolved: target,
    content: output.content,
    rawStopReason: output.rawStopReason,
    stopSequence: output.stopSequence,
    guardrail: guardrailIntervened(raw),
    emulatedStop: false,
    usage: pickUsage({ body: output.usage }, ["body"]),
    requestId: undefined,
    startedAt: performance.now(),
    raw,
    warnings: [],
  });
  result.cost = describePricing(priceUsage(decode.prices, result.usage), result.warnings);
  return { recordId, result };
}

/**
 * Pairs the input's record IDs, in order, with the output lines, in any order, each parsed
 * once: lines that come early wait in a map until their turn (none wait when Bedrock keeps
 * the input order). A line without a record ID pairs with nothing.
 */
export async function* inInputOrder(
  inputIds: AsyncIterable<string>,
  outputLines: AsyncIterable<string>,
  decode: (record: RecordLine) => BatchOutcome,
  missing: (recordId: string) => BatchOutcome,
): AsyncGenerator<BatchOutcome> {
  const early = new Map<string, RecordLine>();
  const lines = outputLines[Symbol.asyncIterator]();
  let linesDone = false;
  for await (const recordId of inputIds) {
    let found = early.get(recordId);
    if (found !== undefined) early.delete(recordId);
    while (found === undefined && !linesDone) {
      const next = await lines.next();
      if (next.done) {
        linesDone = true;
        break;
      }
      const record = parseRecordLine(next.value);
      if (record?.recordId === recordId) found = record;
      else if (record !== undefined) early.set(record.recordId, record);
    }
    yield found === undefined ? missing(recordId) : decode(found);
  }
}
