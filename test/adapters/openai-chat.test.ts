import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moonshotKimi } from "../../src/adapters/moonshot-kimi.js";
import { openAiChat } from "../../src/adapters/openai-chat.js";
import { resolveModel } from "../../src/models/registry.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { ValidationError, type StreamEvent } from "../../src/index.js";
import { normalizedRequest, readFixture, readJsonLines, setup } from "../helpers.js";

const gptOss = "openai.gpt-oss-120b-1:0";
const ticketTool = {
  name: "get_ticket_status",
  description: "Looks up a support ticket",
  inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
};

describe("openai-chat codec", () => {
  it("writes the OpenAI chat body: system, max_completion_tokens, stop, tools, tool_choice, reasoning_effort", () => {
    const { body, warnings } = openAiChat.toNativeBody(
      normalizedRequest("Status of NET-4521?", {
        system: "Be brief.",
        maxTokens: 200,
        temperature: 1.5,
        topP: 0.9,
        topK: 40,
        stopSequences: ["END"],
        tools: [ticketTool],
        toolChoice: "any",
        reasoning: { effort: "max", budgetTokens: 100 },
      }),
      resolveModel(gptOss).model
    );
    expect(body).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Status of NET-4521?" },
      ],
      max_completion_tokens: 200,
      temperature: 1.5,
      top_p: 0.9,
      stop: ["END"],
      tools: [{ type: "function", function: { name: "get_ticket_status", description: "Looks up a support ticket", parameters: ticketTool.inputSchema } }],
      tool_choice: "required",
      reasoning_effort: "high",
    });
    expect(warnings.map((warning) => warning.feature)).toEqual(["topK", "reasoning.budgetTokens", "reasoning.effort"]);
  });

  it("writes a tool loop: assistant tool_calls with JSON-string arguments, tool results, reasoning parts dropped", () => {
    const { body } = openAiChat.toNativeBody(
      normalizedRequest("", {
        messages: [
          { role: "user", content: "Status of NET-4521?" },
          {
            role: "assistant",
            content: [
              { type: "reasoning", text: "Look it up." },
              { type: "tool-call", id: "call_1", name: "get_ticket_status", input: { ticketId: "NET-4521" } },
            ],
          },
          { role: "user", content: [{ type: "tool-result", toolCallId: "call_1", content: '{"status":"open"}' }] },
        ],
        tools: [ticketTool],
        toolChoice: { name: "get_ticket_status" },
      }),
      resolveModel(gptOss).model
    );
    expect(body.messages).toEqual([
      { role: "user", content: "Status of NET-4521?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_ticket_status", arguments: '{"ticketId":"NET-4521"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"status":"open"}' },
    ]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "get_ticket_status" } });
  });

  it("sends images as base64 data URLs in content parts", () => {
    const { body } = openAiChat.toNativeBody(
      normalizedRequest("", { messages: [{ role: "user", content: [{ type: "image", data: "iVBORw0K", mediaType: "image/png" }, { type: "text", text: "What is this?" }] }] }),
      resolveModel("qwen.qwen3-vl-235b-a22b").model
    );
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0K" } }, { type: "text", text: "What is this?" }] }]);
  });

  it("splits gpt-oss's inline <reasoning> from the answer", () => {
    expect(openAiChat.fromNativeBody(JSON.parse(readFixture("openai-chat/reasoning-response.json")))).toEqual({
      content: [
        { type: "reasoning", text: "The user asks which port SSH uses. That is port 22." },
        { type: "text", text: "SSH listens on TCP port 22." },
      ],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: { inputTokens: 21, outputTokens: 24 },
    });
  });

  it("sends gpt-oss the keys of a recorded InvokeModel run and reads that run's answer", () => {
    // jparkerweb/bedrock-wrapper @2173035 sent openai.gpt-oss-120b-1:0 { messages, max_completion_tokens, temperature } and was answered (2026-05-16).
    const { body } = openAiChat.toNativeBody(normalizedRequest("Respond with exactly one word: What is 1+1?", { maxTokens: 500, temperature: 0.2 }), resolveModel(gptOss).model);
    expect(Object.keys(body).sort()).toEqual(["max_completion_tokens", "messages", "temperature"]);
    expect(openAiChat.fromNativeBody(JSON.parse(readFixture("openai-chat/gpt-oss-recorded-reasoning-response.json"))).content).toEqual([
      { type: "reasoning", text: 'The user asks: "Respond with exactly one word: What is 1+1?" They want a one-word answer. The answer is "Two". That\'s one word. Should we respond with "Two". Yes.' },
      { type: "text", text: "Two" },
    ]);
  });

  it("decodes the recorded gpt-oss and Qwen3 streams", () => {
    for (const [fixture, text] of [
      ["openai-chat/gpt-oss-stream.jsonl", "Hello."],
      ["openai-chat/qwen3-stream.jsonl", "Hello.  \nGoodbye."],
    ] as const) {
      const decoder = openAiChat.createStreamDecoder();
      const deltas = readJsonLines(fixture).flatMap((chunk) => decoder.push(chunk));
      expect(deltas).toEqual([
        { type: "text", text },
        { type: "stop", rawStopReason: "stop", stopSequence: undefined },
      ]);
    }
  });

  it("assembles streamed tool-call fragments, splits a <reasoning> tag cut across chunks, and ignores an integer stop_reason", () => {
    const decoder = openAiChat.createStreamDecoder();
    const deltas = readJsonLines("openai-chat/tool-call-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas).toEqual([
      { type: "reasoning", text: "Look the ticket up." },
      { type: "tool-call", toolCall: { id: "call_7f3a", name: "get_ticket_status", input: { ticketId: "NET-4521" } } },
      { type: "stop", rawStopReason: "tool_calls", stopSequence: undefined },
    ]);
    expect(openAiChat.mapStopReason("tool_calls")).toBe("tool_use");
    expect(openAiChat.mapStopReason("content_filter")).toBe("content_filtered");
  });
});

