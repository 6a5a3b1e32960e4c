/** Rerank model ID → catalog entry → rerank adapter (the registry's branch for rerank families). */
import type { RerankAdapter } from "../adapters/rerank-adapter.js";
import { rerankAdapters } from "../adapters/rerank-index.js";
import { UnknownModelError } from "../errors.js";
import { allModels } from "./catalog/index.js";
import { describeModel, type DescribedModel } from "./describe.js";

/** A rerank model ID resolved to its catalog entry and rerank adapter. */
export type ResolvedRerankModel = DescribedModel & { adapter: RerankAdapter };

/** The catalog's rerank models. */
function rerankModelIds(): string[] {
  return allModels().filter((model) => model.capabilities.rerank).map((model) => model.id);
}

/** Resolves a rerank model; throws `UnknownModelError` for IDs no rerank adapter serves. */
export function resolveRerankModel(modelId: string): ResolvedRerankModel {
  const described = describeModel(modelId);
  const adapter = rerankAdapters.get(described.model.family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${described.model.family} model, not a rerank model (fm.rerank serves ${rerankModelIds().join(", ")})`, { modelId });
  }
  return { ...described, adapter };
}
