/**
 * The index behind the memory and file stores: every chunk's vector in rows of float32
 * ({@link VectorRows}, scanned with WebAssembly SIMD) for exact search, an optional
 * approximate index (HNSW) on top, and BM25 keyword search. Filters apply before the top-k
 * cut in every path.
 */
import { matchesFilter, type Metadata, type RetrievalFilter } from "./filter.js";
import type { ApproximateIndex } from "./hnsw-index.js";
import { KeywordIndex } from "./keyword-index.js";
import { checkQuerySize, reservedKeys, type DocumentSummary, type StoreChange, type StoredChunk, type StoredDocument, type StoreHit, type StoreSearchOptions } from "./store.js";
import { TopK } from "./top-k.js";
import { VectorRows } from "./vector-rows.js";

/** The rows a filter passes: a mark per row, and the list when it is short. */
interface PassingRows {
  marks: Uint8Array;
  count: number;
  rows: number[];
}

/**
 * A filtered search scores the passing rows exactly, even with HNSW, when they are this few
 * (a few milliseconds of scoring) or this small a share: HNSW would have to over-fetch by
 * the inverse of the share, and its recall under a narrow filter drops.
 */
const exactFilteredRows = 2_000;
const selectiveShare = 0.1;
/** Dead rows (deleted or replaced chunks) are compacted away once they outnumber the live ones. */
const compactAfterDeadRows = 1024;

/** Documents by ID, their chunks as rows, each chunk with a key that is never reused. */
export class FlatIndex {
  readonly documents = new Map<string, StoredDocument>();
  dimensions: number | undefined;
  /** The key the next new chunk gets: a key names one vector for the life of the store (the HNSW index's labels). */
  nextKey = 0;
  /** Set by a store opened with `index: "hnsw"`; kept in step by {@link FlatIndex.apply}. */
  approximate: ApproximateIndex | undefined;
  #rows: VectorRows | undefined;
  #owners: (StoredDocument | undefined)[] = [];
  #chunks: (StoredChunk | undefined)[] = [];
  #keys: number[] = [];
  #rowsOf = new Map<string, number[]>();
  #rowOfKey = new Map<number, number>();
  #deadRows = 0;
  /** Built on the first keyword search, then kept up to date (until a compaction). */
  #keywords: KeywordIndex | undefined;
  #top = new TopK();
  #marks = new Uint8Array(0);
  /** Each document's metadata as a filter that names no chunk sees it, made once (a replaced document is a new object). */
  #documentMetadata = new WeakMap<StoredDocument, Metadata>();

  constructor(dimensions: number | undefined) {
    this.dimensions = dimensions;
  }

