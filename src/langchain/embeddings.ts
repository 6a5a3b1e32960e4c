/** `BedrockKitEmbeddings`: LangChain embeddings over `fm.embed`. */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { ValidationError, type BedrockKitClient, type EmbedRequest, type EmbeddingModelId } from "../index.js";

/** What `new BedrockKitEmbeddings(...)` takes. */
export interface BedrockKitEmbeddingsInput extends EmbeddingsParams {
  /** The bedrock-kit client every call goes through. */
  client: BedrockKitClient;
  /** The Bedrock embedding model ID. */
  model: EmbeddingModelId;
  /** The vector size, one the model makes (see `EmbedRequest.dimensions`). */
  dimensions?: number | undefined;
  /** Titan V2: unit-length vectors (default true). */
  normalize?: boolean | undefined;
  /** Requests in flight at once (default 4). */
  concurrency?: number | undefined;
}

/**
 * LangChain embeddings (`@langchain/core` `Embeddings`) for every Bedrock embedding model
 * bedrock-kit serves: `embedDocuments` sends the texts as documents (`search_document`),
 * `embedQuery` as a query (`search_query`), in batches of the model's size with the
 * client's retries, budget and ledger.
 */
export class BedrockKitEmbeddings extends Embeddings {
  /** The Bedrock embedding model ID. */
  model: EmbeddingModelId;
  /** The vector size, when set. */
  dimensions: number | undefined;
  /** Titan V2 normalization, when set. */
  normalize: boolean | undefined;
  /** Requests in flight at once, when set. */
  concurrency: number | undefined;
  readonly #client: BedrockKitClient;

  /** Makes the embeddings; the client and the model ID are required. */
  constructor(fields: BedrockKitEmbeddingsInput) {
    super(fields ?? {});
    const client = fields?.client;
    if (typeof client !== "object" || client === null || typeof client.embed !== "function") {
      throw new ValidationError("Invalid client: expected a bedrock-kit client from createClient()", { field: "client" });
    }
    if (typeof fields.model !== "string" || fields.model.trim() === "") {
      throw new ValidationError("Invalid model: expected a Bedrock embedding model ID", { field: "model" });
    }
    this.#client = client;
    this.model = fields.model;
    this.dimensions = fields.dimensions;
    this.normalize = fields.normalize;
    this.concurrency = fields.concurrency;
  }

  async #embed(texts: string[], inputType: NonNullable<EmbedRequest["inputType"]>): Promise<number[][]> {
    if (texts.length === 0) return [];
    const request: EmbedRequest = { modelId: this.model, texts, inputType };
    if (this.dimensions !== undefined) request.dimensions = this.dimensions;
    if (this.normalize !== undefined) request.normalize = this.normalize;
    if (this.concurrency !== undefined) request.concurrency = this.concurrency;
    // Not through LangChain's AsyncCaller: its retries would multiply the client's own.
    const result = await this.#client.embed(request);
    return result.embeddings.map((vector) => Array.from(vector));
  }

  /** One vector per text, in order, embedded as documents to search. */
  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.#embed(documents, "search_document");
  }

  /** The vector of a search query. */
  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.#embed([document], "search_query");
    return vector!;
  }
}
