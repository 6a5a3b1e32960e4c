/**
 * bedrock-kit/ai-sdk driven by the AI SDK's own functions (generateText with a tool loop,
 * streamText, generateObject, embedMany, generateImage) against the offline Bedrock.
 */
import { embedMany, generateImage, generateObject, generateText, jsonSchema, rerank, stepCountIs, streamObject, streamText, tool } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockKit, type BedrockKitProvider } from "../../src/ai-sdk/index.js";
import {
  BedrockStream,
  BudgetExceededError,
  ValidationError,
  createClient,
  type BedrockKitClient,
  type ContentPart,
  type InvokeRequest,
  type InvokeResult,
  type StopReason,
} from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
let bedrockKit: BedrockKitProvider;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 } });
  bedrockKit = createBedrockKit({ client: fm });
});
beforeEach(() => bedrock.clearScripts());
afterAll(() => bedrock.close());

const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const ticketInput = jsonSchema<{ ticketId: string }>({ type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] });

/** A result as fm.invoke gives it, for the stub clients. */
function stubResult(content: ContentPart[], stopReason: StopReason): InvokeResult {
  return {
    text: content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(""),
    reasoning: content.flatMap((part) => (part.type === "reasoning" ? [part.text] : [])).join(""),
    content,
    toolCalls: content.flatMap((part) => (part.type === "tool-call" ? [{ id: part.id, name: part.name, input: part.input }] : [])),
    stopReason,
    rawStopReason: stopReason,
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, source: "body" },
    cost: { inputUsd: 0.00001, outputUsd: 0.00002, totalUsd: 0.00003 },
    modelId: claude,
    provider: "anthropic",
    latencyMs: 5,
    requestId: "request-1",
    raw: {},
    warnings: [],
  };
}

function ticketTools(calls: string[]) {
  return {
    get_ticket_status: tool({
      description: "Looks up a support ticket by its ID",
      inputSchema: ticketInput,
      execute: async ({ ticketId }) => {
        calls.push(ticketId);
        return { ticketId, status: "open" };
      },
    }),
  };
}

