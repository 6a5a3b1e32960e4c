/** The pieces chunks are built from (sentences, words) with their token counts, and the greedy packing into chunks. */
import { countTokens } from "bedrock-kit";

/** A chunk's place in the text, before embedding. */
export interface ChunkSpan {
  /** Offset of its first character. */
  start: number;
  /** Offset after its last character. */
  end: number;
  /** The 1-based PDF page it starts on. */
  page: number | undefined;
  /** Its tokens as counted when it was cut: the sum of its pieces (the whole text for chunking `none`). */
  tokens: number;
  /** Hierarchical chunking: its parent's position in `parents`. */
  parent?: number | undefined;
}

/** A piece chunks are built from (a sentence, or a word of a long sentence), with its tokens. */
export interface Unit {
  start: number;
  end: number;
  tokens: number;
}

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Counts tokens with the package's counter, remembering repeated pieces (words recur). */
export function tokenCounter(modelId: string): (text: string) => Promise<number> {
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
export async function wordUnits(text: string, start: number, end: number, count: (text: string) => Promise<number>): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const match of text.slice(start, end).matchAll(/\S+/g)) {
    const wordStart = start + match.index;
    units.push({ start: wordStart, end: wordStart + match[0].length, tokens: await count(match[0]) });
  }
  return units;
}

/** Sentences of a span as units; a sentence longer than `maxTokens` becomes its words. */
export async function sentenceUnits(text: string, start: number, end: number, maxTokens: number, count: (text: string) => Promise<number>): Promise<Unit[]> {
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
export function pack(units: Unit[], maxTokens: number, overlapTokens: number, page: number | undefined): ChunkSpan[] {
  const chunks: ChunkSpan[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    let tokens = units[first]!.tokens;
    while (last + 1 < units.length && tokens + units[last + 1]!.tokens <= maxTokens) tokens += units[++last]!.tokens;
    chunks.push({ start: units[first]!.start, end: units[last]!.end, page, tokens });
    if (last + 1 >= units.length) break;
    let next = last + 1;
    let shared = 0;
    while (next - 1 > first && shared + units[next - 1]!.tokens <= overlapTokens) shared += units[--next]!.tokens;
    first = next;
  }
  return chunks;
}
