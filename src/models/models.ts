/** The public catalog API: look models up, list them, add your own. */
import { allModels } from "./catalog/index.js";
import type { ModelInfo } from "./model-info.js";
import { describeModel } from "./registry.js";
import { pricePerImage } from "../pricing/images.js";
import { registeredPrices } from "../pricing/registered.js";
import { tablePrices, type ModelPricing, type TokenPrices } from "../pricing/table.js";

/**
 * What bedrock-kit knows about a model: provider, family, context window, output limit,
 * capabilities, lifecycle and `pricing`. Takes foundation-model IDs, inference-profile IDs
 * and ARNs (answering for the base model). Throws `UnknownModelError` with close matches
 * otherwise.
 *
 * `pricing` is the on-demand price in US Regions: `{ inputPer1k, outputPer1k }` (plus cache
 * prices where Bedrock caches) for text and embedding models and for models registered with
 * prices; `{ perImage }` for image models, the price of one 1024×1024 image at standard
 * quality (larger sizes and premium quality cost more: see docs/costs.md); undefined when
 * no price is known.
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
  return tokenPricing(model.id);
}

function withPricing(model: ModelInfo): ModelInfo {
  const pricing = modelPricing(model);
  return pricing ? { ...model, pricing } : { ...model };
}

/** Filters for {@link listModels}. */
export interface ModelFilter {
  /** e.g. `anthropic`, `amazon`. */
  provider?: string;
  /** e.g. `anthropic-messages`, `amazon-nova`. */
  family?: string;
}

/** Every catalog model, optionally filtered by provider or family. */
export function listModels(filter: ModelFilter = {}): ModelInfo[] {
  return allModels()
    .filter((model) => (filter.provider === undefined || model.provider === filter.provider) && (filter.family === undefined || model.family === filter.family))
    .map(withPricing);
}
