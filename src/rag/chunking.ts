/**
 * Chunking as Knowledge Bases for Amazon Bedrock does it ("How content chunking works for
 * knowledge bases", Bedrock user guide; API `ChunkingConfiguration`; read 2026-11-30):
 * default (about 300 tokens, whole sentences), fixed size with overlap, hierarchical
 * (parents returned for their children), none. Tokens are counted with bedrock-kit's
 * `countTokens` for the embedding model.
 */
import { countTokens, ValidationError } from "bedrock-kit";
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
  levelConfigurations?: [ChunkLevel, ChunkLevel];
  /** Tokens a child shares with the one before. Default 60. */
  overlapTokens?: number;
}

/** One chunk per document (and no page numbers for multi-page PDFs). The embedding model must read the whole text. */
export interface NoChunking {
  /** Discriminator. */
  strategy: "none";
}

/** How documents are cut into chunks. */
export type ChunkingOptions = DefaultChunking | FixedSizeChunking | HierarchicalChunking | NoChunking;

/** A chunk's place in the text, before embedding. */
export interface ChunkSpan {
  /** Offset of its first character. */
  start: number;
  /** Offset after its last character. */
  end: number;
  /** The 1-based PDF page it starts on. */
  page: number | undefined;
  /** Hierarchical chunking: its parent's position in `parents`. */
  parent?: number;
}

/** A document cut into chunks (and, for hierarchical chunking, parents). */
export interface ChunkedDocument {
  /** The chunks to embed. */
  chunks: ChunkSpan[];
  /** Hierarchical chunking: the parents. */
  parents: ChunkSpan[];
}

/** A piece chunks are built from (a sentence, or a word of a long sentence), with its tokens. */
interface Unit {
  start: number;
  end: number;
  tokens: number;
}

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Throws `ValidationError` naming the field for settings Bedrock would refuse. */
export function checkChunking(chunking: unknown): ChunkingOptions {
  if (chunking === undefined) return { strategy: "default" };
  const options = chunking as { strategy?: unknown; maxTokens?: unknown; overlapPercentage?: unknown; levelConfigurations?: Partial<ChunkLevel>[]; overlapTokens?: unknown };
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
      integerIn(options.maxTokens, 1, 8192, "chunking.maxTokens");
      integerIn(options.overlapPercentage, 1, 99, "chunking.overlapPercentage");
      return options as unknown as FixedSizeChunking;
    case "hierarchical": {
      const levels = options.levelConfigurations;
      if (levels !== undefined) {
        if (!Array.isArray(levels) || levels.length !== 2) throw new ValidationError("Invalid chunking.levelConfigurations: expected [parent, child]", { field: "chunking.levelConfigurations" });
        integerIn(levels[0]?.maxTokens, 1, 8192, "chunking.levelConfigurations[0].maxTokens");
        integerIn(levels[1]?.maxTokens, 1, levels[0]!.maxTokens as number, "chunking.levelConfigurations[1].maxTokens");
      }
      if (options.overlapTokens !== undefined) integerIn(options.overlapTokens, 0, ((levels?.[1]?.maxTokens as number | undefined) ?? 300) - 1, "chunking.overlapTokens");
      return options as unknown as HierarchicalChunking;
    }
    default:
      throw new ValidationError('Invalid chunking.strategy: expected "default", "fixedSize", "hierarchical" or "none"', { field: "chunking.strategy" });
  }
}

/** Counts tokens with the package's counter, remembering repeated pieces (words recur). */
function tokenCounter(modelId: string): (text: string) => Promise<number> {
  const seen = new Map<string, number>();
  return async (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    const { tokens } = await countTokens(modelId, text);
    if (seen.size < 50_000) seen.set(text, tokens);
    return tokens;
  };
}

/** Words (with the spaces after them) of a span, as units. */
async function wordUnits(text: string, start: number, end: number, count: (text: string) => Promise<number>): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const match of text.slice(start, end).matchAll(/\S+/g)) {
    const wordStart = start + match.index;
    units.push({ start: wordStart, end: wordStart + match[0].length, tokens: await count(match[0]) });
  }
  return units;
}

/** Sentences of a span as units; a sentence longer than `maxTokens` becomes its words. */
async function sentenceUnits(text: string, start: number, end: number, maxTokens: number, count: (text: string) => Promise<number>): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const segment of sentenceSegmenter.segment(text.slice(start, end))) {
    const trimmed = segment.segment.trim();
    if (trimmed === "") continue;
    const sentenceStart = start + segment.index + segment.segment.indexOf(trimmed);
    const tokens = await count(trimmed);
    if (tokens <= maxTokens) units.push({ start: sentenceStart, end: sentenceStart + trimmed.length, tokens });
    else units.push(...(await wordUnits(text, sentenceStart, sentenceStart + trimmed.length, count)));
  }
  return units;
}

/** Packs units greedily into chunks of at most `maxTokens` (a single larger unit stands alone); each next chunk starts `overlapTokens` back. */
function pack(units: Unit[], maxTokens: number, overlapTokens: number, page: number | undefined): ChunkSpan[] {
  const chunks: ChunkSpan[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    let tokens = units[first]!.tokens;
    while (last + 1 < units.length && tokens + units[last + 1]!.tokens <= maxTokens) tokens += units[++last]!.tokens;
    chunks.push({ start: units[first]!.start, end: units[last]!.end, page });
    if (last + 1 >= units.length) break;
    let next = last + 1;
    let shared = 0;
    while (next - 1 > first && shared + units[next - 1]!.tokens <= overlapTokens) shared += units[--next]!.tokens;
    first = next;
  }
  return chunks;
}

/** Cuts a parsed document into chunks; sections (PDF pages) are never crossed, except by `none`. */
export async function chunkDocument(text: string, sections: readonly Section[], chunking: ChunkingOptions, modelId: string): Promise<ChunkedDocument> {
  const count = tokenCounter(modelId);
  const chunks: ChunkSpan[] = [];
  const parents: ChunkSpan[] = [];
  if (chunking.strategy === "none") {
    if (text.trim() !== "") chunks.push({ start: 0, end: text.length, page: sections.length === 1 ? sections[0]!.page : undefined });
    return { chunks, parents };
  }
  for (const section of sections) {
    switch (chunking.strategy) {
      case "default":
        chunks.push(...pack(await sentenceUnits(text, section.start, section.end, 300, count), 300, 0, section.page));
        break;
      case "fixedSize": {
        const overlap = Math.floor((chunking.maxTokens * chunking.overlapPercentage) / 100);
        chunks.push(...pack(await wordUnits(text, section.start, section.end, count), chunking.maxTokens, overlap, section.page));
        break;
      }
      case "hierarchical": {
        const [parentLevel, childLevel] = chunking.levelConfigurations ?? [{ maxTokens: 1500 }, { maxTokens: 300 }];
        const overlap = chunking.overlapTokens ?? 60;
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
