/**
 * The offline Bedrock's rerank models on InvokeModel: `{ query, documents, top_n }` (Cohere
 * Rerank 3.5 also requires `api_version: 2`) → `{ results: [{ index, relevance_score }] }`
 * best first, as recorded for `cohere.rerank-v3-5:0` (DataDog/dd-trace-py
 * `bedrock_cassettes/cohere_rerank_invoke.yaml`, 2025-10-31, read 2026-11-30; the answer
 * carries no usage). Scores are the share of the query's words a document contains, so a
 * test can predict the order.
 */
import { checkKeys, checkNumber, countSimulatedTokens, isRecord, type ModelSimulation } from "../kit.js";

/** At most 1,000 documents (Bedrock's Rerank API `sources`: 1–1000 items). */
const maxDocuments = 1_000;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ""));
}

/** The share of the query's words in the document, 0–1, nudged by length so ties break alike each time. */
function relevance(queryWords: Set<string>, document: string): number {
  const documentWords = words(document);
  let shared = 0;
  for (const word of queryWords) if (documentWords.has(word)) shared++;
  const share = queryWords.size === 0 ? 0 : shared / queryWords.size;
  return Math.round((share * 0.98 + 0.01 / (1 + documentWords.size)) * 1e7) / 1e7;
}

function rerankSimulation(family: string, allowed: readonly string[], required: readonly string[]): ModelSimulation {
  return {
    family,
    validate(body) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const problem = checkKeys(body, allowed, required);
      if (problem) return problem;
      if (body.api_version !== undefined && body.api_version !== 2) return "Malformed input request: #/api_version: must be 2, please reformat your input and try again.";
      if (typeof body.query !== "string" || body.query === "") return "Malformed input request: #/query: expected a non-empty string, please reformat your input and try again.";
      const documents = body.documents;
      if (!Array.isArray(documents) || documents.length === 0 || documents.length > maxDocuments || documents.some((document) => typeof document !== "string")) {
        return `Malformed input request: #/documents: expected an array of 1 to ${maxDocuments} strings, please reformat your input and try again.`;
      }
      return checkNumber(body, "top_n", 1, documents.length, true);
    },
    answer(body) {
      const documents = body.documents as string[];
      const queryWords = words(body.query as string);
      const ranked = documents
        .map((document, index) => ({ index, relevance_score: relevance(queryWords, document) }))
        .sort((first, second) => second.relevance_score - first.relevance_score || first.index - second.index);
      const topN = typeof body.top_n === "number" ? body.top_n : documents.length;
      const inputTokens = documents.reduce((sum, document) => sum + countSimulatedTokens(document), countSimulatedTokens(body.query as string));
      return { body: { results: ranked.slice(0, topN) }, chunks: [], inputTokens, outputTokens: 0 };
    },
  };
}

/** The simulated Cohere Rerank 3.5. */
export const cohereRerankSimulation = rerankSimulation("cohere-rerank", ["query", "documents", "top_n", "api_version", "max_tokens_per_doc"], ["query", "documents", "api_version"]);

/** The simulated Amazon Rerank 1.0. */
export const amazonRerankSimulation = rerankSimulation("amazon-rerank", ["query", "documents", "top_n"], ["query", "documents"]);
