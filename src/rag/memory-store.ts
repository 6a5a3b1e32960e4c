/** `memoryStore()`: the flat index in memory, for tests and short-lived knowledge bases. */
import { FlatIndex } from "./flat-index.js";
import { buildHnsw } from "./hnsw-file.js";
import { checkChangeSize, checkIndexKind, reconcileManifest, type StoreIndexKind, type StoreManifest, type VectorStore } from "./store.js";

/** What {@link memoryStore} takes. */
export interface MemoryStoreOptions {
  /** `"exact"` (the default) or `"hnsw"` (needs the optional peer usearch). See {@link StoreIndexKind}. */
  index?: StoreIndexKind | undefined;
}

/**
 * A store in memory: exact cosine search (or HNSW with `index: "hnsw"`), nothing written to
 * disk (so `encryption` has nothing to do), gone when the process ends. Refuses a second
 * `open` with another embedding model or dimension.
 */
export function memoryStore(options?: MemoryStoreOptions): VectorStore {
  const indexKind = checkIndexKind(options?.index, "store.index");
  let manifest: StoreManifest | undefined;
  let index = new FlatIndex(undefined);
  /** With `index: "hnsw"`, an HNSW index once the size of the vectors is known. */
  const attachHnsw = async (): Promise<void> => {
    if (indexKind !== "hnsw" || index.approximate || index.dimensions === undefined) return;
    index.approximate = await buildHnsw(index, "memoryStore");
  };
  return {
    async open(openOptions) {
      const recorded = manifest && { ...manifest, dimensions: index.dimensions ?? manifest.dimensions };
      manifest = reconcileManifest(recorded, { embeddingModelId: openOptions.embeddingModelId, dimensions: openOptions.dimensions }, "this memory store");
      if (!recorded) index = new FlatIndex(manifest.dimensions);
      await attachHnsw();
      return { ...manifest };
    },
    async commit(change) {
      checkChangeSize(change, index.dimensions);
      index.apply(change);
      await attachHnsw();
    },
    async listDocuments() {
      return index.list();
    },
    async search(vector, searchOptions) {
      return index.search(vector, searchOptions);
    },
    async searchText(query, searchOptions) {
      return index.searchText(query, searchOptions);
    },
    async close() {
      return undefined;
    },
  };
}
