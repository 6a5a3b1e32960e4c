/** The exact (brute-force) cosine index behind the memory and file stores: one `Float32Array`, scanned per query. */
import { ValidationError } from "bedrock-kit";
import { matchesFilter, type Metadata } from "./filter.js";
import { reservedKeys, type DocumentSummary, type StoreChange, type StoredChunk, type StoredDocument, type StoreHit, type StoreSearchOptions } from "./store.js";

/** The scan's view: every chunk's vector in one array, with its document and chunk beside it. */
interface CompiledIndex {
  vectors: Float32Array;
  owners: StoredDocument[];
  chunks: StoredChunk[];
}

/** Words to the chunks (by position) that hold them, with counts, for BM25. */
interface KeywordIndex {
  postings: Map<string, { index: number; count: number }[]>;
  lengths: Uint32Array;
  averageLength: number;
}

/** Documents by ID, with a contiguous vector array (and a keyword index) rebuilt after each change. */
export class FlatIndex {
  readonly documents = new Map<string, StoredDocument>();
  dimensions: number | undefined;
  #compiled: CompiledIndex | undefined;
  #keywords: KeywordIndex | undefined;

  constructor(dimensions: number | undefined) {
    this.dimensions = dimensions;
  }

  /** Throws before anything changes when a vector has the wrong size. */
  check(change: StoreChange): void {
    let dimensions = this.dimensions;
    for (const document of change.upsert) {
      for (const chunk of document.chunks) {
        dimensions ??= chunk.vector.length;
        if (chunk.vector.length !== dimensions) {
          throw new ValidationError(`Invalid embedding.dimensions: chunk ${chunk.id} has a vector of ${chunk.vector.length} values; the store holds ${dimensions}`, {
            field: "embedding.dimensions",
          });
        }
      }
    }
  }

  /** Applies a checked change in memory. */
  apply(change: StoreChange): void {
    for (const id of change.remove) this.documents.delete(id);
    for (const document of change.upsert) {
      this.documents.set(document.id, document);
      this.dimensions ??= document.chunks[0]?.vector.length;
    }
    this.#compiled = undefined;
    this.#keywords = undefined;
  }

  list(): DocumentSummary[] {
    return [...this.documents.values()].map((document) => ({ id: document.id, uri: document.uri, contentHash: document.contentHash, chunkCount: document.chunks.length }));
  }

  get chunkCount(): number {
    let count = 0;
    for (const document of this.documents.values()) count += document.chunks.length;
    return count;
  }

  #compile(): CompiledIndex {
    if (this.#compiled) return this.#compiled;
    const dimensions = this.dimensions ?? 0;
    const owners: StoredDocument[] = [];
    const chunks: StoredChunk[] = [];
    for (const document of this.documents.values()) {
      for (const chunk of document.chunks) {
        owners.push(document);
        chunks.push(chunk);
      }
    }
    const vectors = new Float32Array(chunks.length * dimensions);
    chunks.forEach((chunk, index) => {
      vectors.set(chunk.vector, index * dimensions);
      // The chunk keeps a view of the scan's array, so each vector is held once.
      chunk.vector = vectors.subarray(index * dimensions, (index + 1) * dimensions);
    });
    this.#compiled = { vectors, owners, chunks };
    return this.#compiled;
  }

