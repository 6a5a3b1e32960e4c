/** Reasoning through the public API and the offline Bedrock: Claude thinking in tool loops, adaptive thinking, Nova 2 and Nova 1. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient, ContentPart, InvokeRequest, InvokeResult, Message, StreamEvent } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());
afterEach(() => bedrock.assertScriptsConsumed());

const sonnet45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const opus46 = "us.anthropic.claude-opus-4-6-v1";
const opus5 = "global.anthropic.claude-opus-5";
const nova2 = "us.amazon.nova-2-lite-v1:0";

const tools = [
  { name: "lookup_ticket", description: "Finds a support ticket", inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
  { name: "get_outage", description: "Outage status of a region", inputSchema: { type: "object", properties: { region: { type: "string" } }, required: ["region"] } },
];

/** Three scripted steps: two tool calls, then the answer, each after thinking. */
function scriptToolLoop(modelId: string): void {
  bedrock.script(modelId, [
    { reasoning: "Look the ticket up first.", toolCalls: [{ name: "lookup_ticket", input: { id: "T-1" } }] },
    { reasoning: "The ticket names the north region; check its outage.", toolCalls: [{ name: "get_outage", input: { region: "north" } }] },
    { reasoning: "Both answers agree.", text: "A fibre cut in the north; it is fixed." },
  ]);
}

/** Runs the tool loop to its end, sending each assistant turn back as it came. */
async function runToolLoop(call: (request: InvokeRequest) => Promise<InvokeResult>): Promise<InvokeResult[]> {
  const messages: Message[] = [{ role: "user", content: "Why is ticket T-1 open?" }];
  const results: InvokeResult[] = [];
  for (let step = 0; step < 3; step++) {
    const result = await call({ modelId: sonnet45, messages, tools, reasoning: { budgetTokens: 2_048 } });
    results.push(result);
    if (result.stopReason !== "tool_use") break;
    messages.push({ role: "assistant", content: result.content });
    messages.push({ role: "user", content: result.toolCalls.map((toolCall): ContentPart => ({ type: "tool-result", toolCallId: toolCall.id, content: `{"ok":true,"tool":"${toolCall.name}"}` })) });
  }
  return results;
}

type WireBlock = { type: string; signature?: string; thinking?: string };
type WireBody = { messages: { role: string; content: WireBlock[] }[]; thinking?: unknown; max_tokens: number };

function expectSignedLoopOnTheWire(requests: LocalBedrock["requests"]): void {
  const bodies = requests.slice(-3).map((request) => request.body as WireBody);
  for (const body of bodies) expect(body).toMatchObject({ thinking: { type: "enabled", budget_tokens: 2_048 }, max_tokens: 2_048 + 4_096 });
  const last = bodies[2]!;
  const assistantTurns = last.messages.filter((message) => message.role === "assistant");
  expect(assistantTurns).toHaveLength(2);
  for (const turn of assistantTurns) {
    expect(turn.content[0]).toMatchObject({ type: "thinking", signature: expect.stringMatching(/^sig_/) });
    expect(turn.content[1]).toMatchObject({ type: "tool_use" });
  }
  expect(assistantTurns.map((turn) => turn.content[0]!.thinking)).toEqual(["Look the ticket up first.", "The ticket names the north region; check its outage."]);
}

