/** The shapes `retrieve` and `retrieveAndGenerate` answer with, after Bedrock's Retrieve API. */
import type { Metadata } from "./filter.js";
import type { TextSpan } from "./store.js";

/** A retrieved chunk's text. */
export interface RetrievalContent {
  /** The chunk's text (for hierarchical chunking, its parent's). */
  text: string;
}

/** Where a retrieved chunk came from. */
export interface RetrievalLocation {
  /** The file's absolute path, or the ID of a document given as text; for a managed knowledge base, the source's URI or URL (S3, web, Confluence …) or custom document ID. */
  uri: string;
  /** The 1-based PDF page the chunk starts on; absent for other formats. */
  page?: number | undefined;
  /** Where the chunk sits in the document's extracted text; absent for a managed knowledge base's hits (Bedrock does not report it). */
  textSpan?: TextSpan | undefined;
}

/** One hit of `retrieve`, best first. */
export interface RetrievalResult {
  /** The chunk's text. */
  content: RetrievalContent;
  /** Its source file (or document ID), page and place in the text. */
  location: RetrievalLocation;
  /**
   * Higher is closer: the cosine similarity with the query; with `HYBRID`, the
   * reciprocal-rank-fusion score; when reranked, the rerank model's relevance score; for a
   * managed knowledge base, Bedrock's score (0 in an answer's references, where Bedrock reports none).
   */
  score: number;
  /** The document's own attributes, flat (from its `.metadata.json` sidecar or the input). */
  metadata: Metadata;
  /** The chunk's ID in the store (for hierarchical chunking, the parent's). */
  chunkId: string;
}
