/**
 * The file store's append log, `log.bkkb`: a clear header (the embedding model and size,
 * the wrapped data key), then one record per commit. A record is its length, a CRC-32 of
 * its bytes, and the bytes: the removed document IDs and the added documents as JSON, each
 * new chunk's key (float64) and vector (float32); with encryption the bytes are AES-256-GCM
 * under the store's data key. Records start at multiples of 8 bytes, so vectors are read in
 * place. A record that is short or fails its checksum (a commit cut by a crash) ends the
 * log: the reader drops it and the writer truncates it before appending.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open as openFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { BedrockKitError } from "bedrock-kit";
import { crc32 } from "./checksum.js";
import { open, seal } from "./encryption.js";
import type { StoreChange, StoredDocument } from "./store.js";

/** The clear header of a log. */
export interface LogHeader {
  format: 2;
  /** Random, kept across rewrites: ties the HNSW index file to this store. */
  storeId: string;
  embeddingModelId: string;
  dimensions: number | undefined;
  /** The next chunk key when the log was written (at least): the keys of deleted chunks are never given again. */
  nextKey: number;
  encryption?: { algorithm: "AES-256-GCM"; keyId: string; wrappedKey: string };
}

/** One decoded record: a commit, with the keys of its new chunks in order. */
export interface LogRecord {
  change: StoreChange;
  keys: Float64Array;
}

/** A log as read: its header, its whole records, and where the last one ends. */
export interface ReadLog {
  header: LogHeader;
  records: LogRecord[];
  validLength: number;
  fileLength: number;
}

export const logFileName = "log.bkkb";
const magic = Buffer.from("BKKBLOG1", "latin1");
const align = (offset: number): number => Math.ceil(offset / 8) * 8;

function corrupt(file: string, reason: string): BedrockKitError {
  return new BedrockKitError(`The knowledge-base store at ${file} cannot be read: ${reason}`, { code: "CorruptStore" });
}

/** The authenticated (not secret) part of the header: changing the model, size or store breaks decryption. */
function associatedData(header: LogHeader): Buffer {
  return Buffer.from(JSON.stringify([header.format, header.storeId, header.embeddingModelId, header.dimensions ?? null]));
}

/** The header bytes, padded to a multiple of 8. */
export function encodeHeader(header: LogHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const bytes = Buffer.alloc(align(12 + json.length));
  magic.copy(bytes, 0);
  bytes.writeUInt32LE(json.length, 8);
  json.copy(bytes, 12);
  return bytes;
}

/** A record's bytes, padding first so that it starts at `position` rounded up to 8. */
export function encodeRecord(header: LogHeader, change: StoreChange, keys: readonly number[], dataKey: Uint8Array | undefined, position: number): Buffer {
  const dimensions = header.dimensions ?? 0;
  const json = Buffer.from(JSON.stringify({ remove: change.remove, upsert: change.upsert.map((document) => ({ ...document, chunks: document.chunks.map(({ vector: _vector, ...chunk }) => chunk) })) }));
  const keysAt = align(8 + json.length);
  const vectorsAt = keysAt + keys.length * 8;
  let payload: Uint8Array = Buffer.alloc(vectorsAt + keys.length * dimensions * 4);
  const plain = payload as Buffer;
  plain.writeUInt32LE(json.length, 0);
  plain.writeUInt32LE(keys.length, 4);
  json.copy(plain, 8);
  new Float64Array(plain.buffer, plain.byteOffset + keysAt, keys.length).set(keys);
  const vectors = new Float32Array(plain.buffer, plain.byteOffset + vectorsAt, keys.length * dimensions);
  let offset = 0;
  for (const document of change.upsert) {
    for (const chunk of document.chunks) {
      vectors.set(chunk.vector, offset);
      offset += dimensions;
    }
  }
  if (dataKey) {
    const sealed = seal(dataKey, plain, associatedData(header));
    payload = Buffer.concat([sealed.iv, sealed.tag, sealed.ciphertext]);
  }
  const padding = align(position) - position;
  const record = Buffer.alloc(padding + 8 + payload.length);
  record.writeUInt32LE(payload.length, padding);
  record.writeUInt32LE(crc32(payload), padding + 4);
  record.set(payload, padding + 8);
  return record;
}

/** A typed array over bytes that start at a multiple of its element size, else over a copy. */
function floatsAt<T extends Float32Array | Float64Array>(Kind: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, bytes: Uint8Array, start: number, length: number): T {
  const byteOffset = bytes.byteOffset + start;
  if (byteOffset % Kind.BYTES_PER_ELEMENT === 0) return new Kind(bytes.buffer, byteOffset, length);
  return new Kind(bytes.buffer.slice(byteOffset, byteOffset + length * Kind.BYTES_PER_ELEMENT), 0, length);
}

