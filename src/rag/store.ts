/** The `VectorStore` interface every knowledge-base store implements, and the shapes it keeps. */
import { ValidationError } from "bedrock-kit";
import type { KeyProvider } from "./encryption.js";
import type { Metadata, RetrievalFilter } from "./filter.js";

/** Where a chunk sits in its document's extracted text: `text.slice(start, end)`. */
export interface TextSpan {
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
}

/** A chunk as a store keeps it: its text, where it came from, and its vector. */
export interface StoredChunk {
  /** Unique within the store: the document's ID, `#`, the chunk's position. */
  id: string;
  /** The chunk's text, as embedded. */
  text: string;
  /** Its place in the document's extracted text. */
  textSpan: TextSpan;
  /** The 1-based page of a PDF where the chunk starts; absent for other formats. */
  page?: number | undefined;
  /** Hierarchical chunking: the ID of the parent chunk (in the document's `parents`) returned for this child. */
  parentId?: string | undefined;
  /** The embedding, unit length (cosine similarity is then the dot product). */
  vector: Float32Array;
}

/** A parent chunk of hierarchical chunking: returned in place of its children, never searched itself. */
export interface ParentChunk {
  /** Unique within the store. */
  id: string;
  /** The parent's text. */
  text: string;
  /** Its place in the document's extracted text. */
  textSpan: TextSpan;
  /** The 1-based PDF page where it starts. */
  page?: number | undefined;
}

/** A document as a store keeps it: replaced as a whole, never half-written. */
export interface StoredDocument {
  /** The document's ID: a file's absolute path, or the `id` given with a text. */
  id: string;
  /** The location shown in results (`location.uri`): the file's path or the document's ID. */
  uri: string;
  /** SHA-256 of the document's bytes, its metadata and the chunking and embedding settings; `sync` re-ingests on a change. */
  contentHash: string;
  /** The document's own attributes (from a `.metadata.json` sidecar or the input), flat. */
  metadata: Metadata;
  /** The searchable chunks, with vectors. */
  chunks: StoredChunk[];
  /** Hierarchical chunking: the parents the chunks point to. */
  parents?: ParentChunk[] | undefined;
}

/** What a store lists about each document (for `sync`). */
export interface DocumentSummary {
  /** As in {@link StoredDocument.id}. */
  id: string;
  /** As in {@link StoredDocument.uri}. */
  uri: string;
  /** As in {@link StoredDocument.contentHash}. */
  contentHash: string;
  /** Chunks stored for it. */
  chunkCount: number;
}

/** The embedding settings a store is built with; it refuses to be opened with others. */
export interface StoreManifest {
  /** The embedding model every vector in the store came from. */
  embeddingModelId: string;
  /** The vectors' size; undefined for an empty store opened without `dimensions`. */
  dimensions: number | undefined;
}

/** What a knowledge base passes to {@link VectorStore.open}. */
export interface StoreOpenOptions extends StoreManifest {
  /** Encrypt what the store writes (and require the key to read it); stores that write nothing may ignore it. */
  encryption?: KeyProvider | undefined;
}

/** One change, applied all or nothing. */
export interface StoreChange {
  /** Documents to add, or to replace (same `id`) as a whole. */
  upsert: StoredDocument[];
  /** IDs of documents to delete with their chunks. */
  remove: string[];
}

/** What {@link VectorStore.search} takes. */
export interface StoreSearchOptions {
  /** The most chunks to return. */
  numberOfResults: number;
  /** Only chunks whose metadata passes (already checked with the knowledge base's rules). */
  filter?: RetrievalFilter | undefined;
}

/** One search hit: the chunk, its document and the cosine similarity. */
export interface StoreHit {
  /** The chunk found (its vector may be omitted). */
  chunk: Omit<StoredChunk, "vector">;
  /** The chunk's document, without its chunks. */
  document: Omit<StoredDocument, "chunks">;
  /** Cosine similarity with the query, higher is closer. */
  score: number;
}

/**
 * A place for a knowledge base's chunks and vectors. Implement it to use your own
 * database; bedrock-kit ships {@link memoryStore} and {@link fileStore}. The metadata a
 * filter sees for a chunk is its document's metadata plus Bedrock's reserved keys
 * `x-amz-bedrock-kb-source-uri`, `x-amz-bedrock-kb-chunk-id` and (for PDFs)
 * `x-amz-bedrock-kb-document-page-number`.
 */