describe("openai-chat through the offline Bedrock", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup()));
  afterAll(() => bedrock.close());

  it("invokes and streams gpt-oss with its reasoning split out, reasoning_effort on the wire", async () => {
    const request = { modelId: gptOss, prompt: "Why did the Spokane circuit drop?", reasoning: { effort: "low" as const } };
    const invoked = await fm.invoke(request);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ reasoning_effort: "low", messages: [{ role: "user", content: "Why did the Spokane circuit drop?" }] });
    expect(invoked.reasoning.length).toBeGreaterThan(0);
    expect(invoked.text).not.toContain("<reasoning>");
    expect(invoked.content[0]).toEqual({ type: "reasoning", text: invoked.reasoning });
    const stream = fm.stream(request);
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const streamed = await stream.result;
    expect(streamed.reasoning).toBe(invoked.reasoning);
    expect(streamed.text).toBe(invoked.text);
    expect(events.filter((event) => event.type === "reasoning").map((event) => (event as { text: string }).text).join("")).toBe(invoked.reasoning);
    expect(streamed.cost?.totalUsd).toBeGreaterThan(0);
  });

  it("splits a scripted reasoning reply in invoke and stream alike", async () => {
    bedrock.script(gptOss, [{ reasoning: "Check the ticket first.", text: "It is open." }, { reasoning: "Check the ticket first.", text: "It is open." }]);
    const invoked = await fm.invoke({ modelId: gptOss, prompt: "Is NET-4521 open?" });
    const streamed = await fm.stream({ modelId: gptOss, prompt: "Is NET-4521 open?" }).result;
    for (const result of [invoked, streamed]) {
      expect(result.content).toEqual([
        { type: "reasoning", text: "Check the ticket first." },
        { type: "text", text: "It is open." },
      ]);
    }
    bedrock.assertScriptsConsumed();
  });

  it("streams a tool call after reasoning whose closing tag is cut across chunks", async () => {
    const chunks = readFixture("openai-chat/tool-call-stream.jsonl")
      .split("\n")
      .filter((line) => line.trim() !== "");
    bedrock.script(gptOss, [{ chunks }]);
    const stream = fm.stream({ modelId: gptOss, prompt: "Status of NET-4521?", tools: [ticketTool] });
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(events.map((event) => event.type)).toEqual(["reasoning", "tool-call", "finish"]);
    expect(result.reasoning).toBe("Look the ticket up.");
    expect(result.toolCalls).toEqual([{ id: "call_7f3a", name: "get_ticket_status", input: { ticketId: "NET-4521" } }]);
    expect(result.stopReason).toBe("tool_use");
    expect(result.usage).toMatchObject({ inputTokens: 96, outputTokens: 31 });
  });

  it("runs a two-step tool loop (streamed tool-call fragments assembled whole)", async () => {
    const question = "What is the status of ticket NET-4521?";
    const first = await fm.stream({ modelId: gptOss, prompt: question, tools: [ticketTool], toolChoice: "any" }).result;
    expect(first.stopReason).toBe("tool_use");
    expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^call_/), name: "get_ticket_status", input: { ticketId: expect.any(String) } }]);
    const second = await fm.invoke({
      modelId: gptOss,
      tools: [ticketTool],
      messages: [
        { role: "user", content: question },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool-result", toolCallId: first.toolCalls[0]!.id, content: '{"status":"open"}' }] },
      ],
    });
    expect(second.stopReason).toBe("end_turn");
    expect(second.text).toMatch(/^Tool result received:/);
    const sent = bedrock.requests.at(-1)?.body as { messages: Record<string, unknown>[] };
    expect(sent.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
  });

  it("refuses a non-OpenAI image part with the error body Bedrock was recorded giving", async () => {
    const recorded = (JSON.parse(readFixture("bedrock-errors.json")) as Record<string, string>).openAiSchemaImagePart!;
    const content = [
      { type: "text", text: "What's in this image?" },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQSkZJRg==" } },
    ];
    const error = await fm.invoke({ modelId: "google.gemma-3-27b-it", prompt: "unused", native: { messages: [{ role: "user", content }] } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const [before, after] = recorded.split("247118");
    const sent = `{"messages":[{"role":"user","content":${JSON.stringify(content)}`;
    expect((error as Error).message).toContain(`${before}${sent.length}${after}`);
  });

  it("serves Qwen3 with the same body and an image to Qwen3 VL", async () => {
    const qwen = await fm.invoke({ modelId: "qwen.qwen3-32b-v1:0", system: "Be brief.", prompt: "Why is the link down?" });
    expect(qwen.text.length).toBeGreaterThan(0);
    expect(qwen.reasoning).toBe("");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const vision = await fm.invoke({ modelId: "qwen.qwen3-vl-235b-a22b", messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }, { type: "text", text: "What is this?" }] }] });
    expect(vision.text.length).toBeGreaterThan(0);
  });
});

