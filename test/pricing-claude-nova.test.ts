/** Prices of the newer Claude and Nova models, cache prices included (src/pricing/table.ts, read 2026-11-30). */
import { describe, expect, it } from "vitest";
import { estimateCost, getModel } from "../src/index.js";

describe("Claude 4.5+ and Nova 2 prices", () => {
  it.each([
    ["global.anthropic.claude-opus-5", 0.005, 0.025],
    ["us.anthropic.claude-opus-4-7", 0.005, 0.025],
    ["us.anthropic.claude-sonnet-4-6", 0.003, 0.015],
    ["global.anthropic.claude-sonnet-5", 0.002, 0.01],
    ["us.anthropic.claude-opus-4-5-20251101-v1:0", 0.005, 0.025],
    ["global.amazon.nova-2-lite-v1:0", 0.00033, 0.00275],
  ])("%s costs %f / %f per 1K tokens", (modelId, input, output) => {
    const cost = estimateCost({ modelId, inputTokens: 1_000, outputTokens: 1_000 });
    expect(cost?.inputUsd).toBeCloseTo(input, 12);
    expect(cost?.outputUsd).toBeCloseTo(output, 12);
  });

  it("lists cache prices where Bedrock caches (Claude 0.1× read, 1.25× write; Nova reads a quarter, writes at the input price)", () => {
    expect(getModel("anthropic.claude-opus-5").pricing).toMatchObject({ cacheReadPer1k: 0.0005, cacheWritePer1k: 0.00625 });
    expect(getModel("amazon.nova-pro-v1:0").pricing).toMatchObject({ cacheReadPer1k: 0.0002, cacheWritePer1k: 0.0008 });
    expect(getModel("anthropic.claude-sonnet-4-6").capabilities).toMatchObject({ reasoning: true, promptCaching: true });
    expect(getModel("amazon.nova-2-lite-v1:0").capabilities).toMatchObject({ reasoning: true });
  });

  it("gives no cost above 200K input tokens for the 1M-token models, whose long-context rates were not read", () => {
    expect(estimateCost({ modelId: "global.anthropic.claude-opus-5", inputTokens: 200_001, outputTokens: 1 })).toBeUndefined();
    expect(estimateCost({ modelId: "global.anthropic.claude-opus-5", inputTokens: 200_000, outputTokens: 1 })).toBeDefined();
  });
});
