/**
 * The file store's first format, `store.bkkb` (one file rewritten on each commit): read
 * once, on the open of a store written by bedrock-kit before the append log. The next
 * commit writes the log and removes this file.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BedrockKitError } from "bedrock-kit";
import { open, type Sealed } from "./encryption.js";
import type { StoredDocument } from "./store.js";

/** The clear header of a `store.bkkb` file. */
export interface LegacyHeader {
  format: 1;
  embeddingModelId: string;
  dimensions: number | undefined;
  encryption?: { algorithm: "AES-256-GCM"; keyId: string; wrappedKey: string; iv: string; tag: string } | undefined;
}

/** A `store.bkkb` file: its header, and a function that decodes its documents (with the data key when encrypted). */
export interface LegacyStore {
  header: LegacyHeader;
  documents(dataKey: Uint8Array | undefined): StoredDocument[];
}

export const legacyFileName = "store.bkkb";
const magic = Buffer.from("BKKB0001", "latin1");

function corrupt(file: string, reason: string): BedrockKitError {
  return new BedrockKitError(`The knowledge-base store at ${file} cannot be read: ${reason}`, { code: "CorruptStore" });
}

/** The authenticated (not secret) part of the header. */
function associatedData(header: LegacyHeader): Buffer {
  return Buffer.from(JSON.stringify([header.format, header.embeddingModelId, header.dimensions ?? null]));
}

/** Documents without vectors as JSON, then every vector as float32, in chunk order. */
function decodeBody(body: Buffer, dimensions: number): StoredDocument[] {
  const jsonLength = body.readUInt32LE(0);
  const documents = JSON.parse(body.subarray(4, 4 + jsonLength).toString("utf8")) as StoredDocument[];
  const padding = (4 - ((4 + jsonLength) % 4)) % 4;
  const start = 4 + jsonLength + padding;
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

/** Reads `store.bkkb` in the folder; undefined when there is none. */
export async function readLegacyStore(folder: string): Promise<LegacyStore | undefined> {
  const file = join(folder, legacyFileName);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!bytes) return undefined;
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(magic)) throw corrupt(file, "not a bedrock-kit store file");
  const headerLength = bytes.readUInt32LE(8);
  let header: LegacyHeader;
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString("utf8")) as LegacyHeader;
  } catch {
    throw corrupt(file, "its header is not JSON");
  }
  const rest = bytes.subarray(12 + headerLength);
  return {
    header,
    documents(dataKey) {
      if (!header.encryption || !dataKey) return decodeBody(rest, header.dimensions ?? 0);
      const sealed: Sealed = { iv: Buffer.from(header.encryption.iv, "base64"), tag: Buffer.from(header.encryption.tag, "base64"), ciphertext: rest };
      return decodeBody(Buffer.from(open(dataKey, sealed, associatedData(header), `the store at ${folder}`)), header.dimensions ?? 0);
    },
  };
}
