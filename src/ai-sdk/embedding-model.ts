/** An AI SDK `EmbeddingModelV3` over `fm.embed`. */
import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from "@ai-sdk/provider";
import { ValidationError, type BedrockKitClient, type EmbedRequest } from "../index.js";
import { providerName } from "./language-model.js";
import { bedrockKitOptions, providerKey } from "./provider-options.js";
import { warningsOf } from "./result.js";

/** The `fm.embed` fields `providerOptions.bedrockKit` may set for an embedding call. */
const embedOptionNames = ["dimensions", "normalize", "inputType", "truncate", "maxTokens", "native", "concurrency"] as const;

/**
 * A Bedrock embedding model for the AI SDK's `embed` and `embedMany`. bedrock-kit batches
 * the values by the model's own batch size, so the AI SDK hands over every value at once.
 */
export class BedrockKitEmbeddingModel implements EmbeddingModelV3 {
  /** The AI SDK's model interface version. */
  readonly specificationVersion = "v3";
  /** `bedrock-kit`. */
  readonly provider = providerName;
  /** No limit: `fm.embed` splits the values into the model's batches itself. */
  readonly maxEmbeddingsPerCall = Number.POSITIVE_INFINITY;
  /** Calls may run in parallel. */
  readonly supportsParallelCalls = true;
  readonly #client: BedrockKitClient;

  /** Made by `createBedrockKit(...).embeddingModel(modelId)`. */
  constructor(
    /** The Bedrock embedding model ID. */
    readonly modelId: string,
    client: BedrockKitClient,
  ) {
    this.#client = client;
  }

  /** One `fm.embed` call; `providerOptions.bedrockKit` may set `dimensions`, `normalize`, `inputType`, `truncate`, `maxTokens`, `native`, `concurrency`. */
  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const extra = bedrockKitOptions(options.providerOptions, this.modelId);
    const unknown = Object.keys(extra).filter((name) => !(embedOptionNames as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new ValidationError(`Invalid providerOptions.bedrockKit: ${unknown.join(", ")} is not an embedding option (${embedOptionNames.join(", ")})`, {
        field: `providerOptions.bedrockKit.${unknown[0]}`,
        modelId: this.modelId,
      });
    }
    const request: EmbedRequest = { ...(extra as Partial<EmbedRequest>), modelId: this.modelId, texts: options.values };
    if (options.abortSignal !== undefined) request.signal = options.abortSignal;
    const result = await this.#client.embed(request);
    return {
      embeddings: result.embeddings.map((vector) => Array.from(vector)),
      usage: { tokens: result.usage.inputTokens },
      providerMetadata: { [providerKey]: { costUsd: result.cost?.totalUsd ?? null, requests: result.requests } },
      warnings: warningsOf(result.warnings),
    };
  }
}
