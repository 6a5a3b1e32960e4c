/**
 * `fileStore({ path })`: the embedded default. The flat index in memory, persisted as an
 * append log in a folder (`log.bkkb`, see store-log.ts): each commit appends one record
 * and flushes it, so its cost follows the size of the change; a commit cut by a crash is
 * dropped on the next open. The log is rewritten whole (temporary file, flush, rename) on
 * the first commit and when dead records outnumber live ones.
 */
import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BedrockKitError, ValidationError } from "bedrock-kit";
import { newDataKey, type KeyProvider } from "./encryption.js";
import { FlatIndex } from "./flat-index.js";
import { buildHnsw, openHnsw, readViewedHnsw, saveHnsw } from "./hnsw-file.js";
import type { HnswIndex } from "./hnsw-index.js";
import { storeLock } from "./store-lock.js";
import { appendRecord, encodeRecord, logFileName, openLog, removeAbandonedWrites, rewriteLog, type LogEnd, type LogHeader } from "./store-log.js";
import { checkChangeSize, checkIndexKind, reconcileManifest, type StoreChange, type StoredDocument, type StoreIndexKind, type StoreManifest, type VectorStore } from "./store.js";

/** What {@link fileStore} takes. */
export interface FileStoreOptions {
  /** The folder of the store (created on the first commit). It holds `log.bkkb` and, with `index: "hnsw"`, one `hnsw-….usearch`. */
  path: string;
  /**
   * `"exact"` (the default) or `"hnsw"` (needs the optional peer usearch, and refuses
   * `encryption`: the index file would hold the vectors in the clear). See {@link StoreIndexKind}.
   */
  index?: StoreIndexKind | undefined;
}

/** The wrapped-key part of the log header. */
interface RecordedEncryption {
  keyId: string;
  wrappedKey: string;
}

/**
 * The store's data key: the recorded one unwrapped by the key provider, or a new one from
 * it (`generateDataKey`, e.g. KMS) or made here and wrapped (for a new store). Only the wrapped key is ever written.
 */
async function dataKeyFor(key: KeyProvider, recorded: RecordedEncryption | undefined): Promise<{ dataKey: Uint8Array; wrappedKey: string }> {
  if (recorded) return { dataKey: await key.unwrapKey(recorded.wrappedKey), wrappedKey: recorded.wrappedKey };
  return newDataKey(key);
}

/** An encrypted store needs a key, a plain one refuses one. */
function checkEncryption(recorded: RecordedEncryption | undefined, key: KeyProvider | undefined, path: string): void {
  if (recorded && !key) {
    throw new ValidationError(`Invalid encryption: the store at ${path} is encrypted (key ${recorded.keyId}); pass encryption: { key } to open it`, { field: "encryption" });
  }
  if (!recorded && key) {
    throw new ValidationError(`Invalid encryption: the store at ${path} is not encrypted; open it without a key, or ingest into a new store to encrypt`, { field: "encryption" });
  }
}

/** Dead chunks (deleted or replaced) in the log are compacted away once they outnumber the live ones. */
const compactAfterDeadChunks = 1024;
/** With `index: "hnsw"`, the index file is saved again once this share of the store has changed since (and on close). */
const saveHnswAfterShare = 0.1;

/** An open file store. */
interface OpenStore {
  index: FlatIndex;
  manifest: StoreManifest;
  key: KeyProvider | undefined;
  dataKey: Uint8Array | undefined;
  wrappedKey: string | undefined;
  /** Undefined until the first commit writes the log. */
  header: LogHeader | undefined;
  /** Where the next record goes (the end of the last whole one), and the file's length. */
  logEnd: number;
  fileLength: number;
  /** The log file's inode number as last read or written (a rewrite by another process changes it). */
  logFileId: number | undefined;
  /** Chunks in the log, live or dead. */
  loggedChunks: number;
  hnsw: HnswIndex | undefined;
  /** Chunks added or removed since the HNSW file was saved. */
  unsavedChanges: number;
}

/**
 * The embedded default store: no server, and without `index: "hnsw"` no native code.
 * Exact cosine search by default (WebAssembly SIMD over every chunk); `index: "hnsw"` for
 * milliseconds at hundreds of thousands of chunks. Each commit appends to a log, flushed
 * before it resolves; a crash loses at most the commit in progress. With `encryption`,
 * chunk text, metadata and vectors are encrypted (AES-256-GCM per commit under a per-store
 * data key); the header keeps only the embedding model, the dimension and the wrapped key.
 * One writer at a time: the first write takes a lock in the folder (`writer.lock`), kept
 * until `close()`; a write while another live process holds it fails with a
 * `StoreLocked` ValidationError. Reading takes no lock, and does not see what other
 * processes write after the open: open the store again for that.
 */