  search(query: Float32Array, options: StoreSearchOptions): StoreHit[] {
    const { vectors, chunks } = this.#compile();
    const dimensions = this.dimensions ?? 0;
    if (chunks.length > 0 && query.length !== dimensions) {
      throw new ValidationError(`Invalid embedding.dimensions: the query vector has ${query.length} values; the store holds ${dimensions}`, { field: "embedding.dimensions" });
    }
    return this.#top(options, (index) => {
      let score = 0;
      const offset = index * dimensions;
      for (let position = 0; position < dimensions; position++) score += vectors[offset + position]! * query[position]!;
      return score;
    });
  }

  /** BM25 (k1 1.2, b 0.75) over the chunks' words: chunks without a query word are not hits. */
  searchText(query: string, options: StoreSearchOptions): StoreHit[] {
    const keywords = this.#keywordIndex();
    const scores = new Map<number, number>();
    for (const term of new Set(words(query))) {
      const postings = keywords.postings.get(term);
      if (!postings) continue;
      const idf = Math.log(1 + (keywords.lengths.length - postings.length + 0.5) / (postings.length + 0.5));
      for (const { index, count } of postings) {
        const norm = count + 1.2 * (1 - 0.75 + (0.75 * keywords.lengths[index]!) / keywords.averageLength);
        scores.set(index, (scores.get(index) ?? 0) + (idf * count * 2.2) / norm);
      }
    }
    return this.#top(options, (index) => scores.get(index), [...scores.keys()].sort((left, right) => left - right));
  }

  #keywordIndex(): KeywordIndex {
    if (this.#keywords) return this.#keywords;
    const { chunks } = this.#compile();
    const postings = new Map<string, { index: number; count: number }[]>();
    const lengths = new Uint32Array(chunks.length);
    chunks.forEach((chunk, index) => {
      const counts = new Map<string, number>();
      const chunkWords = words(chunk.text);
      lengths[index] = chunkWords.length;
      for (const word of chunkWords) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [word, count] of counts) {
        const list = postings.get(word);
        if (list) list.push({ index, count });
        else postings.set(word, [{ index, count }]);
      }
    });
    const averageLength = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length) || 1;
    this.#keywords = { postings, lengths, averageLength };
    return this.#keywords;
  }

  /** The best chunks by a score (undefined: not a hit) among those the filter passes; `candidates` limits the scan. */
  #top(options: StoreSearchOptions, scoreOf: (index: number) => number | undefined, candidates?: number[]): StoreHit[] {
    const { owners, chunks } = this.#compile();
    const limit = options.numberOfResults;
    const bestIndexes: number[] = [];
    const bestScores: number[] = [];
    const documentPasses = new Map<StoredDocument, boolean>();
    // A filter on the chunk ID or page number is decided per chunk; any other once per document.
    const filterText = options.filter ? JSON.stringify(options.filter) : "";
    const perChunk = filterText.includes(reservedKeys.pageNumber) || filterText.includes(reservedKeys.chunkId);
    const count = candidates ? candidates.length : chunks.length;
    for (let position = 0; position < count; position++) {
      const index = candidates ? candidates[position]! : position;
      if (options.filter) {
        const owner = owners[index]!;
        let passes = perChunk ? undefined : documentPasses.get(owner);
        if (passes === undefined) {
          passes = matchesFilter(options.filter, filterMetadata(owner, chunks[index]!));
          if (!perChunk) documentPasses.set(owner, passes);
        }
        if (!passes) continue;
      }
      const score = scoreOf(index);
      if (score === undefined || (bestScores.length === limit && score <= bestScores[limit - 1]!)) continue;
      let at = bestScores.length;
      while (at > 0 && bestScores[at - 1]! < score) at--;
      bestScores.splice(at, 0, score);
      bestIndexes.splice(at, 0, index);
      if (bestScores.length > limit) {
        bestScores.pop();
        bestIndexes.pop();
      }
    }
    return bestIndexes.map((index, rank) => {
      const { vector: _vector, ...chunk } = chunks[index]!;
      const { chunks: _chunks, ...document } = owners[index]!;
      return { chunk, document, score: bestScores[rank]! };
    });
  }
}

/** Lower-cased words (letters and digits), as the keyword index and its queries see text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The metadata a filter sees for a chunk: the document's own plus Bedrock's reserved keys. */
export function filterMetadata(document: StoredDocument, chunk: StoredChunk): Metadata {
  const metadata: Metadata = { ...document.metadata, [reservedKeys.sourceUri]: document.uri, [reservedKeys.chunkId]: chunk.id };
  if (chunk.page !== undefined) metadata[reservedKeys.pageNumber] = chunk.page;
  return metadata;
}
