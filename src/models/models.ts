/** The public catalog API: look models up, list them, add your own. */
import { allModels } from "./catalog/index.js";
import type { ModelInfo } from "./model-info.js";
import { describeModel } from "./registry.js";
import { priceTable, type TokenPrices } from "../pricing/table.js";

/**
 * What bedrock-kit knows about a model: provider, family, context window, output limit,
 * capabilities and lifecycle. Takes foundation-model IDs, inference-profile IDs and ARNs
 * (answering for the base model). Throws `UnknownModelError` with close matches otherwise.
 */
export function getModel(modelId: string): ModelInfo {
  return withPricing(describeModel(modelId).model);
}

function withPricing(model: ModelInfo): ModelInfo {
  const row = priceTable.get(model.id);
  if (!row) return { ...model };
  const { inputPer1k, outputPer1k, cacheReadPer1k, cacheWritePer1k } = row;
  const pricing: TokenPrices = { inputPer1k, outputPer1k };
  if (cacheReadPer1k !== undefined) pricing.cacheReadPer1k = cacheReadPer1k;
  if (cacheWritePer1k !== undefined) pricing.cacheWritePer1k = cacheWritePer1k;
  return { ...model, pricing };
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
