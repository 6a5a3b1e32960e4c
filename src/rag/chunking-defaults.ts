/**
 * Bedrock's chunking defaults and limit, written once (sources: the headers of chunking.ts
 * and semantic-chunking.ts, Bedrock user guide and API `ChunkingConfiguration`, read
 * 2026-11-30). The public option types repeat the numbers in their documentation.
 */
export const chunkingDefaults = {
  /** Tokens of a chunk with the default strategy; the default `maxTokens` of semantic chunks and of hierarchical children. */
  maxTokens: 300,
  /** Hierarchical chunking: tokens of a parent. */
  parentMaxTokens: 1500,
  /** Hierarchical chunking: tokens a child shares with the one before. */
  overlapTokens: 60,
  /** Semantic chunking: sentences on either side embedded with each sentence. */
  bufferSize: 0,
  /** Semantic chunking: the percentile of distances above which a new chunk starts. */
  breakpointPercentileThreshold: 95,
} as const;

/** The most tokens a chunk setting may name (`maxTokens` of fixed-size and semantic chunks, a hierarchical level). */
export const largestChunkTokens = 8192;
