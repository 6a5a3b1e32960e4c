import { describe, expect, it } from "vitest";
import { mistralChat } from "../../src/adapters/mistral-chat.js";
import { mistralPrompt, renderMistralPrompt } from "../../src/adapters/mistral-prompt.js";
import { resolveModel } from "../../src/models/registry.js";
import { normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

describe("mistral-prompt", () => {
  it("renders AWS's [INST] template, system text opening the first turn", () => {
    expect(renderMistralPrompt([{ role: "user", content: "What is your favourite condiment?" }], undefined)).toBe("<s>[INST] What is your favourite condiment? [/INST]");
    expect(
      renderMistralPrompt(
        [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello." },
          { role: "user", content: "Bye" },
        ],
        "Be brief.",
      ),
    ).toBe("<s>[INST] Be brief.\n\nHi [/INST] Hello.</s> [INST] Bye [/INST]");
  });

  it("sends max_tokens, stop (at most 10), top_k; reads AWS's example without the leading space", () => {
    const stops = Array.from({ length: 12 }, (_, index) => `S${index}`);
    const native = mistralPrompt.toNativeBody(normalizedRequest("Name one prime number.", { maxTokens: 20, temperature: 0, topK: 50, stopSequences: stops }), resolveModel("mistral.mistral-7b-instruct-v0:2").model);
    expect(native.body).toEqual({ prompt: "<s>[INST] Name one prime number. [/INST]", max_tokens: 20, temperature: 0, top_k: 50, stop: stops.slice(0, 10) });
    expect(native.emulatedStopSequences).toEqual(["S10", "S11"]);
    expect(mistralPrompt.fromNativeBody(JSON.parse(readFixture("mistral-prompt/response.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: undefined,
    });
  });
});

describe("mistral-chat", () => {
  it("writes system, tool calls (arguments as a JSON string) and tool messages", () => {
    const { body } = mistralChat.toNativeBody(
      normalizedRequest("", {
        system: "Be brief.",
        messages: [
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: [{ type: "tool-call", id: "a1B2c3D4e", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool-result", toolCallId: "a1B2c3D4e", content: "sunny" }] },
        ],
        tools: [{ name: "get_weather", description: "Current weather", inputSchema: { type: "object" } }],
        toolChoice: "auto",
        maxTokens: 200,
      }),
      resolveModel("mistral.mistral-large-2407-v1:0").model,
    );
    expect(body).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: "", tool_calls: [{ id: "a1B2c3D4e", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "a1B2c3D4e", content: "sunny" },
      ],
      tools: [{ type: "function", function: { name: "get_weather", description: "Current weather", parameters: { type: "object" } } }],
      tool_choice: "auto",
      max_tokens: 200,
    });
  });

  it("writes a Pixtral user turn with an image as text and image_url chunks (a data URL)", () => {
    const jpeg = Buffer.from("/9j/4AAQSkZJRg==", "base64");
    const { body } = mistralChat.toNativeBody(
      normalizedRequest("", { messages: [{ role: "user", content: [{ type: "text", text: "Describe the photo in one word" }, { type: "image", data: new Uint8Array(jpeg), mediaType: "image/jpeg" }] }], maxTokens: 100 }),
      resolveModel("us.mistral.pixtral-large-2502-v1:0").model,
    );
    expect(body).toEqual(JSON.parse(readFixture("mistral-chat/pixtral-image-request.json")));
  });

  it("reads Magistral's content chunks: thinking as a reasoning part, text as text, in bodies and stream chunks", () => {
    const body = JSON.parse(readFixture("mistral-chat/magistral-thinking-response.json"));
    expect(mistralChat.fromNativeBody(body)).toEqual({
      content: [
        { type: "reasoning", text: "The user asks for a prime; 7 is prime." },
        { type: "text", text: "7" },
      ],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: undefined,
    });
    const decoder = mistralChat.createStreamDecoder();
    expect(decoder.push(body)).toEqual([
      { type: "reasoning", text: "The user asks for a prime; 7 is prime." },
      { type: "text", text: "7" },
      { type: "stop", rawStopReason: "stop", stopSequence: undefined },
    ]);
  });

  it("reads AWS's tool-call example and the recorded stream", () => {
    expect(mistralChat.fromNativeBody(JSON.parse(readFixture("mistral-chat/response.json")))).toEqual({
      content: [{ type: "tool-call", id: "a1B2c3D4e", name: "get_weather", input: { city: "Paris" } }],
      rawStopReason: "tool_calls",
      stopSequence: undefined,
      usage: undefined,
    });
    const decoder = mistralChat.createStreamDecoder();
    expect(readJsonLines("mistral-chat/stream.jsonl").flatMap((chunk) => decoder.push(chunk))).toEqual([
      { type: "text", text: "Hel" },
      { type: "text", text: "lo." },
      { type: "stop", rawStopReason: "stop", stopSequence: undefined },
    ]);
    expect(mistralChat.mapStopReason("tool_calls")).toBe("tool_use");
  });

  it("keeps two whole streamed tool calls apart when both come numbered index 0 (Mistral numbers each chunk's calls from 0)", () => {
    const decoder = mistralChat.createStreamDecoder();
    const call = (id: string, city: string): Record<string, unknown> => ({ index: 0, id, function: { name: "get_weather", arguments: JSON.stringify({ city }) } });
    const deltas = [
      { choices: [{ index: 0, message: { role: "assistant", content: "", tool_calls: [call("a1B2c3D4e", "Paris")] }, stop_reason: null }] },
      { choices: [{ index: 0, message: { role: "assistant", content: "", tool_calls: [call("f5G6h7I8j", "Lyon")] }, stop_reason: "tool_calls" }] },
    ].flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type === "tool-call")).toEqual([
      { type: "tool-call", toolCall: { id: "a1B2c3D4e", name: "get_weather", input: { city: "Paris" } } },
      { type: "tool-call", toolCall: { id: "f5G6h7I8j", name: "get_weather", input: { city: "Lyon" } } },
    ]);
  });
});