describe("Claude thinking in a tool loop", () => {
  it("completes over three invoke steps with signed thinking blocks sent back first in each assistant turn", async () => {
    scriptToolLoop(sonnet45);
    const results = await runToolLoop((request) => fm.invoke(request));
    expect(results.map((result) => result.stopReason)).toEqual(["tool_use", "tool_use", "end_turn"]);
    expect(results[0]!.content[0]).toEqual({ type: "reasoning", text: "Look the ticket up first.", signature: expect.stringMatching(/^sig_/) });
    expect(results[2]!).toMatchObject({ text: "A fibre cut in the north; it is fixed.", reasoning: "Both answers agree." });
    expectSignedLoopOnTheWire(bedrock.requests);
  });

  it("completes over three stream steps: thinking_delta and signature_delta become reasoning events and signed parts", async () => {
    scriptToolLoop(sonnet45);
    const events: StreamEvent[] = [];
    const results = await runToolLoop(async (request) => {
      const stream = fm.stream(request);
      for await (const event of stream) events.push(event);
      return stream.result;
    });
    expect(results.map((result) => result.stopReason)).toEqual(["tool_use", "tool_use", "end_turn"]);
    const reasoningText = events.filter((event) => event.type === "reasoning").map((event) => (event as { text: string }).text).join("");
    expect(reasoningText).toBe("Look the ticket up first.The ticket names the north region; check its outage.Both answers agree.");
    expect(results[1]!.content[0]).toMatchObject({ type: "reasoning", signature: expect.stringMatching(/^sig_/) });
    expectSignedLoopOnTheWire(bedrock.requests);
  });

  it("is refused by Bedrock when the assistant turn comes back without its thinking block", async () => {
    bedrock.script(sonnet45, [{ reasoning: "Look it up.", toolCalls: [{ name: "lookup_ticket", input: { id: "T-2" } }] }]);
    const first = await fm.invoke({ modelId: sonnet45, prompt: "Ticket T-2?", tools, reasoning: { budgetTokens: 2_048 } });
    const withoutThinking = first.content.filter((part) => part.type !== "reasoning");
    const error = await fm
      .invoke({
        modelId: sonnet45,
        tools,
        reasoning: { budgetTokens: 2_048 },
        messages: [
          { role: "user", content: "Ticket T-2?" },
          { role: "assistant", content: withoutThinking },
          { role: "user", content: [{ type: "tool-result", toolCallId: first.toolCalls[0]!.id, content: "open" }] },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ValidationError", message: expect.stringContaining("Expected `thinking` or `redacted_thinking`") });
  });

  it("drops unsigned reasoning (another model's) and keeps redacted blocks, without an error", async () => {
    await fm.invoke({
      modelId: sonnet45,
      messages: [
        { role: "user", content: "Hello" },
        { role: "assistant", content: [{ type: "reasoning", text: "a Nova thought" }, { type: "reasoning", text: "", redacted: "ZW5jcnlwdGVk" }, { type: "text", text: "Hi" }] },
        { role: "user", content: "Again" },
      ],
    });
    const body = bedrock.requests.at(-1)!.body as WireBody;
    expect(body.messages[1]!.content).toEqual([{ type: "redacted_thinking", data: "ZW5jcnlwdGVk" }, { type: "text", text: "Hi" }]);
  });
});

describe("Claude thinking options per model", () => {
  it("budget models get thinking.enabled with the effort's budget; temperature and topK are not sent while thinking", async () => {
    const result = await fm.invoke({ modelId: sonnet45, prompt: "Plan the maintenance window.", reasoning: { effort: "medium" }, temperature: 0.2, topK: 5, topP: 0.97 });
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ thinking: { type: "enabled", budget_tokens: 4_096 }, max_tokens: 8_192, top_p: 0.97 });
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("temperature");
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("top_k");
    expect(result.warnings.filter((warning) => warning.type === "unsupported").map((warning) => warning.feature)).toEqual(["temperature", "topK"]);
    expect(result.reasoning).toMatch(/^Considering the request:/);
    expect(result.content[0]).toMatchObject({ type: "reasoning", signature: expect.stringMatching(/^sig_/) });
  });

  it("Haiku 4.5 takes temperature or topP, not both: topP is dropped with a warning", async () => {
    const result = await fm.invoke({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", prompt: "Short answer.", temperature: 0.2, topP: 0.9 });
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ temperature: 0.2 });
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("top_p");
    expect(result.warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "topP" })]);
  });

  it("Opus 4.6 thinks adaptively at the given effort (output_config.effort)", async () => {
    const result = await fm.invoke({ modelId: opus46, prompt: "Why did the link drop?", reasoning: { effort: "high" } });
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ thinking: { type: "adaptive" }, output_config: { effort: "high" }, max_tokens: 16_000 });
    expect(result.reasoning.length).toBeGreaterThan(0);
    expect(result.warnings).toEqual([]);
  });

  it("Opus 5 never gets temperature or top_p: one warning names each dropped option; a budget becomes adaptive thinking", async () => {
    const result = await fm.invoke({ modelId: opus5, prompt: "Summarise the incident.", temperature: 0.3, topP: 0.9, reasoning: { budgetTokens: 4_000 } });
    const body = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("top_p");
    expect(body).toMatchObject({ thinking: { type: "adaptive" } });
    expect(result.warnings.map((warning) => [warning.type, warning.feature])).toEqual([
      ["unsupported", "reasoning.budgetTokens"],
      ["unsupported", "temperature"],
      ["unsupported", "topP"],
    ]);
    expect(result.warnings[1]!.message).toContain("anthropic.claude-opus-5");
  });

  it("Opus 5 without reasoning still drops temperature and top_p (Bedrock refuses any value)", async () => {
    const result = await fm.invoke({ modelId: opus5, prompt: "Short answer.", temperature: 0, topP: 1, topK: 40 });
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ top_k: 40 });
    expect(result.warnings.map((warning) => warning.feature)).toEqual(["temperature", "topP"]);
  });
});

