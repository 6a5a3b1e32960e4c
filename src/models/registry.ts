/**
 * The one place that branches on model family: model ID → catalog entry → adapter.
 */
import { adapters, embeddingAdapters, imageAdapters } from "../adapters/index.js";
import type { ImageAdapter } from "../adapters/image-adapter.js";
import type { EmbeddingAdapter } from "../adapters/embedding-adapter.js";
import type { ModelAdapter } from "../adapters/adapter.js";
import { UnknownModelError, ValidationError } from "../errors.js";
import type { Warning } from "../types.js";
import { allModels } from "./catalog/index.js";
import { describeModel, sharedRegistrations, type DescribedModel } from "./describe.js";
import type { ModelCapabilities, ModelInfo } from "./model-info.js";
import type { ParsedModelId } from "./model-id.js";

export { describeModel, type DescribedModel };

const shared = sharedRegistrations;
const registered = shared.models;

/** A model ID resolved to what the client needs to call it. */
export interface ResolvedModel {
  parsed: ParsedModelId;
  model: ModelInfo;
  adapter: ModelAdapter;
  /** Lifecycle notes and guesses made for IDs the catalog does not list. */
  warnings: Warning[];
}

const noCapabilities: ModelCapabilities = {
  streaming: false,
  system: false,
  tools: false,
  images: false,
  embeddings: false,
  imageGeneration: false,
};

function adapterFor(family: string, modelId: string): ModelAdapter {
  const adapter = adapters.get(family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${family} model; bedrock-kit cannot invoke or stream that family yet`, { modelId });
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


/** What {@link registerModel} takes: an ID and the family whose request format it speaks. */
export interface ModelDefinition {
  /** The exact ID calls will use: a custom or provisioned model ARN, an application inference profile ARN, or any ID. */
  id: string;
  /** The request format, e.g. `anthropic-messages` or `amazon-nova`. */
  family: string;
  /** Display name; default: the ID. */
  name?: string;
  /** Default: the family's provider (from the first catalog model of the family). */
  provider?: string;
  /** Default: the family's largest known value. */
  contextWindow?: number;
  /** Default: the family's largest known value. */
  maxOutputTokens?: number;
  /** Default: the family's capabilities. */
  capabilities?: Partial<ModelCapabilities>;
}

/**
 * Adds a model bedrock-kit cannot recognise from its ID (custom and provisioned models,
 * application inference profiles) or overrides a catalog entry. Later calls with that
 * exact ID use the family's adapter and these limits.
 */
export function registerModel(definition: ModelDefinition): ModelInfo {
  if (typeof definition?.id !== "string" || definition.id === "") {
    throw new ValidationError("Invalid id: registerModel needs the model ID calls will use", { field: "id" });
  }
  if (!adapters.has(definition.family)) {
    throw new ValidationError(`Invalid family: ${String(definition.family)} is not one of ${[...adapters.keys()].join(", ")}`, {
      field: "family",
      modelId: definition.id,
    });
  }
  const sameFamily = allModels().filter((model) => model.family === definition.family);
  const largest = (pick: (model: ModelInfo) => number): number => Math.max(0, ...sameFamily.map(pick));
  const model: ModelInfo = {
    id: definition.id,
    provider: definition.provider ?? sameFamily[0]?.provider ?? "unknown",
    family: definition.family,
    name: definition.name ?? definition.id,
    contextWindow: definition.contextWindow ?? largest((entry) => entry.contextWindow),
    maxOutputTokens: definition.maxOutputTokens ?? largest((entry) => entry.maxOutputTokens),
    capabilities: { ...(sameFamily[0]?.capabilities ?? noCapabilities), ...definition.capabilities },
  };
  registered.set(definition.id, model);
  shared.version += 1;
  return model;
}

// Resolution is pure apart from the lifecycle date, so results are kept per ID (a user
// switches between a handful of models); the cache is cleared when it grows past its limit.
const resolvedCacheLimit = 512;
const resolvedCache = new Map<string, ResolvedModel>();
let cacheVersion = 0;

function resolveUncached(modelId: string): ResolvedModel {
  const described = describeModel(modelId);
  return { ...described, adapter: adapterFor(described.model.family, modelId) };
}

/** An embedding model ID resolved to its catalog entry and embedding adapter. */
export type ResolvedEmbeddingModel = DescribedModel & { adapter: EmbeddingAdapter };

/** Resolves an embedding model; throws `UnknownModelError` for IDs no embedding adapter serves. */
export function resolveEmbeddingModel(modelId: string): ResolvedEmbeddingModel {
  const described = describeModel(modelId);
  const adapter = embeddingAdapters.get(described.model.family);
  if (!adapter) {
    const families = [...embeddingAdapters.keys()].join(", ");
    throw new UnknownModelError(`${modelId} is a ${described.model.family} model, not one fm.embed serves (${families})`, { modelId });
  }
  return { ...described, adapter };
}

/** An image model ID resolved to its catalog entry and image adapter. */
export type ResolvedImageModel = DescribedModel & { adapter: ImageAdapter };

/** Resolves an image-generation model; throws `UnknownModelError` for IDs no image adapter serves. */
export function resolveImageModel(modelId: string): ResolvedImageModel {
  const described = describeModel(modelId);
  const adapter = imageAdapters.get(described.model.family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${described.model.family} model, not one fm.generateImage serves (${[...imageAdapters.keys()].join(", ")})`, { modelId });
  }
  return { ...described, adapter };
}

/** True when Bedrock's CountTokens serves the model's family (the adapter says so). */
export function countsTokensRemotely(modelId: string): boolean {
  return adapters.get(describeModel(modelId).model.family)?.countsTokensRemotely === true;
}
