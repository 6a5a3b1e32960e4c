/**
 * Chunking as Knowledge Bases for Amazon Bedrock does it ("How content chunking works for
 * knowledge bases", Bedrock user guide; API `ChunkingConfiguration`; read 2026-11-30):
 * default (about 300 tokens, whole sentences), fixed size with overlap, hierarchical
 * (parents returned for their children), none. Tokens are counted with bedrock-kit's
 * `countTokens` for the embedding model.
 */
import { ValidationError } from "bedrock-kit";
import { pack, sentenceUnits, tokenCounter, wordUnits, type ChunkSpan } from "./chunk-units.js";
import { chunkingDefaults, largestChunkTokens } from "./chunking-defaults.js";
import { semanticChunks, type EmbedFunction, type SemanticChunking } from "./semantic-chunking.js";
import type { Section } from "./parse.js";

/** Bedrock's default: chunks of about 300 tokens that keep sentences whole. */
export interface DefaultChunking {
  /** Discriminator. */
  strategy: "default";
}

/** Chunks of at most `maxTokens`, each overlapping the one before by `overlapPercentage` of its size. */
export interface FixedSizeChunking {
  /** Discriminator. */
  strategy: "fixedSize";
  /** The most tokens in a chunk (1 to 8,192). */
  maxTokens: number;
  /** Tokens shared with the previous chunk, in percent of `maxTokens` (1 to 99; Bedrock's default 20). */
  overlapPercentage: number;
}

/** One level of hierarchical chunking. */
export interface ChunkLevel {
  /** The most tokens in a chunk of this level. */
  maxTokens: number;
}

/**
 * Two levels: parents (default 1,500 tokens) cut into children (default 300 tokens,
 * overlapping by `overlapTokens`, default 60). Children are searched; their parents are
 * returned, so a hit brings its context.
 */
export interface HierarchicalChunking {
  /** Discriminator. */
  strategy: "hierarchical";
  /** `[parent, child]` sizes, as Bedrock's `levelConfigurations`. Default `[{ maxTokens: 1500 }, { maxTokens: 300 }]`. */
  levelConfigurations?: [ChunkLevel, ChunkLevel] | undefined;
  /** Tokens a child shares with the one before. Default 60. */
  overlapTokens?: number | undefined;
}

/** One chunk per document (and no page numbers for multi-page PDFs). The embedding model must read the whole text. */
export interface NoChunking {
  /** Discriminator. */
  strategy: "none";
}

/** How documents are cut into chunks. */
export type ChunkingOptions = DefaultChunking | FixedSizeChunking | HierarchicalChunking | SemanticChunking | NoChunking;

/** A document cut into chunks (and, for hierarchical chunking, parents). */
export interface ChunkedDocument {
  /** The chunks to embed. */
  chunks: ChunkSpan[];
  /** Hierarchical chunking: the parents. */
  parents: ChunkSpan[];
}

