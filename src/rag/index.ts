/**
 * bedrock-kit/rag: knowledge bases over bedrock-kit — ingest PDF, DOCX, HTML, Markdown and
 * text; chunk as Bedrock does; embed, rerank and generate through the client; store in
 * memory, an (optionally encrypted, with a local or AWS KMS key) file or PostgreSQL;
 * retrieve with Bedrock's filters; answer with citations; or query Bedrock's own managed
 * knowledge bases with the same methods.
 * @module
 */
export { createKnowledgeBase } from "./knowledge-base.js";
export type { EmbeddingSettings, KnowledgeBase, KnowledgeBaseOptions } from "./knowledge-base.js";
export type { DocumentInput, IngestInput, IngestOptions, IngestProgress, IngestReport } from "./ingest-types.js";
export type { IngestFailure } from "./sources.js";
export type { ChunkingOptions, ChunkLevel, DefaultChunking, FixedSizeChunking, HierarchicalChunking, NoChunking } from "./chunking.js";
export type { SemanticChunking } from "./semantic-chunking.js";
export type { RerankOptions, RetrieveOptions } from "./retrieve.js";
export type { RetrievalContent, RetrievalLocation, RetrievalResult } from "./results.js";
export { defaultPromptTemplate } from "./generate.js";
export type { GenerationResult, GenerationUsage, RetrieveAndGenerateOptions } from "./generate.js";
export { AnswerStream } from "./answer-stream.js";
export type { AnswerFinishEvent, AnswerProducer, AnswerStreamEvent } from "./answer-stream.js";
export { managedKnowledgeBase } from "./managed-knowledge-base.js";
export type {
  ManagedGenerationResult,
  ManagedKnowledgeBase,
  ManagedKnowledgeBaseOptions,
  ManagedRetrieveAndGenerateOptions,
  ManagedRetrieveOptions,
} from "./managed-knowledge-base.js";
export type { AnswerTextEvent, Citation, CitationEvent, CitationSpan } from "./citations.js";
export type {
  AndAllFilter,
  EqualsFilter,
  FilterAttribute,
  FilterValue,
  GreaterThanFilter,
  GreaterThanOrEqualsFilter,
  InFilter,
  LessThanFilter,
  LessThanOrEqualsFilter,
  ListContainsFilter,
  Metadata,
  MetadataValue,
  NotEqualsFilter,
  NotInFilter,
  OrAllFilter,
  RetrievalFilter,
  StartsWithFilter,
  StringContainsFilter,
} from "./filter.js";
export type { CostLine, KnowledgeBaseCosts } from "./costs.js";
export { memoryStore } from "./memory-store.js";
export type { MemoryStoreOptions } from "./memory-store.js";
export { fileStore } from "./file-store.js";
export type { FileStoreOptions } from "./file-store.js";
export { pgvectorStore } from "./pgvector-store.js";
export type { PgvectorStoreOptions } from "./pgvector-store.js";
export type {
  DocumentSummary,
  ParentChunk,
  StoreChange,
  StoredChunk,
  StoredDocument,
  StoreHit,
  StoreIndexKind,
  StoreManifest,
  StoreOpenOptions,
  StoreSearchOptions,
  TextSpan,
  VectorStore,
} from "./store.js";
export { localKey } from "./encryption.js";
export type { EncryptionOptions, GeneratedDataKey, KeyProvider } from "./encryption.js";
export { kmsKey } from "./kms-key.js";
export type { KmsKeyOptions } from "./kms-key.js";
