/**
 * Cohere Rerank 3.5 on InvokeModel: `{ query, documents, top_n, api_version: 2 }` →
 * `{ results: [{ index, relevance_score }] }`. Body from the recorded exchange in
 * DataDog/dd-trace-py `tests/contrib/botocore/bedrock_cassettes/cohere_rerank_invoke.yaml`
 * (@39cdfac, 2025-10-31) and OpenSearch's "Reranking search results using Cohere Rerank on
 * Amazon Bedrock" tutorial (both read 2026-11-30); at most 1,000 documents, as Bedrock's
 * Rerank API allows (API Reference, `sources`: 1–1000 items).
 */
import { readRerankResults } from "./shared/rerank-results.js";
import type { RerankAdapter } from "./rerank-adapter.js";

/** The native body of Cohere Rerank 3.5. */
export interface CohereRerankBody {
  query: string;
  documents: string[];
  top_n?: number | undefined;
  api_version: 2;
}

/** Cohere Rerank 3.5. */
export const cohereRerank = {
  family: "cohere-rerank",
  maxDocuments: 1_000,
  toNativeBody(query, documents, topN) {
    const body: CohereRerankBody = { query, documents, api_version: 2 };
    if (topN !== undefined) body.top_n = topN;
    return body;
  },
  fromNativeBody: readRerankResults,
} satisfies RerankAdapter<CohereRerankBody>;
