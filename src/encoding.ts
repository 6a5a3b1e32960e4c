/** Byte and text helpers shared by adapters and the transport. */

/** Base64 of bytes; a string is taken to be base64 already and returned as it is. */
export function toBase64(data: Uint8Array | string): string {
  if (typeof data === "string") return data;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

const utf8Decoder = new TextDecoder();

/** Parses UTF-8 JSON bytes. Throws a SyntaxError when they are not JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(utf8Decoder.decode(bytes));
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
