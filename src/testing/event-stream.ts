/**
 * AWS event-stream frames as Bedrock sends them on InvokeModelWithResponseStream.
 * Layout: ../shared/design/bedrock-formats.md §2 (prelude, string headers, CRC-32s).
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

const paddingAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function stringHeader(value: string): { type: "string"; value: string } {
  return { type: "string", value };
}

/**
 * A `chunk` event: the payload is `{"bytes": base64(model JSON), "p": padding}`, as
 * Bedrock pads payloads to hide their length. `index` varies the padding deterministically.
 */
export function encodeChunkFrame(modelChunk: unknown, index: number): Uint8Array {
  return encodeChunkText(JSON.stringify(modelChunk), index);
}

/** A `chunk` event whose model JSON is given as text, sent byte for byte (a recorded chunk keeps its `0.0`s). */
export function encodeChunkText(modelJson: string, index: number): Uint8Array {
  return encodeEventFrame("chunk", { bytes: Buffer.from(modelJson, "utf8").toString("base64") }, index);
}

/**
 * An event frame of type `eventType` whose JSON body is `members` plus the padding `p` Bedrock
 * adds to hide payload lengths (InvokeModelWithResponseStream's `chunk`, ConverseStream's and
 * RetrieveAndGenerateStream's events). `index` varies the padding deterministically.
 */
export function encodeEventFrame(eventType: string, members: Record<string, unknown>, index: number): Uint8Array {
  const padding = paddingAlphabet.slice(0, 1 + ((index * 7) % paddingAlphabet.length));
  return codec.encode({
    headers: {
      ":event-type": stringHeader(eventType),
      ":content-type": stringHeader("application/json"),
      ":message-type": stringHeader("event"),
    },
    body: Buffer.from(JSON.stringify({ ...members, p: padding }), "utf8"),
  });
}

/** The exception members of Bedrock's `ResponseStream` union, as sent in `:exception-type`. */
export type StreamExceptionType =
  | "internalServerException"
  | "modelStreamErrorException"
  | "validationException"
  | "throttlingException"
  | "modelTimeoutException"
  | "serviceUnavailableException";

/** An `exception` frame: plain JSON payload `{"message": …}` (plus the model-stream-error members). */
export function encodeExceptionFrame(exceptionType: StreamExceptionType, message: string): Uint8Array {
  const payload: Record<string, unknown> = { message };
  if (exceptionType === "modelStreamErrorException") {
    payload.originalStatusCode = 500;
    payload.originalMessage = message;
  }
  return codec.encode({
    headers: {
      ":exception-type": stringHeader(exceptionType),
      ":content-type": stringHeader("application/json"),
      ":message-type": stringHeader("exception"),
    },
    body: Buffer.from(JSON.stringify(payload), "utf8"),
  });
}

/** A copy of the frame with its message CRC flipped, which every decoder must reject. */
export function corruptCrc(frame: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(frame);
  const last = copy.length - 1;
  copy[last] = (copy[last] ?? 0) ^ 0xff;
  return copy;
}
