import { describe, expect, it } from "vitest";
import { cohereChat } from "../../src/adapters/cohere-chat.js";
import { cohereCommand } from "../../src/adapters/cohere-command.js";
import { resolveModel } from "../../src/models/registry.js";
import { normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

const commandR = resolveModel("cohere.command-r-v1:0").model;

describe("cohere-command", () => {
  it("always sends max_tokens, uses p/k, and sets stream only on stream bodies", () => {
    const model = resolveModel("cohere.command-light-text-v14").model;
    const request = normalizedRequest("Name one prime number.", { temperature: 0, topP: 0.5, topK: 10 });
    expect(cohereCommand.toNativeBody(request, model, { stream: false }).body).toEqual({ prompt: "Name one prime number.", max_tokens: 4_096, temperature: 0, p: 0.5, k: 10 });
    expect(cohereCommand.toNativeBody(request, model, { stream: true }).body).toMatchObject({ stream: true });
    expect(cohereCommand.fromNativeBody(JSON.parse(readFixture("cohere-command/response.json")))).toMatchObject({ content: [{ type: "text", text: "7" }], rawStopReason: "COMPLETE" });
  });
});

describe("cohere-chat", () => {
  const tool = {
    name: "get_weather",
    description: "Current weather",
    inputSchema: { type: "object", properties: { city: { type: "string", description: "City name" }, days: { type: "integer" }, tags: { type: "array", items: { type: "string" } } }, required: ["city"] },
  };

  it("splits the conversation into message, chat_history and preamble, and translates tools", () => {
    const { body } = cohereChat.toNativeBody(
      normalizedRequest("", {
        system: "Be brief.",
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello!" },
          { role: "user", content: "Name one prime number." },
        ],
        tools: [tool],
        maxTokens: 50,
      }),
      commandR,
    );
    expect(body).toEqual({
      message: "Name one prime number.",
      chat_history: [
        { role: "USER", message: "Hi" },
        { role: "CHATBOT", message: "Hello!" },
      ],
      preamble: "Be brief.",
      max_tokens: 50,
      tools: [
        {
          name: "get_weather",
          description: "Current weather",
          parameter_definitions: {
            city: { description: "City name", type: "str", required: true },
            days: { type: "int", required: false },
            tags: { type: "List[str]", required: false },
          },
        },
      ],
    });
  });

  it("sends tool results by the call's name and parameters, with the call turn in the history", () => {
    const { body } = cohereChat.toNativeBody(
      normalizedRequest("", {
        messages: [
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: [{ type: "tool-call", id: "cohere_0_get_weather", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool-result", toolCallId: "cohere_0_get_weather", content: '{"temperature_c":21}' }] },
        ],
        tools: [tool],
      }),
      commandR,
    );
    expect(body).toMatchObject({
      message: "",
      chat_history: [
        { role: "USER", message: "Weather in Paris?" },
        { role: "CHATBOT", message: "", tool_calls: [{ name: "get_weather", parameters: { city: "Paris" } }] },
      ],
      tool_results: [{ call: { name: "get_weather", parameters: { city: "Paris" } }, outputs: [{ temperature_c: 21 }] }],
    });
  });

  it("keeps every earlier round's results as TOOL entries in a three-round tool loop", () => {
    const call = (city: string) => ({ type: "tool-call" as const, id: "cohere_0_get_weather", name: "get_weather", input: { city } });
    const result = (celsius: number) => ({ type: "tool-result" as const, toolCallId: "cohere_0_get_weather", content: JSON.stringify({ temperature_c: celsius }) });
    const { body } = cohereChat.toNativeBody(
      normalizedRequest("", {
        messages: [
          { role: "user", content: "Which is warmest: Paris, Rome or Oslo?" },
          { role: "assistant", content: [{ type: "text", text: "I will check Paris first." }, call("Paris")] },
          { role: "user", content: [result(21)] },
          { role: "assistant", content: [call("Rome")] },
          { role: "user", content: [result(27)] },
          { role: "assistant", content: [call("Oslo")] },
          { role: "user", content: [result(9)] },
        ],
        tools: [tool],
      }),
      commandR,
    );
    const turn = (city: string, message = "") => ({ role: "CHATBOT", message, tool_calls: [{ name: "get_weather", parameters: { city } }] });
    const results = (city: string, celsius: number) => [{ call: { name: "get_weather", parameters: { city } }, outputs: [{ temperature_c: celsius }] }];
    expect(body.message).toBe("");
    expect(body.chat_history).toEqual([
      { role: "USER", message: "Which is warmest: Paris, Rome or Oslo?" },
      turn("Paris", "I will check Paris first."),
      { role: "TOOL", tool_results: results("Paris", 21) },
      turn("Rome"),
      { role: "TOOL", tool_results: results("Rome", 27) },
      turn("Oslo"),
    ]);
    expect(body.tool_results).toEqual(results("Oslo", 9));
  });

  it("reads billed units, gives ID-less calls stable IDs, and decodes the event stream", () => {
    expect(cohereChat.fromNativeBody(JSON.parse(readFixture("cohere-chat/response.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "COMPLETE",
      stopSequence: undefined,
      usage: { inputTokens: 20, outputTokens: 1 },
    });
    const withCall = cohereChat.fromNativeBody({ text: "", finish_reason: "COMPLETE", tool_calls: [{ name: "get_weather", parameters: { city: "Paris" } }] });
    expect(withCall.content).toEqual([{ type: "tool-call", id: "cohere_0_get_weather", name: "get_weather", input: { city: "Paris" } }]);
    expect(cohereChat.mapStopReason("COMPLETE", { toolCallCount: 1, stopSequence: undefined })).toBe("tool_use");
    const decoder = cohereChat.createStreamDecoder();
    expect(readJsonLines("cohere-chat/stream.jsonl").flatMap((chunk) => decoder.push(chunk))).toEqual([
      { type: "text", text: "Seven" },
      { type: "text", text: " is prime." },
      { type: "usage", usage: { inputTokens: 20, outputTokens: 4 } },
      { type: "stop", rawStopReason: "COMPLETE", stopSequence: undefined },
    ]);
  });
});
