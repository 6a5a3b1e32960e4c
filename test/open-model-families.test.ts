/** One request hot-swapped across the OpenAI chat, Kimi, DeepSeek-R1 and Writer Palmyra families gives one result shape. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getModel, type InvokeResult } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

const modelIds = ["openai.gpt-oss-20b-1:0", "qwen.qwen3-coder-30b-a3b-v1:0", "moonshot.kimi-k2-thinking", "us.deepseek.r1-v1:0", "us.writer.palmyra-x4-v1:0"];

/** The result's keys and the type of each value: what a caller can rely on whatever the model. */
function shapeOf(result: InvokeResult): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result)
      .filter(([key]) => key !== "requestId")
      .map(([key, value]) => [key, Array.isArray(value) ? "array" : typeof value]),
  );
}

describe("hot-swapping one request across the new families", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup()));
  afterAll(() => bedrock.close());

  it("gives the same result shape from invoke and stream, with text, usage and cost", async () => {
    const shapes = new Set<string>();
    for (const modelId of modelIds) {
      const request = { modelId, system: "You are a telecom support assistant.", prompt: "Why did the Spokane circuit drop?", maxTokens: 400, temperature: 0.5 };
      const invoked = await fm.invoke(request);
      const streamed = await fm.stream(request).result;
      for (const result of [invoked, streamed]) {
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.stopReason).toBe("end_turn");
        expect(result.usage.inputTokens).toBeGreaterThan(0);
        expect(result.cost?.totalUsd).toBeGreaterThan(0);
        expect(typeof result.reasoning).toBe("string");
        shapes.add(JSON.stringify(shapeOf(result)));
      }
      expect(streamed.text).toBe(invoked.text);
      expect(streamed.reasoning).toBe(invoked.reasoning);
    }
    expect(shapes.size).toBe(1);
  });
});

describe("IDs newer than the catalog", () => {
  it("find their family by prefix, with an estimated warning on the call", () => {
    expect(getModel("openai.gpt-oss-240b-1:0").family).toBe("openai-chat");
    expect(getModel("qwen.qwen3-coder-flash-v1:0").family).toBe("openai-chat");
    expect(getModel("deepseek.r1-v2:0").family).toBe("deepseek-r1");
    expect(getModel("writer.palmyra-x6-v1:0").family).toBe("writer-palmyra");
    expect(getModel("twelvelabs.pegasus-1-5-v1:0").family).toBe("twelvelabs-pegasus");
    expect(getModel("moonshot.kimi-k3-thinking").family).toBe("moonshot-kimi");
    expect(getModel("deepseek.v3.3").family).toBe("deepseek-r1");
    expect(() => getModel("deepseek.coder-v2:0")).toThrow(/Unknown model ID/);
  });
});
