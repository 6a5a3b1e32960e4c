/**
 * Reads Bedrock's AWS event-stream response body: splits frames out of socket reads
 * (a frame is a view into the read that holds it; bytes are copied only when a frame
 * spans two reads), checks both CRCs, and turns each frame into a chunk's model bytes
 * or the exception it carries. Layout: ../shared/design/bedrock-formats.md §2.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

/** The smallest frame: prelude (12 bytes) and message CRC (4). */
const minimumFrameLength = 16;

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

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(left.byteLength + right.byteLength);
  joined.set(left, 0);
  joined.set(right, left.byteLength);
  return joined;
}

function frameLength(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

/** Splits a byte stream into whole frames. */
export class FrameSplitter {
  #pending: Uint8Array | undefined;

  /** The whole frames completed by `bytes`, in order. */
  push(bytes: Uint8Array): Uint8Array[] {
    const buffer = this.#pending ? concat(this.#pending, bytes) : bytes;
    this.#pending = undefined;
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (buffer.byteLength - offset >= 4) {
      const length = frameLength(buffer, offset);
      if (length < minimumFrameLength) {
        throw new Error(`Event stream frame reports ${length} bytes, less than the ${minimumFrameLength}-byte minimum`);
      }
      if (buffer.byteLength - offset < length) break;
      frames.push(buffer.subarray(offset, offset + length));
      offset += length;
    }
    if (offset < buffer.byteLength) this.#pending = buffer.slice(offset);
    return frames;
  }

  /** Throws when the stream ended in the middle of a frame. */
  end(): void {
    if (this.#pending) {
      throw new Error(`Truncated event stream: it ended ${this.#pending.byteLength} bytes into a frame`);
    }
  }
}

function headerString(headers: Record<string, { value: unknown }>, name: string): string | undefined {
  const value = headers[name]?.value;
  return typeof value === "string" ? value : undefined;
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
export function decodeFrame(frame: Uint8Array): StreamFrame {
  const { headers, body } = codec.decode(frame);
  const messageType = headerString(headers, ":message-type");
  if (messageType === "event") {
    if (headerString(headers, ":event-type") !== "chunk") return { type: "ignored" };
    const payload = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")) as { bytes?: unknown };
    if (typeof payload.bytes !== "string") throw new Error("A chunk event has no bytes member");
    return { type: "chunk", bytes: Buffer.from(payload.bytes, "base64") };
  }
  if (messageType === "exception") {
    const type = headerString(headers, ":exception-type") ?? "unknownException";
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")) as Record<string, unknown>;
    } catch {
      // An exception without a JSON payload still ends the stream with its type.
    }
    const { message, ...extra } = payload;
    throw exceptionError(exceptionNames[type] ?? type, typeof message === "string" ? message : type, extra);
  }
  if (messageType === "error") {
    throw exceptionError(headerString(headers, ":error-code") ?? "EventStreamError", headerString(headers, ":error-message") ?? "");
  }
  return { type: "ignored" };
}
