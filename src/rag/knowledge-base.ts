/** `createKnowledgeBase`: the options checked, the store opened, the operations wired. */
import { getModel, ValidationError, type BedrockKitClient, type CallOrigin, type EmbeddingModelId } from "bedrock-kit";
import { randomUUID } from "node:crypto";
import { AnswerStream, localAnswer } from "./answer-stream.js";
import { checkChunking, type ChunkingOptions } from "./chunking.js";
import { chunkingDefaults } from "./chunking-defaults.js";
import type { KnowledgeBaseContext } from "./context.js";
import { emptyLine, type KnowledgeBaseCosts } from "./costs.js";
import type { EncryptionOptions } from "./encryption.js";
import { runRetrieveAndGenerate, type GenerationResult, type RetrieveAndGenerateOptions } from "./generate.js";
import { runIngest } from "./ingest.js";
import type { IngestInput, IngestOptions, IngestReport } from "./ingest-types.js";
import { memoryStore } from "./memory-store.js";
import type { RetrievalResult } from "./results.js";
import { runRetrieve, type RetrieveOptions } from "./retrieve.js";
import type { VectorStore } from "./store.js";

/** The embedding model of a knowledge base; the store records both and refuses others. */
export interface EmbeddingSettings {
  /** A text embedding model, e.g. `amazon.titan-embed-text-v2:0` or `cohere.embed-english-v3`. */
  modelId: EmbeddingModelId;
  /** The vector size, one the model makes (Titan V2: 1024, 512, 256); default the model's own. */
  dimensions?: number | undefined;
}

/** What {@link createKnowledgeBase} takes. */
export interface KnowledgeBaseOptions {
  /** The bedrock-kit client every embedding, rerank and generation goes through (policy, budget, ledger, events, audit apply). */
  client: BedrockKitClient;
  /** The embedding model and size. */
  embedding: EmbeddingSettings;
  /**
   * A name for the client's events, spans and audit log: each ingest, sync, retrieval or
   * answer is one run there (`origin: { kind: "knowledge-base", name, runId }`), its calls
   * sharing a `runId`. 1–100 characters.
   */
  name?: string | undefined;
  /** Where chunks and vectors live. Default {@link memoryStore}; {@link fileStore} persists to a folder. */
  store?: VectorStore | undefined;
  /** How documents are cut. Default: about 300 tokens, whole sentences. */
  chunking?: ChunkingOptions | undefined;
  /** Encrypts what the store writes (chunk text, metadata, vectors) with AES-256-GCM. */
  encryption?: EncryptionOptions | undefined;
}

/** A knowledge base: ingest documents, retrieve chunks, answer questions with citations. */
export interface KnowledgeBase {
  /** The embedding model, and the vector size once known (from the options, the store or the first embedding). */
  readonly embedding: EmbeddingSettings;
  /**
   * Reads files (PDF, DOCX, HTML, Markdown, text), folders (walked, with Bedrock's
   * `.metadata.json` sidecars) and documents given as `{ id, text, metadata }`; chunks,
   * embeds and stores them. Documents already stored unchanged are skipped, changed ones
   * replaced. A file that cannot be read is in `failures` and the rest goes on.
   */
  ingest(inputs: IngestInput | IngestInput[], options?: IngestOptions): Promise<IngestReport>;
  /** Like `ingest` for folders, and also removes the stored documents under them whose files are gone. */
  sync(paths: string | string[], options?: IngestOptions): Promise<IngestReport>;
  /** The chunks closest to the query, best first, after the filter (and the rerank model, if given). */
  retrieve(query: string, options?: RetrieveOptions): Promise<RetrievalResult[]>;
  /** Retrieves, then asks a text model to answer from the hits; the answer comes with citations. */
  retrieveAndGenerate(query: string, options: RetrieveAndGenerateOptions): Promise<GenerationResult>;
  /** As `retrieveAndGenerate`, streamed: `text` and `citation` events, then `finish`. */
  retrieveAndGenerateStream(query: string, options: RetrieveAndGenerateOptions): AnswerStream;
  /** What this knowledge base spent since it was created: ingest, retrieval, generation. */
  costs(): KnowledgeBaseCosts;
  /** Closes the store. */
  close(): Promise<void>;
}

/** The most tokens of an embedded chunk under a chunking strategy (undefined for `none`: the whole document). */
function embeddedChunkTokens(chunking: ChunkingOptions): number | undefined {
  switch (chunking.strategy) {
    case "default":
      return chunkingDefaults.maxTokens;
    case "fixedSize":
      return chunking.maxTokens;
    case "semantic":
      return chunking.maxTokens ?? chunkingDefaults.maxTokens;
    case "hierarchical":
      return chunking.levelConfigurations?.[1].maxTokens ?? chunkingDefaults.maxTokens;
    case "none":
      return undefined;
  }
}

