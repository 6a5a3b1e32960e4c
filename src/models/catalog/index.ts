/** The model catalog: every model bedrock-kit knows, by base (foundation) model ID. */
import type { ModelInfo } from "../model-info.js";
import { ai21Models } from "./ai21.js";
import { amazonModels } from "./amazon.js";
import { anthropicModels } from "./anthropic.js";
import { cohereModels } from "./cohere.js";
import { mediaModels } from "./media.js";
import { metaModels } from "./meta.js";
import { mistralModels } from "./mistral.js";
import { moreProviderModels } from "./more-providers.js";
import { openWeightModels } from "./open-weights.js";
import { rerankModels } from "./rerank.js";

const catalog = new Map<string, ModelInfo>([...anthropicModels, ...amazonModels, ...metaModels, ...mistralModels, ...ai21Models, ...cohereModels, ...mediaModels, ...moreProviderModels, ...openWeightModels, ...rerankModels].map((model) => [model.id, model]));

/** The catalog entry for a base (foundation) model ID, if the catalog lists it. */
export function findModel(baseModelId: string): ModelInfo | undefined {
  return catalog.get(baseModelId);
}

/** Every catalog entry. */
export function allModels(): ModelInfo[] {
  return [...catalog.values()];
}
