/**
 * Checks a request's `origin` (who made the call: an agent's step, a knowledge base's
 * query). It lands on events, audit lines and spans, so only its four fields pass, each
 * bounded, and the copy is frozen: what one observer sees, the next sees too.
 */
import { ValidationError } from "./errors.js";
import type { CallOrigin } from "./types.js";
import { isPlainObject } from "./validate-json.js";

const originKinds: readonly CallOrigin["kind"][] = ["agent", "knowledge-base"];
const originFields = new Set(["kind", "name", "runId", "step"]);
const runIdPattern = /^[0-9a-zA-Z._:-]{1,100}$/;
// A name is a label: no control characters, so that a log line stays one line.
const namePattern = /^[^\p{Cc}]{1,100}$/u;

function invalid(field: string, expected: string, modelId: string): never {
  throw new ValidationError(`Invalid ${field}: expected ${expected}`, { field, modelId: modelId === "" ? undefined : modelId });
}

/**
 * The request's origin, checked and copied (frozen), or undefined when it has none. Throws
 * `ValidationError` naming the field (`origin`, `origin.kind`, `origin.runId`, …).
 */
export function checkOrigin(origin: unknown, modelId: string): Readonly<CallOrigin> | undefined {
  if (origin === undefined) return undefined;
  if (!isPlainObject(origin)) invalid("origin", "{ kind, runId, name?, step? }", modelId);
  for (const field of Object.keys(origin)) {
    if (originFields.has(field)) continue;
    const where = `origin.${field.slice(0, 40)}`;
    throw new ValidationError(`Invalid ${where}: an origin has only kind, runId, name and step`, { field: where, modelId: modelId === "" ? undefined : modelId });
  }
  const { kind, name, runId, step } = origin;
  if (!originKinds.includes(kind as CallOrigin["kind"])) invalid("origin.kind", `one of ${originKinds.map((value) => `"${value}"`).join(", ")}`, modelId);
  if (typeof runId !== "string" || !runIdPattern.test(runId)) invalid("origin.runId", "1–100 letters, digits, ., _, : or -", modelId);
  if (name !== undefined && (typeof name !== "string" || !namePattern.test(name))) invalid("origin.name", "1–100 characters without line breaks", modelId);
  if (step !== undefined && (typeof step !== "number" || !Number.isSafeInteger(step) || step < 0)) invalid("origin.step", "a whole number, 0 or more", modelId);
  const checked: CallOrigin = { kind: kind as CallOrigin["kind"], runId };
  if (name !== undefined) checked.name = name;
  if (step !== undefined) checked.step = step;
  return Object.freeze(checked);
}
