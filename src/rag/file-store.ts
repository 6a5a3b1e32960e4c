/**
 * `fileStore({ path })`: the embedded default. The flat index in memory, persisted as one
 * file in a folder, rewritten atomically on each commit (a temporary file, fsync, rename):
 * after a crash the folder holds the last committed store, never a half-written one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open as openFile, readdir, readFile, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BedrockKitError, ValidationError } from "bedrock-kit";
import { newDataKey, open, seal, type KeyProvider } from "./encryption.js";
import { FlatIndex } from "./flat-index.js";
import { reconcileManifest, type StoredDocument, type StoreManifest, type VectorStore } from "./store.js";

/** What {@link fileStore} takes. */
export interface FileStoreOptions {
  /** The folder of the store (created on the first commit). It holds one file, `store.bkkb`. */
  path: string;
}

/** The clear header of a store file: the embedding settings and, when encrypted, the wrapped data key. */
interface StoreHeader {
  format: 1;
  embeddingModelId: string;
  dimensions: number | undefined;
  encryption?: { algorithm: "AES-256-GCM"; keyId: string; wrappedKey: string; iv: string; tag: string };
}

const magic = Buffer.from("BKKB0001", "latin1");
const fileName = "store.bkkb";

/** The authenticated (not secret) part of the header: changing the model or size breaks decryption. */
function associatedData(header: StoreHeader): Buffer {
  return Buffer.from(JSON.stringify([header.format, header.embeddingModelId, header.dimensions ?? null]));
}

/** Documents without vectors as JSON, then every vector as float32, in chunk order. */
function encodeBody(documents: Iterable<StoredDocument>, dimensions: number): Buffer {
  const listed = [...documents];
  const json = Buffer.from(JSON.stringify(listed.map((document) => ({ ...document, chunks: document.chunks.map(({ vector: _vector, ...chunk }) => chunk) }))));
  const vectorCount = listed.reduce((sum, document) => sum + document.chunks.length, 0);
  const padding = (4 - ((4 + json.length) % 4)) % 4;
  const body = Buffer.alloc(4 + json.length + padding + vectorCount * dimensions * 4);
  body.writeUInt32LE(json.length, 0);
  json.copy(body, 4);
  const vectors = new Float32Array(body.buffer, body.byteOffset + 4 + json.length + padding, vectorCount * dimensions);
  let offset = 0;
  for (const document of listed) {
    for (const chunk of document.chunks) {
      vectors.set(chunk.vector, offset);
      offset += dimensions;
    }
  }
  return body;
}

function decodeBody(body: Buffer, dimensions: number): StoredDocument[] {
  const jsonLength = body.readUInt32LE(0);
  const documents = JSON.parse(body.subarray(4, 4 + jsonLength).toString("utf8")) as StoredDocument[];
  const padding = (4 - ((4 + jsonLength) % 4)) % 4;
  const start = 4 + jsonLength + padding;
  // A copy, aligned, so that the vectors do not keep the file's buffer alive.
  const vectors = new Float32Array(body.buffer.slice(body.byteOffset + start, body.byteOffset + body.length));
  let offset = 0;
  for (const document of documents) {
    for (const chunk of document.chunks) {
      chunk.vector = vectors.subarray(offset, offset + dimensions);
      offset += dimensions;
    }
  }
  return documents;
}

