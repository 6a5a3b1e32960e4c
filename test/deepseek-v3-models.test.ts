/** DeepSeek V3.1 and V3.2 through the public API against the offline Bedrock: R1's prompt body with the hybrid template. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, getModel, listModels, registerModel, type InvokeResult, type TokenPrices } from "../src/index.js";
import { resolveModel } from "../src/models/registry.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const v31 = "deepseek.v3-v1:0";
const v32 = "deepseek.v3.2";
const request = { system: "You are a telecom support assistant.", prompt: "Why did the Spokane circuit drop?", maxTokens: 300, temperature: 0.5 };
const beginOfSentence = "<｜begin▁of▁sentence｜>";

/** The cost the catalog price gives for a result's usage, in USD. */
function expectedCost(modelId: string, result: InvokeResult): number {
  const pricing = getModel(modelId).pricing as TokenPrices;
  return (result.usage.inputTokens * pricing.inputPer1k + result.usage.outputTokens * pricing.outputPer1k) / 1_000;
}

/** The `prompt` of the last request the offline Bedrock received. */
function lastPrompt(): string {
  return (bedrock.requests.at(-1)!.body as { prompt: string }).prompt;
}

describe("DeepSeek V3.1 and V3.2 in the catalog", () => {
  it("are on-demand deepseek-r1 models that reason, without tools, each priced", () => {
    const ids = new Set(listModels({ provider: "deepseek" }).map((model) => model.id));
    for (const modelId of [v31, v32]) {
      expect(ids.has(modelId)).toBe(true);
      const model = getModel(modelId);
      expect(model).toMatchObject({ family: "deepseek-r1", contextWindow: 163_840, capabilities: { reasoning: true, tools: false, images: false } });
      expect(model.profileRequired).toBeUndefined();
    }
    expect(getModel(v31)).toMatchObject({ maxOutputTokens: 32_768, pricing: { inputPer1k: 0.00058, outputPer1k: 0.00168 } });
    expect(getModel(v32)).toMatchObject({ maxOutputTokens: 8_192, pricing: { inputPer1k: 0.00062, outputPer1k: 0.00185 } });
  });

  it("guesses newer V3.x IDs as deepseek-r1 by prefix, with an estimated warning", () => {
    expect(getModel("deepseek.v3.3").family).toBe("deepseek-r1");
    expect(resolveModel("deepseek.v3.3").warnings).toContainEqual(expect.objectContaining({ type: "estimated", feature: "modelId" }));
    // Each keeps its own line's template: a newer V3.x toggles thinking, a newer R1 always thinks.
    expect(getModel("deepseek.v3.3").reasoningMode).toBe("toggle");
    expect(getModel("deepseek.r1-v2:0").reasoningMode).toBeUndefined();
  });

  it("a registered copy of V3.1 (an imported or provisioned model) keeps V3.x's template rules", () => {
    const arn = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/deepseekv31abc";
    registerModel({ id: arn, family: "deepseek-r1", baseModelId: "deepseek.v3-v1:0" });
    expect(getModel(arn).reasoningMode).toBe("toggle");
  });
});

