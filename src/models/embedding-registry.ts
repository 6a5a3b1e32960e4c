/** Embedding model ID → catalog entry → embedding adapter (the registry's branch for embedding families). */
import type { EmbeddingAdapter } from "../adapters/embedding-adapter.js";
import { embeddingAdapters } from "../adapters/embedding-index.js";
import { UnknownModelError } from "../errors.js";
import { describeModel, type DescribedModel } from "./describe.js";

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