export interface VectorStore {
  /**
   * Opens (or creates) the store. Resolves to the settings recorded in it; throws
   * `ValidationError` when it was built with another embedding model or dimension.
   */
  open(options: StoreOpenOptions): Promise<StoreManifest>;
  /** Applies a change all or nothing; after a crash the store holds the state before or after it. */
  commit(change: StoreChange): Promise<void>;
  /**
   * Called before an ingest or sync spends anything (an embedding call) on a change, so that a
   * store that would refuse the write refuses first (the file store: another process holds
   * its folder). Optional.
   */
  prepareToWrite?(): Promise<void>;
  /** Every stored document. */
  listDocuments(): Promise<DocumentSummary[]>;
  /** The closest chunks to a unit-length vector, best first, after the filter. */
  search(vector: Float32Array, options: StoreSearchOptions): Promise<StoreHit[]>;
  /**
   * Keyword search (the memory and file stores: BM25 over the chunks' words), best first,
   * after the filter; `score` is the keyword score. Optional: without it, `searchType:
   * "HYBRID"` is refused.
   */
  searchText?(query: string, options: StoreSearchOptions): Promise<StoreHit[]>;
  /** Releases what the store holds. */
  close(): Promise<void>;
}

/**
 * How the memory and file stores search vectors: `"exact"` (the default) scores every chunk
 * (recall 1.0); `"hnsw"` asks an HNSW index (usearch, an optional peer: `npm install
 * usearch`) for candidates and scores those exactly — milliseconds instead of tens of
 * milliseconds from about 50,000 chunks, recall about 0.99, at the cost of building the
 * index (tens of seconds per 50,000 chunks on 2 cores) and of memory and disk the size of
 * the vectors again.
 */
export type StoreIndexKind = "exact" | "hnsw";

/** The index kind a store option names; a `ValidationError` naming `field` for anything else. */
export function checkIndexKind(value: unknown, field: string): StoreIndexKind {
  if (value === undefined || value === "exact" || value === "hnsw") return value ?? "exact";
  throw new ValidationError(`Invalid ${field}: expected "exact" (the default) or "hnsw", got ${JSON.stringify(value)}`, { field });
}

/**
 * The vector size of a store after `change`: `dimensions`, or the first new chunk's while the
 * store has none (undefined while neither is known). A chunk with a vector of another size
 * is a `ValidationError` naming `embedding.dimensions`, thrown before anything changes.
 */
export function checkChangeSize(change: StoreChange, dimensions: number | undefined): number | undefined {
  let size = dimensions;
  for (const document of change.upsert) {
    for (const chunk of document.chunks) {
      size ??= chunk.vector.length;
      if (chunk.vector.length !== size) {
        throw new ValidationError(`Invalid embedding.dimensions: chunk ${chunk.id} has a vector of ${chunk.vector.length} values; the store holds ${size}`, { field: "embedding.dimensions" });
      }
    }
  }
  return size;
}

/** A query vector of another size than the store's `dimensions` is a `ValidationError` naming `embedding.dimensions`. */
export function checkQuerySize(query: Float32Array, dimensions: number): void {
  if (query.length !== dimensions) {
    throw new ValidationError(`Invalid embedding.dimensions: the query vector has ${query.length} values; the store holds ${dimensions}`, { field: "embedding.dimensions" });
  }
}

/** Bedrock's reserved metadata keys (Retrieve API reference, `RetrievalResultMetadata`, read 2026-11-30). */
export const reservedKeys = {
  sourceUri: "x-amz-bedrock-kb-source-uri",
  chunkId: "x-amz-bedrock-kb-chunk-id",
  pageNumber: "x-amz-bedrock-kb-document-page-number",
} as const;

/**
 * The settings to open with, checked against those recorded: a different model or
 * dimension is a `ValidationError` naming the field (users' top complaint about other
 * stores: an index silently built with the wrong dimension).
 */
export function reconcileManifest(recorded: StoreManifest | undefined, requested: StoreManifest, where: string): StoreManifest {
  if (!recorded) return requested;
  if (recorded.embeddingModelId !== requested.embeddingModelId) {
    throw new ValidationError(
      `Invalid embedding.modelId: ${where} was built with ${recorded.embeddingModelId}, not ${requested.embeddingModelId}; its vectors cannot be compared. Use the same model or a new store`,
      { field: "embedding.modelId", modelId: requested.embeddingModelId },
    );
  }
  if (requested.dimensions !== undefined && recorded.dimensions !== undefined && recorded.dimensions !== requested.dimensions) {
    throw new ValidationError(
      `Invalid embedding.dimensions: ${where} holds vectors of ${recorded.dimensions} dimensions, not ${requested.dimensions}. Use the same size or a new store`,
      { field: "embedding.dimensions", modelId: requested.embeddingModelId },
    );
  }
  return { embeddingModelId: recorded.embeddingModelId, dimensions: recorded.dimensions ?? requested.dimensions };
}
