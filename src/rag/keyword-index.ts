/**
 * The flat index's keyword search: BM25 (k1 1.2, b 0.75) over the chunks' words, kept up
 * to date row by row (a deleted row's postings stay until the flat index compacts, and are
 * skipped).
 */

/** Lower-cased words (letters and digits), as the keyword index and its queries see text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Words to the rows that hold them, with counts. */
export class KeywordIndex {
  #postings = new Map<string, { row: number; count: number }[]>();
  /** Words per row; -1 for a deleted row. */
  #lengths: number[] = [];
  #totalLength = 0;
  #liveRows = 0;

  /** Indexes a row's text. */
  add(row: number, text: string): void {
    const rowWords = words(text);
    const counts = new Map<string, number>();
    for (const word of rowWords) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, count] of counts) {
      const list = this.#postings.get(word);
      if (list) list.push({ row, count });
      else this.#postings.set(word, [{ row, count }]);
    }
    this.#lengths[row] = rowWords.length;
    this.#totalLength += rowWords.length;
    this.#liveRows += 1;
  }

  /** Forgets a row (its postings are skipped from now on). */
  remove(row: number): void {
    const length = this.#lengths[row];
    if (length === undefined || length < 0) return;
    this.#lengths[row] = -1;
    this.#totalLength -= length;
    this.#liveRows -= 1;
  }

  /** BM25 scores by row for the query's words; rows without any query word are absent. */
  scores(query: string): Map<number, number> {
    const scores = new Map<number, number>();
    const averageLength = this.#totalLength / Math.max(1, this.#liveRows) || 1;
    for (const term of new Set(words(query))) {
      const postings = (this.#postings.get(term) ?? []).filter((posting) => this.#lengths[posting.row]! >= 0);
      if (postings.length === 0) continue;
      const idf = Math.log(1 + (this.#liveRows - postings.length + 0.5) / (postings.length + 0.5));
      for (const { row, count } of postings) {
        const norm = count + 1.2 * (1 - 0.75 + (0.75 * this.#lengths[row]!) / averageLength);
        scores.set(row, (scores.get(row) ?? 0) + (idf * count * 2.2) / norm);
      }
    }
    return scores;
  }
}