  /** Chunks stored (live rows). */
  get chunkCount(): number {
    return (this.#rows?.count ?? 0) - this.#deadRows;
  }

  /** Makes room for about `chunks` more chunks at once (a store about to load them; see {@link VectorRows.reserve}). */
  reserve(chunks: number): void {
    if (this.dimensions === undefined || chunks <= 0) return;
    this.#rows ??= new VectorRows(this.dimensions);
    this.#rows.reserve(chunks);
  }

  /** The keys {@link FlatIndex.apply} gives the change's new chunks, in order (for a store that writes them first). */
  keysFor(change: StoreChange): number[] {
    const count = change.upsert.reduce((sum, document) => sum + document.chunks.length, 0);
    return Array.from({ length: count }, (_, offset) => this.nextKey + offset);
  }

  /** Applies a checked change in memory; `keys` (as recorded by a store) name the new chunks in order. */
  apply(change: StoreChange, keys?: ArrayLike<number>): void {
    const removedKeys: number[] = [];
    for (const id of change.remove) this.#drop(id, removedKeys);
    for (const document of change.upsert) this.#drop(document.id, removedKeys);
    const addedKeys: number[] = [];
    const addedVectors: Float32Array[] = [];
    for (const document of change.upsert) {
      this.documents.set(document.id, document);
      this.dimensions ??= document.chunks[0]?.vector.length;
      const rows: number[] = [];
      for (const chunk of document.chunks) {
        const key = keys ? keys[addedKeys.length]! : this.nextKey;
        this.nextKey = Math.max(this.nextKey, key + 1);
        rows.push(this.#append(document, chunk, key));
        addedKeys.push(key);
        addedVectors.push(chunk.vector);
      }
      this.#rowsOf.set(document.id, rows);
    }
    this.approximate?.remove(removedKeys);
    this.approximate?.add(addedKeys, addedVectors);
    if (this.#deadRows > compactAfterDeadRows && this.#deadRows > this.chunkCount) this.#compact();
  }

  list(): DocumentSummary[] {
    return [...this.documents.values()].map((document) => ({ id: document.id, uri: document.uri, contentHash: document.contentHash, chunkCount: document.chunks.length }));
  }

  /** The keys of a document's chunks, in order. */
  keysOf(id: string): number[] {
    return (this.#rowsOf.get(id) ?? []).map((row) => this.#keys[row]!);
  }

  /** Every live chunk's key and vector, for building or checking an approximate index. */
  *entries(): Generator<{ key: number; vector: Float32Array }> {
    for (let row = 0; row < this.#chunks.length; row++) {
      const chunk = this.#chunks[row];
      if (chunk) yield { key: this.#keys[row]!, vector: chunk.vector };
    }
  }

  /** The closest chunks by cosine similarity (dot product of unit vectors): HNSW when attached and useful, else exact. */
  search(query: Float32Array, options: StoreSearchOptions): StoreHit[] {
    const rows = this.#rows;
    if (!rows || this.chunkCount === 0) return [];
    checkQuerySize(query, rows.dimensions);
    const limit = options.numberOfResults;
    const passing = options.filter ? this.#passingRows(options.filter) : undefined;
    rows.setQuery(query);
    if (this.approximate && (!passing || passing.count > Math.max(exactFilteredRows, this.chunkCount * selectiveShare))) {
      const found = this.#searchApproximate(query, limit, passing);
      if (found) return found;
    }
    return this.#searchExact(limit, passing);
  }

  /** Exact top-k over the rows the filter passes (all when undefined), the query already set. */
  #searchExact(limit: number, passing: PassingRows | undefined): StoreHit[] {
    const rows = this.#rows!;
    const top = this.#top;
    top.reset(limit);
    if (passing && passing.count < this.chunkCount / 4) {
      for (const row of passing.rows) top.offer(row, rows.scoreRow(row));
      return this.#hits(top.sorted());
    }
    const owners = this.#owners;
    const marks = passing?.marks;
    let threshold = top.threshold;
    rows.scoreAll((firstRow, scores) => {
      for (let offset = 0; offset < scores.length; offset++) {
        const score = scores[offset]!;
        if (score <= threshold) continue;
        const row = firstRow + offset;
        if (owners[row] === undefined || (marks && marks[row] === 0)) continue;
        top.offer(row, score);
        threshold = top.threshold;
      }
    });
    return this.#hits(top.sorted());
  }

  /**
   * HNSW, then the exact score of each candidate. With a filter, over-fetches by the
   * inverse of the passing share (twice over), and four times more while fewer than
   * `limit` pass; undefined (the caller scans exactly) when even the whole index is short.
   */
  #searchApproximate(query: Float32Array, limit: number, passing: PassingRows | undefined): StoreHit[] | undefined {
    const approximate = this.approximate!;
    const wanted = Math.min(limit, passing ? passing.count : this.chunkCount);
    let fetch = passing ? Math.ceil((limit * 2 * this.chunkCount) / Math.max(1, passing.count)) : limit;
    for (;;) {
      fetch = Math.min(fetch, approximate.size);
      const top = this.#top;
      top.reset(limit);
      for (const key of approximate.search(query, fetch)) {
        const row = this.#rowOfKey.get(key);
        if (row === undefined || (passing && passing.marks[row] === 0)) continue;
        top.offer(row, this.#rows!.scoreRow(row));
      }
      const found = top.sorted();
      if (found.length >= wanted) return this.#hits(found);
      if (fetch >= approximate.size) return undefined;
      fetch *= 4;
    }
  }

  /** BM25 over the chunks' words; chunks without a query word are not hits. */
  searchText(query: string, options: StoreSearchOptions): StoreHit[] {
    if (!this.#keywords) {
      this.#keywords = new KeywordIndex();
      this.#chunks.forEach((chunk, row) => chunk && this.#keywords!.add(row, chunk.text));
    }
    const passing = options.filter ? this.#passingRows(options.filter) : undefined;
    const top = this.#top;
    top.reset(options.numberOfResults);
    for (const [row, score] of this.#keywords.scores(query)) {
      if (!passing || passing.marks[row] === 1) top.offer(row, score);
    }
    return this.#hits(top.sorted());
  }

  /** Marks the rows whose metadata passes: once per document, unless the filter names the chunk ID or page. */
  #passingRows(filter: RetrievalFilter): PassingRows {
    const rowCount = this.#rows?.count ?? 0;
    if (this.#marks.length < rowCount) this.#marks = new Uint8Array(Math.ceil(rowCount * 1.25));
    const marks = this.#marks;
    marks.fill(0, 0, rowCount);
    const filterText = JSON.stringify(filter);
    const perChunk = filterText.includes(reservedKeys.pageNumber) || filterText.includes(reservedKeys.chunkId);
    const rows: number[] = [];
    for (const [id, documentRows] of this.#rowsOf) {
      if (documentRows.length === 0) continue;
      const document = this.documents.get(id)!;
      if (!perChunk) {
        let metadata = this.#documentMetadata.get(document);
        if (!metadata) this.#documentMetadata.set(document, (metadata = filterMetadata(document, this.#chunks[documentRows[0]!]!)));
        if (!matchesFilter(filter, metadata)) continue;
      }
      for (const row of documentRows) {
        if (perChunk && !matchesFilter(filter, filterMetadata(document, this.#chunks[row]!))) continue;
        marks[row] = 1;
        rows.push(row);
      }
    }
    return { marks, count: rows.length, rows };
  }

  #append(document: StoredDocument, chunk: StoredChunk, key: number): number {
    this.#rows ??= new VectorRows(chunk.vector.length);
    const { row, view } = this.#rows.append(chunk.vector);
    // The chunk keeps a view of the stored row, so each vector is held once.
    chunk.vector = view;
    this.#owners[row] = document;
    this.#chunks[row] = chunk;
    this.#keys[row] = key;
    this.#rowOfKey.set(key, row);
    this.#keywords?.add(row, chunk.text);
    return row;
  }

  #drop(id: string, removedKeys: number[]): void {
    for (const row of this.#rowsOf.get(id) ?? []) {
      this.#owners[row] = undefined;
      this.#chunks[row] = undefined;
      this.#rowOfKey.delete(this.#keys[row]!);
      removedKeys.push(this.#keys[row]!);
      this.#keywords?.remove(row);
      this.#deadRows += 1;
    }
    this.#rowsOf.delete(id);
    this.documents.delete(id);
  }

  /** Copies the live rows into new rows, in order, and forgets the dead ones. */
  #compact(): void {
    const owners = this.#owners;
    const chunks = this.#chunks;
    const keys = this.#keys;
    this.#rows = undefined;
    this.#owners = [];
    this.#chunks = [];
    this.#keys = [];
    this.#rowOfKey.clear();
    this.#deadRows = 0;
    this.#keywords = undefined;
    for (const [id, rows] of this.#rowsOf) this.#rowsOf.set(id, rows.map((row) => this.#append(owners[row]!, chunks[row]!, keys[row]!)));
  }

  #hits(found: { row: number; score: number }[]): StoreHit[] {
    return found.map(({ row, score }) => {
      const { vector: _vector, ...chunk } = this.#chunks[row]!;
      const { chunks: _chunks, ...document } = this.#owners[row]!;
      return { chunk, document, score };
    });
  }
}

/** The metadata a filter sees for a chunk: the document's own plus Bedrock's reserved keys. */
export function filterMetadata(document: StoredDocument, chunk: StoredChunk): Metadata {
  const metadata: Metadata = { ...document.metadata, [reservedKeys.sourceUri]: document.uri, [reservedKeys.chunkId]: chunk.id };
  if (chunk.page !== undefined) metadata[reservedKeys.pageNumber] = chunk.page;
  return metadata;
}
