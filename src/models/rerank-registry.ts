/** Rerank model ID → catalog entry → rerank adapter (the registry's branch for rerank families). */
import type { RerankAdapter } from "../adapters/rerank-adapter.js";
import { rerankAdapters } from "../adapters/rerank-index.js";
import { UnknownModelError } from "../errors.js";
import { describeModel, type DescribedModel } from "./describe.js";

/** A rerank model ID resolved to its catalog entry and rerank adapter. */
export type ResolvedRerankModel = DescribedModel & { adapter: RerankAdapter };

/** Resolves a rerank model; throws `UnknownModelError` for IDs no rerank adapter serves. */
export function resolveRerankModel(modelId: string): ResolvedRerankModel {
  const described = describeModel(modelId);
  const adapter = rerankAdapters.get(described.model.family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${described.model.family} model, not a rerank model (fm.rerank serves cohere.rerank-v3-5:0 and amazon.rerank-v1:0)`, { modelId });
  }
  return { ...described, adapter };
}
