/**
 * Recorded stream shapes end to end: the offline Bedrock serves the recorded chunks byte for
 * byte (scripted `{ chunks }` steps) and the client must finish them as Bedrock meant.
 * Sources: ../shared/research/review-wire-formats.md findings 1 and 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

describe("recorded streams through fm.stream", () => {
  it("finishes a Titan Text stream blocked by a guardrail with its text, stop reason and token counts", async () => {
    // Recorded: amazon.titan-text-express-v1, 2025-08-19, traceloop/openllmetry
    // tests/traces/cassettes/test_guardrails/test_guardrail_invoke_stream.yaml (trace object left out).
    const recorded = '{"outputText":"Input blocked","index":0.0,"totalOutputTextTokenCount":3.0,"inputTextTokenCount":6.0,"amazon-bedrock-guardrailAction":"INTERVENED"}';
    bedrock.script("amazon.titan-text-express-v1", [{ chunks: [recorded] }]);
    const result = await fm.stream({ modelId: "amazon.titan-text-express-v1", prompt: "hi" }).result;
    expect(result).toMatchObject({ text: "Input blocked", stopReason: "guardrail_intervened" });
    expect(result.usage).toMatchObject({ inputTokens: 6, outputTokens: 3 });
    expect(result.cost?.totalUsd).toBeGreaterThan(0);
    bedrock.assertScriptsConsumed();
  });

  it("finishes a Jamba stream whose last chunk carries finish_reason and vLLM's stop_reason (string or integer)", async () => {
    // Shape: lobehub/lobe-chat src/libs/agent-runtime/utils/streams/bedrock/ai21.ts (captured final chunk); vLLM's integer stop_reason.
    const first = { id: "cmpl-1", choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }], usage: { prompt_tokens: 44, completion_tokens: 0, total_tokens: 44 } };
    const last = { id: "cmpl-1", choices: [{ index: 0, delta: { content: "?" }, finish_reason: "stop", stop_reason: "<|eom|>" }], usage: { prompt_tokens: 44, completion_tokens: 2, total_tokens: 46 } };
    const integerStop = { ...last, choices: [{ index: 0, delta: { content: "?" }, finish_reason: "stop", stop_reason: 128008 }] };
    bedrock.script("ai21.jamba-1-5-mini-v1:0", [{ chunks: [first, last] }, { chunks: [integerStop] }]);
    for (let round = 0; round < 2; round++) {
      const result = await fm.stream({ modelId: "ai21.jamba-1-5-mini-v1:0", prompt: "hi" }).result;
      expect(result).toMatchObject({ text: "?", stopReason: "end_turn", rawStopReason: "stop" });
    }
    bedrock.assertScriptsConsumed();
  });
});

describe("Command R tool loops", () => {
  it("sends every earlier round's tool results in chat_history, and the offline Bedrock answers each round", async () => {
    const modelId = "cohere.command-r-v1:0";
    const tools = [{ name: "get_weather", description: "Weather in a city", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    bedrock.script(modelId, [
      { toolCalls: [{ name: "get_weather", input: { city: "Paris" } }] },
      { toolCalls: [{ name: "get_weather", input: { city: "Rome" } }] },
      { text: "Paris is sunny and Rome is raining." },
    ]);
    const messages: Parameters<typeof fm.invoke>[0]["messages"] = [{ role: "user", content: "Weather in Paris, then Rome?" }];
    let result = await fm.invoke({ modelId, messages, tools });
    for (const weather of ["sunny", "raining"]) {
      expect(result.stopReason).toBe("tool_use");
      const call = result.toolCalls[0]!;
      messages!.push({ role: "assistant", content: result.content }, { role: "user", content: [{ type: "tool-result", toolCallId: call.id, content: weather }] });
      result = await fm.invoke({ modelId, messages, tools });
    }
    expect(result.text).toBe("Paris is sunny and Rome is raining.");
    const lastBody = bedrock.requests.at(-1)!.body as { chat_history: { role: string; tool_results?: unknown[] }[]; tool_results: unknown[] };
    expect(lastBody.chat_history.filter((entry) => entry.role === "TOOL")).toHaveLength(1);
    expect(lastBody.tool_results).toHaveLength(1);
    bedrock.assertScriptsConsumed();
  });
});