describe("Nova reasoning", () => {
  it("Nova 2 sends reasoningConfig and, at effort high, no maxTokens (with a warning); its reasoning comes back as a part", async () => {
    const result = await fm.invoke({ modelId: nova2, prompt: "Plan the rollout.", reasoning: { effort: "high" }, maxTokens: 500 });
    const body = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ reasoningConfig: { type: "enabled", maxReasoningEffort: "high" } });
    expect(body.inferenceConfig).toBeUndefined();
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "maxTokens" }));
    expect(result.reasoning).toBe("[REDACTED]");
    expect(result.content[0]).toEqual({ type: "reasoning", text: "[REDACTED]" });
  });

  it("Nova 2 streams reasoning events and sends signed or redacted reasoning back as reasoningContent", async () => {
    const stream = fm.stream({ modelId: nova2, prompt: "Plan the rollout.", reasoning: { effort: "low" } });
    const kinds = new Set<string>();
    for await (const event of stream) kinds.add(event.type);
    expect(kinds.has("reasoning")).toBe(true);
    expect((await stream.result).reasoning).toBe("[REDACTED]");
    await fm.invoke({
      modelId: nova2,
      messages: [
        { role: "user", content: "Hello" },
        { role: "assistant", content: [{ type: "reasoning", text: "thought", signature: "c2ln" }, { type: "reasoning", text: "", redacted: "cmVk" }, { type: "reasoning", text: "unsigned" }, { type: "text", text: "Hi" }] },
        { role: "user", content: "Again" },
      ],
    });
    const body = bedrock.requests.at(-1)!.body as { messages: { content: unknown[] }[] };
    expect(body.messages[1]!.content).toEqual([
      { reasoningContent: { reasoningText: { text: "thought", signature: "c2ln" } } },
      { reasoningContent: { redactedContent: "cmVk" } },
      { text: "Hi" },
    ]);
  });

  it("Nova 1's <thinking> preamble before a tool call becomes a reasoning part, in invoke and stream", async () => {
    const step = { text: "<thinking> The user wants the ticket, so I call lookup_ticket. </thinking>\n", toolCalls: [{ name: "lookup_ticket", input: { id: "T-3" } }] };
    bedrock.script("amazon.nova-micro-v1:0", [step, step]);
    const request = { modelId: "amazon.nova-micro-v1:0", prompt: "Ticket T-3?", tools };
    const invoked = await fm.invoke(request);
    expect(invoked.text).toBe("");
    expect(invoked.reasoning).toBe("The user wants the ticket, so I call lookup_ticket. ");
    expect(invoked.toolCalls).toHaveLength(1);
    const streamed = await fm.stream(request).result;
    expect(streamed.text).toBe("");
    expect(streamed.reasoning).toBe(invoked.reasoning);
    expect(streamed.toolCalls).toEqual(invoked.toolCalls);
  });
});
