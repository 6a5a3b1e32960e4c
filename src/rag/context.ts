/** What the parts of a knowledge base share: the client, the settings, the store, the cost lines. */
import { ValidationError, type BedrockKitClient, type CallOrigin, type Cost } from "bedrock-kit";
import type { ChunkingOptions } from "./chunking.js";
import type { KnowledgeBaseCosts } from "./costs.js";
import type { VectorStore } from "./store.js";

/** One knowledge base's state. */
export interface KnowledgeBaseContext {
  client: BedrockKitClient;
  embeddingModelId: string;
  /** The store's vector size; set by the first embedding when neither the options nor the store named it. */
  dimensions: number | undefined;
  /** Asked of the model (undefined: its default size). */
  requestedDimensions: number | undefined;
  chunking: ChunkingOptions;
  store: VectorStore;
  /** The three lines of `kb.costs()` (its total is their sum, made when asked). */
  costs: Omit<KnowledgeBaseCosts, "totalUsd">;
}

/** Vectors made through the client, scaled to unit length, with what they cost. */
export interface EmbeddedTexts {
  vectors: Float32Array[];
  inputTokens: number;
  cost: Cost | undefined;
}

/** Scales a vector to length 1 (cosine similarity is then the dot product). */
function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum) || 1;
  for (let index = 0; index < vector.length; index++) vector[index]! /= length;
  return vector;
}

/** Embeds texts with the knowledge base's model through `fm.embed`; refuses vectors of another size than the store's. */
export async function embedTexts(context: KnowledgeBaseContext, origin: CallOrigin, texts: string[], inputType: "search_document" | "search_query", signal?: AbortSignal): Promise<EmbeddedTexts> {
  const result = await context.client.embed({
    modelId: context.embeddingModelId,
    texts,
    inputType,
    float32: true,
    origin,
    ...(context.requestedDimensions === undefined ? {} : { dimensions: context.requestedDimensions }),
    ...(signal ? { signal } : {}),
  });
  const vectors = (result.embeddings as Float32Array[]).map(normalize);
  const size = vectors[0]?.length;
  if (size !== undefined) {
    if (context.dimensions === undefined) context.dimensions = size;
    else if (size !== context.dimensions) {
      throw new ValidationError(`Invalid embedding.dimensions: ${context.embeddingModelId} made vectors of ${size} values; the store holds ${context.dimensions}`, {
        field: "embedding.dimensions",
        modelId: context.embeddingModelId,
      });
    }
  }
  return { vectors, inputTokens: result.usage.inputTokens, cost: result.cost };
}
