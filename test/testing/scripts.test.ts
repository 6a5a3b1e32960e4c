import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { createClient, type InvokeResult } from "../../src/index.js";
import type { LocalBedrock, ScriptStep } from "../../src/testing/index.js";
import { haiku, setup } from "../helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
let raw: BedrockRuntimeClient;
beforeAll(async () => {
  ({ bedrock, fm } = await setup({ maxRetries: 0 }));
  raw = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
});
afterEach(() => bedrock.clearScripts());
afterAll(async () => {
  raw.destroy();
  await bedrock.close();
});

const ticketTool = {
  name: "get_ticket_status",
  description: "Looks up a support ticket",
  inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
};

const models = [
  ["Claude Messages", haiku],
  ["Nova", "amazon.nova-micro-v1:0"],
  ["Command R", "cohere.command-r-v1:0"],
  ["Llama 3.1", "meta.llama3-1-8b-instruct-v1:0"],
] as const;

async function both(modelId: string, steps: ScriptStep[]): Promise<{ invoked: InvokeResult; streamed: InvokeResult; deltas: string[] }> {
  bedrock.script(modelId, [...steps, ...steps]);
  const request = { modelId, prompt: "Where is ticket 42?", tools: [ticketTool] };
  const invoked = await fm.invoke(request);
  const stream = fm.stream(request);
  const deltas: string[] = [];
  for await (const text of stream.textStream) deltas.push(text);
  return { invoked, streamed: await stream.result, deltas };
}

/** The model chunks of a raw stream, as bytes decoded to text. */
async function rawChunks(modelId: string, body: unknown): Promise<string[]> {
  const output = await raw.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(body), contentType: "application/json" }));
  const chunks: string[] = [];
  for await (const event of output.body ?? []) if (event.chunk?.bytes) chunks.push(new TextDecoder().decode(event.chunk.bytes));
  return chunks;
}

describe.each(models)("scripted replies for %s", (_name, modelId) => {
  it("come back as text through invoke and stream", async () => {
    const { invoked, streamed, deltas } = await both(modelId, [{ text: "The circuit in Spokane is down." }]);
    for (const result of [invoked, streamed]) {
      expect(result.text).toBe("The circuit in Spokane is down.");
      expect(result.stopReason).toBe("end_turn");
      expect(result.toolCalls).toEqual([]);
    }
    expect(deltas.join("")).toBe("The circuit in Spokane is down.");
  });

  it("come back as tool calls with their input", async () => {
    const { invoked, streamed } = await both(modelId, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "T-42" } }] }]);
    for (const result of [invoked, streamed]) {
      expect(result.toolCalls).toEqual([expect.objectContaining({ name: "get_ticket_status", input: { ticketId: "T-42" } })]);
      expect(result.stopReason).toBe("tool_use");
    }
  });

  it("carry the scripted stop reason and usage", async () => {
    const { invoked, streamed } = await both(modelId, [{ text: "Cut short", stopReason: "max_tokens", usage: { inputTokens: 123, outputTokens: 45 } }]);
    for (const result of [invoked, streamed]) {
      expect(result.text).toBe("Cut short");
      expect(result.stopReason).toBe("max_tokens");
      expect(result.usage).toMatchObject({ inputTokens: 123, outputTokens: 45 });
    }
  });
});

describe("scripted replies", () => {
  it("are consumed in order, invoke and stream alike, then the deterministic simulation answers", async () => {
    bedrock.script(haiku, [{ text: "first" }, { text: "second" }, { text: "third" }]);
    expect((await fm.invoke({ modelId: haiku, prompt: "a" })).text).toBe("first");
    expect((await fm.stream({ modelId: haiku, prompt: "a" }).result).text).toBe("second");
    expect((await fm.invoke({ modelId: haiku, prompt: "a" })).text).toBe("third");
    const simulated = await fm.invoke({ modelId: haiku, prompt: "a" });
    expect(simulated.text).not.toMatch(/^(first|second|third)$/);
    expect(simulated.text.length).toBeGreaterThan(0);
    bedrock.assertScriptsConsumed();
  });

  it("are kept per model ID", async () => {
    bedrock.script("amazon.nova-micro-v1:0", [{ text: "from Nova" }]);
    bedrock.script(haiku, [{ text: "from Claude" }]);
    expect((await fm.invoke({ modelId: haiku, prompt: "a" })).text).toBe("from Claude");
    expect((await fm.invoke({ modelId: "amazon.nova-micro-v1:0", prompt: "a" })).text).toBe("from Nova");
  });

  it("render Claude thinking and Nova reasoning blocks before the text", async () => {
    bedrock.script(haiku, [{ reasoning: "Check the ticket first.", text: "It is open." }]);
    const claude = await fm.invoke({ modelId: haiku, prompt: "a" });
    expect(claude.text).toBe("It is open.");
    expect(claude.raw).toMatchObject({ content: [{ type: "thinking", thinking: "Check the ticket first.", signature: expect.any(String) }, { type: "text", text: "It is open." }] });
    bedrock.script("amazon.nova-micro-v1:0", [{ reasoning: "Check the ticket first.", text: "It is open." }]);
    const nova = await fm.invoke({ modelId: "amazon.nova-micro-v1:0", prompt: "a" });
    expect(nova.text).toBe("It is open.");
    expect(nova.raw).toMatchObject({ output: { message: { content: [{ reasoningContent: { reasoningText: { text: "Check the ticket first." } } }, { text: "It is open." }] } } });
  });

  it("are refused at script() time when the family cannot express them", () => {
    expect(() => bedrock.script("amazon.titan-text-express-v1", [{ toolCalls: [{ name: "get_ticket_status", input: {} }] }])).toThrow(/amazon-titan-text family has no native tool calls/);
    expect(() => bedrock.script("meta.llama2-13b-chat-v1", [{ toolCalls: [{ name: "get_ticket_status", input: {} }] }])).toThrow(/meta-llama2 family has no native tool calls/);
    expect(() => bedrock.script("meta.llama3-1-8b-instruct-v1:0", [{ text: "and", toolCalls: [{ name: "a", input: {} }] }])).toThrow(/one tool call and no text/);
    expect(() => bedrock.script("cohere.command-r-v1:0", [{ reasoning: "hm" }])).toThrow(/no reasoning block/);
    expect(() => bedrock.script("amazon.titan-embed-text-v2:0", [{ text: "x" }])).toThrow(/no scripted replies/);
    expect(() => bedrock.script("anthropic.claude-3-haiku", [{ text: "x" }])).toThrow(/not a model ID the offline Bedrock serves/);
    bedrock.assertScriptsConsumed();
  });

  it("left over make assertScriptsConsumed throw with each model ID and count", async () => {
    bedrock.script(haiku, [{ text: "one" }, { text: "two" }, { text: "three" }]);
    bedrock.script("amazon.nova-micro-v1:0", [{ text: "four" }]);
    await fm.invoke({ modelId: haiku, prompt: "a" });
    expect(() => bedrock.assertScriptsConsumed()).toThrow(`Scripted answers were not all consumed: ${haiku}: 2 steps left; amazon.nova-micro-v1:0: 1 step left`);
  });
});

