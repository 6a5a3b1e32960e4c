import { describe, expect, it } from "vitest";
import { embeddingAdapters } from "../src/adapters/embedding-index.js";
import { imageAdapters } from "../src/adapters/image-index.js";
import { coveredMediaFamilies, describeEmbeddingConformance, describeImageConformance } from "./conformance-media.js";

const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4IScHAAK2AQU0pnWqAAAAAElFTkSuQmCC";
const lighthouse = { prompt: "A lighthouse at dusk, oil painting", negativePrompt: "people", steps: undefined, cfgScale: undefined, quality: undefined } as const;

// One case per family; adding a family adds one call (and its fixtures).
describeEmbeddingConformance({
  modelId: "amazon.titan-embed-text-v1",
  items: [{ text: "Reset the router." }],
  expected: { embeddings: [[0.0123, -0.0456, 0.0789, -0.0012]], inputTokens: 5 },
});
describeEmbeddingConformance({
  modelId: "amazon.titan-embed-text-v2:0",
  items: [{ text: "Reset the router." }],
  options: { dimensions: 256, normalize: true },
  expected: { embeddings: [[0.0123, -0.0456, 0.0789, -0.0012]], inputTokens: 5 },
});
describeEmbeddingConformance({
  modelId: "amazon.titan-embed-image-v1",
  items: [{ text: "A red bicycle.", image: pixel }],
  options: { dimensions: 384 },
  expected: { embeddings: [[0.0311, 0.0027, -0.0145, 0.0098]], inputTokens: 5 },
});
describeEmbeddingConformance({
  modelId: "cohere.embed-english-v3",
  items: [{ text: "Reset the router." }, { text: "Check the fibre link." }],
  options: { inputType: "search_document", truncate: "END" },
  expected: { embeddings: [[0.01, -0.02, 0.03], [0.02, 0.01, -0.04]], inputTokens: undefined },
});
describeEmbeddingConformance({
  modelId: "cohere.embed-v4:0",
  items: [{ text: "hello" }, { text: "world" }],
  options: { inputType: "search_document", dimensions: 256 },
  expected: {
    embeddings: [
      [0.037705604, 0.032946646, 0.006177496, -0.027455537],
      [-0.01435137, -0.037313562, 0.0009148998, 0.002439733],
    ],
    inputTokens: undefined,
  },
});
describeEmbeddingConformance({
  modelId: "amazon.nova-2-multimodal-embeddings-v1:0",
  items: [{ text: "Reset the router." }],
  options: { inputType: "search_query", dimensions: 1024, truncate: "END" },
  expected: { embeddings: [[0.0214, -0.0113, 0.0452, -0.0078]], inputTokens: undefined },
});
describeEmbeddingConformance({
  modelId: "us.twelvelabs.marengo-embed-2-7-v1:0",
  items: [{ text: "A red bicycle." }],
  options: { truncate: "END" },
  expected: { embeddings: [[0.0412, -0.0175, 0.0063, 0.0291]], inputTokens: undefined },
});
describeEmbeddingConformance({
  modelId: "twelvelabs.marengo-embed-3-0-v1:0",
  items: [{ text: "A red bicycle.", image: pixel }],
  expected: { embeddings: [[-0.0227, 0.0139, 0.0508, -0.0044]], inputTokens: undefined },
});

describeImageConformance({
  modelId: "amazon.titan-image-generator-v2:0",
  request: { ...lighthouse, width: 1024, height: 1024, seed: 42, count: 1, cfgScale: 8, quality: "standard" },
  seeds: [undefined],
  filtered: { via: "error", reason: "This request has been blocked by our content filters." },
});
describeImageConformance({
  modelId: "amazon.nova-canvas-v1:0",
  request: { ...lighthouse, width: 1280, height: 720, seed: 12, count: 2, cfgScale: 6.5, quality: "premium" },
  seeds: [undefined, undefined],
  filtered: { via: "error", reason: "This request has been blocked by our content filters because the generated image(s) may conflict with our AUP or AWS Responsible AI Policy." },
});
describeImageConformance({
  modelId: "stability.stable-diffusion-xl-v1",
  request: { ...lighthouse, width: 1024, height: 1024, seed: 123456, count: 1, cfgScale: 7, steps: 30 },
  seeds: [123456],
  filtered: { via: "body", withheld: ["CONTENT_FILTERED"] },
});
describeImageConformance({
  modelId: "stability.sd3-5-large-v1:0",
  request: { ...lighthouse, width: 1344, height: 768, seed: 2130420379, count: 1 },
  seeds: [2130420379],
  filtered: { via: "body", withheld: ["Filter reason: prompt"] },
});

describe("media conformance coverage", () => {
  it("runs for every embedding and image family", () => {
    expect([...coveredMediaFamilies].sort()).toEqual([...embeddingAdapters.keys(), ...imageAdapters.keys()].sort());
  });
});
