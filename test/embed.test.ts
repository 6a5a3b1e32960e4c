import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddingError, ValidationError, createClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 } });
});
afterAll(() => bedrock.close());

function cosine(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let dot = 0;
  let leftLength = 0;
  let rightLength = 0;
  for (let index = 0; index < left.length; index++) {
    dot += left[index]! * right[index]!;
    leftLength += left[index]! ** 2;
    rightLength += right[index]! ** 2;
  }
  return dot / Math.sqrt(leftLength * rightLength);
}

describe("fm.embed", () => {
  it("sends Titan V2 one text per request with dimensions, and keeps the texts' order", async () => {
    const texts = ["Reset the router.", "The fibre link to the site is down.", "Reset the router and the modem."];
    const result = await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts, dimensions: 256 });
    const sent = bedrock.requests.slice(-3);
    expect(sent.map((request) => request.body)).toEqual(texts.map((inputText) => ({ inputText, dimensions: 256 })));
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings.every((vector) => vector.length === 256)).toBe(true);
    expect(Math.hypot(...result.embeddings[0]!)).toBeCloseTo(1, 5);
    // Texts that share words are closer.
    expect(cosine(result.embeddings[0]!, result.embeddings[2]!)).toBeGreaterThan(cosine(result.embeddings[0]!, result.embeddings[1]!));
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    // Titan Text Embeddings V2: $0.00002 per 1K input tokens.
    expect(result.cost?.totalUsd).toBeCloseTo((result.usage.inputTokens * 0.00002) / 1000, 15);
    expect(result.requests).toBe(3);
  });

  it("sends 1,000 texts to Cohere as 11 requests of at most 96, under the concurrency limit", async () => {
    const server = await startLocalBedrock();
    try {
      const client = createClient(server.clientOptions);
      server.addFault({ type: "delay", ms: 20, times: Infinity });
      const texts = Array.from({ length: 1_000 }, (_, index) => `ticket ${index} about the router`);
      const result = await client.embed({ modelId: "cohere.embed-english-v3", texts, inputType: "search_document", concurrency: 3, float32: true });
      expect(server.requests).toHaveLength(11);
      expect(server.requests.map((request) => (request.body as { texts: string[] }).texts.length)).toEqual([...Array(10).fill(96), 40]);
      expect(server.requests.every((request) => (request.body as { input_type: string }).input_type === "search_document")).toBe(true);
      expect(server.peakConcurrentRequests).toBeLessThanOrEqual(3);
      expect(server.peakConcurrentRequests).toBeGreaterThan(1);
      expect(result.embeddings).toHaveLength(1_000);
      expect(result.embeddings[0]).toBeInstanceOf(Float32Array);
      const single = await client.embed({ modelId: "cohere.embed-english-v3", texts: [texts[500]!] });
      expect(Array.from(result.embeddings[500]!)).toEqual(single.embeddings[0]!.map((value) => Math.fround(value)));
    } finally {
      await server.close();
    }
  });

  it("reports which texts failed and keeps the vectors that were made", async () => {
    const client = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
    const texts = ["one", "two", "three"];
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "bad text" });
    const error = await client.embed({ modelId: "amazon.titan-embed-text-v1", texts, concurrency: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    const embeddingError = error as EmbeddingError;
    expect(embeddingError.failedIndexes).toEqual([0]);
    expect(embeddingError.embeddings[0]).toBeUndefined();
    expect(embeddingError.embeddings[1]).toHaveLength(1536);
    expect(embeddingError.embeddings[2]).toHaveLength(1536);
  });

  it("refuses bad input before any request", async () => {
    const before = bedrock.requests.length;
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["x"], dimensions: 300 })).rejects.toThrow("1024, 512, 256");
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(fm.embed({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", texts: ["x"] })).rejects.toThrow(/not one fm.embed serves/);
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("Titan Multimodal Embeddings", () => {
  it("embeds images alone and text-and-image pairs, priced per token and per image", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const images = await fm.embed({ modelId: "amazon.titan-embed-image-v1", images: [png, "iVBORw0KGgo="], dimensions: 384 });
    expect(bedrock.requests.slice(-2).map((request) => request.body)).toEqual([
      { inputImage: Buffer.from(png).toString("base64"), embeddingConfig: { outputEmbeddingLength: 384 } },
      { inputImage: "iVBORw0KGgo=", embeddingConfig: { outputEmbeddingLength: 384 } },
    ]);
    expect(images.embeddings.map((vector) => vector.length)).toEqual([384, 384]);
    expect(images.cost?.totalUsd).toBeCloseTo(2 * 0.00006, 15);
    const pairs = await fm.embed({ modelId: "amazon.titan-embed-image-v1", texts: ["a rack"], images: [png] });
    expect(bedrock.requests.at(-1)?.body).toEqual({ inputText: "a rack", inputImage: Buffer.from(png).toString("base64") });
    expect(pairs.cost?.totalUsd).toBeCloseTo((pairs.usage.inputTokens * 0.0008) / 1000 + 0.00006, 15);
    await expect(fm.embed({ modelId: "amazon.titan-embed-image-v1", texts: ["a", "b"], images: [png] })).rejects.toThrow(/one image per text/);
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", images: [png] })).rejects.toThrow(/embeds texts only/);
  });
});

describe("fm.embed with many requests in flight", () => {
  it("runs 64 batches at once without a MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const result = await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: Array.from({ length: 200 }, (_, index) => `text ${index}`), concurrency: 64 });
      expect(result.embeddings).toHaveLength(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain("MaxListenersExceededWarning");
  });
});
