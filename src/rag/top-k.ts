/** The k best rows by score: a min-heap in preallocated typed arrays, reused from query to query. */
export class TopK {
  #rows = new Int32Array(16);
  #scores = new Float64Array(16);
  #size = 0;
  #limit = 0;

  /** Empties the heap for a query that keeps `limit` rows. */
  reset(limit: number): void {
    if (limit > this.#rows.length) {
      this.#rows = new Int32Array(limit);
      this.#scores = new Float64Array(limit);
    }
    this.#size = 0;
    this.#limit = limit;
  }

  /** The score a row must beat to get in (minus infinity while the heap has room). */
  get threshold(): number {
    return this.#size < this.#limit ? -Infinity : this.#scores[0]!;
  }

  /** Keeps the row if it is among the best so far. */
  offer(row: number, score: number): void {
    const rows = this.#rows;
    const scores = this.#scores;
    if (this.#size < this.#limit) {
      let at = this.#size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (scores[parent]! <= score) break;
        rows[at] = rows[parent]!;
        scores[at] = scores[parent]!;
        at = parent;
      }
      rows[at] = row;
      scores[at] = score;
      return;
    }
    if (this.#limit === 0 || score <= scores[0]!) return;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.#size) break;
      if (child + 1 < this.#size && scores[child + 1]! < scores[child]!) child++;
      if (scores[child]! >= score) break;
      rows[at] = rows[child]!;
      scores[at] = scores[child]!;
      at = child;
    }
    rows[at] = row;
    scores[at] = score;
  }

  /** The kept rows, best first (ties by row number), with their scores. */
  sorted(): { row: number; score: number }[] {
    const kept = [];
    for (let at = 0; at < this.#size; at++) kept.push({ row: this.#rows[at]!, score: this.#scores[at]! });
    return kept.sort((left, right) => right.score - left.score || left.row - right.row);
  }
}
