import { describe, expect, it } from "vitest";
import { amazonNova } from "../../src/adapters/amazon-nova.js";
import { amazonTitanText, renderTitanPrompt } from "../../src/adapters/amazon-titan-text.js";
import { resolveModel } from "../../src/models/registry.js";
import { normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

const titan = resolveModel("amazon.titan-text-express-v1").model;

describe("amazon-titan-text", () => {
  it("renders AWS's User:/Bot: form with system text first", () => {
    expect(renderTitanPrompt([{ role: "user", content: "Name one prime number." }], undefined)).toBe("User: Name one prime number.\nBot:");
    expect(
      renderTitanPrompt(
        [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello." },
          { role: "user", content: "Bye" },
        ],
        "Be brief.",
      ),
    ).toBe("Be brief.\nUser: Hi\nBot: Hello.\nUser: Bye\nBot:");
  });

  it("sends only the stop sequences Bedrock accepts and emulates the rest, with warnings", () => {
    const native = amazonTitanText.toNativeBody(
      normalizedRequest("Name one prime number.", { maxTokens: 50, temperature: 0, topP: 0.9, topK: 5, stopSequences: ["User:", "||", "\n\nObservation:"] }),
      titan,
    );
    expect(native.body).toEqual({
      inputText: "User: Name one prime number.\nBot:",
      textGenerationConfig: { maxTokenCount: 50, temperature: 0, topP: 0.9, stopSequences: ["User:", "||"] },
    });
    expect(native.emulatedStopSequences).toEqual(["\n\nObservation:"]);
    expect(native.warnings.map((warning) => `${warning.type}:${warning.feature}`)).toEqual(["unsupported:topK", "emulated:stopSequences"]);
  });

  it("reads AWS's example response and the recorded stream, dropping the echoed Bot: label", () => {
    expect(amazonTitanText.fromNativeBody(JSON.parse(readFixture("amazon-titan-text/response.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "FINISH",
      stopSequence: undefined,
      usage: { inputTokens: 9, outputTokens: 3 },
    });
    const decoder = amazonTitanText.createStreamDecoder();
    const deltas = readJsonLines("amazon-titan-text/stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type === "text").map((delta) => (delta.type === "text" ? delta.text : "")).join("")).toBe("Hello! How can I help?");
    expect(deltas.at(-1)).toEqual({ type: "stop", rawStopReason: "FINISH", stopSequence: undefined });
    expect(["FINISH", "FINISHED", "LENGTH", "STOP_CRITERIA_MET", "CONTENT_FILTERED", "RAG_QUERY_WHEN_RAG_DISABLED"].map((raw) => amazonTitanText.mapStopReason(raw))).toEqual([
      "end_turn",
      "end_turn",
      "max_tokens",
      "stop_sequence",
      "content_filtered",
      "unknown",
    ]);
  });

  it("ends a stream a guardrail blocked (one chunk, no completionReason) with a stop and the body's counts", () => {
    const decoder = amazonTitanText.createStreamDecoder();
    expect(readJsonLines("amazon-titan-text/guardrail-blocked-stream.jsonl").flatMap((chunk) => decoder.push(chunk))).toEqual([
      { type: "text", text: "Input blocked" },
      { type: "usage", usage: { inputTokens: 6, outputTokens: 3 } },
      { type: "stop", rawStopReason: undefined, stopSequence: undefined },
    ]);
  });
});

const novaLite = resolveModel("amazon.nova-lite-v1:0").model;

describe("amazon-nova", () => {
  it("writes messages-v1 with system blocks, inferenceConfig and toolConfig", () => {
    const { body } = amazonNova.toNativeBody(
      normalizedRequest("Weather in Paris?", {
        system: "Be brief.",
        maxTokens: 50,
        temperature: 0,
        topK: 1,
        stopSequences: ["END"],
        tools: [{ name: "get_weather", description: "Current weather", inputSchema: { type: "object" } }],
        toolChoice: { name: "get_weather" },
      }),
      novaLite,
    );
    expect(body).toEqual({
      schemaVersion: "messages-v1",
      system: [{ text: "Be brief." }],
      messages: [{ role: "user", content: [{ text: "Weather in Paris?" }] }],
      inferenceConfig: { maxTokens: 50, temperature: 0, topK: 1, stopSequences: ["END"] },
      toolConfig: {
        tools: [{ toolSpec: { name: "get_weather", description: "Current weather", inputSchema: { json: { type: "object" } } } }],
        toolChoice: { tool: { name: "get_weather" } },
      },
    });
  });

  it("encodes images, tool calls and tool results as Nova blocks", () => {
    const { body } = amazonNova.toNativeBody(
      normalizedRequest("", {
        messages: [
          { role: "user", content: [{ type: "image", data: new Uint8Array([1, 2, 3]), mediaType: "image/png" }] },
          { role: "assistant", content: [{ type: "tool-call", id: "t1", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool-result", toolCallId: "t1", content: "sunny", isError: true }] },
        ],
      }),
      novaLite,
    );
    expect(body.messages).toEqual([
      { role: "user", content: [{ image: { format: "png", source: { bytes: "AQID" } } }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Paris" } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "sunny" }], status: "error" } }] },
    ]);
  });

  it("reads the documented response and assembles a streamed tool call", () => {
    expect(amazonNova.fromNativeBody(JSON.parse(readFixture("amazon-nova/response.json")), { toolNames: [] })).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "end_turn",
      stopSequence: undefined,
      usage: { inputTokens: 11, outputTokens: 2 },
    });
    const decoder = amazonNova.createStreamDecoder({ toolNames: [] });
    const deltas = readJsonLines("amazon-nova/tool-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool-call", toolCall: { id: "tooluse_abc", name: "get_weather", input: { city: "Paris" } } },
      { type: "stop", rawStopReason: "tool_use", stopSequence: undefined },
      { type: "usage", usage: { inputTokens: 120, outputTokens: 25 } },
    ]);
    expect(decoder.raw()).toMatchObject({ output: { message: { content: [{ text: "Checking." }, { toolUse: { toolUseId: "tooluse_abc" } }] } }, stopReason: "tool_use" });
  });
});