export function fileStore(options: FileStoreOptions): VectorStore {
  if (typeof options?.path !== "string" || options.path === "") throw new ValidationError("Invalid store.path: expected a folder path", { field: "store.path" });
  const indexKind = checkIndexKind(options.index, "store.index");
  const path = resolve(options.path);
  const logFile = join(path, logFileName);
  const lock = storeLock(path);
  let store: OpenStore | undefined;
  const opened = (): OpenStore => {
    if (!store) throw new BedrockKitError(`The store at ${path} is not open; open it through createKnowledgeBase`, { code: "StoreNotOpen" });
    return store;
  };

  /** Writes the whole log as of after `change` (the first commit, a new dimension, compaction). */
  const rewrite = async (current: OpenStore, change: StoreChange, keys: number[], dimensions: number | undefined): Promise<void> => {
    if (current.key && !current.dataKey) ({ dataKey: current.dataKey, wrappedKey: current.wrappedKey } = await dataKeyFor(current.key, undefined));
    const header: LogHeader = {
      format: 2,
      storeId: current.header?.storeId ?? randomBytes(8).toString("hex"),
      embeddingModelId: current.manifest.embeddingModelId,
      dimensions,
      nextKey: current.index.nextKey + keys.length,
      ...(current.key && { encryption: { algorithm: "AES-256-GCM" as const, keyId: current.key.keyId, wrappedKey: current.wrappedKey! } }),
    };
    const changed = new Set([...change.remove, ...change.upsert.map((document) => document.id)]);
    const documents: { document: StoredDocument; keys: number[] }[] = [];
    for (const document of current.index.documents.values()) if (!changed.has(document.id)) documents.push({ document, keys: current.index.keysOf(document.id) });
    let next = 0;
    for (const document of change.upsert) documents.push({ document, keys: keys.slice(next, (next += document.chunks.length)) });
    current.logEnd = current.fileLength = await rewriteLog(path, header, documents, current.dataKey);
    current.header = header;
    current.logFileId = (await stat(logFile)).ino;
    current.loggedChunks = documents.reduce((sum, entry) => sum + entry.keys.length, 0);
  };

  /**
   * Takes the write lock (once) and, before every write, refuses (and lets the lock go)
   * when the log changed since this process read it: another process wrote it, so this
   * view of the store is stale, and writing from it would lose that process's commits.
   */
  const takeLock = async (current: OpenStore): Promise<void> => {
    await lock.acquire();
    // Checked before every write, not only the first: a lock two processes both believed they
    // took over must still not let one append over the other's records.
    const now = await stat(logFile).catch(() => undefined);
    if (current.header ? now !== undefined && now.ino === current.logFileId && now.size === current.fileLength : now === undefined) return;
    await lock.release();
    throw new BedrockKitError(`The store at ${path} was written by another process after this one opened it; open it again to write to it`, { code: "StoreChanged" });
  };

  /** Saves the HNSW index (the lock held). */
  const saveIndex = async (current: OpenStore): Promise<void> => {
    if (!current.hnsw || !current.header || current.unsavedChanges === 0) return;
    // Saving removes the older index file: one still mapped is read into memory first, never rebuilt for it.
    await readHnsw(current);
    await saveHnsw(path, current.header.storeId, current.index.nextKey, current.hnsw);
    current.unsavedChanges = 0;
  };

  /**
   * Saves the HNSW index from a store that may not hold the lock (on open): the lock is
   * borrowed for the save, which is left out while another process writes or after one wrote.
   */
  const saveIndexWhenFree = async (current: OpenStore): Promise<void> => {
    if (lock.held) return saveIndex(current);
    if (!current.hnsw || !current.header || current.unsavedChanges === 0) return;
    try {
      await takeLock(current);
    } catch (error) {
      if (error instanceof BedrockKitError && (error.code === "StoreLocked" || error.code === "StoreChanged")) return;
      throw error;
    }
    try {
      await saveIndex(current);
    } finally {
      await lock.release();
    }
  };

  /** With `index: "hnsw"`, once the size of the vectors is known: the saved index brought up to date, or a new one (saved at once if no one else writes). */
  const attachHnsw = async (current: OpenStore, names: string[]): Promise<void> => {
    if (indexKind !== "hnsw" || current.hnsw || current.index.dimensions === undefined) return;
    const { hnsw, saved } = await openHnsw(path, names, current.header?.storeId, current.index, `fileStore at ${path}`);
    current.index.approximate = current.hnsw = hnsw;
    current.unsavedChanges = saved ? 0 : Math.max(1, hnsw.size);
    await saveIndexWhenFree(current);
  };

  /** Before a change reaches the log: a saved index still mapped is read into memory (or rebuilt, if its file changed since the open). */
  const readHnsw = async (current: OpenStore): Promise<void> => {
    if (!current.hnsw || (await readViewedHnsw(current.hnsw, current.header?.storeId))) return;
    current.index.approximate = current.hnsw = await buildHnsw(current.index, `fileStore at ${path}`);
    current.unsavedChanges = Math.max(1, current.hnsw.size);
  };

  return {
    async open(openOptions) {
      const key = openOptions.encryption;
      if (indexKind === "hnsw" && key) {
        throw new ValidationError(
          `Invalid store.index: "hnsw" keeps a copy of every vector in the clear in its index file, so it cannot be combined with encryption; use index: "exact" (the default) for an encrypted store`,
          { field: "store.index" },
        );
      }
      const names = await readdir(path).catch(() => [] as string[]);
      await removeAbandonedWrites(path, names);
      let unlocked: { dataKey: Uint8Array; wrappedKey: string } | undefined;
      const log = await openLog(logFile);
      let logEnd: LogEnd | undefined;
      let index: FlatIndex;
      let manifest: StoreManifest;
      try {
        const header = log?.header;
        if (header) checkEncryption(header.encryption, key, path);
        unlocked = header?.encryption && (await dataKeyFor(key!, header.encryption));
        const recorded = header && { embeddingModelId: header.embeddingModelId, dimensions: header.dimensions };
        manifest = reconcileManifest(recorded, { embeddingModelId: openOptions.embeddingModelId, dimensions: openOptions.dimensions }, `the store at ${path}`);
        index = new FlatIndex(manifest.dimensions);
      } catch (error) {
        await log?.close();
        throw error;
      }
      if (log) {
        index.nextKey = log.header.nextKey;
        index.reserve(log.maxChunks);
        logEnd = await log.readRecords(unlocked?.dataKey, (record) => index.apply(record.change, record.keys));
      }
      store = {
        index,
        manifest,
        key,
        dataKey: unlocked?.dataKey,
        wrappedKey: unlocked?.wrappedKey,
        header: log?.header,
        logEnd: logEnd?.validLength ?? 0,
        fileLength: logEnd?.fileLength ?? 0,
        logFileId: log?.fileId,
        loggedChunks: logEnd?.chunks ?? 0,
        hnsw: undefined,
        unsavedChanges: 0,
      };
      await attachHnsw(store, names);
      return { ...manifest };
    },
    async commit(change) {
      const current = opened();
      const dimensions = checkChangeSize(change, current.index.dimensions);
      await takeLock(current);
      const keys = current.index.keysFor(change);
      await readHnsw(current);
      if (!current.header || current.header.dimensions !== dimensions) {
        await rewrite(current, change, keys, dimensions);
      } else {
        const record = encodeRecord(current.header, change, keys, current.dataKey, current.logEnd);
        await appendRecord(logFile, record, current.logEnd, current.fileLength);
        current.logEnd = current.fileLength = current.logEnd + record.length;
        current.loggedChunks += keys.length;
      }
      const before = current.index.chunkCount;
      current.index.apply(change, keys);
      await attachHnsw(current, []);
      current.unsavedChanges += keys.length + Math.max(0, before + keys.length - current.index.chunkCount);
      const live = current.index.chunkCount;
      if (current.loggedChunks - live > Math.max(compactAfterDeadChunks, live)) await rewrite(current, { upsert: [], remove: [] }, [], dimensions);
      if (current.hnsw && current.unsavedChanges >= Math.max(compactAfterDeadChunks, current.hnsw.size * saveHnswAfterShare)) await saveIndex(current);
    },
    async prepareToWrite() {
      await takeLock(opened());
    },
    async listDocuments() {
      return opened().index.list();
    },
    async search(vector, searchOptions) {
      return opened().index.search(vector, searchOptions);
    },
    async searchText(query, searchOptions) {
      return opened().index.searchText(query, searchOptions);
    },
    async close() {
      try {
        // A store that never wrote keeps its view unsaved: it may be stale by now.
        if (store && lock.held) await saveIndex(store);
      } finally {
        store = undefined;
        await lock.release();
      }
    },
  };
}
