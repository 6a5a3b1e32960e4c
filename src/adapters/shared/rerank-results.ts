/**
 * Reads the `results` of a rerank answer on InvokeModel, `[{ index, relevance_score }]`
 * best first (recorded Cohere Rerank 3.5 exchange: DataDog/dd-trace-py
 * `tests/contrib/botocore/bedrock_cassettes/cohere_rerank_invoke.yaml` @39cdfac, 2025-10-31,
 * read 2026-11-30).
 */
import { isRecord } from "../../encoding.js";
import type { RankedIndex } from "../rerank-adapter.js";

/** The scored documents of a rerank body, sorted best first; throws when an entry is malformed. */
export function readRerankResults(body: unknown, documentCount: number): RankedIndex[] {
  const results = isRecord(body) ? body.results : undefined;
  if (!Array.isArray(results)) throw new Error("the body has no results array");
  const ranked = results.map((entry: unknown): RankedIndex => {
    if (!isRecord(entry) || typeof entry.index !== "number" || typeof entry.relevance_score !== "number") {
      throw new Error("a result has no numeric index and relevance_score");
    }
    if (!Number.isInteger(entry.index) || entry.index < 0 || entry.index >= documentCount) throw new Error("a result's index names no document of the request");
    return { index: entry.index, relevanceScore: entry.relevance_score };
  });
  return ranked.sort((first, second) => second.relevanceScore - first.relevanceScore);
}
