/** `createBedrockKit`: an AI SDK provider over one bedrock-kit client. */
import type { EmbeddingModelV3, ImageModelV3, LanguageModelV3, ProviderV3, RerankingModelV3 } from "@ai-sdk/provider";
import {
  getModel,
  ValidationError,
  type BedrockKitClient,
  type EmbeddingModelId,
  type ImageModelId,
  type ModelId,
  type ModelInfo,
  type RerankModelId,
} from "../index.js";
import { BedrockKitEmbeddingModel } from "./embedding-model.js";
import { BedrockKitImageModel } from "./image-model.js";
import { BedrockKitLanguageModel } from "./language-model.js";
import { BedrockKitRerankingModel } from "./reranking-model.js";

/** What {@link createBedrockKit} takes. */
export interface BedrockKitProviderSettings {
  /** The bedrock-kit client every model of the provider calls through (its budget, policy, ledger, audit log and retries apply). */
  client: BedrockKitClient;
}

/**
 * An AI SDK provider for Bedrock models through bedrock-kit. Call it with a model ID for a
 * language model; `embeddingModel` (or `textEmbeddingModel`), `imageModel` and
 * `rerankingModel` give the others.
 */
export interface BedrockKitProvider extends ProviderV3 {
  /** A language model for `generateText`, `streamText`, `generateObject` and `streamObject`. */
  (modelId: ModelId): LanguageModelV3;
  /** The same as calling the provider. */
  languageModel(modelId: ModelId): LanguageModelV3;
  /** An embedding model for `embed` and `embedMany`. */
  embeddingModel(modelId: EmbeddingModelId): EmbeddingModelV3;
  /** The same as `embeddingModel` (the AI SDK's older name). */
  textEmbeddingModel(modelId: EmbeddingModelId): EmbeddingModelV3;
  /** An image model for `generateImage`. */
  imageModel(modelId: ImageModelId): ImageModelV3;
  /** A rerank model for `rerank`. */
  rerankingModel(modelId: RerankModelId): RerankingModelV3;
}

/** Which kind of model a provider method serves. */
type ModelKind = "language" | "embedding" | "image" | "rerank";

/** The kind of a catalog model, by its capabilities. */
function kindOf(model: ModelInfo): ModelKind {
  if (model.capabilities.embeddings) return "embedding";
  if (model.capabilities.imageGeneration) return "image";
  if (model.capabilities.rerank) return "rerank";
  return "language";
}

const methodFor: Record<ModelKind, string> = {
  language: "the provider itself (or languageModel)",
  embedding: "embeddingModel",
  image: "imageModel",
  rerank: "rerankingModel",
};

/**
 * Checks the model ID before any call: a string, and not a model of another kind in the
 * catalog (an embedding model asked for as a language model, say). IDs the catalog does not
 * know pass; the call itself then reports them.
 */
function checkModelId(modelId: unknown, kind: ModelKind): string {
  if (typeof modelId !== "string" || modelId.trim() === "") {
    throw new ValidationError("Invalid modelId: expected a Bedrock model ID, inference-profile ID or ARN", { field: "modelId" });
  }
  let model: ModelInfo | undefined;
  try {
    model = getModel(modelId);
  } catch {
    return modelId;
  }
  const actual = kindOf(model);
  if (actual !== kind) {
    const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
    throw new ValidationError(`Invalid modelId: ${modelId} is ${article(actual)} model, not ${article(kind)} model; use ${methodFor[actual]}`, {
      field: "modelId",
      modelId,
    });
  }
  return modelId;
}

/**
 * Makes an AI SDK provider (AI SDK 6, `@ai-sdk/provider` 3) over a bedrock-kit client:
 * `createBedrockKit({ client: fm })("us.anthropic.claude-haiku-4-5-20251001-v1:0")` is a
 * `LanguageModelV3` whose results carry `providerMetadata.bedrockKit = { costUsd,
 * requestId, rawStopReason, usageSource }`.
 */
export function createBedrockKit(settings: BedrockKitProviderSettings): BedrockKitProvider {
  const client = settings?.client;
  if (typeof client !== "object" || client === null || typeof client.invoke !== "function") {
    throw new ValidationError("Invalid client: expected a bedrock-kit client from createClient()", { field: "client" });
  }
  const languageModel = (modelId: ModelId): LanguageModelV3 => new BedrockKitLanguageModel(checkModelId(modelId, "language"), client);
  const embeddingModel = (modelId: EmbeddingModelId): EmbeddingModelV3 => new BedrockKitEmbeddingModel(checkModelId(modelId, "embedding"), client);
  const provider = (modelId: ModelId): LanguageModelV3 => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: "v3" as const,
    languageModel,
    embeddingModel,
    textEmbeddingModel: embeddingModel,
    imageModel: (modelId: ImageModelId): ImageModelV3 => new BedrockKitImageModel(checkModelId(modelId, "image"), client),
    rerankingModel: (modelId: RerankModelId): RerankingModelV3 => new BedrockKitRerankingModel(checkModelId(modelId, "rerank"), client),
  });
}
