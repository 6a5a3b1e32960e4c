/** What `ingest` and `sync` take and report. */
import type { Cost } from "bedrock-kit";
import type { Metadata } from "./filter.js";
import type { IngestFailure } from "./sources.js";

/** A document given as text instead of a file. */
export interface DocumentInput {
  /** Its ID: results name it as `location.uri`; ingesting the same ID again replaces it. */
  id: string;
  /** The document's text. */
  text: string;
  /** Its attributes for filters and results (flat: strings, numbers, booleans, string lists). */
  metadata?: Metadata | undefined;
}

/** What `ingest` takes: file and folder paths, documents given as text, or a mix. */
export type IngestInput = string | DocumentInput;

/** A step of an ingest, for progress bars. */
export interface IngestProgress {
  /**
   * `read`: a file or document was read and chunked (or failed); `embedded`: a batch of
   * chunks was embedded; `committed`: embedded chunks were written to the store (in
   * commits of at least a quarter of the store's size, and at the end).
   */
  phase: "read" | "embedded" | "committed";
  /** The file or document just read (phase `read`). */
  path?: string | undefined;
  /** Files and documents read so far (failed ones included). */
  documentsRead: number;
  /** Files and documents to read in all. */
  documentsTotal: number;
  /** Chunks cut so far. */
  chunks: number;
  /** Chunks embedded so far. */
  chunksEmbedded: number;
  /** Chunks written to the store so far: what a crash would not lose. */
  chunksCommitted: number;
  /** Bytes of files (and UTF-8 text) read so far. */
  bytesRead: number;
  /** Failures so far. */
  failures: number;
}

/** What {@link KnowledgeBase.ingest} and {@link KnowledgeBase.sync} take. */
export interface IngestOptions {
  /** Called after each document read and each batch committed. An error it throws is ignored. */
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  /** Stops before the next batch; what was embedded is committed first. */
  signal?: AbortSignal | undefined;
}

/** What an ingest did. */
export interface IngestReport {
  /** Documents that were not in the store. */
  added: number;
  /** Documents whose content, metadata or settings changed, re-chunked and re-embedded. */
  updated: number;
  /** Documents already stored with the same content hash (nothing sent). */
  unchanged: number;
  /** Documents removed because their file is gone (`sync` only). */
  removed: number;
  /** Chunks embedded and stored. */
  chunks: number;
  /** Files and documents that could not be ingested, each with its reason; the rest were. */
  failures: IngestFailure[];
  /** Files in the folders with an unsupported extension. */
  skipped: string[];
  /** Input tokens of the embedding calls. */
  inputTokens: number;
  /** Dollars of the embedding calls; undefined when the model's price is not known. */
  cost: Cost | undefined;
  /** Wall time of the ingest. */
  durationMs: number;
}
