import { describe, expect, it } from "vitest";
import { FrameSplitter, decodeFrame } from "../src/transport/event-stream.js";
import { corruptCrc, encodeChunkFrame, encodeExceptionFrame } from "../src/testing/event-stream.js";

// The worked test vector of bedrock-formats.md §2.3 (encoded 2026-11-25 with
// @smithy/eventstream-codec): inner chunk {"type":"message_stop"}, 135 bytes.
const vectorHex =
  "000000870000004b87ea2bf3" +
  Buffer.from(":event-type").length.toString(16).padStart(2, "0") + Buffer.from(":event-type").toString("hex") + "07" + "0005" + Buffer.from("chunk").toString("hex") +
  Buffer.from(":content-type").length.toString(16).padStart(2, "0") + Buffer.from(":content-type").toString("hex") + "07" + "0010" + Buffer.from("application/json").toString("hex") +
  Buffer.from(":message-type").length.toString(16).padStart(2, "0") + Buffer.from(":message-type").toString("hex") + "07" + "0005" + Buffer.from("event").toString("hex") +
  Buffer.from('{"bytes":"eyJ0eXBlIjoibWVzc2FnZV9zdG9wIn0="}').toString("hex") +
  "ba48ab22";
const vector = Uint8Array.from(Buffer.from(vectorHex, "hex"));

describe("event-stream frames", () => {
  it("decodes the documented 135-byte test vector", () => {
    expect(vector.byteLength).toBe(135);
    const frames = new FrameSplitter().push(vector);
    expect(frames).toHaveLength(1);
    const decoded = decodeFrame(frames[0]!);
    expect(decoded.type).toBe("chunk");
    if (decoded.type === "chunk") expect(JSON.parse(Buffer.from(decoded.bytes).toString("utf8"))).toEqual({ type: "message_stop" });
  });

  it("splits frames across reads of any size, without copying whole frames", () => {
    const frames = [0, 1, 2].map((index) => encodeChunkFrame({ type: "content_block_delta", index }, index));
    const bytes = Buffer.concat(frames);
    for (const readSize of [1, 7, 16, 100, bytes.length]) {
      const splitter = new FrameSplitter();
      const out: Uint8Array[] = [];
      for (let offset = 0; offset < bytes.length; offset += readSize) out.push(...splitter.push(bytes.subarray(offset, offset + readSize)));
      splitter.end();
      expect(out.map((frame) => Buffer.from(frame).toString("hex")), `read size ${readSize}`).toEqual(frames.map((frame) => Buffer.from(frame).toString("hex")));
    }
    const whole = new FrameSplitter().push(bytes);
    expect(whole[1]?.buffer).toBe(bytes.buffer);
  });

  it("rejects a flipped CRC, a truncated stream and an impossible length", () => {
    const frame = encodeChunkFrame({ type: "message_stop" }, 0);
    expect(() => decodeFrame(corruptCrc(frame))).toThrow(/checksum/);
    const splitter = new FrameSplitter();
    expect(splitter.push(frame.subarray(0, 20))).toEqual([]);
    expect(() => splitter.end()).toThrow(/Truncated event stream/);
    expect(() => new FrameSplitter().push(Uint8Array.from([0, 0, 0, 3, 0, 0, 0, 0]))).toThrow(/minimum/);
  });

  it("throws an exception frame as the error the SDK would name", () => {
    const frame = encodeExceptionFrame("modelStreamErrorException", "The model stream failed.");
    expect(() => decodeFrame(frame)).toThrow(expect.objectContaining({ name: "ModelStreamErrorException", message: "The model stream failed.", originalStatusCode: 500 }));
    expect(() => decodeFrame(encodeExceptionFrame("throttlingException", "slow down"))).toThrow(expect.objectContaining({ name: "ThrottlingException" }));
  });
});
