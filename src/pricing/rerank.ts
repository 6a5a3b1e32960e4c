/**
 * Rerank prices: USD per query, where a query is one call with up to 100 documents and a
 * call with more counts as one query per 100 started (AWS "Amazon Bedrock pricing", Rerank
 * models, and the user guide's rerank pricing note: Cohere Rerank 3.5 $2.00 and Amazon
 * Rerank 1.0 $1.00 per 1,000 queries; as quoted in public price lists read 2026-11-30).
 */

/** Documents one billed query covers. */
export const documentsPerQuery = 100;

const perQuery: Record<string, number> = {
  "cohere.rerank-v3-5:0": 0.002,
  "amazon.rerank-v1:0": 0.001,
};

/** The price of one query of a rerank model, or undefined. */
export function pricePerQuery(baseModelId: string): number | undefined {
  return perQuery[baseModelId];
}

/** The queries Bedrock bills for one call with `documentCount` documents. */
export function billedQueries(documentCount: number): number {
  return Math.max(1, Math.ceil(documentCount / documentsPerQuery));
}
