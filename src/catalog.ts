/**
 * The public catalog API: look models up, list them, add your own. It joins the model
 * data (models/) with the prices (pricing/), so neither folder imports the other.
 */
import { adapters } from "./adapters/index.js";
import { ValidationError } from "./errors.js";
import { allModels } from "./models/catalog/index.js";
import { describeAcceptedModel, describeModel, inheritParameterRules, noCapabilities, sharedRegistrations } from "./models/describe.js";
import type { ModelCapabilities, ModelInfo } from "./models/model-info.js";
import { pricePerImage } from "./pricing/images.js";
import { pricePerQuery } from "./pricing/rerank.js";
import { checkTokenPrices } from "./pricing/overrides.js";
import { registeredPrices, setRegisteredPrices } from "./pricing/registered.js";
import { tablePrices, type ModelPricing, type TokenPrices } from "./pricing/table.js";

/**
 * What bedrock-kit knows about a model: provider, family, context window, output limit,
 * capabilities, lifecycle and `pricing`. Takes foundation-model IDs, inference-profile IDs
 * and ARNs (answering for the base model). Throws `UnknownModelError` with close matches
 * otherwise.
 *
 * `pricing` is the on-demand price in US Regions: `{ inputPer1k, outputPer1k }` (plus cache
 * prices where Bedrock caches) for text and embedding models and for models registered with
 * prices; `{ perImage }` for image models, the price of one 1024×1024 image at standard
 * quality (larger sizes and premium quality cost more: see docs/costs.md); `{ perQuery }`
 * for rerank models (one call of up to 100 documents); undefined when no price is known.
 */
export function getModel(modelId: string): ModelInfo {
  return withPricing(describeModel(modelId).model);
}

function tokenPricing(baseModelId: string): TokenPrices | undefined {
  const row = tablePrices(baseModelId);
  if (!row) return undefined;
  const { inputPer1k, outputPer1k, cacheReadPer1k, cacheWritePer1k } = row;
  const pricing: TokenPrices = { inputPer1k, outputPer1k };
  if (cacheReadPer1k !== undefined) pricing.cacheReadPer1k = cacheReadPer1k;
  if (cacheWritePer1k !== undefined) pricing.cacheWritePer1k = cacheWritePer1k;
  return pricing;
}

function modelPricing(model: ModelInfo): ModelPricing | undefined {
  const registered = registeredPrices(model.id);
  if (registered) return { ...registered };
  if (model.capabilities.imageGeneration) {
    const perImage = pricePerImage(model.id, 1024, 1024, "standard");
    return perImage === undefined ? undefined : { perImage };
  }
  if (model.capabilities.rerank) {
    const price = pricePerQuery(model.id);
    return price === undefined ? undefined : { perQuery: price };
  }
  return tokenPricing(model.id);
}

function withPricing(model: ModelInfo): ModelInfo {
  const pricing = modelPricing(model);
  return pricing ? { ...model, pricing } : { ...model };
}

/** Filters for {@link listModels}. */
export interface ModelFilter {
  /** e.g. `anthropic`, `amazon`. */
  provider?: string | undefined;
  /** e.g. `anthropic-messages`, `amazon-nova`. */
  family?: string | undefined;
}

/** Every catalog model, optionally filtered by provider or family. */
export function listModels(filter: ModelFilter = {}): ModelInfo[] {
  return allModels()
    .filter((model) => (filter.provider === undefined || model.provider === filter.provider) && (filter.family === undefined || model.family === filter.family))
    .map(withPricing);
}

/** What {@link registerModel} takes: an ID and the family whose request format it speaks. */
export interface ModelDefinition {
  /** The exact ID calls will use: a custom or provisioned model ARN, an application inference profile ARN, or any ID. */
  id: string;
  /** The request format, e.g. `anthropic-messages` or `amazon-nova`. */
  family: string;
  /** Display name; default: the ID. */
  name?: string | undefined;
  /** Default: the family's provider (from the first catalog model of the family). */
  provider?: string | undefined;
  /**
   * The foundation model behind the ID, e.g. the model an application inference profile
   * routes to: `allowModels` / `denyModels` judge the ID by it (a client with `denyModels`
   * refuses a registered ARN that does not say), and its catalog price applies unless
   * `pricing` is given.
   */
  baseModelId?: string | undefined;
  /** Default: the family's largest known value. */
  contextWindow?: number | undefined;
  /** Default: the family's largest known value. */
  maxOutputTokens?: number | undefined;
  /** Default: the family's capabilities. */
  capabilities?: Partial<ModelCapabilities> | undefined;
  /**
   * On-demand prices, USD per 1,000 tokens: calls on this ID get `cost` from them, and
   * `getModel(id).pricing` shows them. A client's `pricing` option still wins. Default: none
   * (the catalog's price when the ID is a catalog model's).
   */
  pricing?: TokenPrices | undefined;
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
  if (definition.baseModelId !== undefined && (typeof definition.baseModelId !== "string" || definition.baseModelId === "")) {
    throw new ValidationError("Invalid baseModelId: expected a foundation-model ID", { field: "baseModelId", modelId: definition.id });
  }
  // A custom or provisioned copy of a catalog model (its ID, profile or ARN) is, by default,
  // that model: its limits, capabilities and parameter rules (DeepSeek V3.x's template, the
  // newest Claude models' sampling). Otherwise the family's first capabilities and largest limits.
  const described = definition.baseModelId === undefined ? undefined : describeAcceptedModel(definition.baseModelId)?.model;
  const base = described?.family === definition.family ? described : undefined;
  const sameFamily = allModels().filter((model) => model.family === definition.family);
  const largest = (pick: (model: ModelInfo) => number): number => Math.max(0, ...sameFamily.map(pick));
  const model: ModelInfo = {
    id: definition.id,
    provider: definition.provider ?? base?.provider ?? sameFamily[0]?.provider ?? "unknown",
    family: definition.family,
    name: definition.name ?? definition.id,
    contextWindow: definition.contextWindow ?? base?.contextWindow ?? largest((entry) => entry.contextWindow),
    maxOutputTokens: definition.maxOutputTokens ?? base?.maxOutputTokens ?? largest((entry) => entry.maxOutputTokens),
    capabilities: { ...(base?.capabilities ?? sameFamily[0]?.capabilities ?? noCapabilities), ...definition.capabilities },
  };
  if (definition.pricing) model.pricing = { ...definition.pricing };
  if (definition.baseModelId !== undefined) model.baseModelId = definition.baseModelId;
  if (base) inheritParameterRules(model, base);
  sharedRegistrations.models.set(definition.id, model);
  setRegisteredPrices(definition.id, definition.pricing);
  sharedRegistrations.version += 1;
  return model;
}
