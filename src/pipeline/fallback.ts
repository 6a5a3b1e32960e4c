/**
 * Fallback chains (api.md `fallbackModelIds`): after a call's retries are spent on a
 * throttle, a 5xx, `ModelNotReady`, a network failure or a timeout, or when the policy
 * refuses its model, the same request goes to the next model ID in order. Each candidate
 * is a call of its own through the whole pipeline (policy, budget, retries, events, audit
 * line); each skip is a `fallback` event on the skipped call and a `fallback` warning on
 * the result of the one that answered.
 */
import { BedrockKitError, ModelNotAllowedError, ModelTimeoutError, ServiceError, ThrottlingError, ValidationError } from "../errors.js";
import type { Warning } from "../types.js";
import type { ClientContext } from "./context.js";
import { describeError } from "./observers.js";
import type { CallScope } from "./scope.js";

/** Server-side codes after which another model may answer. */
const fallbackCodes = new Set(["ModelNotReadyException", "InternalServerException", "ServiceUnavailableException", "NetworkError"]);

/** The most fallback IDs a request may name. */
const maxFallbacks = 10;

/** True when the next model may answer a call that failed with `error`. */
function fallbackable(error: BedrockKitError): boolean {
  if (ThrottlingError.isInstance(error) || ModelTimeoutError.isInstance(error) || ModelNotAllowedError.isInstance(error)) return true;
  if (!ServiceError.isInstance(error)) return false;
  const { code, statusCode } = error as BedrockKitError;
  return fallbackCodes.has(code) || (statusCode !== undefined && statusCode >= 500);
}

/** Checks `fallbackModelIds` and returns the candidates in order: the request's model first. */
export function fallbackCandidates(modelId: unknown, fallbackModelIds: unknown): string[] | undefined {
  if (fallbackModelIds === undefined) return undefined;
  const where = typeof modelId === "string" ? modelId : undefined;
  if (!Array.isArray(fallbackModelIds) || fallbackModelIds.length === 0 || fallbackModelIds.length > maxFallbacks) {
    throw new ValidationError(`Invalid fallbackModelIds: expected an array of 1 to ${maxFallbacks} model IDs`, { field: "fallbackModelIds", modelId: where });
  }
  const candidates = [modelId as string];
  fallbackModelIds.forEach((candidate: unknown, index) => {
    if (typeof candidate !== "string" || candidate.trim() === "") {
      throw new ValidationError(`Invalid fallbackModelIds[${index}]: expected a model ID, inference-profile ID or ARN`, { field: `fallbackModelIds[${index}]`, modelId: where });
    }
    if (candidates.includes(candidate)) {
      throw new ValidationError(`Invalid fallbackModelIds[${index}]: ${candidate} is already in the chain`, { field: `fallbackModelIds[${index}]`, modelId: where });
    }
    candidates.push(candidate);
  });
  return candidates;
}

/** One candidate's call: its scope (for the skip's event) and its result. */
export interface CandidateCall<Output> {
  scope: CallScope;
  result: Promise<Output>;
}

/**
 * Runs `call` for each candidate in order until one answers or fails in a way another
 * model cannot help with (`canFallBack` can narrow it further, e.g. a stream whose output
 * began). Skips become `fallback` warnings at the front of the answer's warnings.
 */
export async function runWithFallbacks<Output extends { warnings: Warning[] }>(
  context: ClientContext,
  candidates: readonly string[],
  call: (modelId: string) => CandidateCall<Output>,
  canFallBack: (error: BedrockKitError) => boolean = () => true,
): Promise<Output> {
  const skips: Warning[] = [];
  for (let index = 0; ; index++) {
    const modelId = candidates[index]!;
    const { scope, result } = call(modelId);
    try {
      const output = await result;
      output.warnings.unshift(...skips);
      return output;
    } catch (error) {
      const next = candidates[index + 1];
      const kitError = error as BedrockKitError;
      if (next === undefined || !fallbackable(kitError) || !canFallBack(kitError)) throw error;
      const why = ModelNotAllowedError.isInstance(kitError) ? "is not allowed by this client's policy" : `failed with ${kitError.code} after ${scope.retries} retries`;
      skips.push({ type: "fallback", feature: "modelId", message: `${modelId} ${why}; the request went to ${next}.` });
      context.observers.emit(scope, "fallback", { error: describeError(kitError), nextModelId: next });
    }
  }
}
