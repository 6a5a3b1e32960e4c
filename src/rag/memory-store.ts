/** `memoryStore()`: the flat index in memory, for tests and short-lived knowledge bases. */
import { FlatIndex } from "./flat-index.js";
import { reconcileManifest, type StoreManifest, type VectorStore } from "./store.js";

/**
 * A store in memory: exact cosine search, nothing written to disk (so `encryption` has
 * nothing to do), gone when the process ends. Refuses a second `open` with another
 * embedding model or dimension.
 */
export function memoryStore(): VectorStore {
  let manifest: StoreManifest | undefined;
  let index = new FlatIndex(undefined);
  return {
    async open(options) {
      const recorded = manifest && { ...manifest, dimensions: index.dimensions ?? manifest.dimensions };
      manifest = reconcileManifest(recorded, { embeddingModelId: options.embeddingModelId, dimensions: options.dimensions }, "this memory store");
      if (!recorded) index = new FlatIndex(manifest.dimensions);
      return { ...manifest };
    },
    async commit(change) {
      index.check(change);
      index.apply(change);
    },
    async listDocuments() {
      return index.list();
    },
    async search(vector, options) {
      return index.search(vector, options);
    },
    async searchText(query, options) {
      return index.searchText(query, options);
    },
    async close() {
      return undefined;
    },
  };
}
