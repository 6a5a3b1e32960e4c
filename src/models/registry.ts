/**
 * The one place that branches on model family: model ID → catalog entry → adapter.
 */
import { adapters, embeddingAdapters, imageAdapters } from "../adapters/index.js";
import type { ImageAdapter } from "../adapters/image-adapter.js";
import type { EmbeddingAdapter } from "../adapters/embedding-adapter.js";
import type { ModelAdapter } from "../adapters/adapter.js";
import { UnknownModelError, ValidationError } from "../errors.js";
import type { Warning } from "../types.js";
import { allModels, findModel } from "./catalog/index.js";
import type { ModelCapabilities, ModelInfo } from "./model-info.js";
import { parseModelId, type ParsedModelId } from "./model-id.js";
import { checkTokenPrices } from "../pricing/overrides.js";
import { setRegisteredPrices } from "../pricing/registered.js";
import type { TokenPrices } from "../pricing/table.js";

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

const llamaCapabilities: ModelCapabilities = { ...noCapabilities, streaming: true, system: true };

/**
 * Families by base-model-ID prefix, first match wins, for IDs the catalog does not list.
 * Source: ../shared/design/bedrock-formats.md §4 "Family detection" (read 2026-11-25).
 */
const familyPrefixes: [prefix: string, family: string, capabilities: ModelCapabilities, maxOutputTokens: number][] = [
  [
    "anthropic.claude-v",
    "anthropic-text",
    { streaming: true, system: true, tools: false, images: false, embeddings: false, imageGeneration: false },
    4_096,
  ],
  [
    "anthropic.claude-instant",
    "anthropic-text",
    { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false },
    4_096,
  ],
  [
    "amazon.titan-text-",
    "amazon-titan-text",
    { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false },
    3_072,
  ],
  ["amazon.nova-canvas", "amazon-nova-canvas", { ...noCapabilities, imageGeneration: true }, 0],
  ["amazon.nova-reel", "amazon-nova-reel", noCapabilities, 0],
  ["amazon.nova-sonic", "amazon-nova-sonic", noCapabilities, 0],
  [
    "amazon.nova-",
    "amazon-nova",
    { streaming: true, system: true, tools: true, images: true, embeddings: false, imageGeneration: false },
    10_000,
  ],
  ["meta.llama2-", "meta-llama2", llamaCapabilities, 2_048],
  ["meta.llama3", "meta-llama3", { ...llamaCapabilities, tools: true }, 4_096],
  ["meta.llama4", "meta-llama4", { ...llamaCapabilities, tools: true }, 4_096],
  ["cohere.embed-", "cohere-embed", { ...noCapabilities, embeddings: true }, 0],
  ["amazon.titan-embed-", "amazon-titan-embed-v2", { ...noCapabilities, embeddings: true }, 0],
  ["amazon.titan-image-", "amazon-titan-image", { ...noCapabilities, imageGeneration: true }, 0],
  ["stability.stable-diffusion-xl", "stability-sdxl", { ...noCapabilities, imageGeneration: true }, 0],
  ["stability.", "stability-image", { ...noCapabilities, imageGeneration: true }, 0],
  ["cohere.command-r", "cohere-chat", { ...llamaCapabilities, tools: true }, 4_000],
  ["cohere.command", "cohere-command", { ...noCapabilities, streaming: true }, 4_096],
  ["ai21.j2-", "ai21-j2", noCapabilities, 8_191],
  ["ai21.jamba-", "ai21-jamba", { ...llamaCapabilities, tools: true }, 4_096],
  ["mistral.mistral-large-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["mistral.", "mistral-prompt", { ...noCapabilities, streaming: true }, 8_192],
  [
    "anthropic.claude-",
    "anthropic-messages",
    { streaming: true, system: true, tools: true, images: true, embeddings: false, imageGeneration: false },
    64_000,
  ],
];

/**
 * Characters of an unknown ID compared with the catalog. Catalog IDs are under 60
 * characters, so a longer input only costs time: a 100,000-character ID compared in full
 * blocked the event loop for over a second.
 */
const comparedLength = 200;

/** Levenshtein distance between two strings, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(left: string, right: string, limit: number): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    let rowMinimum = row;
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      const distance = Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution);
      current.push(distance);
      rowMinimum = Math.min(rowMinimum, distance);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The known model IDs closest to `modelId`, best first (ties in catalog order). Compares
 * at most the first 200 characters of `modelId`, and stops measuring a catalog ID once it
 * is farther than the current `count`-th best.
 */
export function closestModelIds(modelId: string, count = 3): string[] {
  const compared = modelId.slice(0, comparedLength);
  const best: { id: string; distance: number }[] = [];
  for (const model of allModels()) {
    const limit = best.length < count ? Number.POSITIVE_INFINITY : (best[count - 1]?.distance ?? 0) - 1;
    const distance = editDistance(compared, model.id, limit);
    if (distance > limit) continue;
    const position = best.findIndex((entry) => entry.distance > distance);
    best.splice(position === -1 ? best.length : position, 0, { id: model.id, distance });
    best.length = Math.min(best.length, count);
  }
  return best.map((entry) => entry.id);
}

function adapterFor(family: string, modelId: string): ModelAdapter {
  const adapter = adapters.get(family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${family} model; bedrock-kit cannot invoke or stream that family yet`, { modelId });
  }
  return adapter;
}

function lifecycleWarnings(model: ModelInfo, today = new Date().toISOString().slice(0, 10)): Warning[] {
  if (!model.deprecated) return [];
  const { endOfLife, successor } = model.deprecated;
  const state = endOfLife <= today ? `reached its end of life on Bedrock (${endOfLife})` : `is legacy on Bedrock, with end of life ${endOfLife}`;
  return [
    {
      type: "deprecated",
      feature: "modelId",
      message: `${model.id} ${state}${successor ? `; its successor is ${successor}` : ""}.`,
    },
  ];
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

/**
 * Models added with {@link registerModel}, by the exact ID they were registered under.
 * Kept on `globalThis` so that every loaded copy of bedrock-kit (ESM and CJS builds, the
 * core and `bedrock-kit/testing`) sees the same registrations; `version` tells copies
 * when their resolution cache is stale.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for("bedrock-kit.registered-models")] ??= {
  models: new Map<string, ModelInfo>(),
  version: 0,
}) as { models: Map<string, ModelInfo>; version: number };
const registered = shared.models;

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
  /**
   * On-demand prices, USD per 1,000 tokens: calls on this ID get `cost` from them, and
   * `getModel(id).pricing` shows them. A client's `pricing` option still wins. Default: none
   * (the catalog's price when the ID is a catalog model's).
   */
  pricing?: TokenPrices;
}

/**
 * Adds a model bedrock-kit cannot recognise from its ID (custom and provisioned models,
 * application inference profiles) or overrides a catalog entry. Later calls with that
 * exact ID use the family's adapter, these limits and these prices. Registering an ID
 * again replaces everything given before, prices included.
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
  if (definition.pricing !== undefined) checkTokenPrices(definition.pricing, "pricing", "pricing");
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
  if (definition.pricing) model.pricing = { ...definition.pricing };
  registered.set(definition.id, model);
  setRegisteredPrices(definition.id, definition.pricing);
  shared.version += 1;
  return model;
}

// Resolution is pure apart from the lifecycle date, so results are kept per ID (a user
// switches between a handful of models); the cache is cleared when it grows past its limit.
const resolvedCacheLimit = 512;
const resolvedCache = new Map<string, ResolvedModel>();
let cacheVersion = 0;

/** A model ID's catalog entry (or registration, or family guess), before any adapter is chosen. */
export type DescribedModel = Omit<ResolvedModel, "adapter">;

/**
 * What bedrock-kit knows about a model ID, whether or not an adapter serves its family
 * yet (embedding and image models are described before they can be called).
 */
export function describeModel(modelId: string): DescribedModel {
  const parsed = parseModelId(modelId);
  const registeredModel = registered.get(modelId);
  if (registeredModel) return { parsed, model: registeredModel, warnings: [] };
  const baseModelId = parsed.baseModelId;
  if (baseModelId === undefined) {
    throw new UnknownModelError(
      `${modelId} is a ${parsed.arnResourceType ?? "model"} ARN that does not name its base model; call registerModel({ id, family }) for it`,
      { modelId },
    );
  }
  const known = registered.get(baseModelId) ?? findModel(baseModelId);
  if (known) return { parsed, model: known, warnings: lifecycleWarnings(known) };

  const match = familyPrefixes.find(([prefix]) => baseModelId.startsWith(prefix));
  if (!match) {
    const closeMatches = closestModelIds(baseModelId);
    throw new UnknownModelError(`Unknown model ID ${modelId}; closest known IDs: ${closeMatches.join(", ")}`, {
      modelId,
      closeMatches,
    });
  }
  const [, family, capabilities, maxOutputTokens] = match;
  const model: ModelInfo = {
    id: baseModelId,
    provider: parsed.provider ?? "unknown",
    family,
    name: baseModelId,
    contextWindow: 200_000,
    maxOutputTokens,
    capabilities,
  };
  const warning: Warning = {
    type: "estimated",
    feature: "modelId",
    message: `${baseModelId} is not in bedrock-kit's catalog; it is served as the ${family} family with that family's limits.`,
  };
  return { parsed, model, warnings: [warning] };
}

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
