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

describe("Cohere Embed v4", () => {
  it("sends texts in requests of 96 with output_dimension and float types, priced per token", async () => {
    const server = await startLocalBedrock();
    try {
      const client = createClient(server.clientOptions);
      const texts = Array.from({ length: 200 }, (_, index) => `ticket ${index} about the router`);
      const result = await client.embed({ modelId: "cohere.embed-v4:0", texts, dimensions: 512, inputType: "search_query", truncate: "END", maxTokens: 512 });
      expect(server.requests.map((request) => (request.body as { texts: string[] }).texts.length)).toEqual([96, 96, 8]);
      expect(server.requests[2]?.body).toEqual({ input_type: "search_query", texts: texts.slice(192), embedding_types: ["float"], output_dimension: 512, max_tokens: 512, truncate: "RIGHT" });
      expect(result.embeddings).toHaveLength(200);
      expect(result.embeddings.every((vector) => vector.length === 512)).toBe(true);
      expect(result.warnings).toEqual([]);
      // Cohere Embed v4: $0.00012 per 1K input tokens.
      expect(result.cost?.totalUsd).toBeCloseTo((result.usage.inputTokens * 0.00012) / 1000, 15);
    } finally {
      await server.close();
    }
  });

  it("embeds images as data URLs and text-and-image pairs as inputs, 1,536 values by default", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString("base64");
    const images = await fm.embed({ modelId: "cohere.embed-v4:0", images: [png, jpeg] });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      input_type: "search_document",
      images: [`data:image/png;base64,${Buffer.from(png).toString("base64")}`, `data:image/jpeg;base64,${jpeg}`],
      embedding_types: ["float"],
    });
    expect(images.embeddings.map((vector) => vector.length)).toEqual([1536, 1536]);
    // No per-image price was read for Cohere v4, so a call with images has no cost, and says why.
    expect(images.cost).toBeUndefined();
    expect(images.warnings.map((warning) => warning.message).join(" ")).toMatch(/per-image price/);
    await fm.embed({ modelId: "cohere.embed-v4:0", texts: ["a rack"], images: [png] });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      input_type: "search_document",
      inputs: [{ content: [{ type: "text", text: "a rack" }, { type: "image_url", image_url: `data:image/png;base64,${Buffer.from(png).toString("base64")}` }] }],
      embedding_types: ["float"],
    });
  });
});

describe("Nova Multimodal Embeddings", () => {
  const modelId = "amazon.nova-2-multimodal-embeddings-v1:0";

  it("sends one SINGLE_EMBEDDING request per text, GENERIC_INDEX and 3,072 values by default", async () => {
    const result = await fm.embed({ modelId, texts: ["Reset the router.", "The fibre link is down."] });
    expect(bedrock.requests.slice(-2).map((request) => request.body)).toEqual(
      ["Reset the router.", "The fibre link is down."].map((value) => ({
        schemaVersion: "nova-multimodal-embed-v1",
        taskType: "SINGLE_EMBEDDING",
        singleEmbeddingParams: { embeddingPurpose: "GENERIC_INDEX", text: { truncationMode: "NONE", value } },
      })),
    );
    expect(result.embeddings.map((vector) => vector.length)).toEqual([3072, 3072]);
    expect(result.requests).toBe(2);
    // Nova Multimodal Embeddings: $0.000135 per 1K input tokens.
    expect(result.cost?.totalUsd).toBeCloseTo((result.usage.inputTokens * 0.000135) / 1000, 15);
  });

  it("maps inputType to the embedding purpose, takes dimensions and truncate, and lets native pick a narrower purpose", async () => {
    await fm.embed({ modelId, texts: ["router down?"], inputType: "search_query", dimensions: 256, truncate: "START" });
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ singleEmbeddingParams: { embeddingPurpose: "GENERIC_RETRIEVAL", embeddingDimension: 256, text: { truncationMode: "START" } } });
    const result = await fm.embed({ modelId, texts: ["router down?"], dimensions: 384, native: { singleEmbeddingParams: { embeddingPurpose: "TEXT_RETRIEVAL" } } });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      schemaVersion: "nova-multimodal-embed-v1",
      taskType: "SINGLE_EMBEDDING",
      singleEmbeddingParams: { embeddingPurpose: "TEXT_RETRIEVAL", embeddingDimension: 384, text: { truncationMode: "NONE", value: "router down?" } },
    });
    expect(result.embeddings[0]).toHaveLength(384);
  });

  it("embeds an image with its format read from its bytes; texts and images meet in one vector space", async () => {
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00", "latin1");
    const result = await fm.embed({ modelId, images: [new Uint8Array(gif)], dimensions: 1024 });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      schemaVersion: "nova-multimodal-embed-v1",
      taskType: "SINGLE_EMBEDDING",
      singleEmbeddingParams: { embeddingPurpose: "GENERIC_INDEX", embeddingDimension: 1024, image: { format: "gif", source: { bytes: gif.toString("base64") } } },
    });
    expect(result.embeddings[0]).toHaveLength(1024);
  });
});

