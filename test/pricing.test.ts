import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamError, UnknownModelError, ValidationError, createClient, estimateCost, getModel, registerModel } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

const haiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0";

describe("estimateCost", () => {
  it("prices tokens by the table, exactly", () => {
    // Claude 3 Haiku: $0.00025 in, $0.00125 out per 1K (models.md §1, AWS pricing cache 2026-07-17).
    expect(estimateCost({ modelId: haiku, inputTokens: 1_000, outputTokens: 1_000, region: "us-east-1" })).toEqual({ inputUsd: 0.00025, outputUsd: 0.00125, totalUsd: 0.0015 });
    expect(estimateCost({ modelId: `us.${haiku}`, inputTokens: 4_000, outputTokens: 0 })).toEqual({ inputUsd: 0.001, outputUsd: 0, totalUsd: 0.001 });
  });

  it("prices Haiku 4.5 geo profiles 10 % above global and bare IDs", () => {
    const query = { inputTokens: 1_000, outputTokens: 1_000, region: "us-east-1" };
    expect(estimateCost({ ...query, modelId: `global.${haiku45}` })).toEqual({ inputUsd: 0.001, outputUsd: 0.005, totalUsd: 0.006 });
    expect(estimateCost({ ...query, modelId: `us.${haiku45}` })).toEqual({ inputUsd: 0.0011, outputUsd: 0.0055, totalUsd: 0.0066 });
    expect(estimateCost({ ...query, modelId: `eu.${haiku45}` })?.totalUsd).toBe(0.0066);
  });

  it("prices Nova's EU profile by its own row, and refuses to guess elsewhere", () => {
    expect(estimateCost({ modelId: "eu.amazon.nova-lite-v1:0", inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({ inputUsd: 0.078, outputUsd: 0.312, totalUsd: 0.39 });
    expect(estimateCost({ modelId: "eu.anthropic.claude-3-haiku-20240307-v1:0", inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(estimateCost({ modelId: haiku, inputTokens: 1, outputTokens: 1, region: "eu-west-1" })).toBeUndefined();
  });

  it("prices Sonnet 4.5 above 200K input tokens at the long-context rates, whole", () => {
    const cost = estimateCost({ modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", inputTokens: 200_001, outputTokens: 1_000 });
    expect(cost?.inputUsd).toBeCloseTo(200_001 * 0.000006, 12);
    expect(cost?.outputUsd).toBeCloseTo(0.0225, 12);
    expect(estimateCost({ modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", inputTokens: 200_001, outputTokens: 1 })).toBeUndefined();
  });

  it("prices cache reads and writes where Bedrock caches, and nowhere else", () => {
    expect(estimateCost({ modelId: `global.${haiku45}`, inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 1_000, cacheWriteInputTokens: 1_000 })?.inputUsd).toBeCloseTo(0.0001 + 0.00125, 15);
    expect(estimateCost({ modelId: haiku, inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 1 })).toBeUndefined();
  });

  it("rejects unknown models and bad counts", () => {
    expect(() => estimateCost({ modelId: "acme.nothing", inputTokens: 1, outputTokens: 1 })).toThrow(UnknownModelError);
    expect(() => estimateCost({ modelId: haiku, inputTokens: -1, outputTokens: 1 })).toThrow(ValidationError);
    expect(() => estimateCost({ modelId: haiku, inputTokens: 1.5, outputTokens: 1 })).toThrow("inputTokens");
  });

  it("shows the base price in getModel", () => {
    expect(getModel(`us.${haiku45}`).pricing).toEqual({ inputPer1k: 0.001, outputPer1k: 0.005, cacheReadPer1k: 0.0001, cacheWritePer1k: 0.00125 });
  });

  it("shows an image model's price per 1024×1024 standard image in getModel", () => {
    expect(getModel("stability.stable-image-core-v1:0").pricing).toEqual({ perImage: 0.04 });
    expect(getModel("stability.stable-image-ultra-v1:0").pricing).toEqual({ perImage: 0.08 });
    expect(getModel("amazon.nova-canvas-v1:0").pricing).toEqual({ perImage: 0.04 });
    expect(getModel("amazon.titan-image-generator-v2:0").pricing).toBeUndefined();
  });
});

describe("cost of calls", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup({ region: "us-east-1" })));
  afterAll(() => bedrock.close());

  it("puts usage × price on invoke and stream results, for several models and a profile", async () => {
    for (const [modelId, inputPer1k, outputPer1k] of [
      [haiku, 0.00025, 0.00125],
      [`us.${haiku45}`, 0.0011, 0.0055],
      ["us.amazon.nova-lite-v1:0", 0.00006, 0.00024],
      ["mistral.mistral-large-2407-v1:0", 0.003, 0.009],
    ] as const) {
      for (const result of [await fm.invoke({ modelId, prompt: "What does it cost?" }), await fm.stream({ modelId, prompt: "What does it cost?" }).result]) {
        expect(result.cost?.inputUsd, modelId).toBeCloseTo((result.usage.inputTokens * inputPer1k) / 1000, 15);
        expect(result.cost?.outputUsd, modelId).toBeCloseTo((result.usage.outputTokens * outputPer1k) / 1000, 15);
        expect(result.cost?.totalUsd).toBeCloseTo((result.cost?.inputUsd ?? 0) + (result.cost?.outputUsd ?? 0), 15);
      }
    }
  });

  it("uses price overrides by requested or base ID", async () => {
    const custom = createClient({ ...bedrock.clientOptions, pricing: { [haiku]: { inputPer1k: 1, outputPer1k: 2 } } });
    const result = await custom.invoke({ modelId: `us.${haiku}`, prompt: "negotiated" });
    expect(result.cost).toEqual({ inputUsd: result.usage.inputTokens / 1000, outputUsd: (2 * result.usage.outputTokens) / 1000, totalUsd: (result.usage.inputTokens + 2 * result.usage.outputTokens) / 1000 });
  });

  it("keeps exact running totals by model, counting begun streams that failed", async () => {
    const counting = createClient({ ...bedrock.clientOptions, pricing: { [haiku]: { inputPer1k: 0.0001, outputPer1k: 0.0002 } }, retryDelay: { baseMs: 1, maxMs: 2 } });
    let expectedPico = 0n;
    let inputTokens = 0;
    for (let index = 0; index < 50; index++) {
      const result = await counting.invoke({ modelId: haiku, prompt: `call ${index}` });
      expectedPico += BigInt(result.usage.inputTokens * 100_000 + result.usage.outputTokens * 200_000);
      inputTokens += result.usage.inputTokens;
    }
    bedrock.addFault({ type: "exception-frame", afterChunks: 5, exceptionType: "modelStreamErrorException", operation: "stream" });
    const failed = await counting.stream({ modelId: haiku, prompt: "fails" }).result.catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StreamError);
    await counting.invoke({ modelId: "amazon.titan-text-express-v1", prompt: "other model", maxTokens: 5 });
    const report = counting.costs();
    expect(report.calls).toBe(52);
    expect(report.byModel[haiku]?.calls).toBe(51);
    expect(report.byModel[haiku]?.inputTokens).toBeGreaterThan(inputTokens);
    expect(report.byModel["amazon.titan-text-express-v1"]?.calls).toBe(1);
    const streamPartial = (failed as StreamError).partial;
    const expectedUsd = Number(expectedPico + BigInt(streamPartial.usage.inputTokens * 100_000 + streamPartial.usage.outputTokens * 200_000)) / 1e12;
    expect(report.byModel[haiku]?.totalUsd).toBeCloseTo(expectedUsd, 16);
    expect(report.totalUsd).toBeCloseTo(report.byModel[haiku]!.totalUsd + report.byModel["amazon.titan-text-express-v1"]!.totalUsd, 16);
  });

  it("does not drift over many small costs", async () => {
    const tenth = createClient({ ...bedrock.clientOptions, pricing: { [haiku]: { inputPer1k: 0.1, outputPer1k: 0 } } });
    for (let index = 0; index < 30; index++) await tenth.invoke({ modelId: haiku, prompt: "x", maxTokens: 1 });
    const inputTokens = tenth.costs().inputTokens;
    expect(tenth.costs().totalUsd).toBe((inputTokens * 100_000_000) / 1e12);
  });
});

describe("prices given to registerModel", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup({ region: "us-east-1" })));
  afterAll(() => bedrock.close());
  const customModel = "arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.nova-lite-v1:0:300k/priced-test";
  const pricing = { inputPer1k: 0.5, outputPer1k: 1.5 };

  it("price calls on the registered ID: result.cost, fm.costs(), getModel and estimateCost", async () => {
    expect(registerModel({ id: customModel, family: "amazon-nova", pricing }).pricing).toEqual(pricing);
    expect(getModel(customModel).pricing).toEqual(pricing);
    const result = await fm.invoke({ modelId: customModel, prompt: "What does my model cost?" });
    const expected = { inputUsd: (result.usage.inputTokens * 500_000_000) / 1e12, outputUsd: (result.usage.outputTokens * 1_500_000_000) / 1e12 };
    expect(result.cost).toEqual({ ...expected, totalUsd: expected.inputUsd + expected.outputUsd });
    expect(result.warnings.map((warning) => warning.feature)).not.toContain("cost");
    const streamed = await fm.stream({ modelId: customModel, prompt: "And streamed?" }).result;
    expect(streamed.cost?.totalUsd).toBeGreaterThan(0);
    const report = fm.costs().byModel[customModel];
    expect(report?.calls).toBe(2);
    expect(report?.totalUsd).toBeCloseTo((result.cost?.totalUsd ?? 0) + (streamed.cost?.totalUsd ?? 0), 15);
    expect(estimateCost({ modelId: customModel, inputTokens: 2_000, outputTokens: 1_000 })).toEqual({ inputUsd: 1, outputUsd: 1.5, totalUsd: 2.5 });
  });

  it("lets a client's pricing override win, and forgets the price when the ID is registered again without one", async () => {
    const overridden = createClient({ ...bedrock.clientOptions, pricing: { [customModel]: { inputPer1k: 0, outputPer1k: 0 } } });
    registerModel({ id: customModel, family: "amazon-nova", pricing });
    expect((await overridden.invoke({ modelId: customModel, prompt: "free?" })).cost?.totalUsd).toBe(0);
    registerModel({ id: customModel, family: "amazon-nova" });
    expect(getModel(customModel).pricing).toBeUndefined();
    expect((await fm.invoke({ modelId: customModel, prompt: "priced?" })).cost).toBeUndefined();
  });

  it("refuses a price that is not a non-negative number", () => {
    expect(() => registerModel({ id: customModel, family: "amazon-nova", pricing: { inputPer1k: -1, outputPer1k: 1 } })).toThrow(ValidationError);
    expect(() => registerModel({ id: customModel, family: "amazon-nova", pricing: { inputPer1k: 1 } as never })).toThrow("pricing.outputPer1k");
  });
});

describe("batch prices", () => {
  it("price batch inference only where AWS lists batch prices", () => {
    expect(estimateCost({ modelId: "amazon.nova-pro-v1:0", inputTokens: 1_000, outputTokens: 1_000, region: "us-east-2", batch: true })).toEqual({ inputUsd: 0.0004, outputUsd: 0.0016, totalUsd: 0.002 });
    expect(estimateCost({ modelId: "meta.llama3-3-70b-instruct-v1:0", inputTokens: 1_000_000, outputTokens: 0, region: "us-east-2", batch: true })?.totalUsd).toBe(0.36);
    expect(estimateCost({ modelId: haiku, inputTokens: 1, outputTokens: 1, region: "us-east-1", batch: true })).toBeUndefined();
  });
});
