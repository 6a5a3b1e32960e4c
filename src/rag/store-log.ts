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
import { openBytes, sealToBytes } from "./encryption.js";
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
  encryption?: { algorithm: "AES-256-GCM"; keyId: string; wrappedKey: string } | undefined;
}

/** One decoded record: a commit, with the keys of its new chunks in order. */
export interface LogRecord {
  change: StoreChange;
  keys: Float64Array;
}

/** Where a log's whole records end, and what they hold. */
export interface LogEnd {
  /** The end of the last whole record: where the next one goes. */
  validLength: number;
  fileLength: number;
  /** Chunks added by the records, live or since deleted. */
  chunks: number;
}

/** An open log file: its header, then its records on demand. */
export interface OpenLog {
  header: LogHeader;
  /** At most this many chunks are in the records (each takes at least its key and its vector). */
  maxChunks: number;
  /** The file's inode number: a rewrite (a new file renamed over the log) changes it. */
  fileId: number;
  /**
   * Reads the records in order, up to the first that is cut short or fails its checksum,
   * handing each to `onRecord` (its vectors are views of a buffer the next record reuses:
   * copy them before returning). Closes the file.
   */
  readRecords(dataKey: Uint8Array | undefined, onRecord: (record: LogRecord) => void): Promise<LogEnd>;
  close(): Promise<void>;
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
function encodeHeader(header: LogHeader): Buffer {
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
    payload = sealToBytes(dataKey, plain, associatedData(header));
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
    const opened = openBytes(dataKey!, plain, associatedData(header), `the store at ${file}`);
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

/** Reads exactly `length` bytes at a position into the start of the buffer (fewer at the end of the file); resolves to the count. */
async function readAt(handle: Awaited<ReturnType<typeof openFile>>, buffer: Buffer, length: number, position: number): Promise<number> {
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read;
}

/**
 * Opens a log and reads its header; undefined when there is no log. The records are read
 * one at a time into one reused buffer (memory of its own, so 8-byte aligned): opening a
 * store touches the memory of its biggest record, not of the whole file, besides the index.
 */
export async function openLog(file: string): Promise<OpenLog | undefined> {
  const handle = await openFile(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!handle) return undefined;
  try {
    const { size: fileLength, ino: fileId } = await handle.stat();
    let buffer = Buffer.allocUnsafeSlow(Math.min(fileLength, 1 << 20));
    const start = await readAt(handle, buffer, Math.min(12, fileLength), 0);
    if (start < 12 || !buffer.subarray(0, 8).equals(magic)) throw corrupt(file, "not a bedrock-kit store log");
    const headerLength = buffer.readUInt32LE(8);
    if (12 + headerLength > fileLength) throw corrupt(file, "its header is cut short");
    if (headerLength > buffer.length) buffer = Buffer.allocUnsafeSlow(headerLength);
    await readAt(handle, buffer, headerLength, 12);
    let header: LogHeader;
    try {
      header = JSON.parse(buffer.subarray(0, headerLength).toString("utf8")) as LogHeader;
    } catch {
      throw corrupt(file, "its header is not JSON");
    }
    const recordsAt = align(12 + headerLength);
    return {
      header,
      fileId,
      maxChunks: header.dimensions ? Math.floor((fileLength - recordsAt) / (8 + 4 * header.dimensions)) : 0,
      async readRecords(dataKey, onRecord) {
        try {
          let validLength = recordsAt;
          let chunks = 0;
          const frame = Buffer.alloc(8);
          for (let offset = validLength; offset + 8 <= fileLength; ) {
            await readAt(handle, frame, 8, offset);
            const length = frame.readUInt32LE(0);
            const end = offset + 8 + length;
            if (end > fileLength) break;
            if (length > buffer.length) buffer = Buffer.allocUnsafeSlow(length);
            const payload = buffer.subarray(0, await readAt(handle, buffer, length, offset + 8));
            if (payload.length < length || crc32(payload) !== frame.readUInt32LE(4)) break;
            const record = decodeRecord(header, payload, dataKey, file);
            chunks += record.keys.length;
            onRecord(record);
            validLength = end;
            offset = align(end);
          }
          return { validLength, fileLength, chunks };
        } finally {
          await handle.close();
        }
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
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

/** True while a process with this ID runs on this host (signal 0 only checks). */
export function isRunning(pid: number): boolean {
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