describe("bedrock-kit/ai-sdk language model", () => {
  it("runs generateText with a system prompt, usage, finish reason and providerMetadata.bedrockKit", async () => {
    const result = await generateText({ model: bedrockKit(claude), system: "You are terse.", prompt: "Is the circuit up?", maxOutputTokens: 200, temperature: 0.2 });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    const metadata = result.providerMetadata?.bedrockKit;
    expect(metadata).toMatchObject({ rawStopReason: "end_turn", usageSource: "body" });
    expect(metadata?.costUsd).toBeGreaterThan(0);
    expect(typeof metadata?.requestId).toBe("string");
    const sent = bedrock.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent).toMatchObject({ system: "You are terse.", max_tokens: 200, temperature: 0.2 });
  });

  for (const [label, modelId, script] of [
    ["Claude", claude, false],
    ["Nova", "amazon.nova-lite-v1:0", false],
    ["Command R+", "cohere.command-r-plus-v1:0", false],
    ["Llama 3.1 (scripted)", "meta.llama3-1-8b-instruct-v1:0", true],
  ] as const) {
    it(`runs a generateText tool loop over two steps on ${label}`, async () => {
      if (script) {
        bedrock.script(modelId, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-4521" } }] }, { text: "Ticket NET-4521 is open." }]);
      }
      const calls: string[] = [];
      const result = await generateText({
        model: bedrockKit(modelId),
        prompt: "What is the ticket status of NET-4521?",
        tools: ticketTools(calls),
        stopWhen: stepCountIs(3),
      });
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]!.finishReason).toBe("tool-calls");
      expect(result.steps[0]!.toolCalls[0]!.toolName).toBe("get_ticket_status");
      expect(calls).toHaveLength(1);
      expect(result.finishReason).toBe("stop");
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.totalUsage.inputTokens).toBeGreaterThan(result.usage.inputTokens ?? 0);
      if (script) bedrock.assertScriptsConsumed();
      // The second request carried the tool call and its result back.
      const second = JSON.stringify(bedrock.requests.at(-1)!.body);
      expect(second).toContain("open");
    });
  }

  it("maps toolChoice: required forces a tool, a named tool forces that one, none sends no call", async () => {
    const calls: string[] = [];
    const forced = await generateText({ model: bedrockKit(claude), prompt: "Hello there", tools: ticketTools(calls), toolChoice: "required", stopWhen: stepCountIs(1) });
    expect(forced.toolCalls).toHaveLength(1);
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).tool_choice).toEqual({ type: "any" });
    await generateText({ model: bedrockKit(claude), prompt: "Hello", tools: ticketTools(calls), toolChoice: { type: "tool", toolName: "get_ticket_status" }, stopWhen: stepCountIs(1) });
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).tool_choice).toEqual({ type: "tool", name: "get_ticket_status" });
  });

  it("streams text deltas and a tool call, then finishes with usage and metadata (streamText, two steps)", async () => {
    const calls: string[] = [];
    const result = streamText({ model: bedrockKit("amazon.nova-lite-v1:0"), prompt: "What is the ticket status of NET-7?", tools: ticketTools(calls), stopWhen: stepCountIs(3) });
    const types: string[] = [];
    let text = "";
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") text += part.text;
      if (part.type === "error") throw part.error;
    }
    expect(types).toContain("tool-input-start");
    expect(types).toContain("tool-call");
    expect(types).toContain("tool-result");
    expect(types.filter((type) => type === "finish-step")).toHaveLength(2);
    expect(types.at(-1)).toBe("finish");
    expect(calls).toHaveLength(1);
    expect(text.length).toBeGreaterThan(0);
    expect((await result.steps)[1]!.text.length).toBeGreaterThan(0);
    expect(await result.finishReason).toBe("stop");
    expect((await result.totalUsage).outputTokens).toBeGreaterThan(0);
    expect((await result.providerMetadata)?.bedrockKit).toMatchObject({ usageSource: "metrics", rawStopReason: "end_turn" });
  });

  it("round-trips reasoning with its signature in a tool loop", async () => {
    // The Claude codec reads thinking blocks once the model-coverage work lands; until then a
    // stub client answers with the result shape it will give.
    const requests: InvokeRequest[] = [];
    const signed: ContentPart[] = [
      { type: "reasoning", text: "I should look the ticket up.", signature: "sig-1" },
      { type: "reasoning", text: "", redacted: "opaque" },
      { type: "tool-call", id: "call-1", name: "get_ticket_status", input: { ticketId: "T-9" } },
    ];
    const answers = [stubResult(signed, "tool_use"), stubResult([{ type: "text", text: "T-9 is open." }], "end_turn")];
    const stub = { invoke: async (request: InvokeRequest) => (requests.push(request), answers.shift()!) } as unknown as BedrockKitClient;
    const calls: string[] = [];
    const result = await generateText({ model: createBedrockKit({ client: stub })(claude), prompt: "Status of T-9?", tools: ticketTools(calls), stopWhen: stepCountIs(3) });
    expect(result.steps[0]!.reasoningText).toBe("I should look the ticket up.");
    expect(result.steps[0]!.content.flatMap((part) => (part.type === "reasoning" ? [part.providerMetadata?.bedrockKit] : []))).toEqual([{ signature: "sig-1" }, { redacted: "opaque" }]);
    const echoed = requests[1]!.messages![1]!;
    expect(echoed.role).toBe("assistant");
    expect(echoed.content).toEqual(signed);
    expect(requests[1]!.messages![2]).toEqual({ role: "user", content: [{ type: "tool-result", toolCallId: "call-1", content: JSON.stringify({ ticketId: "T-9", status: "open" }) }] });
    expect(result.text).toBe("T-9 is open.");
  });

  it("streams reasoning deltas and ends each block with its signature", async () => {
    const final = stubResult(
      [
        { type: "reasoning", text: "Thinking it over.", signature: "sig-2" },
        { type: "text", text: "Done." },
      ],
      "end_turn",
    );
    const stub = {
      invoke: async () => final,
      stream: () =>
        new BedrockStream((sink) => {
          sink.push({ type: "reasoning", text: "Thinking " });
          sink.push({ type: "reasoning", text: "it over." });
          sink.push({ type: "text", text: "Done." });
          sink.finish(final);
        }, new AbortController()),
    } as unknown as BedrockKitClient;
    const result = streamText({ model: createBedrockKit({ client: stub })(claude), prompt: "Think" });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    const reasoningText = parts.flatMap((part) => (part.type === "reasoning-delta" ? [part.text] : [])).join("");
    expect(reasoningText).toBe("Thinking it over.");
    const end = parts.find((part) => part.type === "reasoning-end");
    expect(end?.providerMetadata?.bedrockKit).toEqual({ signature: "sig-2" });
    expect(await result.text).toBe("Done.");
    expect((await result.steps)[0]!.content.find((part) => part.type === "reasoning")?.providerMetadata?.bedrockKit).toEqual({ signature: "sig-2" });
  });

  it("sends images as image parts", async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13]);
    await generateText({
      model: bedrockKit(claude),
      messages: [{ role: "user", content: [{ type: "text", text: "What is in this picture?" }, { type: "image", image: png, mediaType: "image/png" }] }],
    });
    const sent = bedrock.requests.at(-1)!.body as { messages: { content: { type: string; source?: { media_type: string } }[] }[] };
    expect(sent.messages[0]!.content.map((block) => block.type)).toEqual(["text", "image"]);
    expect(sent.messages[0]!.content[1]!.source?.media_type).toBe("image/png");
    await expect(generateText({ model: bedrockKit(claude), maxRetries: 0, messages: [{ role: "user", content: [{ type: "image", image: new Uint8Array([1, 2, 3, 4]) }] }] })).rejects.toThrow(
      /prompt\[0\]\.content\[0\]: the image is not PNG, JPEG, GIF or WebP/,
    );
  });

  it("turns generateObject into a forced tool on a model with tools, and JSON instructions elsewhere", async () => {
    const schema = jsonSchema<{ ticketId: string; urgent: boolean }>({
      type: "object",
      properties: { ticketId: { type: "string" }, urgent: { type: "boolean" } },
      required: ["ticketId", "urgent"],
    });
    const { object, finishReason } = await generateObject({ model: bedrockKit(claude), schema, prompt: "Extract the ticket from: NET-12 is urgent" });
    expect(typeof object.ticketId).toBe("string");
    expect(typeof object.urgent).toBe("boolean");
    expect(finishReason).toBe("stop");
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).tool_choice).toEqual({ type: "tool", name: "json" });

    bedrock.script("mistral.mistral-7b-instruct-v0:2", [{ text: '{"ticketId":"NET-12","urgent":true}' }]);
    const plain = await generateObject({ model: bedrockKit("mistral.mistral-7b-instruct-v0:2"), schema, prompt: "Extract the ticket from: NET-12 is urgent" });
    expect(plain.object).toEqual({ ticketId: "NET-12", urgent: true });
    expect(plain.warnings?.some((warning) => warning.type === "compatibility")).toBe(true);
    expect(JSON.stringify(bedrock.requests.at(-1)!.body)).toContain("JSON Schema");
  });

  it("streams an object from the forced JSON tool (streamObject)", async () => {
    const schema = jsonSchema<{ ticketId: string }>({ type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] });
    const result = streamObject({ model: bedrockKit("amazon.nova-lite-v1:0"), schema, prompt: "Extract the ticket: NET-77" });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(0);
    expect(typeof (await result.object).ticketId).toBe("string");
    expect((await result.providerMetadata)?.bedrockKit?.costUsd).toBeGreaterThan(0);
  });

  it("maps unsupported settings and bedrock-kit's own warnings to AI SDK warnings", async () => {
    const quiet = await generateText({ model: bedrockKit("amazon.nova-lite-v1:0"), prompt: "hi" });
    expect(quiet.warnings).toEqual([]); // the AI SDK's own user-agent header is no warning
    const result = await generateText({ model: bedrockKit("cohere.command-r-plus-v1:0"), prompt: "hi", seed: 3, presencePenalty: 0.5, headers: { "x-trace": "1" } });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "unsupported", feature: "seed" }),
        expect.objectContaining({ type: "unsupported", feature: "presencePenalty" }),
        expect.objectContaining({ type: "unsupported", feature: "headers" }),
        expect.objectContaining({ type: "other", message: expect.stringContaining("end of life") }),
      ]),
    );
  });

  it("lets the client's budget refuse a step before the network", async () => {
    const tight = createBedrockKit({ client: createClient({ ...bedrock.clientOptions, budget: { maxUsd: 0.000001 } }) });
    const before = bedrock.requests.length;
    await expect(generateText({ model: tight(claude), prompt: "hello", maxRetries: 0 })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(bedrock.requests.length).toBe(before);
  });

  it("passes providerOptions.bedrockKit.maxUsd on as the call's own cap, refused before the network", async () => {
    const before = bedrock.requests.length;
    const capped = { providerOptions: { bedrockKit: { maxUsd: 0.000001 } } };
    await expect(generateText({ model: bedrockKit(claude), prompt: "hello", maxRetries: 0, ...capped })).rejects.toThrow(/exceeds its maxUsd/);
    expect(bedrock.requests.length).toBe(before);
    await expect(generateText({ model: bedrockKit(claude), prompt: "hello", providerOptions: { bedrockKit: { maxUsd: "1" } } })).rejects.toMatchObject({ field: "providerOptions.bedrockKit.maxUsd" });
    bedrock.script(claude, [{ text: "Fits." }]);
    expect((await generateText({ model: bedrockKit(claude), prompt: "hello", providerOptions: { bedrockKit: { maxUsd: 1 } } })).text).toBe("Fits.");
  });

  it("reports a stream that fails as an error part", async () => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 2, exceptionType: "modelStreamErrorException", operation: "stream" });
    const errors: unknown[] = [];
    const result = streamText({ model: bedrockKit(claude), prompt: "Tell me about the outage", onError: ({ error }) => void errors.push(error) });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
  });

  it("aborts the bedrock-kit stream when the AI SDK's abortSignal fires", async () => {
    bedrock.addFault({ type: "chunk-delay", ms: 30, times: 1, operation: "stream" });
    const controller = new AbortController();
    const result = streamText({ model: bedrockKit(claude), prompt: "Tell me about the outage", abortSignal: controller.signal });
    let deltas = 0;
    for await (const part of result.fullStream) {
      if (part.type === "text-delta" && ++deltas === 1) controller.abort();
      if (part.type === "abort" || part.type === "error") break;
    }
    expect(deltas).toBeLessThan(5); // the answer has dozens of deltas, 30 ms apart
  });

  it("refuses model IDs of the wrong kind and a missing client, before any call", () => {
    expect(() => bedrockKit("amazon.titan-embed-text-v2:0")).toThrow(/is an embedding model, not a language model; use embeddingModel/);
    expect(() => bedrockKit.imageModel(claude)).toThrow(ValidationError);
    expect(() => bedrockKit.embeddingModel("stability.stable-diffusion-xl-v1")).toThrow(/is an image model, not an embedding model; use imageModel/);
    expect(() => createBedrockKit({} as never)).toThrow(/Invalid client/);
  });

  it("refuses non-image files with a ValidationError naming the part", async () => {
    await expect(
      generateText({
        model: bedrockKit(claude),
        maxRetries: 0,
        messages: [{ role: "user", content: [{ type: "file", data: new Uint8Array([37, 80, 68, 70]), mediaType: "application/pdf" }] }],
      }),
    ).rejects.toThrow(/prompt\[0\]\.content\[0\].*application\/pdf/);
  });

  it("refuses a tool output JSON cannot hold with a ValidationError naming the part", async () => {
    const model = bedrockKit(claude);
    const prompt = [
      { role: "user" as const, content: [{ type: "text" as const, text: "Status?" }] },
      { role: "assistant" as const, content: [{ type: "tool-call" as const, toolCallId: "c1", toolName: "get_ticket_status", input: {} }] },
      { role: "tool" as const, content: [{ type: "tool-result" as const, toolCallId: "c1", toolName: "get_ticket_status", output: { type: "json" as const, value: { big: 1n } as never } }] },
    ];
    await expect(model.doGenerate({ prompt })).rejects.toThrow(/Invalid prompt\[2\]\.content\[0\]\.output: the tool's output is not JSON-serialisable/);
  });
});

