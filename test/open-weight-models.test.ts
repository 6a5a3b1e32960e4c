/** Gemma 3, Kimi K2.5, MiniMax, Nemotron, GLM and Claude Opus 4.8 through the public API against the offline Bedrock. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnknownModelError, ValidationError, getModel, listModels, type InvokeResult, type TokenPrices } from "../src/index.js";
import { resolveModel } from "../src/models/registry.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const openAiBodyModels = [
  "google.gemma-3-4b-it",
  "google.gemma-3-12b-it",
  "google.gemma-3-27b-it",
  "minimax.minimax-m2",
  "minimax.minimax-m2.1",
  "minimax.minimax-m2.5",
  "nvidia.nemotron-super-3-120b",
  "nvidia.nemotron-nano-12b-v2",
  "nvidia.nemotron-nano-9b-v2",
  "nvidia.nemotron-nano-3-30b",
  "zai.glm-4.7",
  "zai.glm-4.7-flash",
  "zai.glm-5",
];
const kimi = "moonshotai.kimi-k2.5";
const request = { system: "You are a telecom support assistant.", prompt: "Why did the Spokane circuit drop?", maxTokens: 300, temperature: 0.5 };

/** The cost the catalog price gives for a result's usage, in USD. */
function expectedCost(modelId: string, result: InvokeResult): number {
  const pricing = getModel(modelId).pricing as TokenPrices;
  return (result.usage.inputTokens * pricing.inputPer1k + result.usage.outputTokens * pricing.outputPer1k) / 1_000;
}

describe("open-weight models with the OpenAI chat body", () => {
  it("are on-demand catalog models of the openai-chat family (Kimi K2.5: moonshot-kimi), each priced", () => {
    const ids = new Set(listModels().map((model) => model.id));
    for (const modelId of [...openAiBodyModels, kimi]) {
      expect(ids.has(modelId)).toBe(true);
      const model = getModel(modelId);
      expect(model.family).toBe(modelId === kimi ? "moonshot-kimi" : "openai-chat");
      expect(model.profileRequired).toBeUndefined();
      expect(model.pricing).toMatchObject({ inputPer1k: expect.any(Number), outputPer1k: expect.any(Number) });
    }
    expect(getModel("zai.glm-4.7")).toMatchObject({ contextWindow: 203_000, maxOutputTokens: 4_096, pricing: { inputPer1k: 0.0006, outputPer1k: 0.0022 } });
    expect(getModel("google.gemma-3-27b-it").capabilities).toMatchObject({ images: true, tools: true });
    expect(getModel("google.gemma-3-12b-it").capabilities.tools).toBe(false);
  });

  it("hot-swap one request through invoke and stream: the chat body on the wire, one result shape, cost from the catalog price", async () => {
    for (const modelId of openAiBodyModels) {
      const invoked = await fm.invoke({ modelId, ...request, stopSequences: ["\n\nCustomer:"] });
      expect(bedrock.requests.at(-1)!.body).toEqual({
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.prompt },
        ],
        max_completion_tokens: 300,
        temperature: 0.5,
        stop: ["\n\nCustomer:"],
      });
      const streamed = await fm.stream({ modelId, ...request, stopSequences: ["\n\nCustomer:"] }).result;
      for (const result of [invoked, streamed]) {
        expect(result.modelId).toBe(modelId);
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.stopReason).toBe("end_turn");
        expect(result.usage.inputTokens).toBeGreaterThan(0);
        expect(result.cost?.totalUsd).toBeCloseTo(expectedCost(modelId, result), 12);
        expect(result.warnings).toEqual([]);
      }
      expect(streamed.text).toBe(invoked.text);
    }
  });

  it("sends Kimi K2.5 no stop field (stop sequences applied to the text) and keeps temperature within 0–1", async () => {
    const invoked = await fm.invoke({ modelId: kimi, ...request, stopSequences: ["\n\nCustomer:"] });
    const body = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).not.toHaveProperty("stop");
    expect(body).toMatchObject({ max_completion_tokens: 300, temperature: 0.5 });
    expect(invoked.warnings).toContainEqual(expect.objectContaining({ type: "emulated", feature: "stopSequences" }));
    const streamed = await fm.stream({ modelId: kimi, ...request }).result;
    expect(streamed.cost?.totalUsd).toBeCloseTo(expectedCost(kimi, streamed), 12);
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: kimi, prompt: "hi", temperature: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    expect(bedrock.requests.length).toBe(before);
  });

  it("reads a reasoning_content field as reasoning, and warns that no reasoning option is sent", async () => {
    bedrock.script("zai.glm-5", [
      { native: { id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Fiber cut.", reasoning_content: "Two alarms on one span." }, finish_reason: "stop" }], usage: { prompt_tokens: 20, completion_tokens: 9 } } },
    ]);
    const result = await fm.invoke({ modelId: "zai.glm-5", prompt: "Why did it drop?", reasoning: { effort: "high" } });
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("reasoning_effort");
    expect(result.text).toBe("Fiber cut.");
    expect(result.reasoning).toBe("Two alarms on one span.");
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "reasoning" }));
  });

  it("guesses newer Gemma 3, Kimi, MiniMax, Nemotron and GLM IDs by prefix, with an estimated warning; not Gemma 4", () => {
    expect(getModel("zai.glm-5.1").family).toBe("openai-chat");
    expect(getModel("minimax.minimax-m3").family).toBe("openai-chat");
    expect(getModel("nvidia.nemotron-ultra-3-550b").family).toBe("openai-chat");
    expect(getModel("google.gemma-3-1b-it").family).toBe("openai-chat");
    expect(getModel("moonshotai.kimi-k3").family).toBe("moonshot-kimi");
    expect(resolveModel("zai.glm-5.1").warnings).toContainEqual(expect.objectContaining({ type: "estimated", feature: "modelId" }));
    expect(() => getModel("google.gemma-4-31b")).toThrow(UnknownModelError);
  });

  it("refuses GLM 4.6 by ID before the network: Bedrock serves it on the OpenAI-compatible endpoint only", async () => {
    expect(() => getModel("zai.glm-4.6")).toThrow(UnknownModelError);
    expect(() => getModel("zai.glm-4.6")).toThrow(/OpenAI-compatible endpoint/);
    expect(() => getModel("us.zai.glm-4.6:0")).toThrow(UnknownModelError);
    // Only 4.6 itself: another 4.6-named model is left to the family's prefix guess.
    expect(getModel("zai.glm-4.6v").family).toBe("openai-chat");
    expect(getModel("zai.glm-4.7").family).toBe("openai-chat");
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: "zai.glm-4.6", prompt: "hi" })).rejects.toThrow(/bedrock-mantle/);
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("Claude Opus 4.8", () => {
  const opus48 = "us.anthropic.claude-opus-4-8";

  it("is refused by its bare ID before the network, naming its profile", async () => {
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: "anthropic.claude-opus-4-8", prompt: "hi" })).rejects.toThrow('"us.anthropic.claude-opus-4-8"');
    expect(bedrock.requests.length).toBe(before);
  });

  it("thinks adaptively, never gets temperature, top_p or top_k, and is priced like Opus 4.7", async () => {
    const result = await fm.invoke({ modelId: opus48, prompt: "Summarise the incident.", temperature: 0.3, topP: 0.9, topK: 40, reasoning: { effort: "low" } });
    const body = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ thinking: { type: "adaptive" }, output_config: { effort: "low" } });
    for (const key of ["temperature", "top_p", "top_k"]) expect(body).not.toHaveProperty(key);
    expect(result.warnings.map((warning) => warning.feature)).toEqual(["temperature", "topP", "topK"]);
    expect(getModel(opus48)).toMatchObject({ contextWindow: 1_000_000, maxOutputTokens: 128_000, pricing: getModel("anthropic.claude-opus-4-7").pricing });
    expect(result.cost?.totalUsd).toBeGreaterThan(0);
    const streamed = await fm.stream({ modelId: opus48, prompt: "Summarise the incident." }).result;
    expect(streamed.text.length).toBeGreaterThan(0);
  });
});