function decodeRecord(header: LogHeader, payload: Uint8Array, dataKey: Uint8Array | undefined, file: string): LogRecord {
  let plain = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
  if (header.encryption) {
    const opened = open(dataKey!, { iv: plain.subarray(0, 12), tag: plain.subarray(12, 28), ciphertext: plain.subarray(28) }, associatedData(header), `the store at ${file}`);
    plain = Buffer.from(opened.buffer, opened.byteOffset, opened.length);
  }
  const jsonLength = plain.readUInt32LE(0);
  const count = plain.readUInt32LE(4);
  const change = JSON.parse(plain.subarray(8, 8 + jsonLength).toString("utf8")) as StoreChange;
  const keysAt = align(8 + jsonLength);
  const dimensions = header.dimensions ?? 0;
  const keys = floatsAt(Float64Array, plain, keysAt, count);
  const vectors = floatsAt(Float32Array, plain, keysAt + count * 8, count * dimensions);
  let offset = 0;
  for (const document of change.upsert as StoredDocument[]) {
    for (const chunk of document.chunks) {
      chunk.vector = vectors.subarray(offset, offset + dimensions);
      offset += dimensions;
    }
  }
  return { change, keys };
}

/**
 * Reads a log: its header, then its records up to the first that is cut short or fails its
 * checksum. `unlock` checks the header and returns the data key of an encrypted log.
 * Undefined when there is no log.
 */
export async function readLog(file: string, unlock: (header: LogHeader) => Promise<Uint8Array | undefined>): Promise<ReadLog | undefined> {
  const handle = await openFile(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!handle) return undefined;
  let bytes: Buffer;
  try {
    // One read for the whole file (readFile reads 512 KB at a time: a trip through the thread pool each), into memory of its own (8-byte aligned).
    bytes = Buffer.allocUnsafeSlow((await handle.stat()).size);
    for (let read = 0; read < bytes.length; ) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) {
        bytes = bytes.subarray(0, read);
        break;
      }
      read += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(magic)) throw corrupt(file, "not a bedrock-kit store log");
  const headerLength = bytes.readUInt32LE(8);
  let header: LogHeader;
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString("utf8")) as LogHeader;
  } catch {
    throw corrupt(file, "its header is not JSON");
  }
  const dataKey = await unlock(header);
  const records: LogRecord[] = [];
  let validLength = align(12 + headerLength);
  for (let offset = validLength; offset + 8 <= bytes.length; ) {
    const length = bytes.readUInt32LE(offset);
    const end = offset + 8 + length;
    if (end > bytes.length || crc32(bytes.subarray(offset + 8, end)) !== bytes.readUInt32LE(offset + 4)) break;
    records.push(decodeRecord(header, bytes.subarray(offset + 8, end), dataKey, file));
    validLength = end;
    offset = align(end);
  }
  return { header, records, validLength, fileLength: bytes.length };
}

/** Writes all the bytes at a position. */
async function writeAll(handle: Awaited<ReturnType<typeof openFile>>, bytes: Uint8Array, position: number): Promise<void> {
  for (let written = 0; written < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/** Appends a record at `position` (the end of the last whole record: a torn tail is cut first) and flushes it. */
export async function appendRecord(file: string, record: Buffer, position: number, fileLength: number): Promise<void> {
  const handle = await openFile(file, "r+");
  try {
    if (fileLength > position) await handle.truncate(position);
    await writeAll(handle, record, position);
    await handle.datasync();
  } finally {
    await handle.close();
  }
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

/** A temporary file name in the folder, with the writer's process ID (see {@link removeAbandonedWrites}). */
export function temporaryName(folder: string, name: string): string {
  return join(folder, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Removes the temporary files of writers that died mid-write (the store itself is whole). */
export async function removeAbandonedWrites(folder: string, names: string[]): Promise<void> {
  for (const name of names) {
    const match = /^\.[\w.-]+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (match && !isRunning(Number(match[1]))) await rm(join(folder, name), { force: true });
  }
}

/** Flushes a folder, so that a rename in it is durable (not possible on every platform). */
export async function syncFolder(folder: string): Promise<void> {
  const directory = await openFile(folder, "r").catch(() => undefined);
  await directory?.sync().catch(() => undefined);
  await directory?.close();
}

/**
 * Writes a whole log (the header, then the documents in records of about 4,096 chunks) to a
 * temporary file, flushes it and renames it over the log: a rewrite is all or nothing.
 * Resolves to the new log's length.
 */
export async function rewriteLog(folder: string, header: LogHeader, documents: { document: StoredDocument; keys: number[] }[], dataKey: Uint8Array | undefined): Promise<number> {
  await mkdir(folder, { recursive: true });
  const temporary = temporaryName(folder, logFileName);
  const handle = await openFile(temporary, "w");
  let position = 0;
  try {
    const write = async (bytes: Buffer): Promise<void> => {
      await writeAll(handle, bytes, position);
      position += bytes.length;
    };
    await write(encodeHeader(header));
    let batch: StoredDocument[] = [];
    let keys: number[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length > 0) await write(encodeRecord(header, { upsert: batch, remove: [] }, keys, dataKey, position));
      batch = [];
      keys = [];
    };
    for (const entry of documents) {
      batch.push(entry.document);
      keys.push(...entry.keys);
      if (keys.length >= 4096) await flush();
    }
    await flush();
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, join(folder, logFileName));
  await syncFolder(folder);
  return position;
}
