/**
 * Bedrock's semantic chunking (API `SemanticChunkingConfiguration`; "How content chunking
 * works for knowledge bases", read 2026-11-30): each sentence is embedded together with
 * `bufferSize` sentences on either side; where the distance between neighbouring
 * embeddings is above the `breakpointPercentileThreshold` percentile of all the distances,
 * a new chunk starts; chunks stay within `maxTokens`.
 */
import { pack, type ChunkSpan, type Unit } from "./chunk-units.js";
import { chunkingDefaults } from "./chunking-defaults.js";

/**
 * Chunks that follow the topic: sentences are grouped until the meaning shifts. Costs one
 * more embedding per sentence at ingest (through the client, counted in the ingest's cost).
 */
export interface SemanticChunking {
  /** Discriminator. */
  strategy: "semantic";
  /** The most tokens in a chunk (1 to 8,192). Default 300. */
  maxTokens?: number | undefined;
  /** Sentences on either side embedded with each sentence (0 or 1). Default 0. */
  bufferSize?: number | undefined;
  /** A new chunk starts where the distance is above this percentile of all distances (50 to 99). Default 95. */
  breakpointPercentileThreshold?: number | undefined;
}

/** Embeds texts (unit-length vectors) through the knowledge base's client. */
export type EmbedFunction = (texts: string[]) => Promise<Float32Array[]>;

/** The `percentile`th percentile of the values, interpolated linearly between ranks (as NumPy's default). */
function percentileOf(values: readonly number[], percentile: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  const position = (percentile / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Cuts a section's sentences where the meaning shifts, then keeps each piece within `maxTokens`. */
export async function semanticChunks(text: string, units: Unit[], options: SemanticChunking, page: number | undefined, embed: EmbedFunction): Promise<ChunkSpan[]> {
  const maxTokens = options.maxTokens ?? chunkingDefaults.maxTokens;
  if (units.length < 3) return pack(units, maxTokens, 0, page);
  const buffer = options.bufferSize ?? chunkingDefaults.bufferSize;
  const groups = units.map((_, index) => text.slice(units[Math.max(0, index - buffer)]!.start, units[Math.min(units.length - 1, index + buffer)]!.end));
  const vectors = await embed(groups);
  const distances = vectors.slice(1).map((vector, index) => {
    const previous = vectors[index]!;
    let dot = 0;
    for (let position = 0; position < vector.length; position++) dot += vector[position]! * previous[position]!;
    return 1 - dot;
  });
  const threshold = percentileOf(distances, options.breakpointPercentileThreshold ?? chunkingDefaults.breakpointPercentileThreshold);
  const chunks: ChunkSpan[] = [];
  let first = 0;
  distances.forEach((distance, index) => {
    if (distance <= threshold) return;
    chunks.push(...pack(units.slice(first, index + 1), maxTokens, 0, page));
    first = index + 1;
  });
  chunks.push(...pack(units.slice(first), maxTokens, 0, page));
  return chunks;
}
