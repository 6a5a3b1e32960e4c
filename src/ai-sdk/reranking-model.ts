/** An AI SDK `RerankingModelV3` over `fm.rerank`. */
import type { RerankingModelV3, RerankingModelV3CallOptions } from "@ai-sdk/provider";
import type { BedrockKitClient, RerankRequest } from "../index.js";
import { providerName } from "./language-model.js";
import { providerKey } from "./provider-options.js";
import { warningsOf } from "./result.js";

/** The result of {@link BedrockKitRerankingModel.doRerank}, as the AI SDK's `RerankingModelV3` declares it. */
type Reranking = Awaited<ReturnType<RerankingModelV3["doRerank"]>>;

/**
 * A Bedrock rerank model (Cohere Rerank 3.5, Amazon Rerank 1.0) for the AI SDK's `rerank`:
 * one `fm.rerank` call, priced per query. Object documents are ranked as their JSON text.
 */
export class BedrockKitRerankingModel implements RerankingModelV3 {
  /** The AI SDK's model interface version. */
  readonly specificationVersion = "v3";
  /** `bedrock-kit`. */
  readonly provider = providerName;
  readonly #client: BedrockKitClient;

  /** Made by `createBedrockKit(...).rerankingModel(modelId)`. */
  constructor(
    /** The Bedrock rerank model ID. */
    readonly modelId: string,
    client: BedrockKitClient,
  ) {
    this.#client = client;
  }

  /** One `fm.rerank` call. */
  async doRerank(options: RerankingModelV3CallOptions): Promise<Reranking> {
    const documents = options.documents.type === "text" ? options.documents.values : options.documents.values.map((value) => JSON.stringify(value));
    const request: RerankRequest = { modelId: this.modelId, query: options.query, documents };
    if (options.topN !== undefined) request.topN = options.topN;
    if (options.abortSignal !== undefined) request.signal = options.abortSignal;
    const result = await this.#client.rerank(request);
    const response: NonNullable<Reranking["response"]> = { modelId: result.modelId };
    if (result.requestId !== undefined) response.id = result.requestId;
    return {
      ranking: result.results.map(({ index, relevanceScore }) => ({ index, relevanceScore })),
      providerMetadata: { [providerKey]: { costUsd: result.cost?.totalUsd ?? null, requestId: result.requestId ?? null, queries: result.usage.queries } },
      warnings: warningsOf(result.warnings),
      response,
    };
  }
}
