/** Prompt caching through the public API and the offline Bedrock: cache points on the wire, cache counts read and priced. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient, InvokeRequest, InvokeResult } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { readMetadata } from "../src/transport/read.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

/** Long enough to pass Claude's and Nova's minimum cached prefix (1,024 / 1,000 tokens). */
const runbook = "Step: check the interface counters, then the BGP session state. ".repeat(80);
const cachePoint = { type: "cache-point" as const };

/** The cost the result should carry at the given USD-per-1K prices. */
function expectedCost(result: InvokeResult, prices: { input: number; output: number; read: number; write: number }): number {
  const usage = result.usage;
  return (usage.inputTokens * prices.input + (usage.cacheReadInputTokens ?? 0) * prices.read + (usage.cacheWriteInputTokens ?? 0) * prices.write + usage.outputTokens * prices.output) / 1_000;
}

describe("Claude prompt caching", () => {
  const opus45 = "us.anthropic.claude-opus-4-5-20251101-v1:0";
  // Opus 4.5: $0.005 / $0.025 per 1K, cache read $0.0005, write $0.00625 (src/pricing/table.ts).
  const prices = { input: 0.005, output: 0.025, read: 0.0005, write: 0.00625 };
  const request = (question: string, context = "Context: north region."): InvokeRequest => ({
    modelId: opus45,
    system: [{ type: "text", text: runbook }, cachePoint],
    tools: [{ name: "get_outage", description: "Outage status", inputSchema: { type: "object" }, cachePoint: true }],
    messages: [{ role: "user", content: [{ type: "text", text: context }, cachePoint, { type: "text", text: question }] }],
  });

  it("marks the tool, the system block and the message block before each cache point with cache_control", async () => {
    await fm.invoke(request("Is the link up?"));
    expect(bedrock.requests.at(-1)!.body).toMatchObject({
      system: [{ type: "text", text: runbook, cache_control: { type: "ephemeral" } }],
      tools: [{ name: "get_outage", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "Context: north region.", cache_control: { type: "ephemeral" } }, { type: "text", text: "Is the link up?" }] }],
    });
  });

  it("reads the cached prefix, writes the new part, and reads all of it next time, each priced at the cache prices", async () => {
    await fm.invoke(request("Warm the cache."));
    const first = await fm.invoke(request("What failed first?", "Context: south region."));
    const second = await fm.invoke(request("What failed second?", "Context: south region."));
    // The tools and system were cached by the call before (same prefix); the new message context is written.
    expect(first.usage.cacheReadInputTokens).toBeGreaterThan(1_000);
    expect(first.usage.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheWriteInputTokens! + first.usage.cacheReadInputTokens!);
    expect(second.usage.cacheWriteInputTokens).toBe(0);
    for (const result of [first, second]) expect(result.cost?.totalUsd).toBeCloseTo(expectedCost(result, prices), 12);
    expect(second.cost!.inputUsd).toBeLessThan(first.cost!.inputUsd);
  });

  it("reports the counts in streams too", async () => {
    await fm.invoke(request("What failed third?", "Context: east region."));
    const streamed = await fm.stream(request("What failed third?", "Context: east region.")).result;
    expect(streamed.usage.cacheReadInputTokens).toBeGreaterThan(1_000);
    expect(streamed.cost?.totalUsd).toBeCloseTo(expectedCost(streamed, prices), 12);
  });
});

describe("Nova prompt caching", () => {
  const micro = "amazon.nova-micro-v1:0";
  // Nova Micro: $0.000035 / $0.00014 per 1K, cache read $0.00000875, writes at the input price (src/pricing/table.ts).
  const prices = { input: 0.000035, output: 0.00014, read: 0.00000875, write: 0.000035 };

  it("sends cachePoint blocks, drops tool cache points with a warning, and prices the cache counts", async () => {
    const request: InvokeRequest = {
      modelId: micro,
      system: [{ type: "text", text: runbook }, cachePoint],
      tools: [{ name: "get_outage", inputSchema: { type: "object" }, cachePoint: true }],
      prompt: "Is the north link up?",
    };
    const first = await fm.invoke(request);
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ system: [{ text: runbook }, { cachePoint: { type: "default" } }] });
    expect(JSON.stringify((bedrock.requests.at(-1)!.body as Record<string, unknown>).toolConfig)).not.toContain("cachePoint");
    expect(first.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "cache-point" }));
    const second = await fm.stream(request).result;
    expect(first.usage.cacheWriteInputTokens).toBeGreaterThan(1_000);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheWriteInputTokens);
    for (const result of [first, second]) expect(result.cost?.totalUsd).toBeCloseTo(expectedCost(result, prices), 14);
  });
});

describe("cache counts in response headers", () => {
  it("are read beside the input and output counts", () => {
    const metadata = readMetadata(
      {
        "x-amzn-bedrock-input-token-count": "12",
        "x-amzn-bedrock-output-token-count": "40",
        "x-amzn-bedrock-cache-read-input-token-count": "18131",
        "x-amzn-bedrock-cache-write-input-token-count": "0",
      },
      "request-1",
    );
    expect(metadata.headerUsage).toEqual({ inputTokens: 12, outputTokens: 40, cacheReadInputTokens: 18131, cacheWriteInputTokens: 0 });
  });
});
