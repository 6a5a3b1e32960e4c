/** The Claude and Nova codecs decode thinking and reasoning payloads (fixtures in test/fixtures, sources in its README). */
import { describe, expect, it } from "vitest";
import { amazonNova } from "../../src/adapters/amazon-nova.js";
import { anthropicMessages } from "../../src/adapters/anthropic-messages.js";
import { readFixture, readJsonLines } from "../helpers.js";

describe("anthropic-messages thinking", () => {
  it("reads thinking (text and signature) and redacted_thinking blocks as reasoning parts, in order", () => {
    const output = anthropicMessages.fromNativeBody(JSON.parse(readFixture("anthropic-messages/thinking-response.json")));
    expect(output.content).toEqual([
      { type: "reasoning", text: "The ticket number is given; look it up before answering.", signature: "EqQBCkYIAxgCIkB0ZXN0LXNpZ25hdHVyZQ==" },
      { type: "reasoning", text: "", redacted: "RW5jcnlwdGVkUmVhc29uaW5n" },
      { type: "text", text: "Let me check that ticket." },
      { type: "tool-call", id: "toolu_bdrk_01Ticket", name: "lookup_ticket", input: { id: "T-1" } },
    ]);
    expect(output.usage).toEqual({ inputTokens: 412, outputTokens: 96, cacheReadInputTokens: 1830, cacheWriteInputTokens: 0 });
  });

  it("streams thinking_delta as reasoning deltas, closes the part with the signature_delta, and gives redacted blocks their own delta", () => {
    const decoder = anthropicMessages.createStreamDecoder();
    const deltas = readJsonLines("anthropic-messages/thinking-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type === "reasoning")).toEqual([
      { type: "reasoning", text: "The link flapped" },
      { type: "reasoning", text: " twice; check the optics." },
      { type: "reasoning", text: "", signature: "EqQBCkYIAxgCIkBzdHJlYW0tc2ln" },
      { type: "reasoning", text: "", redacted: "UmVkYWN0ZWRCbG9jaw==" },
    ]);
    expect(deltas[0]).toEqual({ type: "usage", usage: { inputTokens: 120, cacheReadInputTokens: 0, cacheWriteInputTokens: 2048, outputTokens: undefined } });
    expect(decoder.raw()).toMatchObject({
      content: [
        { type: "thinking", thinking: "The link flapped twice; check the optics.", signature: "EqQBCkYIAxgCIkBzdHJlYW0tc2ln" },
        { type: "redacted_thinking", data: "UmVkYWN0ZWRCbG9jaw==" },
        { type: "text", text: "Replace the optics." },
      ],
    });
  });
});

describe("amazon-nova reasoning", () => {
  it("reads the recorded Nova 2 high-effort answer: a reasoningContent block before the text", () => {
    const output = amazonNova.fromNativeBody(JSON.parse(readFixture("amazon-nova/nova-2-reasoning-response.json")), { toolNames: [] });
    expect(output.content).toEqual([
      { type: "reasoning", text: "[REDACTED]." },
      { type: "text", text: "ok" },
    ]);
  });

  it("streams reasoningContent text, signature and redacted deltas", () => {
    const decoder = amazonNova.createStreamDecoder({ toolNames: [] });
    const deltas = readJsonLines("amazon-nova/reasoning-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.slice(0, 4)).toEqual([
      { type: "reasoning", text: "[REDACTED]" },
      { type: "reasoning", text: "", signature: "c2lnbmF0dXJl" },
      { type: "reasoning", text: "", redacted: "cmVkYWN0ZWQ=" },
      { type: "text", text: "ok" },
    ]);
    expect(decoder.raw()).toMatchObject({
      output: { message: { content: [{ reasoningContent: { reasoningText: { text: "[REDACTED]", signature: "c2lnbmF0dXJl" } } }, { reasoningContent: { redactedContent: "cmVkYWN0ZWQ=" } }, { text: "ok" }] } },
    });
  });

  it("moves Nova 1's <thinking> preamble into reasoning when tools were offered, holding back a split closing tag", () => {
    const decoder = amazonNova.createStreamDecoder({ toolNames: ["get_weather"] });
    const deltas = readJsonLines("amazon-nova/thinking-tool-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type === "reasoning" || delta.type === "text")).toEqual([
      { type: "reasoning", text: "To provide the current weather" },
      { type: "reasoning", text: " I call get_weather. " },
    ]);
    expect(deltas).toContainEqual({ type: "tool-call", toolCall: { id: "tooluse_weather1", name: "get_weather", input: { location: "Seattle" } } });
    const withoutTools = amazonNova.createStreamDecoder({ toolNames: [] });
    const plain = readJsonLines("amazon-nova/thinking-tool-stream.jsonl").flatMap((chunk) => withoutTools.push(chunk));
    expect(plain.filter((delta) => delta.type === "text").map((delta) => (delta as { text: string }).text).join("")).toContain("<thinking>");
  });
});