/**
 * Creates a knowledge base and opens its store. Throws `ValidationError` for bad options,
 * and when the store was built with another embedding model or dimension.
 *
 * ```ts
 * const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 512 }, store: fileStore({ path: "./kb" }) });
 * await kb.ingest(["docs/"]);
 * const answer = await kb.retrieveAndGenerate("Why is my BGP circuit down?", { modelId: "anthropic.claude-3-haiku-20240307-v1:0" });
 * ```
 */
export async function createKnowledgeBase(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
  const client = options?.client;
  if (typeof client?.embed !== "function" || typeof client.invoke !== "function") throw new ValidationError("Invalid client: expected a bedrock-kit client (createClient())", { field: "client" });
  const embedding = options.embedding;
  if (typeof embedding?.modelId !== "string" || embedding.modelId === "") throw new ValidationError("Invalid embedding.modelId: expected an embedding model ID", { field: "embedding.modelId" });
  if (embedding.dimensions !== undefined && (!Number.isInteger(embedding.dimensions) || embedding.dimensions < 1)) {
    throw new ValidationError("Invalid embedding.dimensions: expected a positive integer", { field: "embedding.dimensions" });
  }
  const chunking = checkChunking(options.chunking);
  const inputLimit = getModel(embedding.modelId)?.contextWindow;
  const chunkTokens = embeddedChunkTokens(chunking);
  if (inputLimit && chunkTokens !== undefined && chunkTokens > inputLimit) {
    throw new ValidationError(`Invalid chunking: chunks of up to ${chunkTokens} tokens are over ${embedding.modelId}'s input limit of ${inputLimit} tokens`, { field: "chunking", modelId: embedding.modelId });
  }
  if (options.encryption !== undefined && typeof options.encryption?.key?.wrapKey !== "function") {
    throw new ValidationError("Invalid encryption.key: expected a key provider such as localKey(hex)", { field: "encryption.key" });
  }
  const store = options.store ?? memoryStore();
  const manifest = await store
    .open({
      embeddingModelId: embedding.modelId,
      dimensions: embedding.dimensions,
      ...(options.encryption ? { encryption: options.encryption.key } : {}),
    })
    .catch(async (error: unknown) => {
      // A store that refused to open (another model, a wrong key) lets go of what it holds (a connection pool).
      await store.close().catch(() => undefined);
      throw error;
    });
  const context: KnowledgeBaseContext = {
    client,
    embeddingModelId: embedding.modelId,
    dimensions: manifest.dimensions,
    requestedDimensions: embedding.dimensions ?? manifest.dimensions,
    chunking,
    store,
    costs: { ingest: emptyLine(), retrieval: emptyLine(), generation: emptyLine() },
  };
  // Each ingest, sync, retrieval or answer is one run: its calls share an origin in the client's events and audit log.
  const name = options.name;
  if (name !== undefined && (typeof name !== "string" || name === "" || name.length > 100)) throw new ValidationError("Invalid name: expected 1 to 100 characters", { field: "name" });
  const newOrigin = (): CallOrigin => ({ kind: "knowledge-base", runId: randomUUID(), ...(name === undefined ? {} : { name }) });
  // Ingests run one at a time, so that each sees the store the one before left.
  let writing: Promise<unknown> = Promise.resolve();
  const exclusive = <Result>(work: () => Promise<Result>): Promise<Result> => {
    const run = writing.then(work, work);
    writing = run.catch(() => undefined);
    return run;
  };
  return {
    get embedding() {
      return { modelId: embedding.modelId, ...(context.dimensions === undefined ? {} : { dimensions: context.dimensions }) };
    },
    ingest: (inputs, ingestOptions) => exclusive(() => runIngest(context, newOrigin(), inputs, ingestOptions, false)),
    sync: (paths, ingestOptions) => exclusive(() => runIngest(context, newOrigin(), paths, ingestOptions, true)),
    retrieve: async (query, retrieveOptions) => (await runRetrieve(context, newOrigin(), query, retrieveOptions)).results,
    retrieveAndGenerate: (query, generateOptions) => runRetrieveAndGenerate(context, newOrigin(), query, generateOptions),
    retrieveAndGenerateStream: (query, generateOptions) => new AnswerStream(localAnswer(context, newOrigin(), query, generateOptions), generateOptions?.signal),
    costs() {
      const { ingest, retrieval, generation } = context.costs;
      return { ingest: { ...ingest }, retrieval: { ...retrieval }, generation: { ...generation }, totalUsd: ingest.totalUsd + retrieval.totalUsd + generation.totalUsd };
    },
    // An ingest or sync under way finishes its commit first: closing mid-write would let the lock go while the log is written.
    close: async () => {
      await writing;
      await store.close();
    },
  };
}
