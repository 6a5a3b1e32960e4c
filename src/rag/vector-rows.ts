/**
 * The flat index's vectors: rows of float32 in WebAssembly memories ("blocks"), scored
 * against a query with SIMD dot products. A block never grows (a full one is followed by a
 * new one), so the `Float32Array` views handed out for each row stay valid; there is no
 * native code (WebAssembly SIMD is in Node 16.4+, Bun, Deno and browsers).
 */

/**
 * The module, hand-assembled (247 bytes). Its one function, in WebAssembly text:
 *
 * ```wat
 * (func (export "scores") (param $query i32) (param $row i32) (param $rows i32) (param $stride i32) (param $out i32)
 *   (local $done i32) (local $q i32) (local $end i32) (local $a v128) (local $b v128)
 *   (block (loop                                       ;; for each row: out[done] = dot(query, row)
 *     (br_if 1 (i32.ge_u (local.get $done) (local.get $rows)))
 *     (local.set $a (v128.const i64x2 0 0)) (local.set $b (v128.const i64x2 0 0))
 *     (local.set $q (local.get $query))
 *     (local.set $end (i32.add (local.get $row) (i32.shl (local.get $stride) (i32.const 2))))
 *     (loop                                            ;; 8 floats per turn, in two accumulators
 *       (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load (local.get $row)) (v128.load (local.get $q)))))
 *       (local.set $b (f32x4.add (local.get $b) (f32x4.mul (v128.load offset=16 (local.get $row)) (v128.load offset=16 (local.get $q)))))
 *       (local.set $q (i32.add (local.get $q) (i32.const 32)))
 *       (br_if 0 (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 32))) (local.get $end))))
 *     (f32.store (i32.add (local.get $out) (i32.shl (local.get $done) (i32.const 2)))
 *       (f32.add (f32.add (f32.add (f32x4.extract_lane 0 (local.tee $a (f32x4.add (local.get $a) (local.get $b))))
 *         (f32x4.extract_lane 1 (local.get $a))) (f32x4.extract_lane 2 (local.get $a))) (f32x4.extract_lane 3 (local.get $a))))
 *     (local.set $done (i32.add (local.get $done) (i32.const 1)))
 *     (br 0))))
 * ```
 *
 * Addresses are in bytes; `stride` (floats per row) is a multiple of 8, rows are zero-padded.
 */
const scanModuleBytes =
  "AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcKAQZzY29yZXMAAArAAQG9AQIDfwJ7AkADQCAFIAJPDQH9" +
  "DAAAAAAAAAAAAAAAAAAAAAAhCP0MAAAAAAAAAAAAAAAAAAAAACEJIAAhBiABIANBAnRqIQcDQCAIIAH9AAQAIAb9AAQA/eYB/eQB" +
  "IQggCSAB/QAEECAG/QAEEP3mAf3kASEJIAZBIGohBiABQSBqIgEgB0kNAAsgBCAFQQJ0aiAIIAn95AEiCP0fACAI/R8BkiAI/R8C" +
  "kiAI/R8DkjgCACAFQQFqIQUMAAsLCw==";

/** The WebAssembly constructors used here (the ES2022 lib leaves them out; Node, Bun, Deno and browsers have them). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
let scanModule: object | undefined;

/** The scan function: writes `rows` dot products of the query with consecutive rows to `out`. */
type ScoreRows = (query: number, row: number, rows: number, stride: number, out: number) => void;

/** One WebAssembly memory: the query, then `capacity` rows, then one score per row. */
interface Block {
  floats: Float32Array;
  /** The store-wide number of its first row. */
  firstRow: number;
  capacity: number;
  count: number;
  /** Float offsets in `floats`. */
  rowsAt: number;
  scoresAt: number;
  scoreRows: ScoreRows;
}

/** Rows per block: the first is small (most stores are), later ones as big as the store so far, at most 8,192. */
const smallestBlock = 256;
const largestBlock = 8192;
/** Bytes of a reserved block, at most (a WebAssembly memory addresses 4 GiB). */
const largestReservedBytes = 2 ** 30;

/** Append-only rows of vectors (the flat index compacts by building new rows). */
export class VectorRows {
  readonly dimensions: number;
  /** Floats per row: the dimension rounded up to a multiple of 8. */
  readonly stride: number;
  #blocks: Block[] = [];
  #count = 0;

  constructor(dimensions: number) {
    this.dimensions = dimensions;
    this.stride = Math.ceil(dimensions / 8) * 8;
  }

  get count(): number {
    return this.#count;
  }

  /** Stores a vector; returns its row number and a view of the stored copy. */
  append(vector: Float32Array): { row: number; view: Float32Array } {
    let block = this.#blocks.at(-1);
    if (!block || block.count === block.capacity) {
      block = this.#newBlock(this.#count, Math.min(largestBlock, Math.max(smallestBlock, this.#count)));
      this.#blocks.push(block);
    }
    const start = block.rowsAt + block.count * this.stride;
    block.floats.set(vector, start);
    block.count += 1;
    return { row: this.#count++, view: block.floats.subarray(start, start + this.dimensions) };
  }

  /**
   * Makes room for `rows` more rows in one block (up to 1 GiB), unless the last block has
   * it: a store being opened fills one WebAssembly memory instead of a dozen, each of which
   * V8 answers with a garbage collection. Untouched rows cost address space, not memory.
   */
  reserve(rows: number): void {
    const last = this.#blocks.at(-1);
    if (rows <= (last ? last.capacity - last.count : 0)) return;
    const fitting = Math.floor((largestReservedBytes / 4 - this.stride) / (this.stride + 1));
    this.#blocks.push(this.#newBlock(this.#count, Math.max(smallestBlock, Math.min(rows, fitting))));
  }

  /** Copies the query into every block, for {@link VectorRows.scoreAll} and {@link VectorRows.scoreRow}. */
  setQuery(query: Float32Array): void {
    for (const block of this.#blocks) block.floats.set(query, 0);
  }

  /**
   * Scores every row against the query set last (dot products, in float32), block by block:
   * `visit(firstRow, scores)` sees each block's scores, `scores[i]` for row `firstRow + i`.
   * The arrays are reused by the next scan.
   */
  scoreAll(visit: (firstRow: number, scores: Float32Array) => void): void {
    for (const block of this.#blocks) {
      block.scoreRows(0, block.rowsAt * 4, block.count, this.stride, block.scoresAt * 4);
      visit(block.firstRow, block.floats.subarray(block.scoresAt, block.scoresAt + block.count));
    }
  }

  /** The dot product of the query set last with one row. */
  scoreRow(row: number): number {
    const blocks = this.#blocks;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (blocks[middle]!.firstRow <= row) low = middle;
      else high = middle - 1;
    }
    const block = blocks[low]!;
    block.scoreRows(0, (block.rowsAt + (row - block.firstRow) * this.stride) * 4, 1, this.stride, block.scoresAt * 4);
    return block.floats[block.scoresAt]!;
  }

  #newBlock(firstRow: number, capacity: number): Block {
    scanModule ??= new webAssembly.Module(Buffer.from(scanModuleBytes, "base64"));
    const rowsAt = this.stride;
    const scoresAt = rowsAt + capacity * this.stride;
    const memory = new webAssembly.Memory({ initial: Math.ceil(((scoresAt + capacity) * 4) / 65_536) });
    const instance = new webAssembly.Instance(scanModule, { env: { memory } });
    return { floats: new Float32Array(memory.buffer), firstRow, capacity, count: 0, rowsAt, scoresAt, scoreRows: instance.exports.scores as ScoreRows };
  }
}