describe("moonshot-kimi", () => {
  const kimi = "moonshot.kimi-k2-thinking";

  it("sends the OpenAI body without stop and without a forced tool choice, each with a warning", () => {
    const native = moonshotKimi.toNativeBody(
      normalizedRequest("Status of NET-4521?", { stopSequences: ["END"], tools: [ticketTool], toolChoice: "any", reasoning: { effort: "medium" } }),
      resolveModel(kimi).model,
    );
    expect(native.body).toEqual({
      messages: [{ role: "user", content: "Status of NET-4521?" }],
      tools: [{ type: "function", function: { name: "get_ticket_status", description: "Looks up a support ticket", parameters: ticketTool.inputSchema } }],
      tool_choice: "auto",
      reasoning_effort: "medium",
    });
    expect(native.emulatedStopSequences).toEqual(["END"]);
    expect(native.warnings.map((warning) => `${warning.type}:${warning.feature}`)).toEqual(["unsupported:toolChoice", "emulated:stopSequences"]);
  });

  it("decodes Kimi K2 Thinking's recorded answers: one reasoning block in the body, one block per delta in the stream", () => {
    const body = moonshotKimi.fromNativeBody(JSON.parse(readFixture("moonshot-kimi/thinking-response.json")), { toolNames: [] });
    expect(body.content.map((part) => part.type)).toEqual(["reasoning", "text"]);
    expect(body.content[0]).toMatchObject({ text: expect.stringMatching(/^The user asks: "Respond with exactly one word: What is 1\+1\?"\n {3}The constraint/) });
    expect(body.content[1]).toEqual({ type: "text", text: "2" });

    const decoder = moonshotKimi.createStreamDecoder({ toolNames: [] });
    const deltas = readJsonLines("moonshot-kimi/thinking-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    const reasoning = deltas.flatMap((delta) => (delta.type === "reasoning" ? [delta.text] : [])).join("");
    const text = deltas.flatMap((delta) => (delta.type === "text" ? [delta.text] : [])).join("");
    expect(text).toBe("2");
    expect(reasoning).not.toContain("<reasoning>");
    expect(reasoning).not.toContain("</reasoning>");
    // The seams between blocks: a word cut before its full stop, and whitespace that ended one block.
    expect(reasoning).toMatch(/^The user asks: "Respond with exactly one word: What is 1\+1\?"\n {3}The instruction is to respond with exactly one word\.\n {3}The answer/);
    expect(reasoning).toContain('potential pitfalls:\n   - If I say "Two."');
    expect(reasoning.endsWith('Final decision: The response should be "2".')).toBe(true);
    expect(deltas.at(-1)).toEqual({ type: "stop", rawStopReason: "stop", stopSequence: undefined });
  });

  it("splits the <think> block K2 Thinking was once recorded streaming instead of <reasoning> tags", () => {
    const decoder = moonshotKimi.createStreamDecoder({ toolNames: [] });
    const deltas = readJsonLines("moonshot-kimi/think-tags-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    const reasoning = deltas.flatMap((delta) => (delta.type === "reasoning" ? [delta.text] : [])).join("");
    expect(reasoning).toMatch(/^The user asks for exactly one word as the answer to "What is 1\+1\?"\.\n/);
    expect(reasoning.endsWith('Just "2".')).toBe(true);
    expect(deltas.flatMap((delta) => (delta.type === "text" ? [delta.text] : []))).toEqual(["2"]);
    // gpt-oss keeps to <reasoning>: a <think> there is answer text.
    expect(openAiChat.fromNativeBody({ choices: [{ message: { content: "<think>a</think>b" }, finish_reason: "stop" }] }).content).toEqual([{ type: "text", text: "<think>a</think>b" }]);
  });

  it("decodes K2 Thinking's recorded tool calls: OpenAI tool_calls in the body and the stream", () => {
    const body = moonshotKimi.fromNativeBody(JSON.parse(readFixture("moonshot-kimi/tool-call-response.json")), { toolNames: ["get_weather"] });
    expect(body.content).toEqual([
      { type: "reasoning", text: "use the tool" },
      { type: "tool-call", id: "functions.get_weather:0", name: "get_weather", input: { city: "Paris" } },
    ]);
    expect(body.rawStopReason).toBe("tool_calls");
    const decoder = moonshotKimi.createStreamDecoder({ toolNames: ["get_weather"] });
    expect(readJsonLines("moonshot-kimi/tool-call-stream.jsonl").flatMap((chunk) => decoder.push(chunk))).toEqual([
      { type: "tool-call", toolCall: { id: "functions.get_weather:0", name: "get_weather", input: { city: "Paris" } } },
      { type: "stop", rawStopReason: "tool_calls", stopSequence: undefined },
    ]);
  });

  it("reads no native tool-call tokens when the request offered no tools, and gives a call in both forms once", () => {
    const tokens = '<|tool_call_begin|> functions.get_weather:0 <|tool_call_argument_begin|> {"city": "Paris"} <|tool_call_end|>';
    const plain = moonshotKimi.fromNativeBody({ choices: [{ message: { content: `The syntax is ${tokens}` }, finish_reason: "stop" }] }, { toolNames: [] });
    expect(plain.content).toEqual([{ type: "text", text: `The syntax is ${tokens}` }]);
    const both = {
      choices: [{ message: { content: tokens, tool_calls: [{ id: "functions.get_weather:0", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }] }, finish_reason: "tool_calls" }],
    };
    expect(moonshotKimi.fromNativeBody(both, { toolNames: ["get_weather"] }).content.filter((part) => part.type === "tool-call")).toHaveLength(1);
    const decoder = moonshotKimi.createStreamDecoder({ toolNames: ["get_weather"] });
    const streamed = [
      { choices: [{ index: 0, delta: { content: tokens } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "functions.get_weather:0", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }] }, finish_reason: "tool_calls" }] },
    ].flatMap((chunk) => decoder.push(chunk));
    expect(streamed.filter((delta) => delta.type === "tool-call")).toHaveLength(1);
  });

  it("takes the native tool-call tokens K2 Thinking was recorded writing into its reasoning out as tool calls", () => {
    const decoder = moonshotKimi.createStreamDecoder({ toolNames: ["math_evaluate", "get_weather"] });
    const deltas = readJsonLines("moonshot-kimi/native-tool-stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    const reasoning = deltas.flatMap((delta) => (delta.type === "reasoning" ? [delta.text] : [])).join("");
    expect(reasoning.trim()).toBe("I'll compute the math problem and get the weather for Paris for you.");
    expect(deltas.filter((delta) => delta.type !== "reasoning")).toEqual([
      { type: "tool-call", toolCall: { id: "functions.math_evaluate:0", name: "math_evaluate", input: { expression: "12*15" } } },
      { type: "tool-call", toolCall: { id: "functions.get_weather:1", name: "get_weather", input: { city: "Paris" } } },
      { type: "stop", rawStopReason: "stop", stopSequence: undefined },
    ]);
    expect(moonshotKimi.mapStopReason("stop", { toolCallCount: 2, stopSequence: undefined })).toBe("tool_use");
    expect(moonshotKimi.mapStopReason("stop", { toolCallCount: 0, stopSequence: undefined })).toBe("end_turn");
    const whole = readJsonLines("moonshot-kimi/native-tool-stream.jsonl")
      .map((chunk) => ((chunk.choices as { delta: { content: string } }[])[0]!.delta.content))
      .join("");
    expect(moonshotKimi.fromNativeBody({ choices: [{ message: { content: whole }, finish_reason: "stop" }] }, { toolNames: ["math_evaluate", "get_weather"] }).content).toEqual([
      { type: "reasoning", text: "I'll compute the math problem and get the weather for Paris for you." },
      { type: "tool-call", id: "functions.math_evaluate:0", name: "math_evaluate", input: { expression: "12*15" } },
      { type: "tool-call", id: "functions.get_weather:1", name: "get_weather", input: { city: "Paris" } },
    ]);
  });

  describe("through the offline Bedrock", () => {
    let bedrock: LocalBedrock;
    let fm: Awaited<ReturnType<typeof setup>>["fm"];
    beforeAll(async () => ({ bedrock, fm } = await setup()));
    afterAll(() => bedrock.close());

    it("splits its <reasoning> and refuses a temperature above 1 before the network", async () => {
      const result = await fm.invoke({ modelId: kimi, prompt: "Why did the Spokane circuit drop?" });
      expect(result.reasoning.length).toBeGreaterThan(0);
      expect(result.text).not.toContain("<reasoning>");
      const before = bedrock.requests.length;
      await expect(fm.invoke({ modelId: kimi, prompt: "hi", temperature: 1.5 })).rejects.toBeInstanceOf(ValidationError);
      expect(bedrock.requests.length).toBe(before);
    });

    it("runs the recorded native tool calls as tool calls, the step ending in tool_use", async () => {
      const chunks = readFixture("moonshot-kimi/native-tool-stream.jsonl").split("\n").filter((line) => line.trim() !== "");
      bedrock.script(kimi, [{ chunks }]);
      const tools = ["math_evaluate", "get_weather"].map((name) => ({ name, description: name, inputSchema: { type: "object" } }));
      const result = await fm.stream({ modelId: kimi, prompt: "What is 12*15, and the weather in Paris?", tools }).result;
      expect(result.toolCalls.map((call) => call.name)).toEqual(["math_evaluate", "get_weather"]);
      expect(result.stopReason).toBe("tool_use");
      expect(result.rawStopReason).toBe("stop");
      expect(result.reasoning).not.toContain("<|");
      expect(result.usage).toMatchObject({ inputTokens: 236, outputTokens: 49 });
      bedrock.assertScriptsConsumed();
    });

    it("streams the same reasoning and text it invokes, its stream wrapping each reasoning delta in tags", async () => {
      const request = { modelId: kimi, prompt: "Why did the Spokane circuit drop?" };
      const invoked = await fm.invoke(request);
      const streamed = await fm.stream(request).result;
      expect(streamed.reasoning).toBe(invoked.reasoning);
      expect(streamed.text).toBe(invoked.text);
      expect(streamed.text).not.toContain("reasoning>");
    });
  });
});
