/** `validateTrainingData`: a fine-tuning JSONL file checked, line by line, against its base model's format. */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ValidationError } from "../errors.js";
import { recordProblems, requireCustomizationId, trainingFormats } from "./training-formats.js";

/** Options of {@link validateTrainingData}. */
export interface TrainingDataOptions {
  /** The model to fine-tune: its ID (`amazon.nova-micro-v1:0`) or customization ID (`amazon.nova-micro-v1:0:128k`). */
  baseModelId: string;
  /** Your account's quota of training records for the model; more is an error. Default: not checked. */
  maxRecords?: number | undefined;
}

/** One bad line of a training file. */
export interface TrainingDataError {
  /** The line, 1-based. */
  line: number;
  /** What is wrong, naming fields (never quoting the data). */
  message: string;
}

/** What {@link validateTrainingData} found. */
export interface TrainingDataReport {
  /** True when every line is a valid record and there is at least one. */
  ok: boolean;
  /** Non-empty lines read. */
  records: number;
  /** Every problem, by line (at most 1,000 are listed). */
  errors: TrainingDataError[];
}

/** Problems kept at most: a file of a wrong format would otherwise list every line. */
const listedErrors = 1_000;

/**
 * Checks a fine-tuning JSONL file against the format Bedrock takes for `baseModelId`:
 * `{prompt, completion}` for Titan Text (and Llama), `{system?, messages}` for Claude 3
 * Haiku, the Converse format (`schemaVersion: "bedrock-conversation-2024"`) for Nova (and
 * Llama). Reads the file as a stream. Throws `ValidationError` (field `baseModelId`) for a
 * model fine-tuning does not serve, naming those it does.
 *
 * ```ts
 * const report = await validateTrainingData("train.jsonl", { baseModelId: "amazon.nova-micro-v1:0" });
 * for (const { line, message } of report.errors) console.log(line, message);
 * ```
 */
export async function validateTrainingData(path: string, options: TrainingDataOptions): Promise<TrainingDataReport> {
  if (typeof path !== "string" || path === "") throw new ValidationError("Invalid path: expected the path of a JSONL file", { field: "path" });
  const baseModelId = options?.baseModelId;
  const id = requireCustomizationId(baseModelId);
  const maxRecords = options.maxRecords;
  if (maxRecords !== undefined && (typeof maxRecords !== "number" || !Number.isInteger(maxRecords) || maxRecords < 1)) {
    throw new ValidationError("Invalid maxRecords: expected a whole number, 1 or more", { field: "maxRecords" });
  }
  const format = trainingFormats[id]!;
  const errors: TrainingDataError[] = [];
  let problemCount = 0;
  const note = (line: number, message: string): void => {
    problemCount += 1;
    if (errors.length < listedErrors) errors.push({ line, message });
  };
  let records = 0;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    records += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      note(lineNumber, "the line is not valid JSON");
      continue;
    }
    for (const message of recordProblems(format, parsed)) note(lineNumber, message);
  }
  if (records === 0) note(0, "the file has no records");
  if (maxRecords !== undefined && records > maxRecords) note(0, `${records} records, over the maxRecords of ${maxRecords}`);
  return { ok: problemCount === 0, records, errors };
}
