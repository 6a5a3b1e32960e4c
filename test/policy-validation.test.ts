import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelNotAllowedError, UnknownModelError, ValidationError, createClient, type InvokeRequest } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { claudeV2, haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

describe("allowModels", () => {
  it("refuses other models before any request reaches the server", async () => {
    const guarded = createClient({ ...bedrock.clientOptions, allowModels: ["anthropic.claude-3-*"] });
    const before = bedrock.requests.length;
    await expect(guarded.invoke({ modelId: claudeV2, prompt: "hi" })).rejects.toBeInstanceOf(ModelNotAllowedError);
    await expect(guarded.stream({ modelId: claudeV2, prompt: "hi" }).result).rejects.toBeInstanceOf(ModelNotAllowedError);
    expect(bedrock.requests.length).toBe(before);
    await guarded.invoke({ modelId: haiku, prompt: "hi" });
    await guarded.invoke({ modelId: `us.${haiku}`, prompt: "hi" });
    expect(bedrock.requests.length).toBe(before + 2);
  });
});

const badRequests: [string, Partial<InvokeRequest> & Record<string, unknown>, string][] = [
  ["missing modelId", { modelId: undefined, prompt: "hi" }, "modelId"],
  ["both prompt and messages", { prompt: "hi", messages: [{ role: "user", content: "hi" }] }, "prompt"],
  ["neither prompt nor messages", {}, "prompt"],
  ["empty messages", { messages: [] }, "messages"],
  ["an assistant first", { messages: [{ role: "assistant", content: "hi" }] }, "messages[0].role"],
  ["a system role", { messages: [{ role: "user", content: "a" }, { role: "system" as "user", content: "b" }] }, "messages[1].role"],
  ["a tool result without its call", { messages: [{ role: "user", content: [{ type: "tool-result", toolCallId: "nope", content: "x" }] }] }, "messages[0].content[0].toolCallId"],
  ["temperature out of range", { prompt: "hi", temperature: 1.5 }, "temperature"],
  ["topK out of range", { prompt: "hi", topK: 501 }, "topK"],
  ["a zero maxTokens", { prompt: "hi", maxTokens: 0 }, "maxTokens"],
  ["a maxTokens over the model's limit", { prompt: "hi", maxTokens: 4097 }, "maxTokens"],
  ["a bad tool name", { prompt: "hi", tools: [{ name: "get weather", inputSchema: {} }] }, "tools[0].name"],
  ["a toolChoice naming no tool", { prompt: "hi", tools: [{ name: "a", inputSchema: {} }], toolChoice: { name: "b" } }, "toolChoice"],
  ["an empty stop sequence", { prompt: "hi", stopSequences: [""] }, "stopSequences[0]"],
];

describe("bad input fails before the network", () => {
  it.each(badRequests)("%s", async (_label, overrides, field) => {
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: haiku, ...overrides } as InvokeRequest).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect(bedrock.requests.length).toBe(before);
  });

  it("names the allowed range", async () => {
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", temperature: 2 })).rejects.toThrow("outside 0–1");
  });

  it("refuses tools and images for a model without them, naming the families that have them", async () => {
    await expect(fm.invoke({ modelId: claudeV2, prompt: "hi", tools: [{ name: "a", inputSchema: {} }] })).rejects.toThrow(/has no tools; families that do: anthropic-messages/);
    await expect(
      fm.invoke({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", messages: [{ role: "user", content: [{ type: "image", data: "AA==", mediaType: "image/png" }] }] }),
    ).rejects.toThrow(/does not take images/);
  });

  it("throws UnknownModelError with close matches for an unrecognizable ID", async () => {
    const error = await fm.invoke({ modelId: "anthropik.claude-3-haiku-20240307-v1:0", prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as UnknownModelError).closeMatches[0]).toBe(haiku);
  });

  it("rejects a non-positive budget and price overrides with a bad field", () => {
    expect(() => createClient({ budget: { maxUsd: 0 } })).toThrow("budget.maxUsd");
    expect(() => createClient({ pricing: { "my-model": { inputPer1k: -1, outputPer1k: 0 } } })).toThrow("pricing[\"my-model\"].inputPer1k");
    expect(() => createClient({ pricing: { "my-model": { inputPer1k: 0.001 } as never } })).toThrow(/outputPer1k/);
    expect(() => createClient({ pricing: { "my-model": { inputPer1k: 0.001, outputPer1k: 0.002 } } })).not.toThrow();
  });
});

describe("a body Bedrock rejects", () => {
  it("comes back as ValidationError with Bedrock's message and request ID", async () => {
    const error = await fm.invoke({ modelId: haiku, prompt: "hi", native: { stream: true } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("extraneous key [stream] is not permitted");
    expect((error as ValidationError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((error as ValidationError).statusCode).toBe(400);
  });
});