describe("Claude Opus 5.5", () => {
  const opus55 = "global.anthropic.claude-opus-5-5";

  it("is a catalog row with its AWS model card's limits, profile-only, unpriced", async () => {
    expect(getModel("us.anthropic.claude-opus-5-5")).toMatchObject({ name: "Claude Opus 5.5", contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoningMode: "adaptive-only" });
    expect(getModel(opus55).pricing).toBeUndefined();
    expect(resolveModel(opus55).warnings).toEqual([]);
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: "anthropic.claude-opus-5-5", prompt: "hi" })).rejects.toThrow('"us.anthropic.claude-opus-5-5"');
    expect(bedrock.requests.length).toBe(before);
  });

  it("thinks adaptively, never gets temperature, top_p or top_k, and reports no cost with the reason", async () => {
    const result = await fm.invoke({ modelId: opus55, prompt: "Summarise the incident.", temperature: 0.3, topP: 0.9, topK: 40, reasoning: { effort: "max" } });
    const body = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ thinking: { type: "adaptive" }, output_config: { effort: "max" } });
    for (const key of ["temperature", "top_p", "top_k"]) expect(body).not.toHaveProperty(key);
    expect(result.warnings.map((warning) => warning.feature)).toEqual(["temperature", "topP", "topK", "cost"]);
    expect(result.cost).toBeUndefined();
    const streamed = await fm.stream({ modelId: opus55, prompt: "Summarise the incident.", maxTokens: 2_000 }).result;
    expect(streamed.text.length).toBeGreaterThan(0);
  });
});
