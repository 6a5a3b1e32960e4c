import { describe, expect, it } from "vitest";
import type { NormalizedRequest } from "../../src/adapters/adapter.js";
import { anthropicMessages } from "../../src/adapters/anthropic-messages.js";
import { resolveModel } from "../../src/models/registry.js";
import { haiku, normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

const model = resolveModel(haiku).model;

function request(overrides: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return normalizedRequest("Weather in Paris?", overrides);
}

const weatherTool = {
  name: "get_weather",
  description: "Current weather",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("anthropic-messages toNativeBody", () => {
  it("writes the Messages body with version, top-level system, sampling and tools", () => {
    const { body, warnings } = anthropicMessages.toNativeBody(
      request({
        system: "Be brief.",
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        topK: 50,
        stopSequences: ["\n\nObservation:"],
        tools: [weatherTool],
        toolChoice: { name: "get_weather" },
      }),
      model,
    );
    expect(warnings).toEqual([]);
    expect(body).toEqual({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 256,
      system: "Be brief.",
      messages: [{ role: "user", content: [{ type: "text", text: "Weather in Paris?" }] }],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 50,
      stop_sequences: ["\n\nObservation:"],
      tools: [{ name: "get_weather", description: "Current weather", input_schema: weatherTool.inputSchema }],
      tool_choice: { type: "tool", name: "get_weather" },
    });
  });

  it("defaults max_tokens to the model's limit capped at 4096 and sends no model or stream key", () => {
    const { body } = anthropicMessages.toNativeBody(request(), model);
    expect(body.max_tokens).toBe(4096);
    expect(Object.keys(body).sort()).toEqual(["anthropic_version", "max_tokens", "messages"]);
  });

  it("encodes images as base64 sources, tool calls and results as blocks, and merges same-role turns", () => {
    const { body } = anthropicMessages.toNativeBody(
      request({
        messages: [
          { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", data: new Uint8Array([1, 2, 3]), mediaType: "image/png" }] },
          { role: "user", content: "Answer with the tool." },
          { role: "assistant", content: [{ type: "tool-call", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool-result", toolCallId: "toolu_1", content: "sunny", isError: false }] },
        ],
        tools: [weatherTool],
      }),
      model,
    );
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "AQID" } },
          { type: "text", text: "Answer with the tool." },
        ],
      },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "sunny" }] },
    ]);
  });

  it('sends toolChoice "none" as a request without tools, with a warning', () => {
    const { body, warnings } = anthropicMessages.toNativeBody(request({ tools: [weatherTool], toolChoice: "none" }), model);
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ type: "emulated", feature: "toolChoice" })]);
  });

  it("merges native fields last", () => {
    const { body } = anthropicMessages.toNativeBody(request({ native: { anthropic_beta: ["token-efficient-tools-2025-02-19"] } }), model);
    expect(body.anthropic_beta).toEqual(["token-efficient-tools-2025-02-19"]);
  });
});

describe("anthropic-messages fromNativeBody", () => {
  it("reads content, tool calls, stop reason and usage from a Bedrock response", () => {
    const output = anthropicMessages.fromNativeBody(JSON.parse(readFixture("anthropic-messages/tool-use-response.json")));
    expect(output).toEqual({
      content: [{ type: "tool-call", id: "toolu_bdrk_01XyZ", name: "get_weather", input: { city: "Paris" } }],
      rawStopReason: "tool_use",
      stopSequence: undefined,
      usage: { inputTokens: 352, outputTokens: 38 },
    });
  });

  it("rejects a body without a content array", () => {
    expect(() => anthropicMessages.fromNativeBody({ completion: "hi" })).toThrow(/content/);
  });

  it("maps every stop reason", () => {
    expect(["end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal", "pause_turn"].map((raw) => anthropicMessages.mapStopReason(raw))).toEqual([
      "end_turn",
      "max_tokens",
      "stop_sequence",
      "tool_use",
      "content_filtered",
      "unknown",
    ]);
  });
});

describe("anthropic-messages stream decoder", () => {
  it("decodes the recorded sequence: text deltas, one assembled tool call, stop and usage", () => {
    const decoder = anthropicMessages.createStreamDecoder();
    const deltas = readJsonLines("anthropic-messages/tool-use-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas).toEqual([
      { type: "usage", usage: { inputTokens: 365, outputTokens: undefined } },
      { type: "text", text: "Let me check" },
      { type: "text", text: " the weather." },
      { type: "tool-call", toolCall: { id: "toolu_bdrk_01Tool", name: "get_weather", input: { city: "Paris" } } },
      { type: "stop", rawStopReason: "tool_use", stopSequence: undefined },
      { type: "usage", usage: { outputTokens: 60 } },
    ]);
    expect(decoder.raw()).toMatchObject({
      id: "msg_bdrk_01Stream",
      content: [
        { type: "text", text: "Let me check the weather." },
        { type: "tool_use", id: "toolu_bdrk_01Tool", name: "get_weather", input: { city: "Paris" } },
      ],
      stop_reason: "tool_use",
      usage: { input_tokens: 365, output_tokens: 60 },
    });
  });

  it("gives a tool call with no input fragments an empty object, and ignores unknown event types", () => {
    const decoder = anthropicMessages.createStreamDecoder();
    decoder.push({ type: "ping" });
    decoder.push({ type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "t", name: "now", input: {} } });
    expect(decoder.push({ type: "content_block_stop", index: 0 })).toEqual([{ type: "tool-call", toolCall: { id: "t", name: "now", input: {} } }]);
  });

  it("throws on a delta for a block that never started", () => {
    const decoder = anthropicMessages.createStreamDecoder();
    expect(() => decoder.push({ type: "content_block_delta", index: 3, delta: { type: "text_delta", text: "x" } })).toThrow();
  });
});
