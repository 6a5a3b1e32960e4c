/**
 * `index: "hnsw"`: an approximate nearest-neighbour index (HNSW, inner product over unit
 * vectors) from usearch, an optional peer that ships prebuilt binaries, loaded on open.
 * The flat index keeps the vectors and scores the candidates exactly; this only proposes them.
 */
import { loadOptionalPeer, once } from "./optional-peer.js";
import type { Index } from "usearch";

/** What the flat index needs from an approximate index; keys are the flat index's chunk keys. */
export interface ApproximateIndex {
  /** Vectors held. */
  readonly size: number;
  add(keys: readonly number[], vectors: readonly Float32Array[]): void;
  remove(keys: readonly number[]): void;
  /** Up to `count` keys, nearest first. */
  search(query: Float32Array, count: number): number[];
}

/**
 * HNSW settings: 16 links per node, 128 candidates while adding, 64 while searching (recall
 * 0.996 at 50,000 × 1,024 in the research note, agents-rag-anchors.md §4.1).
 */
const settings = { connectivity: 16, expansion_add: 128, expansion_search: 64 };

/** Vectors per slice of a build: about a second of work per turn of the event loop at 100,000 × 1,024. */
const addSlice = 1024;

/** usearch, imported once (a failed import is tried again: the package may have been installed since). */
const importUsearch = once(() => import("usearch"));

const bigKeys = (keys: readonly number[]): BigUint64Array => BigUint64Array.from(keys, (key) => BigInt(key));

/** A usearch HNSW index over unit vectors of one size. */
export class HnswIndex implements ApproximateIndex {
  readonly dimensions: number;
  #index: Index;
  /** The file a viewed index maps, until {@link HnswIndex.writable} reads it. */
  #viewed: string | undefined;

  private constructor(index: Index, dimensions: number) {
    this.#index = index;
    this.dimensions = dimensions;
  }

  /** An empty index; `where` names the store in the error when usearch is missing. */
  static async create(dimensions: number, where: string): Promise<HnswIndex> {
    const { Index, MetricKind, ScalarKind } = await loadOptionalPeer("usearch", importUsearch, `${where} with index: "hnsw"`, 'npm install usearch@">=2.25.3 <2.26"');
    return new HnswIndex(new Index({ dimensions, metric: MetricKind.IP, quantization: ScalarKind.F32, multi: false, ...settings }), dimensions);
  }

  /**
   * An index saved by {@link HnswIndex.save}, mapped into memory rather than read: it can
   * be searched at once, and is read the first time it changes (a mapped usearch index is
   * read-only). Undefined when it holds vectors of another size. Check the file's bytes
   * first: usearch trusts them.
   */
  static async view(path: string, dimensions: number, where: string): Promise<HnswIndex | undefined> {
    const index = await HnswIndex.create(dimensions, where);
    index.#index.view(path);
    index.#viewed = path;
    return index.#index.dimensions() === dimensions ? index : undefined;
  }

  /** The file a viewed index maps, until it is read into memory. */
  get viewedFile(): string | undefined {
    return this.#viewed;
  }

  /** Reads a viewed index's file into memory, so that it can change (nothing to do for any other index). */
  writable(): void {
    if (this.#viewed === undefined) return;
    this.#index.load(this.#viewed);
    this.#viewed = undefined;
  }

  get size(): number {
    return Number(this.#index.size());
  }

  add(keys: readonly number[], vectors: readonly Float32Array[]): void {
    if (keys.length === 0) return;
    this.writable();
    const flat = new Float32Array(keys.length * this.dimensions);
    vectors.forEach((vector, position) => flat.set(vector, position * this.dimensions));
    this.#index.add(bigKeys(keys), flat, 0);
  }

  /**
   * Adds many vectors a slice at a time, giving the event loop a turn between slices: a
   * build of 100,000 takes a minute or more, and usearch adds synchronously.
   */
  async addAll(keys: readonly number[], vectors: readonly Float32Array[]): Promise<void> {
    for (let start = 0; start < keys.length; start += addSlice) {
      this.add(keys.slice(start, start + addSlice), vectors.slice(start, start + addSlice));
      if (start + addSlice < keys.length) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  remove(keys: readonly number[]): void {
    if (keys.length === 0) return;
    this.writable();
    this.#index.remove(bigKeys(keys));
  }

  /** Which of the keys the index holds. */
  contains(keys: readonly number[]): boolean[] {
    return keys.length === 0 ? [] : (this.#index.contains(bigKeys(keys)) as boolean[]);
  }

  search(query: Float32Array, count: number): number[] {
    if (count <= 0 || this.size === 0) return [];
    return Array.from(this.#index.search(query, count, 1).keys, Number);
  }

  /** Writes the whole index to a file. */
  save(path: string): void {
    this.#index.save(path);
  }
}
