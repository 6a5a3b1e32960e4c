import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const rerank: ModelCapabilities = { streaming: false, system: false, tools: false, images: false, embeddings: false, imageGeneration: false, rerank: true };

/**
 * Rerank models on InvokeModel. IDs from AWS's "Supported Regions and models for reranking"
 * and the Cohere Rerank 3.5 model card (context window 4K tokens, read 2026-11-30); Amazon
 * Rerank 1.0 takes up to 512 tokens of query plus document per document (AWS pricing notes,
 * read 2026-11-30).
 */
export const rerankModels: ModelInfo[] = [
  { id: "cohere.rerank-v3-5:0", provider: "cohere", family: "cohere-rerank", name: "Rerank 3.5", contextWindow: 4_096, maxOutputTokens: 0, capabilities: rerank },
  { id: "amazon.rerank-v1:0", provider: "amazon", family: "amazon-rerank", name: "Rerank 1.0", contextWindow: 512, maxOutputTokens: 0, capabilities: rerank },
];