describe("embedding inputs a model cannot take", () => {
  it("are ValidationErrors before the network, naming the field and what the model takes", async () => {
    const before = bedrock.requests.length;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const refused = async (request: Parameters<typeof fm.embed>[0]): Promise<ValidationError> => {
      const error = await fm.embed(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      return error as ValidationError;
    };
    const dimension = await refused({ modelId: "amazon.nova-2-multimodal-embeddings-v1:0", texts: ["x"], dimensions: 512 });
    expect(dimension.field).toBe("dimensions");
    expect(dimension.message).toContain("3072, 1024, 384, 256");
    expect((await refused({ modelId: "cohere.embed-v4:0", texts: ["x"], dimensions: 3072 })).message).toContain("1536, 1024, 512, 256");
    const image = await refused({ modelId: "cohere.embed-english-v3", images: [png] });
    expect(image.field).toBe("images");
    expect(image.message).toContain("cohere.embed-v4:0");
    expect(image.message).toContain("amazon.nova-2-multimodal-embeddings-v1:0");
    const pair = await refused({ modelId: "amazon.nova-2-multimodal-embeddings-v1:0", texts: ["a rack"], images: [png] });
    expect(pair.field).toBe("images");
    const long = await refused({ modelId: "amazon.nova-2-multimodal-embeddings-v1:0", texts: ["short", "x".repeat(8_193)] });
    expect(long.field).toBe("texts[1]");
    expect(long.message).toContain("8192");
    expect((await refused({ modelId: "cohere.embed-v4:0", texts: ["x"], maxTokens: 200_000 })).field).toBe("maxTokens");
    expect((await refused({ modelId: "cohere.embed-v4:0", texts: ["x"], native: [] as unknown as Record<string, unknown> })).field).toBe("native");
    expect(bedrock.requests.length).toBe(before);
  });

  it("warns about maxTokens where the model has none", async () => {
    const result = await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["x"], maxTokens: 100 });
    expect(result.warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "maxTokens" })]);
  });
});

describe("TwelveLabs Marengo Embed", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it("2.7: refuses the bare ID before the network, naming the profile; through it, embeds a text or an image per request", async () => {
    const before = bedrock.requests.length;
    await expect(fm.embed({ modelId: "twelvelabs.marengo-embed-2-7-v1:0", texts: ["a red bicycle"] })).rejects.toThrow(/us\.twelvelabs\.marengo-embed-2-7-v1:0/);
    expect(bedrock.requests.length).toBe(before);
    const texts = await fm.embed({ modelId: "us.twelvelabs.marengo-embed-2-7-v1:0", texts: ["a red bicycle", "a blue car"], truncate: "NONE" });
    expect(bedrock.requests.slice(-2).map((request) => request.body)).toEqual([
      { inputType: "text", inputText: "a red bicycle", textTruncate: "none" },
      { inputType: "text", inputText: "a blue car", textTruncate: "none" },
    ]);
    expect(texts.embeddings.map((vector) => vector.length)).toEqual([1024, 1024]);
    await fm.embed({ modelId: "us.twelvelabs.marengo-embed-2-7-v1:0", images: [png] });
    expect(bedrock.requests.at(-1)?.body).toEqual({ inputType: "image", mediaSource: { base64String: Buffer.from(png).toString("base64") } });
    await expect(fm.embed({ modelId: "us.twelvelabs.marengo-embed-2-7-v1:0", texts: ["x"], images: [png] })).rejects.toBeInstanceOf(ValidationError);
    const warned = await fm.embed({ modelId: "us.twelvelabs.marengo-embed-2-7-v1:0", texts: ["x"], truncate: "START", inputType: "search_query" });
    expect(warned.warnings.map((warning) => warning.feature).sort()).toEqual(["cost", "inputType", "truncate"]);
    // No Marengo price was read: no cost, and the "cost" warning says so.
    expect(warned.cost).toBeUndefined();
  });

  it("3.0: nests the input under its type, text-and-image pairs included, 512 values", async () => {
    const result = await fm.embed({ modelId: "twelvelabs.marengo-embed-3-0-v1:0", texts: ["a red bicycle"], images: [png] });
    expect(bedrock.requests.at(-1)?.body).toEqual({ inputType: "text_image", text_image: { inputText: "a red bicycle", mediaSource: { base64String: Buffer.from(png).toString("base64") } } });
    expect(result.embeddings[0]).toHaveLength(512);
    await fm.embed({ modelId: "twelvelabs.marengo-embed-3-0-v1:0", texts: ["a red bicycle"] });
    expect(bedrock.requests.at(-1)?.body).toEqual({ inputType: "text", text: { inputText: "a red bicycle" } });
    await expect(fm.embed({ modelId: "twelvelabs.marengo-embed-3-0-v1:0", texts: ["x"], dimensions: 1024 })).rejects.toThrow(/512/);
  });
});
