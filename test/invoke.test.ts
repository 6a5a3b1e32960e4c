import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBedrock } from "../src/testing/index.js";
import type { BedrockKitClient } from "../src/index.js";
import { claudeV2, haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const ticketTool = {
  name: "get_ticket_status",
  description: "Looks up a support ticket",
  inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
};

describe("invoke through the offline Bedrock", () => {
  it("sends the native Messages body and returns the full result shape", async () => {
    const result = await fm.invoke({ modelId: haiku, prompt: "Summarize the outage log.", system: "Be brief.", maxTokens: 200, temperature: 0.5 });
    const received = bedrock.requests.at(-1);
    expect(received?.operation).toBe("invoke");
    expect(received?.modelId).toBe(haiku);
    expect(received?.body).toEqual({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 200,
      system: "Be brief.",
      temperature: 0.5,
      messages: [{ role: "user", content: [{ type: "text", text: "Summarize the outage log." }] }],
    });
    const raw = result.raw as { content: { text: string }[]; usage: { input_tokens: number; output_tokens: number } };
    expect(result).toMatchObject({
      text: raw.content[0]?.text,
      content: [{ type: "text", text: raw.content[0]?.text }],
      toolCalls: [],
      stopReason: "end_turn",
      rawStopReason: "end_turn",
      modelId: haiku,
      provider: "anthropic",
      usage: { inputTokens: raw.usage.input_tokens, outputTokens: raw.usage.output_tokens, source: "body" },
    });
    expect(result.text.length).toBeGreaterThan(10);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.warnings).toEqual([expect.objectContaining({ type: "deprecated" })]);
    // Claude 3 Haiku: $0.00025 / $0.00125 per 1K tokens (models.md §1).
    expect(result.cost?.inputUsd).toBeCloseTo((raw.usage.input_tokens * 0.00025) / 1000, 15);
    expect(result.cost?.outputUsd).toBeCloseTo((raw.usage.output_tokens * 0.00125) / 1000, 15);
  });

  it("answers the same request with the same text", async () => {
    const first = await fm.invoke({ modelId: haiku, prompt: "Is the BGP session up?" });
    const second = await fm.invoke({ modelId: haiku, prompt: "Is the BGP session up?" });
    expect(second.text).toBe(first.text);
  });

  it("percent-encodes inference-profile IDs and ARNs in the path and keeps them as the result's modelId", async () => {
    const profile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
    const arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    expect((await fm.invoke({ modelId: profile, prompt: "hi" })).modelId).toBe(profile);
    expect(bedrock.requests.at(-1)?.path).toBe("/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke");
    expect((await fm.invoke({ modelId: arn, prompt: "hi" })).modelId).toBe(arn);
    expect(bedrock.requests.at(-1)?.modelId).toBe(arn);
  });

  it("takes Claude text-completion usage from the token-count headers", async () => {
    const result = await fm.invoke({ modelId: claudeV2, prompt: "Name one prime number." });
    expect(bedrock.requests.at(-1)?.body).toEqual({ prompt: "\n\nHuman: Name one prime number.\n\nAssistant:", max_tokens_to_sample: 4096 });
    expect(result.usage.source).toBe("headers");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(result.text.split(" ").length);
    expect(result.stopReason).toBe("end_turn");
    expect(result.text.startsWith(" ")).toBe(false);
  });

  it("reports max_tokens and a user stop sequence", async () => {
    const short = await fm.invoke({ modelId: haiku, prompt: "Tell me everything.", maxTokens: 3 });
    expect(short.stopReason).toBe("max_tokens");
    expect(short.usage.outputTokens).toBe(3);
    const full = await fm.invoke({ modelId: haiku, prompt: "Tell me more." });
    const stopWord = full.text.split(" ")[4] as string;
    const stopped = await fm.invoke({ modelId: haiku, prompt: "Tell me more.", stopSequences: [` ${stopWord}`] });
    expect(stopped.stopReason).toBe("stop_sequence");
    expect(full.text.startsWith(stopped.text)).toBe(true);
    expect(stopped.text.length).toBeLessThan(full.text.length);
  });

  it("calls a tool, then answers from the tool result", async () => {
    const question = "What is the status of ticket 42?";
    const first = await fm.invoke({ modelId: haiku, prompt: question, tools: [ticketTool] });
    expect(first.stopReason).toBe("tool_use");
    expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^toolu_bdrk_/), name: "get_ticket_status", input: { ticketId: expect.any(String) } }]);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ tools: [{ name: "get_ticket_status", input_schema: ticketTool.inputSchema }] });
    const call = first.toolCalls[0]!;
    const second = await fm.invoke({
      modelId: haiku,
      tools: [ticketTool],
      messages: [
        { role: "user", content: question },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool-result", toolCallId: call.id, content: '{"status":"open"}' }] },
      ],
    });
    expect(second.stopReason).toBe("end_turn");
    expect(second.text).toMatch(/^Tool result received/);
  });

  it("forces a named tool with toolChoice", async () => {
    const result = await fm.invoke({ modelId: haiku, prompt: "Hello there", tools: [ticketTool], toolChoice: { name: "get_ticket_status" } });
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: "tool", name: "get_ticket_status" } });
    expect(result.content.map((part) => part.type)).toEqual(["tool-call"]);
  });

  it("sends images to Claude 3 as base64", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const result = await fm.invoke({
      modelId: haiku,
      messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }, { type: "text", text: "What is in this picture?" }] }],
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({
      messages: [{ content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }, { type: "text" }] }],
    });
  });

  it("serves a Claude ID newer than the catalog with the Messages family and a warning", async () => {
    bedrock.addModel({ id: "anthropic.claude-opus-9-20300101-v1:0", family: "anthropic-messages" }); // Bedrock serves it; the catalog does not list it
    const result = await fm.invoke({ modelId: "anthropic.claude-opus-9-20300101-v1:0", prompt: "hi", maxTokens: 10 });
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "estimated", feature: "modelId" }));
    expect(result.cost).toBeUndefined();
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "cost" }));
  });

  it("reuses keep-alive connections across calls", async () => {
    const before = bedrock.connectionCount;
    for (let index = 0; index < 5; index++) await fm.invoke({ modelId: haiku, prompt: `call ${index}` });
    expect(bedrock.connectionCount - before).toBeLessThanOrEqual(1);
  });
});
