/**
 * Reads Bedrock's AWS event-stream response body: splits frames out of socket reads
 * (a frame is a view into the read that holds it; bytes are copied only when a frame
 * spans two reads), checks both CRCs, and turns each frame into a chunk's model bytes
 * or the exception it carries. Layout: ../shared/design/bedrock-formats.md §2 (from
 * `@smithy/core` `event-streams` `splitMessage.js` and `HeaderMarshaller.js`, read
 * 2026-11-25). Decoded here rather than with `EventStreamCodec.decode`, which builds an
 * object and a view per header and decodes every header string through a new Buffer:
 * the headers are read in place, strings sliced straight from the frame.
 */
import * as zlib from "node:zlib";

/** The smallest frame: prelude (12 bytes) and message CRC (4). */
const minimumFrameLength = 16;
const preludeLength = 8;
const checksumLength = 4;

/** What one frame carried. */
export type StreamFrame = { type: "chunk"; bytes: Uint8Array } | { type: "ignored" };

/** The SDK's names for the exception members of Bedrock's `ResponseStream` union. */
const exceptionNames: Record<string, string> = {
  internalServerException: "InternalServerException",
  modelStreamErrorException: "ModelStreamErrorException",
  validationException: "ValidationException",
  throttlingException: "ThrottlingException",
  modelTimeoutException: "ModelTimeoutException",
  serviceUnavailableException: "ServiceUnavailableException",
};

/** Byte sizes of the fixed-size header values, by type tag (bedrock-formats.md §2.2); 6 and 7 carry a uint16 length. */
const fixedValueLengths: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };
const byteArrayTag = 6;
const stringTag = 7;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Splits a byte stream into whole frames. */
export class FrameSplitter {
  #pending: Buffer | undefined;

  /** The whole frames completed by `bytes`, in order. */
  push(bytes: Uint8Array): Uint8Array[] {
    const buffer = this.#pending ? Buffer.concat([this.#pending, bytes]) : asBuffer(bytes);
    this.#pending = undefined;
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (buffer.byteLength - offset >= 4) {
      const length = buffer.readUInt32BE(offset);
      if (length < minimumFrameLength) {
        throw new Error(`Event stream frame reports ${length} bytes, less than the ${minimumFrameLength}-byte minimum`);
      }
      if (buffer.byteLength - offset < length) break;
      frames.push(buffer.subarray(offset, offset + length));
      offset += length;
    }
    if (offset < buffer.byteLength) this.#pending = Buffer.from(buffer.subarray(offset));
    return frames;
  }

  /** Throws when the stream ended in the middle of a frame. */
  end(): void {
    if (this.#pending) {
      throw new Error(`Truncated event stream: it ended ${this.#pending.byteLength} bytes into a frame`);
    }
  }
}

/** The headers bedrock-kit reads; every other header is skipped. */
interface FrameHeaders {
  messageType: string | undefined;
  eventType: string | undefined;
  exceptionType: string | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

type Crc32 = (bytes: Uint8Array, value: number) => number;

/** CRC-32 (IEEE) lookup table for runtimes without `zlib.crc32`. */
function crcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
}

function tableCrc32(table: Uint32Array): Crc32 {
  return (bytes, value) => {
    let crc = ~value;
    for (const byte of bytes) crc = (crc >>> 8) ^ (table[(crc ^ byte) & 0xff] as number);
    return ~crc >>> 0;
  };
}

/**
 * CRC-32 continuing from `value` (0 to start): zlib's own where Node has it (20.15 and later),
 * a table otherwise. Not `@smithy/core/checksum`: importing that CommonJS module from ESM
 * costs a scan of the whole file at start-up.
 */
const crc32: Crc32 = (zlib as { crc32?: Crc32 }).crc32 ?? tableCrc32(crcTable());

