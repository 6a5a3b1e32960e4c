/**
 * bedrock-kit/ai-sdk: an AI SDK 6 provider (`@ai-sdk/provider` 3) over a bedrock-kit client.
 * `ai` and `@ai-sdk/provider` are optional peer dependencies, needed only for this subpath.
 * @module
 */
export { createBedrockKit } from "./provider.js";
export type { BedrockKitProvider, BedrockKitProviderSettings } from "./provider.js";
export { BedrockKitLanguageModel } from "./language-model.js";
export { BedrockKitEmbeddingModel } from "./embedding-model.js";
export { BedrockKitImageModel } from "./image-model.js";
export { BedrockKitRerankingModel } from "./reranking-model.js";
export type { BedrockKitLanguageModelOptions } from "./provider-options.js";
