/** `retrieve`: embed the query through the client, search the store, map children to parents, rerank. */
import { ValidationError, type CallOrigin, type Cost, type RerankModelId } from "bedrock-kit";
import { embedTexts, type KnowledgeBaseContext } from "./context.js";
import { addCost, record } from "./costs.js";
import { checkFilter, type RetrievalFilter } from "./filter.js";
import type { RetrievalResult } from "./results.js";
import type { StoreHit, VectorStore } from "./store.js";

/** Reordering the hits with a rerank model through `fm.rerank`. */
export interface RerankOptions {
  /** `cohere.rerank-v3-5:0` or `amazon.rerank-v1:0`. */
  modelId: RerankModelId;
  /** How many reranked hits to keep (default: all the retrieved hits). */
  numberOfResults?: number | undefined;
}

/** What {@link KnowledgeBase.retrieve} takes. */
export interface RetrieveOptions {
  /** How many hits (1 to 100, default 5); with `rerank`, how many candidates the rerank model reorders. */
  numberOfResults?: number | undefined;
  /** Only chunks whose metadata passes this Bedrock `RetrievalFilter`, applied before the top-k cut. */
  filter?: RetrievalFilter | undefined;
  /**
   * `SEMANTIC` (default): vector search. `HYBRID`: vector and keyword (BM25) search, each
   * over more candidates, fused by reciprocal rank (score = Σ 1 / (60 + rank)); needs a
   * store with `searchText` (the memory and file stores have it).
   */
  searchType?: "SEMANTIC" | "HYBRID" | undefined;
  /** Reorders the hits with a rerank model; scores become its relevance scores. */
  rerank?: RerankOptions | undefined;
  /** Aborts the embedding and rerank calls. */
  signal?: AbortSignal | undefined;
}

/** Hits and what finding them cost. */
export interface Retrieval {
  results: RetrievalResult[];
  inputTokens: number;
  rerankQueries: number;
  cost: Cost | undefined;
}

/** Hierarchical chunking: children searched per parent wanted, so that enough distinct parents remain. */
const childrenPerParent = 5;

/** Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009; k = 60): each list adds 1 / (60 + rank) to a chunk's score. */
function fuseByRank(lists: StoreHit[][]): StoreHit[] {
  const fused = new Map<string, StoreHit>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const known = fused.get(hit.chunk.id);
      const score = 1 / (60 + rank + 1);
      if (known) known.score += score;
      else fused.set(hit.chunk.id, { ...hit, score });
    });
  }
  return [...fused.values()].sort((left, right) => right.score - left.score);
}

/** The checks every retrieval makes, local or managed: query, `numberOfResults` (returned), `filter`, `searchType`. */
export function checkRetrievalRequest(query: unknown, options: Pick<RetrieveOptions, "numberOfResults" | "filter" | "searchType">): number {
  if (typeof query !== "string" || query.trim() === "") throw new ValidationError("Invalid query: expected a non-empty string", { field: "query" });
  const count = options.numberOfResults ?? 5;
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new ValidationError("Invalid numberOfResults: expected an integer from 1 to 100", { field: "numberOfResults" });
  if (options.filter !== undefined) checkFilter(options.filter);
  if (options.searchType !== undefined && options.searchType !== "SEMANTIC" && options.searchType !== "HYBRID") {
    throw new ValidationError('Invalid searchType: expected "SEMANTIC" or "HYBRID"', { field: "searchType" });
  }
  return count;
}

/** Throws `ValidationError` naming the field before any request. */
function checkRetrieve(query: unknown, options: RetrieveOptions, store: VectorStore): number {
  const count = checkRetrievalRequest(query, options);
  if (options.searchType === "HYBRID" && typeof store.searchText !== "function") {
    throw new ValidationError("Invalid searchType: HYBRID needs keyword search, which this store does not have (no searchText)", { field: "searchType" });
  }
  const rerank = options.rerank;
  if (rerank !== undefined) {
    if (typeof rerank !== "object" || rerank === null || typeof rerank.modelId !== "string") throw new ValidationError("Invalid rerank.modelId: expected a rerank model ID", { field: "rerank.modelId" });
    const kept = rerank.numberOfResults;
    if (kept !== undefined && (!Number.isInteger(kept) || kept < 1 || kept > count)) {
      throw new ValidationError(`Invalid rerank.numberOfResults: expected an integer from 1 to numberOfResults (${count})`, { field: "rerank.numberOfResults" });
    }
  }
  return count;
}

/** Finds the chunks closest to the query, best first. */
export async function runRetrieve(context: KnowledgeBaseContext, origin: CallOrigin, query: string, options: RetrieveOptions = {}): Promise<Retrieval> {
  const count = checkRetrieve(query, options, context.store);
  const embedded = await embedTexts(context, origin, [query], "search_query", options.signal);
  record(context.costs.retrieval, embedded.cost, embedded.inputTokens);
  const hierarchical = context.chunking.strategy === "hierarchical";
  const wanted = hierarchical ? count * childrenPerParent : count;
  const filter = options.filter ? { filter: options.filter } : {};
  let hits: StoreHit[];
  if (options.searchType === "HYBRID") {
    const candidates = Math.max(wanted * 4, 40);
    const [semantic, keyword] = await Promise.all([
      context.store.search(embedded.vectors[0]!, { numberOfResults: candidates, ...filter }),
      context.store.searchText!(query, { numberOfResults: candidates, ...filter }),
    ]);
    hits = fuseByRank([semantic, keyword]).slice(0, wanted);
  } else {
    hits = await context.store.search(embedded.vectors[0]!, { numberOfResults: wanted, ...filter });
  }
  const results: RetrievalResult[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const parent = hit.chunk.parentId === undefined ? undefined : hit.document.parents?.find((candidate) => candidate.id === hit.chunk.parentId);
    const shown = parent ?? hit.chunk;
    if (seen.has(shown.id)) continue;
    seen.add(shown.id);
    results.push({
      content: { text: shown.text },
      location: { uri: hit.document.uri, ...(shown.page === undefined ? {} : { page: shown.page }), textSpan: shown.textSpan },
      score: hit.score,
      metadata: hit.document.metadata,
      chunkId: shown.id,
    });
    if (results.length === count) break;
  }
  let cost = embedded.cost;
  if (!options.rerank || results.length === 0) return { results, inputTokens: embedded.inputTokens, rerankQueries: 0, cost };
  const ranked = await context.client.rerank({
    modelId: options.rerank.modelId,
    query,
    documents: results.map((result) => result.content.text),
    topN: Math.min(options.rerank.numberOfResults ?? results.length, results.length),
    origin,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  record(context.costs.retrieval, ranked.cost, 0);
  cost = addCost(cost, ranked.cost);
  const reranked = ranked.results.map((entry) => ({ ...results[entry.index]!, score: entry.relevanceScore }));
  return { results: reranked, inputTokens: embedded.inputTokens, rerankQueries: ranked.usage.queries, cost };
}
