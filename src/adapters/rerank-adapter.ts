/** The contract of a rerank family's codec: a query and documents in, scores out, pure (no I/O). */
import type { ModelFamily } from "../models/model-info.js";

/** One scored document, as the model ranks it. */
export interface RankedIndex {
  /** The document's position in the request's `documents`. */
  index: number;
  /** The model's relevance score (higher is more relevant). */
  relevanceScore: number;
}

/** One rerank family's codec. */
export interface RerankAdapter<Body = unknown> {
  /** The family this codec serves (its key in src/adapters/rerank-index.ts). */
  readonly family: ModelFamily;
  /** The most documents one request may carry. */
  readonly maxDocuments: number;
  /** The native InvokeModel body. */
  toNativeBody(query: string, documents: string[], topN: number | undefined): Body;
  /** The scored documents, best first. Throws a plain Error when the body is not this family's shape. */
  fromNativeBody(body: unknown, documentCount: number): RankedIndex[];
}
