/**
 * bedrock-kit/langchain: a LangChain chat model and embeddings (`@langchain/core` 1.x) over a
 * bedrock-kit client. `@langchain/core` is an optional peer dependency, needed only for this subpath.
 * @module
 */
export { ChatBedrockKit } from "./chat-model.js";
export type { ChatBedrockKitCallOptions, ChatBedrockKitInput, StructuredOutputWithRaw } from "./chat-model.js";
export { BedrockKitEmbeddings } from "./embeddings.js";
export type { BedrockKitEmbeddingsInput } from "./embeddings.js";