describe("bedrock-kit/ai-sdk embedding and image models", () => {
  it("runs embedMany through fm.embed, vectors in order, with usage and cost", async () => {
    const values = ["Reset the router.", "The fibre link is down.", "Reset the router and modem."];
    const result = await embedMany({ model: bedrockKit.embeddingModel("cohere.embed-english-v3"), values, providerOptions: { bedrockKit: { inputType: "search_query" } } });
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings[0]!.length).toBeGreaterThan(100);
    expect(result.usage.tokens).toBeGreaterThan(0);
    expect(result.providerMetadata?.bedrockKit?.costUsd).toBeGreaterThan(0);
    expect((bedrock.requests.at(-1)!.body as Record<string, unknown>).input_type).toBe("search_query");
  });

  it("runs rerank through fm.rerank, best first, with its cost", async () => {
    const documents = ["The fibre link to Spokane is down.", "Lunch is at noon.", "Spokane circuit CKT-2291 flapped overnight."];
    const result = await rerank({ model: bedrockKit.rerankingModel("cohere.rerank-v3-5:0"), query: "Spokane circuit outage", documents, topN: 2 });
    expect(result.ranking).toHaveLength(2);
    expect(result.ranking[0]!.score).toBeGreaterThanOrEqual(result.ranking[1]!.score);
    expect(documents).toContain(result.rerankedDocuments[0]);
    expect(result.providerMetadata?.bedrockKit).toMatchObject({ queries: 1, costUsd: expect.any(Number) });
    expect(() => bedrockKit.rerankingModel(claude)).toThrow(/is a language model, not a rerank model/);
  });

  it("runs generateImage through fm.generateImage with size, seed and count", async () => {
    const result = await generateImage({ model: bedrockKit.imageModel("stability.stable-diffusion-xl-v1"), prompt: "A router on a desk", size: "1024x1024", seed: 7, n: 2 });
    expect(result.images).toHaveLength(2);
    expect(Array.from(result.images[0]!.uint8Array.slice(1, 4))).toEqual([80, 78, 71]);
    expect(result.providerMetadata.bedrockKit?.images).toEqual([
      { seed: 7, costUsd: expect.any(Number) },
      { seed: 8, costUsd: expect.any(Number) },
    ]);
    await expect(generateImage({ model: bedrockKit.imageModel("stability.stable-diffusion-xl-v1"), prompt: "x", size: "800x600", maxRetries: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});
