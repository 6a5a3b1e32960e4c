/**
 * Amazon Rerank 1.0 on InvokeModel: `{ query, documents, top_n }` →
 * `{ results: [{ index, relevance_score }] }`, the Cohere-style rerank body without
 * `api_version` (read 2026-11-30 from public clients that call `amazon.rerank-v1:0` through
 * bedrock-runtime InvokeModel, e.g. Portkey's Bedrock rerank integration; AWS documents the
 * model for its Rerank API, whose limits apply: at most 1,000 documents).
 */
import { readRerankResults } from "./shared/rerank-results.js";
import type { RerankAdapter } from "./rerank-adapter.js";

/** The native body of Amazon Rerank 1.0. */
export interface AmazonRerankBody {
  query: string;
  documents: string[];
  top_n?: number | undefined;
}

/** Amazon Rerank 1.0. */
export const amazonRerank = {
  family: "amazon-rerank",
  maxDocuments: 1_000,
  toNativeBody(query, documents, topN) {
    const body: AmazonRerankBody = { query, documents };
    if (topN !== undefined) body.top_n = topN;
    return body;
  },
  fromNativeBody: readRerankResults,
} satisfies RerankAdapter<AmazonRerankBody>;
