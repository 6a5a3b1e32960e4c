import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentFilteredError, ValidationError, createClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ ...bedrock.clientOptions, region: "us-east-1" });
});
afterAll(() => bedrock.close());

/** Width and height from a PNG's IHDR, after checking the signature and decompressing its pixels. */
function readPng(bytes: Uint8Array): { width: number; height: number } {
  const buffer = Buffer.from(bytes);
  expect(buffer.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(buffer.subarray(12, 16).toString("latin1")).toBe("IHDR");
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const idat = buffer.indexOf("IDAT", 0, "latin1");
  const length = buffer.readUInt32BE(idat - 4);
  expect(inflateSync(buffer.subarray(idat + 4, idat + 4 + length)).length).toBe(height * (1 + width * 3));
  return { width, height };
}

describe("fm.generateImage", () => {
  it("asks Nova Canvas for TEXT_IMAGE and returns real PNGs, priced per image", async () => {
    const result = await fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: "A fibre cabinet at dusk", negativePrompt: "people", width: 512, height: 320, seed: 7, count: 2 });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      taskType: "TEXT_IMAGE",
      textToImageParams: { text: "A fibre cabinet at dusk", negativeText: "people" },
      imageGenerationConfig: { numberOfImages: 2, width: 512, height: 320, seed: 7 },
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) expect(readPng(image)).toEqual({ width: 512, height: 320 });
    expect(Buffer.from(result.images[0]!).equals(Buffer.from(result.images[1]!))).toBe(false);
    expect(result.cost).toEqual({ inputUsd: 0, outputUsd: 0.08, totalUsd: 0.08 });
  });

  it("sends SD3.5 Large and the v1:1 Stable Image models SD3's body, each priced per image", async () => {
    const prices: Record<string, number> = { "stability.sd3-5-large-v1:0": 0.065, "stability.stable-image-core-v1:1": 0.04, "stability.stable-image-ultra-v1:1": 0.08 };
    for (const [modelId, price] of Object.entries(prices)) {
      const result = await fm.generateImage({ modelId, prompt: "A lighthouse", width: 1344, height: 768, seed: 5 });
      expect(bedrock.requests.at(-1)?.body).toEqual({ prompt: "A lighthouse", aspect_ratio: "16:9", output_format: "png", seed: 5 });
      expect(readPng(result.images[0]!)).toEqual({ width: 1344, height: 768 });
      expect(result.seeds).toEqual([5]);
      expect(result.cost?.totalUsd).toBeCloseTo(price, 12);
      expect(result.warnings.map((warning) => warning.type)).not.toContain("estimated");
    }
  });

  it("makes several SDXL images one request each, with its sizes and seeds", async () => {
    const before = bedrock.requests.length;
    const result = await fm.generateImage({ modelId: "stability.stable-diffusion-xl-v1", prompt: "A router", width: 1152, height: 896, seed: 10, count: 2, steps: 30 });
    expect(bedrock.requests.length - before).toBe(2);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ text_prompts: [{ text: "A router", weight: 1 }], width: 1152, height: 896, seed: 11, steps: 30 });
    expect(result.seeds).toEqual([10, 11]);
    expect(readPng(result.images[0]!)).toEqual({ width: 1152, height: 896 });
  });

  it("maps Stable Image sizes to aspect ratios and refuses other sizes before the network", async () => {
    const result = await fm.generateImage({ modelId: "stability.stable-image-core-v1:0", prompt: "A network map", width: 1344, height: 768 });
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ prompt: "A network map", aspect_ratio: "16:9", output_format: "png" });
    expect(readPng(result.images[0]!)).toEqual({ width: 1344, height: 768 });
    const before = bedrock.requests.length;
    await expect(fm.generateImage({ modelId: "stability.stable-diffusion-xl-v1", prompt: "x", width: 800, height: 600 })).rejects.toThrow(/1024x1024, 1152x896/);
    await expect(fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: "x", width: 300, height: 300 })).rejects.toBeInstanceOf(ValidationError);
    expect(bedrock.requests.length).toBe(before);
  });

  it("turns filtered answers into ContentFilteredError, for each family's way of reporting them", async () => {
    for (const modelId of ["stability.stable-image-ultra-v1:0", "stability.stable-diffusion-xl-v1", "amazon.nova-canvas-v1:0"]) {
      const error = await fm.generateImage({ modelId, prompt: "FILTER-ME please" }).catch((caught: unknown) => caught);
      expect(error, modelId).toBeInstanceOf(ContentFilteredError);
      expect((error as ContentFilteredError).reasons.length).toBeGreaterThan(0);
    }
  });

  it("gives Titan Image no cost rather than a guess", async () => {
    const result = await fm.generateImage({ modelId: "amazon.titan-image-generator-v1", prompt: "A cable tray", width: 512, height: 512 });
    expect(result.cost).toBeUndefined();
    expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "cost" }));
  });
});
