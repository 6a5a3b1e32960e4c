/** The flat index's keyword search: BM25 (k1 1.2, b 0.75) over the chunks' words. */
import type { StoredChunk } from "./store.js";

/** Words to the rows that hold them, with counts. */
export interface KeywordIndex {
  postings: Map<string, { row: number; count: number }[]>;
  lengths: Uint32Array;
  averageLength: number;
  liveRows: number;
}

/** Lower-cased words (letters and digits), as the keyword index and its queries see text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Indexes the chunks by row; an undefined row (a deleted chunk) is skipped. */
export function buildKeywordIndex(chunks: readonly (StoredChunk | undefined)[]): KeywordIndex {
  const postings = new Map<string, { row: number; count: number }[]>();
  const lengths = new Uint32Array(chunks.length);
  let total = 0;
  let liveRows = 0;
  chunks.forEach((chunk, row) => {
    if (!chunk) return;
    const counts = new Map<string, number>();
    const chunkWords = words(chunk.text);
    lengths[row] = chunkWords.length;
    total += chunkWords.length;
    liveRows += 1;
    for (const word of chunkWords) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, count] of counts) {
      const list = postings.get(word);
      if (list) list.push({ row, count });
      else postings.set(word, [{ row, count }]);
    }
  });
  return { postings, lengths, averageLength: total / Math.max(1, liveRows) || 1, liveRows };
}

/** BM25 scores by row for the query's words; rows without any query word are absent. */
export function keywordScores(index: KeywordIndex, query: string): Map<number, number> {
  const scores = new Map<number, number>();
  for (const term of new Set(words(query))) {
    const postings = index.postings.get(term);
    if (!postings) continue;
    const idf = Math.log(1 + (index.liveRows - postings.length + 0.5) / (postings.length + 0.5));
    for (const { row, count } of postings) {
      const norm = count + 1.2 * (1 - 0.75 + (0.75 * index.lengths[row]!) / index.averageLength);
      scores.set(row, (scores.get(row) ?? 0) + (idf * count * 2.2) / norm);
    }
  }
  return scores;
}
