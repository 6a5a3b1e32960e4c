/**
 * The one place that branches on model family: model ID → catalog entry → adapter.
 */
import { adapters } from "../adapters/index.js";
import type { ModelAdapter } from "../adapters/adapter.js";
import { UnknownModelError } from "../errors.js";
import type { Warning } from "../types.js";
import { describeModel, sharedRegistrations, type DescribedModel } from "./describe.js";
import type { ModelInfo } from "./model-info.js";
import type { ParsedModelId } from "./model-id.js";

export { describeModel, type DescribedModel };

const shared = sharedRegistrations;

/** A model ID resolved to what the client needs to call it. */
export interface ResolvedModel {
  parsed: ParsedModelId;
  model: ModelInfo;
  adapter: ModelAdapter;
  /** Lifecycle notes and guesses made for IDs the catalog does not list. */
  warnings: Warning[];
}

/** The method that serves a model the text calls (invoke, stream, estimate, countTokens, batch) do not: embeddings, images, rerank, or none. */
function servingMethod(model: ModelInfo): string {
  if (model.capabilities.embeddings) return "call fm.embed for it";
  if (model.capabilities.imageGeneration) return "call fm.generateImage for it";
  if (model.capabilities.rerank) return "call fm.rerank for it";
  return "bedrock-kit has no text codec for it";
}

function adapterFor(model: ModelInfo, modelId: string): ModelAdapter {
  const adapter = adapters.get(model.family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${model.family} model, not a text model; ${servingMethod(model)}`, { modelId });
  }
  return adapter;
}

/**
 * Resolves a model ID, inference-profile ID or ARN to its catalog entry and adapter.
 * An ID the catalog does not list but whose prefix names a known family is served by
 * that family, with a warning. Throws {@link UnknownModelError} otherwise.
 */
export function resolveModel(modelId: string): ResolvedModel {
  if (cacheVersion !== shared.version) {
    resolvedCache.clear();
    cacheVersion = shared.version;
  }
  const cached = resolvedCache.get(modelId);
  if (cached) return cached;
  const resolved = resolveUncached(modelId);
  if (resolvedCache.size >= resolvedCacheLimit) resolvedCache.clear();
  resolvedCache.set(modelId, resolved);
  return resolved;
}



// Resolution is pure apart from the lifecycle date, so results are kept per ID (a user
// switches between a handful of models); the cache is cleared when it grows past its limit.
const resolvedCacheLimit = 512;
const resolvedCache = new Map<string, ResolvedModel>();
let cacheVersion = 0;

function resolveUncached(modelId: string): ResolvedModel {
  const described = describeModel(modelId);
  return { ...described, adapter: adapterFor(described.model, modelId) };
}

/** True when Bedrock's CountTokens serves the model's family (the adapter says so). */
export function countsTokensRemotely(modelId: string): boolean {
  return adapters.get(describeModel(modelId).model.family)?.countsTokensRemotely === true;
}
