import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { StreamError, createClient, type BedrockKitClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku } from "./helpers.js";

// Node before 20.15 has no zlib.crc32: bedrock-kit's event-stream reader then checks CRCs with its own table.
vi.mock("node:zlib", async (importOriginal) => ({ ...(await importOriginal<typeof import("node:zlib")>()), crc32: undefined }));

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
});
afterAll(() => bedrock.close());

describe("event-stream CRCs on a Node without zlib.crc32", () => {
  it("streams a whole answer, and still rejects a frame with a flipped CRC", async () => {
    const zlib = await import("node:zlib");
    expect((zlib as { crc32?: unknown }).crc32).toBeUndefined();
    const result = await fm.stream({ modelId: haiku, prompt: "Check every frame." }).result;
    const invoked = await fm.invoke({ modelId: haiku, prompt: "Check every frame." });
    expect(result.text).toBe(invoked.text);
    bedrock.addFault({ type: "corrupt-crc", afterChunks: 5, operation: "stream" });
    const error = await fm.stream({ modelId: haiku, prompt: "Check every frame." }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).partial.text.length).toBeGreaterThan(0);
    expect((error as StreamError).message).toMatch(/corrupt.*checksum/);
  });
});