/** Throws `ValidationError` naming the field for settings Bedrock would refuse. */
export function checkChunking(chunking: unknown): ChunkingOptions {
  if (chunking === undefined) return { strategy: "default" };
  const options = chunking as { strategy?: unknown; maxTokens?: unknown; overlapPercentage?: unknown; bufferSize?: unknown; breakpointPercentileThreshold?: unknown; levelConfigurations?: Partial<ChunkLevel>[]; overlapTokens?: unknown };
  const integerIn = (value: unknown, low: number, high: number, field: string): void => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
      throw new ValidationError(`Invalid ${field}: expected an integer from ${low} to ${high}`, { field });
    }
  };
  const strategy = options?.strategy;
  switch (strategy) {
    case "default":
    case "none":
      return options as DefaultChunking | NoChunking;
    case "fixedSize":
      integerIn(options.maxTokens, 1, largestChunkTokens, "chunking.maxTokens");
      integerIn(options.overlapPercentage, 1, 99, "chunking.overlapPercentage");
      return options as unknown as FixedSizeChunking;
    case "hierarchical": {
      const levels = options.levelConfigurations;
      if (levels !== undefined) {
        if (!Array.isArray(levels) || levels.length !== 2) throw new ValidationError("Invalid chunking.levelConfigurations: expected [parent, child]", { field: "chunking.levelConfigurations" });
        integerIn(levels[0]?.maxTokens, 1, largestChunkTokens, "chunking.levelConfigurations[0].maxTokens");
        integerIn(levels[1]?.maxTokens, 1, levels[0]!.maxTokens as number, "chunking.levelConfigurations[1].maxTokens");
      }
      if (options.overlapTokens !== undefined) integerIn(options.overlapTokens, 0, ((levels?.[1]?.maxTokens as number | undefined) ?? chunkingDefaults.maxTokens) - 1, "chunking.overlapTokens");
      return options as unknown as HierarchicalChunking;
    }
    case "semantic":
      if (options.maxTokens !== undefined) integerIn(options.maxTokens, 1, largestChunkTokens, "chunking.maxTokens");
      if (options.bufferSize !== undefined) integerIn(options.bufferSize, 0, 1, "chunking.bufferSize");
      if (options.breakpointPercentileThreshold !== undefined) integerIn(options.breakpointPercentileThreshold, 50, 99, "chunking.breakpointPercentileThreshold");
      return options as unknown as SemanticChunking;
    default:
      throw new ValidationError('Invalid chunking.strategy: expected "default", "fixedSize", "hierarchical", "semantic" or "none"', { field: "chunking.strategy" });
  }
}

/** Cuts a parsed document into chunks; sections (PDF pages) are never crossed, except by `none`. `embed` serves semantic chunking. */
export async function chunkDocument(text: string, sections: readonly Section[], chunking: ChunkingOptions, modelId: string, embed: EmbedFunction): Promise<ChunkedDocument> {
  const count = tokenCounter(modelId);
  const chunks: ChunkSpan[] = [];
  const parents: ChunkSpan[] = [];
  if (chunking.strategy === "none") {
    if (text.trim() !== "") chunks.push({ start: 0, end: text.length, page: sections.length === 1 ? sections[0]!.page : undefined, tokens: await count(text) });
    return { chunks, parents };
  }
  for (const section of sections) {
    switch (chunking.strategy) {
      case "default": {
        const maxTokens = chunkingDefaults.maxTokens;
        chunks.push(...pack(await sentenceUnits(text, section.start, section.end, maxTokens, count), maxTokens, 0, section.page));
        break;
      }
      case "fixedSize": {
        const overlap = Math.floor((chunking.maxTokens * chunking.overlapPercentage) / 100);
        chunks.push(...pack(await wordUnits(text, section.start, section.end, count), chunking.maxTokens, overlap, section.page));
        break;
      }
      case "semantic": {
        const maxTokens = chunking.maxTokens ?? chunkingDefaults.maxTokens;
        chunks.push(...(await semanticChunks(text, await sentenceUnits(text, section.start, section.end, maxTokens, count), chunking, section.page, embed)));
        break;
      }
      case "hierarchical": {
        const [parentLevel, childLevel] = chunking.levelConfigurations ?? [{ maxTokens: chunkingDefaults.parentMaxTokens }, { maxTokens: chunkingDefaults.maxTokens }];
        const overlap = chunking.overlapTokens ?? chunkingDefaults.overlapTokens;
        for (const parent of pack(await sentenceUnits(text, section.start, section.end, parentLevel.maxTokens, count), parentLevel.maxTokens, 0, section.page)) {
          const parentIndex = parents.push(parent) - 1;
          const children = pack(await sentenceUnits(text, parent.start, parent.end, childLevel.maxTokens, count), childLevel.maxTokens, overlap, section.page);
          chunks.push(...children.map((child) => ({ ...child, parent: parentIndex })));
        }
        break;
      }
    }
  }
  return { chunks, parents };
}