/** Writes bytes to a temporary file in the same folder, flushes it, then renames it over the target. */
async function writeAtomically(folder: string, bytes: Buffer[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  const target = join(folder, fileName);
  const temporary = join(folder, `.${fileName}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await openFile(temporary, "w");
  try {
    for (const part of bytes) await handle.write(part);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, target);
  // The rename itself is durable once the folder is flushed (not possible on every platform).
  const directory = await openFile(folder, "r").catch(() => undefined);
  await directory?.sync().catch(() => undefined);
  await directory?.close();
}

/** True while a process with this ID runs (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the temporary files of writers that died mid-commit (the store itself is whole). */
async function removeAbandonedWrites(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^\.store\.bkkb\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (match && !isRunning(Number(match[1]))) await rm(join(folder, name), { force: true });
  }
}

function corrupt(path: string, reason: string): BedrockKitError {
  return new BedrockKitError(`The knowledge-base store at ${path} cannot be read: ${reason}`, { code: "CorruptStore" });
}

/** Reads a store file: its header, and its documents once decrypted. Undefined when there is none yet. */
async function readStore(path: string, key: KeyProvider | undefined): Promise<{ header: StoreHeader; documents: StoredDocument[]; dataKey: Uint8Array | undefined } | undefined> {
  const file = join(path, fileName);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!bytes) return undefined;
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(magic)) throw corrupt(file, "not a bedrock-kit store file");
  const headerLength = bytes.readUInt32LE(8);
  let header: StoreHeader;
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString("utf8")) as StoreHeader;
  } catch {
    throw corrupt(file, "its header is not JSON");
  }
  const rest = bytes.subarray(12 + headerLength);
  if (header.encryption && !key) {
    throw new ValidationError(`Invalid encryption: the store at ${path} is encrypted (key ${header.encryption.keyId}); pass encryption: { key } to open it`, { field: "encryption" });
  }
  if (!header.encryption && key) {
    throw new ValidationError(`Invalid encryption: the store at ${path} is not encrypted; open it without a key, or ingest into a new store to encrypt`, { field: "encryption" });
  }
  if (!header.encryption) return { header, documents: decodeBody(rest, header.dimensions ?? 0), dataKey: undefined };
  const dataKey = await key!.unwrapKey(header.encryption.wrappedKey);
  const sealed = { iv: Buffer.from(header.encryption.iv, "base64"), tag: Buffer.from(header.encryption.tag, "base64"), ciphertext: rest };
  const body = Buffer.from(open(dataKey, sealed, associatedData(header), `the store at ${path}`));
  return { header, documents: decodeBody(body, header.dimensions ?? 0), dataKey };
}

/**
 * The embedded default store: no server, no native code. Exact cosine search over all
 * chunks (about 10–15 ms for 5,000 chunks of 1,024 dimensions, ~130 ms for 50,000 on a busy
 * 2-core machine: research note agents-rag-anchors.md §4.1, measured 2026-11-25). The
 * whole store is read into memory on open and rewritten on each commit, which suits stores
 * up to some tens of thousands of chunks. With `encryption`, chunk text, metadata and
 * vectors are encrypted (AES-256-GCM under a per-store data key); the header keeps only the
 * embedding model, the dimension and the wrapped key.
 */
export function fileStore(options: FileStoreOptions): VectorStore {
  if (typeof options?.path !== "string" || options.path === "") throw new ValidationError("Invalid store.path: expected a folder path", { field: "store.path" });
  const path = resolve(options.path);
  let index: FlatIndex | undefined;
  let manifest: StoreManifest | undefined;
  let key: KeyProvider | undefined;
  let dataKey: Uint8Array | undefined;
  let wrappedKey: string | undefined;
  const opened = (): FlatIndex => {
    if (!index) throw new BedrockKitError(`The store at ${path} is not open; open it through createKnowledgeBase`, { code: "StoreNotOpen" });
    return index;
  };
  return {
    async open(openOptions) {
      key = openOptions.encryption;
      await removeAbandonedWrites(path);
      const stored = await readStore(path, key);
      const recorded = stored && { embeddingModelId: stored.header.embeddingModelId, dimensions: stored.header.dimensions };
      manifest = reconcileManifest(recorded, { embeddingModelId: openOptions.embeddingModelId, dimensions: openOptions.dimensions }, `the store at ${path}`);
      index = new FlatIndex(manifest.dimensions);
      if (stored) index.apply({ upsert: stored.documents, remove: [] });
      dataKey = stored?.dataKey;
      wrappedKey = stored?.header.encryption?.wrappedKey;
      return { ...manifest };
    },
    async commit(change) {
      const current = opened();
      current.check(change);
      // The new state is built and written before the one in memory changes.
      const next = new FlatIndex(current.dimensions);
      next.apply({ upsert: [...current.documents.values()], remove: [] });
      next.apply(change);
      const header: StoreHeader = { format: 1, embeddingModelId: manifest!.embeddingModelId, dimensions: next.dimensions };
      let body = encodeBody(next.documents.values(), next.dimensions ?? 0);
      if (key) {
        if (!dataKey || !wrappedKey) ({ dataKey, wrappedKey } = await newDataKey(key));
        const sealed = seal(dataKey, body, associatedData(header));
        header.encryption = { algorithm: "AES-256-GCM", keyId: key.keyId, wrappedKey, iv: Buffer.from(sealed.iv).toString("base64"), tag: Buffer.from(sealed.tag).toString("base64") };
        body = Buffer.from(sealed.ciphertext);
      }
      const headerBytes = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(4);
      length.writeUInt32LE(headerBytes.length, 0);
      await writeAtomically(path, [magic, length, headerBytes, body]);
      index = next;
    },
    async listDocuments() {
      return opened().list();
    },
    async search(vector, searchOptions) {
      return opened().search(vector, searchOptions);
    },
    async searchText(query, searchOptions) {
      return opened().searchText(query, searchOptions);
    },
    async close() {
      index = undefined;
      dataKey = undefined;
      wrappedKey = undefined;
    },
  };
}
