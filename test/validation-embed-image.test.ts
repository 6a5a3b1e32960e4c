import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient, type EmbedRequest, type ImageRequest } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const titanV2 = "amazon.titan-embed-text-v2:0";
const cohere = "cohere.embed-english-v3";
const titanImage = "amazon.titan-image-generator-v1";
const canvas = "amazon.nova-canvas-v1:0";
const sdxl = "stability.stable-diffusion-xl-v1";
const core = "stability.stable-image-core-v1:0";

/** Checks the error names the field (and `allowed`, when given), never the prompt, and that nothing was sent. */
async function expectRefused(call: Promise<unknown>, field: string, allowed?: string): Promise<void> {
  const before = bedrock.requests.length;
  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toBe(field);
  expect((error as Error).message).toContain(field);
  if (allowed) expect((error as Error).message).toContain(allowed);
  expect((error as Error).message).not.toContain(promptMarker);
  expect(bedrock.requests.length).toBe(before);
}

const badEmbeds: [string, Record<string, unknown>, string, string?][] = [
  ["dimensions as a string", { modelId: titanV2, dimensions: "256" }, "dimensions", "positive integer"],
  ["normalize as a string", { modelId: titanV2, normalize: "yes" }, "normalize", "true or false"],
  ["an unknown inputType", { modelId: cohere, inputType: "query" }, "inputType", '"search_document", "search_query", "classification", "clustering"'],
  ["truncate in lower case", { modelId: cohere, truncate: "end" }, "truncate", '"NONE", "START", "END"'],
  ["concurrency as a string", { modelId: cohere, concurrency: "4" }, "concurrency", "from 1 to 64"],
  ["float32 as a string", { modelId: cohere, float32: "true" }, "float32", "true or false"],
  ["texts as a string", { modelId: cohere, texts: promptMarker }, "texts"],
  ["a null text", { modelId: cohere, texts: [promptMarker, null] }, "texts[1]"],
];

describe("embed options of the wrong type fail before the network", () => {
  it.each(badEmbeds)("%s", async (_label, overrides, field, allowed) => {
    const request = { texts: [promptMarker], ...overrides } as unknown as EmbedRequest;
    await expectRefused(fm.embed(request), field, allowed);
  });
});

const badImages: [string, Record<string, unknown>, string, string?][] = [
  ["a negative seed", { modelId: titanImage, seed: -1 }, "seed", "from 0 to 2147483646"],
  ["a Titan seed past its range", { modelId: titanImage, seed: 2_147_483_647 }, "seed", "from 0 to 2147483646"],
  ["a fractional seed", { modelId: canvas, seed: 1.5 }, "seed"],
  ["a seed as a string", { modelId: sdxl, seed: "42" }, "seed", "from 0 to 4294967295"],
  ["a Stable Image seed past 32 bits", { modelId: core, seed: 2 ** 32 }, "seed", "from 0 to 4294967295"],
  ["a Titan cfgScale under 1.1", { modelId: titanImage, cfgScale: 1 }, "cfgScale", "from 1.1 to 10"],
  ["a Canvas cfgScale over 10", { modelId: canvas, cfgScale: 11 }, "cfgScale", "from 1.1 to 10"],
  ["an SDXL cfgScale over 35", { modelId: sdxl, cfgScale: 36 }, "cfgScale", "from 0 to 35"],
  ["a cfgScale of NaN", { modelId: core, cfgScale: Number.NaN }, "cfgScale"],
  ["SDXL steps under 10", { modelId: sdxl, steps: 5 }, "steps", "from 10 to 50"],
  ["SDXL steps over 50", { modelId: sdxl, steps: 51 }, "steps", "from 10 to 50"],
  ["a negativePrompt that is a number", { modelId: canvas, negativePrompt: 7 }, "negativePrompt"],
  ["an unknown quality", { modelId: canvas, quality: "ultra" }, "quality", '"standard", "premium"'],
  ["a width as a string", { modelId: core, width: "1024" }, "width"],
  ["a height of Infinity", { modelId: core, height: Infinity }, "height"],
];

describe("image options of the wrong type or out of the model's range fail before the network", () => {
  it.each(badImages)("%s", async (_label, overrides, field, allowed) => {
    const request = { prompt: promptMarker, ...overrides } as unknown as ImageRequest;
    await expectRefused(fm.generateImage(request), field, allowed);
  });

  it("accepts the ends of each range", async () => {
    const before = bedrock.requests.length;
    await fm.generateImage({ modelId: titanImage, prompt: "a cabinet", width: 512, height: 512, seed: 2_147_483_646, cfgScale: 1.1 });
    await fm.generateImage({ modelId: sdxl, prompt: "a cabinet", seed: 0, cfgScale: 35, steps: 50 });
    expect(bedrock.requests.length).toBe(before + 2);
  });
});
