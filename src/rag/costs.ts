/** What a knowledge base spent: embeddings at ingest, per query (embedding, rerank) and generation. */
import type { Cost } from "bedrock-kit";

/** The calls and dollars of one kind of work. */
export interface CostLine {
  /** Client calls made (`fm.embed`, `fm.rerank`, `fm.invoke`, `fm.stream`). */
  calls: number;
  /** Input tokens Bedrock counted. */
  inputTokens: number;
  /** Output tokens (generation only). */
  outputTokens: number;
  /** Dollars of the calls with a known price. */
  totalUsd: number;
  /** Calls whose price bedrock-kit does not know (not in `totalUsd`). */
  unpricedCalls: number;
}

/** What {@link KnowledgeBase.costs} reports since the knowledge base was created. */
export interface KnowledgeBaseCosts {
  /** Embedding the chunks of `ingest` and `sync`. */
  ingest: CostLine;
  /** Embedding queries and reranking hits (`retrieve`, and the retrieval of `retrieveAndGenerate`). */
  retrieval: CostLine;
  /** Generating answers (`retrieveAndGenerate`, `retrieveAndGenerateStream`). */
  generation: CostLine;
  /** The sum of the three lines' `totalUsd`. */
  totalUsd: number;
}

/** An empty line. */
export function emptyLine(): CostLine {
  return { calls: 0, inputTokens: 0, outputTokens: 0, totalUsd: 0, unpricedCalls: 0 };
}

/** Adds one call to a line. */
export function record(line: CostLine, cost: Cost | undefined, inputTokens: number, outputTokens = 0): void {
  line.calls += 1;
  line.inputTokens += inputTokens;
  line.outputTokens += outputTokens;
  if (cost) line.totalUsd += cost.totalUsd;
  else line.unpricedCalls += 1;
}

/** The sum of two costs; undefined when either is unknown. */
export function addCost(left: Cost | undefined, right: Cost | undefined): Cost | undefined {
  if (!left || !right) return undefined;
  return { inputUsd: left.inputUsd + right.inputUsd, outputUsd: left.outputUsd + right.outputUsd, totalUsd: left.totalUsd + right.totalUsd };
}

/** A cost of nothing, to add to. */
export const noCost: Cost = { inputUsd: 0, outputUsd: 0, totalUsd: 0 };