describe("raw native steps", () => {
  it("serve the recorded guardrail-blocked Titan Text stream byte for byte, with nothing added", async () => {
    // Recorded: amazon.titan-text-express-v1, 2025-08-19, traceloop/openllmetry
    // tests/traces/cassettes/test_guardrails/test_guardrail_invoke_stream.yaml (via
    // ../shared/research/review-wire-formats.md finding 2; the trace object is left out).
    const recorded = '{"outputText":"Input blocked","index":0.0,"totalOutputTextTokenCount":3.0,"inputTextTokenCount":6.0,"amazon-bedrock-guardrailAction":"INTERVENED"}';
    bedrock.script("amazon.titan-text-express-v1", [{ chunks: [recorded] }]);
    expect(await rawChunks("amazon.titan-text-express-v1", { inputText: "User: hi\nBot:" })).toEqual([recorded]);
  });

  it("serve Jamba's final chunk with both finish_reason and vLLM's stop_reason, string or integer", async () => {
    // Shape: lobehub/lobe-chat src/libs/agent-runtime/utils/streams/bedrock/ai21.ts (captured
    // final chunk) and vLLM's integer stop_reason, via ../shared/research/review-wire-formats.md finding 1.
    const first = { id: "cmpl-1", choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }], usage: { prompt_tokens: 44, completion_tokens: 0, total_tokens: 44 } };
    const last = { id: "cmpl-1", choices: [{ index: 0, delta: { content: "?" }, finish_reason: "stop", stop_reason: "<|eom|>" }], usage: { prompt_tokens: 44, completion_tokens: 2, total_tokens: 46 }, meta: { requestDurationMillis: 146 } };
    const integerStop = { ...last, choices: [{ index: 0, delta: { content: "?" }, finish_reason: "stop", stop_reason: 128008 }] };
    bedrock.script("ai21.jamba-1-5-mini-v1:0", [{ chunks: [first, last] }, { chunks: [integerStop] }]);
    const body = { messages: [{ role: "user", content: "hi" }] };
    expect((await rawChunks("ai21.jamba-1-5-mini-v1:0", body)).map((chunk) => JSON.parse(chunk))).toEqual([first, last]);
    expect((await rawChunks("ai21.jamba-1-5-mini-v1:0", body)).map((chunk) => JSON.parse(chunk))).toEqual([integerStop]);
  });

  it("serve a native invoke body as given, and refuse an operation the step has no answer for", async () => {
    bedrock.script(haiku, [{ native: '{"type":"message","content":[{"type":"text","text":"raw"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}' }, { native: {} }]);
    expect((await fm.invoke({ modelId: haiku, prompt: "a" })).text).toBe("raw");
    await expect(fm.stream({ modelId: haiku, prompt: "a" }).result).rejects.toThrow(/has no chunks, so it cannot answer a stream request/);
  });
});

describe("scripts and faults", () => {
  it("keeps a step for the retry when a fault cut the stream before its first chunk", async () => {
    bedrock.script(haiku, [{ text: "SCRIPTED answer." }]);
    bedrock.addFault({ type: "exception-frame", afterChunks: 0, exceptionType: "internalServerException", operation: "stream" });
    const retrying = createClient({ ...bedrock.clientOptions, maxRetries: 1, retryDelay: { baseMs: 1, maxMs: 2 } });
    const result = await retrying.stream({ modelId: haiku, prompt: "hi" }).result;
    expect(result.text).toBe("SCRIPTED answer.");
    bedrock.assertScriptsConsumed();
  });

  it("refuses to script a bare ID Bedrock serves only through an inference profile", () => {
    expect(() => bedrock.script("anthropic.claude-sonnet-4-5-20250929-v1:0", [{ text: "x" }])).toThrow(/inference profile/);
    expect(() => bedrock.script("us.anthropic.claude-sonnet-4-5-20250929-v1:0", [{ text: "x" }])).not.toThrow();
    bedrock.clearScripts();
  });
});
