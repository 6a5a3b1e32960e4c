/**
 * bedrock-kit/langchain driven by LangChain's own runnables (invoke, stream, bindTools,
 * withStructuredOutput, embeddings, and langchain's createAgent tool loop) against the
 * offline Bedrock.
 */
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type AIMessageChunk } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { tool } from "@langchain/core/tools";
import { createAgent } from "langchain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { BedrockStream, BudgetExceededError, ValidationError, createClient, type InvokeResult } from "../../src/index.js";
import { BedrockKitEmbeddings, ChatBedrockKit } from "../../src/langchain/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 } });
});
beforeEach(() => bedrock.clearScripts());
afterAll(() => bedrock.close());

const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

function ticketTool(calls: string[]) {
  return tool(
    async ({ ticketId }: { ticketId: string }) => {
      calls.push(ticketId);
      return JSON.stringify({ ticketId, status: "open" });
    },
    { name: "get_ticket_status", description: "Looks up a support ticket by its ID", schema: z.object({ ticketId: z.string() }) },
  );
}

describe("bedrock-kit/langchain ChatBedrockKit", () => {
  it("invokes with system and human messages; usage_metadata and cost in response_metadata", async () => {
    const model = new ChatBedrockKit({ client: fm, model: "amazon.nova-lite-v1:0", maxTokens: 300, temperature: 0.1 });
    const message = await model.invoke([new SystemMessage("You are terse."), new HumanMessage("Is the circuit up?")]);
    expect(typeof message.content).toBe("string");
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(message.usage_metadata?.total_tokens).toBe(message.usage_metadata!.input_tokens + message.usage_metadata!.output_tokens);
    expect(message.response_metadata).toMatchObject({ stopReason: "end_turn", rawStopReason: "end_turn", usageSource: "body", modelId: "amazon.nova-lite-v1:0" });
    expect(message.response_metadata.costUsd).toBeGreaterThan(0);
    const sent = bedrock.requests.at(-1)!.body as { system: { text: string }[]; inferenceConfig: Record<string, unknown> };
    expect(sent.system[0]!.text).toBe("You are terse.");
    expect(sent.inferenceConfig).toMatchObject({ maxTokens: 300, temperature: 0.1 });
  });

  it("runs in a prompt-template chain and passes LangChain's stop option", async () => {
    const prompt = ChatPromptTemplate.fromMessages([["system", "Answer about {topic}."], ["human", "{question}"]]);
    const chain = prompt.pipe(new ChatBedrockKit({ client: fm, model: claude }).withConfig({ stop: ["\n\nObservation:"] }));
    const message = await chain.invoke({ topic: "networks", question: "What is BGP?" });
    expect(message.text.length).toBeGreaterThan(0);
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).stop_sequences).toEqual(["\n\nObservation:"]);
  });

  it("streams text chunks, then usage and cost in the last chunk", async () => {
    const model = new ChatBedrockKit({ client: fm, model: claude });
    let merged: AIMessageChunk | undefined;
    let chunks = 0;
    for await (const chunk of await model.stream("Tell me about the outage")) {
      chunks += 1;
      merged = merged === undefined ? chunk : merged.concat(chunk);
    }
    expect(chunks).toBeGreaterThan(2);
    expect(merged!.text.length).toBeGreaterThan(0);
    expect(merged!.usage_metadata?.output_tokens).toBeGreaterThan(0);
    expect(merged!.response_metadata.costUsd).toBeGreaterThan(0);
  });

  for (const [label, modelId] of [
    ["Claude", claude],
    ["Nova", "amazon.nova-lite-v1:0"],
    ["Command R+", "cohere.command-r-plus-v1:0"],
  ] as const) {
    it(`binds tools and round-trips a tool call by hand on ${label}`, async () => {
      const calls: string[] = [];
      const getTicketStatus = ticketTool(calls);
      const model = new ChatBedrockKit({ client: fm, model: modelId }).bindTools([getTicketStatus]);
      const messages = [new HumanMessage("What is the ticket status of NET-4521?")];
      const first = await model.invoke(messages);
      expect(first.tool_calls).toHaveLength(1);
      expect(first.tool_calls![0]!.name).toBe("get_ticket_status");
      expect(first.response_metadata.stopReason).toBe("tool_use");
      const toolMessage = await getTicketStatus.invoke(first.tool_calls![0]!);
      const second = await model.invoke([...messages, first, toolMessage]);
      expect(second.tool_calls ?? []).toHaveLength(0);
      expect(second.text.length).toBeGreaterThan(0);
      expect(calls).toHaveLength(1);
    });
  }

  it("streams a tool call as one tool_call_chunk that merges into tool_calls", async () => {
    const model = new ChatBedrockKit({ client: fm, model: "amazon.nova-lite-v1:0" }).bindTools([ticketTool([])], { tool_choice: "get_ticket_status" });
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await model.stream("hello")) merged = merged === undefined ? chunk : merged.concat(chunk);
    expect(merged!.tool_calls).toEqual([expect.objectContaining({ name: "get_ticket_status", args: { ticketId: expect.any(String) } })]);
    expect((bedrock.requests.at(-1)!.body as { toolConfig: { toolChoice: unknown } }).toolConfig.toolChoice).toEqual({ tool: { name: "get_ticket_status" } });
  });

  for (const [label, modelId, script] of [
    ["Claude", claude, false],
    ["Nova", "amazon.nova-lite-v1:0", false],
    ["Command R+", "cohere.command-r-plus-v1:0", false],
    ["Llama 3.1 (scripted)", "meta.llama3-1-8b-instruct-v1:0", true],
  ] as const) {
    it(`runs langchain's createAgent tool loop on ${label}`, async () => {
      if (script) bedrock.script(modelId, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-4521" } }] }, { text: "Ticket NET-4521 is open." }]);
      const calls: string[] = [];
      const agent = createAgent({ model: new ChatBedrockKit({ client: fm, model: modelId }), tools: [ticketTool(calls)], systemPrompt: "You help with support tickets." });
      const state = await agent.invoke({ messages: [{ role: "user", content: "What is the ticket status of NET-4521?" }] });
      const types = state.messages.map((message) => message.getType());
      expect(types).toEqual(["human", "ai", "tool", "ai"]);
      expect(calls).toHaveLength(1);
      const last = state.messages.at(-1) as AIMessage;
      expect(last.text.length).toBeGreaterThan(0);
      expect(last.response_metadata.costUsd).toBeGreaterThan(0);
      if (script) bedrock.assertScriptsConsumed();
    });
  }

  it("gives structured output from withStructuredOutput by a forced tool (Zod and JSON Schema, includeRaw)", async () => {
    const schema = z.object({ ticketId: z.string(), urgent: z.boolean() }).describe("A support ticket");
    const model = new ChatBedrockKit({ client: fm, model: claude });
    const ticket = await model.withStructuredOutput(schema, { name: "ticket" }).invoke("NET-12 is urgent");
    expect(typeof ticket.ticketId).toBe("string");
    expect(typeof ticket.urgent).toBe("boolean");
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).tool_choice).toEqual({ type: "any" });
    const withRaw = await model
      .withStructuredOutput({ title: "ticket", type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] }, { includeRaw: true })
      .invoke("NET-12 is urgent");
    expect(typeof withRaw.parsed.ticketId).toBe("string");
    expect((withRaw.raw.response_metadata as Record<string, unknown>).costUsd).toBeGreaterThan(0);
  });

  it("sends images from data URLs and keeps tool errors as errors", async () => {
    const model = new ChatBedrockKit({ client: fm, model: claude });
    const image = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]).toString("base64");
    await model.invoke([new HumanMessage({ content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${image}` } }] })]);
    const sent = bedrock.requests.at(-1)!.body as { messages: { content: { type: string }[] }[] };
    expect(sent.messages[0]!.content.map((block) => block.type)).toEqual(["text", "image"]);
    const call = { id: "toolu_1", name: "get_ticket_status", args: { ticketId: "x" } };
    await model.bindTools([ticketTool([])]).invoke([
      new HumanMessage("Status of x?"),
      new AIMessage({ content: "", tool_calls: [call] }),
      new ToolMessage({ content: "lookup failed", tool_call_id: "toolu_1", status: "error" }),
    ]);
    const echoed = bedrock.requests.at(-1)!.body as { messages: { content: { type: string; is_error?: boolean }[] }[] };
    expect(echoed.messages[2]!.content[0]).toMatchObject({ type: "tool_result", is_error: true });
    await expect(model.invoke([new HumanMessage({ content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] })])).rejects.toThrow(/messages\[0\]\.content\[0\]/);
  });

  it("round-trips reasoning signatures kept in additional_kwargs", async () => {
    const requests: unknown[] = [];
    const stub = {
      invoke: async (request: unknown) => {
        requests.push(request);
        return {
          text: "Done.",
          reasoning: "Thinking.",
          content: [{ type: "reasoning", text: "Thinking.", signature: "sig-1" }, { type: "text", text: "Done." }],
          toolCalls: [],
          stopReason: "end_turn",
          rawStopReason: "end_turn",
          usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7, source: "body" },
          cost: undefined,
          modelId: claude,
          provider: "anthropic",
          latencyMs: 1,
          requestId: "r-1",
          raw: {},
          warnings: [],
        };
      },
    };
    const model = new ChatBedrockKit({ client: stub as never, model: claude });
    const first = await model.invoke("Think");
    expect(first.additional_kwargs.reasoning_content).toBe("Thinking.");
    await model.invoke([new HumanMessage("Think"), first, new HumanMessage("Again")]);
    const second = requests[1] as { messages: { role: string; content: unknown[] }[] };
    expect(second.messages[1]!.content).toEqual([{ type: "reasoning", text: "Thinking.", signature: "sig-1" }, { type: "text", text: "Done." }]);
  });

  it("streams reasoning into additional_kwargs, with the signed parts in the last chunk", async () => {
    const final = {
      text: "Done.",
      reasoning: "Thinking it over.",
      content: [{ type: "reasoning", text: "Thinking it over.", signature: "sig-2" }, { type: "text", text: "Done." }],
      toolCalls: [],
      stopReason: "end_turn",
      rawStopReason: "end_turn",
      usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9, source: "metrics" },
      cost: { inputUsd: 0.1, outputUsd: 0.2, totalUsd: 0.3 },
      modelId: claude,
      provider: "anthropic",
      latencyMs: 1,
      requestId: "r-2",
      raw: {},
      warnings: [],
    } as unknown as InvokeResult;
    const stub = {
      invoke: async () => final,
      stream: () =>
        new BedrockStream((sink) => {
          sink.push({ type: "reasoning", text: "Thinking " });
          sink.push({ type: "reasoning", text: "it over." });
          sink.push({ type: "text", text: "Done." });
          sink.finish(final);
        }, new AbortController()),
    };
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await new ChatBedrockKit({ client: stub as never, model: claude }).stream("Think")) merged = merged === undefined ? chunk : merged.concat(chunk);
    expect(merged!.text).toBe("Done.");
    expect(merged!.additional_kwargs.reasoning_content).toBe("Thinking it over.");
    expect(merged!.additional_kwargs.bedrockKitReasoning).toEqual([{ type: "reasoning", text: "Thinking it over.", signature: "sig-2" }]);
    expect(merged!.response_metadata.costUsd).toBe(0.3);
  });

  it("lets the client's budget refuse a call, and checks its inputs", async () => {
    const tight = new ChatBedrockKit({ client: createClient({ ...bedrock.clientOptions, budget: { maxUsd: 0.000001 } }), model: claude, maxRetries: 0 });
    await expect(tight.invoke("hello")).rejects.toBeInstanceOf(BudgetExceededError);
    // maxUsd caps each call of the model on its own, before the network.
    const before = bedrock.requests.length;
    const capped = new ChatBedrockKit({ client: fm, model: claude, maxRetries: 0, maxUsd: 0.000001 });
    await expect(capped.invoke("hello")).rejects.toThrow(/exceeds its maxUsd/);
    expect(bedrock.requests.length).toBe(before);
    expect(() => new ChatBedrockKit({ client: undefined as never, model: claude })).toThrow(ValidationError);
    expect(() => new ChatBedrockKit({ client: fm, model: "" })).toThrow(/Invalid model/);
    const model = new ChatBedrockKit({ client: fm, model: claude });
    expect(() => model.bindTools([{ type: "function", function: { name: "x", parameters: "not a schema" } }])).toThrow(/tools\[0\]/);
    expect(() => model.withStructuredOutput(z.string())).toThrow(/Invalid outputSchema: structured output needs a schema of an object/);
  });
});

describe("bedrock-kit/langchain BedrockKitEmbeddings", () => {
  it("embeds documents and queries through fm.embed", async () => {
    const embeddings = new BedrockKitEmbeddings({ client: fm, model: "cohere.embed-english-v3" });
    const documents = await embeddings.embedDocuments(["Reset the router.", "The fibre link is down."]);
    expect(documents).toHaveLength(2);
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).input_type).toBe("search_document");
    const query = await embeddings.embedQuery("router reset");
    expect(query.length).toBe(documents[0]!.length);
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).input_type).toBe("search_query");
    const titan = new BedrockKitEmbeddings({ client: fm, model: "amazon.titan-embed-text-v2:0", dimensions: 256 });
    expect(await titan.embedQuery("router")).toHaveLength(256);
  });
});