/** Checks length and both CRCs, as the SDK's `splitMessage` does (same messages, which errors.ts matches). */
function checkFrame(frame: Buffer): void {
  if (frame.byteLength < minimumFrameLength) {
    throw new Error("Provided message too short to accommodate event stream message overhead");
  }
  if (frame.readUInt32BE(0) !== frame.byteLength) {
    throw new Error("Reported message length does not match received message length");
  }
  const preludeChecksum = crc32(frame.subarray(0, preludeLength), 0);
  const expectedPrelude = frame.readUInt32BE(preludeLength);
  if (preludeChecksum !== expectedPrelude) {
    throw new Error(`The prelude checksum specified in the message (${expectedPrelude}) does not match the calculated CRC32 checksum (${preludeChecksum})`);
  }
  const messageChecksum = crc32(frame.subarray(preludeLength, frame.byteLength - checksumLength), preludeChecksum);
  const expectedMessage = frame.readUInt32BE(frame.byteLength - checksumLength);
  if (messageChecksum !== expectedMessage) {
    throw new Error(`The message checksum (${messageChecksum}) did not match the expected value of ${expectedMessage}`);
  }
}

function readHeaders(frame: Buffer, start: number, end: number): FrameHeaders {
  const headers: FrameHeaders = { messageType: undefined, eventType: undefined, exceptionType: undefined, errorCode: undefined, errorMessage: undefined };
  let position = start;
  while (position < end) {
    const nameLength = frame[position] as number;
    const name = frame.toString("utf8", position + 1, position + 1 + nameLength);
    position += 1 + nameLength;
    const tag = frame[position] as number;
    position += 1;
    if (tag === stringTag || tag === byteArrayTag) {
      const valueLength = frame.readUInt16BE(position);
      position += 2;
      if (tag === stringTag) {
        const value = frame.toString("utf8", position, position + valueLength);
        if (name === ":message-type") headers.messageType = value;
        else if (name === ":event-type") headers.eventType = value;
        else if (name === ":exception-type") headers.exceptionType = value;
        else if (name === ":error-code") headers.errorCode = value;
        else if (name === ":error-message") headers.errorMessage = value;
      }
      position += valueLength;
      continue;
    }
    const valueLength = fixedValueLengths[tag];
    if (valueLength === undefined) throw new Error(`Unrecognized event stream header type tag ${tag}`);
    position += valueLength;
  }
  if (position !== end) throw new Error("Event stream headers overrun their section");
  return headers;
}

/** An error shaped like the AWS SDK's modelled exceptions, so one mapping serves both. */
function exceptionError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

/**
 * Decodes one frame (checking its prelude and message CRCs). A `chunk` event yields the
 * model's JSON bytes (its `bytes` member, base64-decoded); an exception frame throws an
 * error named as the SDK names it (e.g. `ModelStreamErrorException`); anything else is ignored.
 */
export function decodeFrame(bytes: Uint8Array): StreamFrame {
  const frame = asBuffer(bytes);
  checkFrame(frame);
  const headersStart = preludeLength + checksumLength;
  const payloadStart = headersStart + frame.readUInt32BE(4);
  const payloadEnd = frame.byteLength - checksumLength;
  if (payloadStart > payloadEnd) throw new Error("Event stream headers overrun their section");
  const headers = readHeaders(frame, headersStart, payloadStart);
  if (headers.messageType === "event") {
    if (headers.eventType !== "chunk") return { type: "ignored" };
    const payload = JSON.parse(frame.toString("utf8", payloadStart, payloadEnd)) as { bytes?: unknown };
    if (typeof payload.bytes !== "string") throw new Error("A chunk event has no bytes member");
    return { type: "chunk", bytes: Buffer.from(payload.bytes, "base64") };
  }
  if (headers.messageType === "exception") {
    const type = headers.exceptionType ?? "unknownException";
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(frame.toString("utf8", payloadStart, payloadEnd)) as Record<string, unknown>;
    } catch {
      // An exception without a JSON payload still ends the stream with its type.
    }
    const { message, ...extra } = payload;
    throw exceptionError(exceptionNames[type] ?? type, typeof message === "string" ? message : type, extra);
  }
  if (headers.messageType === "error") {
    throw exceptionError(headers.errorCode ?? "EventStreamError", headers.errorMessage ?? "");
  }
  return { type: "ignored" };
}
