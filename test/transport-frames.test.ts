import { crc32 } from "node:zlib";
import { EventStreamCodec, Int64 } from "@smithy/eventstream-codec";
import { describe, expect, it } from "vitest";
import { FrameSplitter, decodeFrame } from "../src/transport/event-stream.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

const chunkBody = (modelChunk: unknown): Uint8Array =>
  Buffer.from(JSON.stringify({ bytes: Buffer.from(JSON.stringify(modelChunk)).toString("base64"), p: "abcdef" }));

describe("bedrock-kit's event-stream header reader", () => {
  it("reads a chunk whose frame also carries headers of every one of the ten types, in any order", () => {
    // Encoded by the SDK's own codec: every header type of bedrock-formats.md §2.2 before and after the three Bedrock sends.
    const frame = codec.encode({
      headers: {
        "x-true": { type: "boolean", value: true },
        "x-false": { type: "boolean", value: false },
        "x-byte": { type: "byte", value: -7 },
        ":message-type": { type: "string", value: "event" },
        "x-short": { type: "short", value: 3000 },
        "x-integer": { type: "integer", value: -70000 },
        "x-long": { type: "long", value: Int64.fromNumber(2 ** 40) },
        ":event-type": { type: "string", value: "chunk" },
        "x-binary": { type: "binary", value: Uint8Array.from([0, 1, 2, 255]) },
        "x-timestamp": { type: "timestamp", value: new Date("2026-11-30T06:00:00Z") },
        "x-uuid": { type: "uuid", value: "123e4567-e89b-12d3-a456-426614174000" },
        ":content-type": { type: "string", value: "application/json" },
        "x-名前": { type: "string", value: "値" },
      },
      body: chunkBody({ type: "message_stop" }),
    });
    const decoded = decodeFrame(frame);
    expect(decoded.type).toBe("chunk");
    if (decoded.type === "chunk") expect(JSON.parse(Buffer.from(decoded.bytes).toString("utf8"))).toEqual({ type: "message_stop" });
  });

  it("ignores events other than chunk and frames without a message type", () => {
    const other = codec.encode({
      headers: { ":message-type": { type: "string", value: "event" }, ":event-type": { type: "string", value: "initial-response" } },
      body: Buffer.from("{}"),
    });
    const bare = codec.encode({ headers: {}, body: new Uint8Array(0) });
    expect([decodeFrame(other), decodeFrame(bare)]).toEqual([{ type: "ignored" }, { type: "ignored" }]);
  });

  it("throws an error frame under its :error-code with its :error-message", () => {
    const frame = codec.encode({
      headers: {
        ":message-type": { type: "string", value: "error" },
        ":error-code": { type: "string", value: "InternalFailure" },
        ":error-message": { type: "string", value: "The stream broke." },
      },
      body: new Uint8Array(0),
    });
    expect(() => decodeFrame(frame)).toThrow(expect.objectContaining({ name: "InternalFailure", message: "The stream broke." }));
  });

  it("rejects a frame whose header section claims more bytes than the frame holds, or an unknown type tag", () => {
    const frame = Buffer.from(codec.encode({ headers: { ":message-type": { type: "string", value: "event" } }, body: chunkBody({}) }));
    const overrun = Buffer.from(frame);
    overrun.writeUInt32BE(frame.byteLength, 4);
    fixCrcs(overrun);
    expect(() => decodeFrame(overrun)).toThrow(/overrun/);
    const unknownTag = Buffer.from(frame);
    unknownTag[12 + 1 + ":message-type".length] = 42;
    fixCrcs(unknownTag);
    expect(() => decodeFrame(unknownTag)).toThrow(/type tag 42/);
  });

  it("splits and decodes frames handed over as plain Uint8Arrays (not Buffers) across odd read sizes", () => {
    const frames = [1, 2, 3].map((index) =>
      codec.encode({
        headers: { ":message-type": { type: "string", value: "event" }, ":event-type": { type: "string", value: "chunk" } },
        body: chunkBody({ index }),
      }),
    );
    const bytes = new Uint8Array(Buffer.concat(frames));
    const splitter = new FrameSplitter();
    const decoded: unknown[] = [];
    for (let offset = 0; offset < bytes.byteLength; offset += 7) {
      for (const frame of splitter.push(bytes.slice(offset, offset + 7))) {
        const result = decodeFrame(frame);
        if (result.type === "chunk") decoded.push(JSON.parse(Buffer.from(result.bytes).toString("utf8")));
      }
    }
    splitter.end();
    expect(decoded).toEqual([{ index: 1 }, { index: 2 }, { index: 3 }]);
  });
});

/** Recomputes both CRCs of an edited frame, so only the edit is wrong. */
function fixCrcs(frame: Buffer): void {
  const prelude = crc32(frame.subarray(0, 8));
  frame.writeUInt32BE(prelude, 8);
  frame.writeUInt32BE(crc32(frame.subarray(8, frame.byteLength - 4), prelude), frame.byteLength - 4);
}
