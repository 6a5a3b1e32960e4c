import { describe, expect, it } from "vitest";
import type { NormalizedRequest } from "../../src/adapters/adapter.js";
import { anthropicText, renderClaudePrompt } from "../../src/adapters/anthropic-text.js";
import { resolveModel } from "../../src/models/registry.js";
import { normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

function request(overrides: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return normalizedRequest("Name one prime number.", { maxTokens: 50, temperature: 0, ...overrides });
}

describe("anthropic-text", () => {
  it("renders the Human/Assistant template byte for byte", () => {
    expect(renderClaudePrompt([{ role: "user", content: "Name one prime number." }], undefined)).toBe(
      "\n\nHuman: Name one prime number.\n\nAssistant:",
    );
    expect(
      renderClaudePrompt(
        [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello." },
          { role: "user", content: "Bye" },
        ],
        "Be brief.",
      ),
    ).toBe("Be brief.\n\nHuman: Hi\n\nAssistant: Hello.\n\nHuman: Bye\n\nAssistant:");
  });

  it("keeps a final assistant message as a prefill", () => {
    expect(
      renderClaudePrompt(
        [
          { role: "user", content: "Translate: chat" },
          { role: "assistant", content: "<translation>" },
        ],
        undefined,
      ),
    ).toBe("\n\nHuman: Translate: chat\n\nAssistant: <translation>");
  });

  it("writes the body as in AWS's example, with system text before the first turn for Claude 2.1", () => {
    const { body, warnings } = anthropicText.toNativeBody(request({ system: "Be brief.", stopSequences: ["\n\nHuman:"] }), resolveModel("anthropic.claude-v2:1").model);
    expect(body).toEqual({
      prompt: "Be brief.\n\nHuman: Name one prime number.\n\nAssistant:",
      max_tokens_to_sample: 50,
      temperature: 0,
      stop_sequences: ["\n\nHuman:"],
    });
    expect(warnings).toEqual([]);
  });

  it("moves system text into the first Human turn for models without a system slot, with a warning", () => {
    const { body, warnings } = anthropicText.toNativeBody(request({ system: "Be brief." }), resolveModel("anthropic.claude-instant-v1").model);
    expect(body.prompt).toBe("\n\nHuman: Be brief.\n\nName one prime number.\n\nAssistant:");
    expect(warnings).toEqual([expect.objectContaining({ type: "emulated", feature: "system" })]);
  });

  it("reads the completion without the template's leading space", () => {
    const output = anthropicText.fromNativeBody(JSON.parse(readFixture("anthropic-text/completion-response.json")));
    expect(output).toEqual({ content: [{ type: "text", text: "7" }], rawStopReason: "stop_sequence", stopSequence: "\n\nHuman:", usage: undefined });
  });

  it("maps the built-in Human stop to end_turn and a user stop to stop_sequence", () => {
    expect(anthropicText.mapStopReason("stop_sequence", { toolCallCount: 0, stopSequence: "\n\nHuman:" })).toBe("end_turn");
    expect(anthropicText.mapStopReason("stop_sequence", { toolCallCount: 0, stopSequence: "END" })).toBe("stop_sequence");
    expect(anthropicText.mapStopReason("max_tokens", { toolCallCount: 0, stopSequence: undefined })).toBe("max_tokens");
  });

  it("decodes the recorded completion stream", () => {
    const decoder = anthropicText.createStreamDecoder();
    const deltas = readJsonLines("anthropic-text/stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas).toEqual([
      { type: "text", text: "Here" },
      { type: "text", text: " is" },
      { type: "text", text: " a haiku." },
      { type: "stop", rawStopReason: "stop_sequence", stopSequence: "\n\nHuman:" },
    ]);
    expect(decoder.raw()).toEqual({ type: "completion", completion: "Here is a haiku.", stop_reason: "stop_sequence", stop: "\n\nHuman:" });
  });
});