describe("DeepSeek V3.x on the wire", () => {
  it("hot-swap one request through invoke and stream: non-thinking template, answer only, cost from the catalog price", async () => {
    for (const modelId of [v31, v32]) {
      const invoked = await fm.invoke({ modelId, ...request, stopSequences: ["\n\nCustomer:"] });
      expect(bedrock.requests.at(-1)!.body).toEqual({
        prompt: `${beginOfSentence}${request.system}<｜User｜>${request.prompt}<｜Assistant｜></think>`,
        temperature: 0.5,
        max_tokens: 300,
        stop: ["\n\nCustomer:"],
      });
      const streamed = await fm.stream({ modelId, ...request, stopSequences: ["\n\nCustomer:"] }).result;
      for (const result of [invoked, streamed]) {
        expect(result.modelId).toBe(modelId);
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.text).not.toContain("</think>");
        expect(result.reasoning ?? "").toBe("");
        expect(result.stopReason).toBe("end_turn");
        expect(result.cost?.totalUsd).toBeCloseTo(expectedCost(modelId, result), 12);
        expect(result.warnings).toEqual([]);
      }
      expect(streamed.text).toBe(invoked.text);
    }
  });

  it("turns thinking mode on for a reasoning option: the prompt opens <think>, the reasoning is split out in invoke and stream", async () => {
    const invoked = await fm.invoke({ modelId: v31, prompt: "Why did the circuit drop?", reasoning: { effort: "medium" } });
    expect(lastPrompt()).toBe(`${beginOfSentence}<｜User｜>Why did the circuit drop?<｜Assistant｜><think>`);
    const streamed = await fm.stream({ modelId: v31, prompt: "Why did the circuit drop?", reasoning: { effort: "medium" } }).result;
    for (const result of [invoked, streamed]) {
      expect(result.reasoning).toBeTruthy();
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.text).not.toContain("</think>");
      expect(result.warnings.map((warning) => warning.feature)).toEqual(["reasoning.effort"]);
    }
    expect(streamed.text).toBe(invoked.text);
    expect(streamed.reasoning).toBe(invoked.reasoning);
  });

  it("warns that an effort or a budget is not sent: thinking is only on or off", async () => {
    const result = await fm.invoke({ modelId: v32, prompt: "Why did it drop?", maxTokens: 2_000, reasoning: { effort: "high", budgetTokens: 1_024 } });
    expect(lastPrompt().endsWith("<｜Assistant｜><think>")).toBe(true);
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("reasoning_effort");
    expect(result.warnings.map((warning) => warning.feature)).toEqual(["reasoning.effort", "reasoning.budgetTokens"]);
    expect(result.reasoning).toBeTruthy();
  });

  it("renders earlier answers after </think> and never sends their reasoning back", async () => {
    await fm.invoke({
      modelId: v32,
      system: "Be brief.",
      messages: [
        { role: "user", content: "Is the link up?" },
        { role: "assistant", content: [{ type: "reasoning", text: "Check the alarms." }, { type: "text", text: "Yes." }] },
        { role: "user", content: "And now?" },
      ],
    });
    expect(lastPrompt()).toBe(`${beginOfSentence}Be brief.<｜User｜>Is the link up?<｜Assistant｜></think>Yes.<｜end▁of▁sentence｜><｜User｜>And now?<｜Assistant｜></think>`);
  });

  it("reads a scripted thinking-mode answer and a scripted direct answer", async () => {
    bedrock.script(v31, [{ native: { choices: [{ text: "Two alarms on one span.\n</think>\n\nFiber cut.", stop_reason: "stop" }] } }]);
    const thinking = await fm.invoke({ modelId: v31, prompt: "Why?", reasoning: { effort: "low" } });
    expect(thinking).toMatchObject({ text: "Fiber cut.", reasoning: "Two alarms on one span.", stopReason: "end_turn" });
    bedrock.script(v31, [{ native: { choices: [{ text: "Fiber cut.", stop_reason: "length" }] } }]);
    const direct = await fm.invoke({ modelId: v31, prompt: "Why?" });
    expect(direct).toMatchObject({ text: "Fiber cut.", stopReason: "max_tokens" });
    expect(direct.reasoning ?? "").toBe("");
  });

  it("refuses more than 10 stop sequences and tools before the network", async () => {
    const before = bedrock.requests.length;
    const stops = Array.from({ length: 11 }, (_, index) => `STOP${index}`);
    await expect(fm.invoke({ modelId: v32, prompt: "hi", stopSequences: stops })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      fm.invoke({ modelId: v31, prompt: "hi", tools: [{ name: "lookup", inputSchema: { type: "object", properties: {} } }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(bedrock.requests.length).toBe(before);
  });
});
