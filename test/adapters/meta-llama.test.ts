import { describe, expect, it } from "vitest";
import { renderLlama2Prompt, metaLlama2 } from "../../src/adapters/meta-llama2.js";
import { renderLlama3Prompt, metaLlama3 } from "../../src/adapters/meta-llama3.js";
import { renderLlama4Prompt } from "../../src/adapters/meta-llama4.js";
import { resolveModel } from "../../src/models/registry.js";
import type { Message } from "../../src/types.js";
import { normalizedRequest, readFixture, readJsonLines } from "../helpers.js";

const conversation: Message[] = [
  { role: "user", content: "Hi" },
  { role: "assistant", content: "Hello." },
  { role: "user", content: "Bye" },
];

describe("Llama templates, byte for byte", () => {
  it("Llama 2: [INST] with <<SYS>> in the first turn and </s><s> between turns", () => {
    expect(renderLlama2Prompt([{ role: "user", content: "Name one prime number." }], undefined)).toBe("<s>[INST] Name one prime number. [/INST]");
    expect(renderLlama2Prompt(conversation, "Be brief.")).toBe("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Bye [/INST]");
  });

  it("Llama 3: header tokens with two newlines, <|begin_of_text|> once, an open assistant header", () => {
    expect(renderLlama3Prompt([{ role: "user", content: "Name one prime number." }], undefined)).toBe(
      "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nName one prime number.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    );
    expect(renderLlama3Prompt(conversation, "Be brief.")).toBe(
      "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>" +
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>" +
        "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    );
    expect(renderLlama3Prompt([{ role: "user", content: "Q" }, { role: "assistant", content: "{" }], undefined)).toBe(
      "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n{",
    );
  });

  it("Llama 4: <|header_start|> / <|header_end|> / <|eot|>", () => {
    expect(renderLlama4Prompt([{ role: "user", content: "Hi" }], "Be brief.")).toBe(
      "<|begin_of_text|><|header_start|>system<|header_end|>\n\nBe brief.<|eot|><|header_start|>user<|header_end|>\n\nHi<|eot|><|header_start|>assistant<|header_end|>\n\n",
    );
  });
});

describe("Llama body", () => {
  it("sends prompt, temperature, top_p and max_gen_len only; stop sequences and topK become warnings", () => {
    const native = metaLlama3.toNativeBody(
      normalizedRequest("Name one prime number.", { maxTokens: 50, temperature: 0, topP: 0.9, topK: 3, stopSequences: ["\n\n"] }),
      resolveModel("meta.llama3-8b-instruct-v1:0").model,
      { stream: false },
    );
    expect(native.body).toEqual({
      prompt: "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nName one prime number.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
      max_gen_len: 50,
      temperature: 0,
      top_p: 0.9,
    });
    expect(native.emulatedStopSequences).toEqual(["\n\n"]);
    expect(native.warnings.map((warning) => `${warning.type}:${warning.feature}`)).toEqual(["unsupported:topK", "emulated:stopSequences"]);
  });

  it("reads AWS's example response and a stream with cumulative counts", () => {
    expect(metaLlama2.fromNativeBody(JSON.parse(readFixture("meta-llama/response.json")), { toolNames: [] })).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: { inputTokens: 17, outputTokens: 2 },
    });
    const decoder = metaLlama3.createStreamDecoder!({ toolNames: [] });
    const deltas = readJsonLines("meta-llama/stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type === "text")).toHaveLength(3);
    expect(deltas.filter((delta) => delta.type === "usage").at(-1)).toEqual({ type: "usage", usage: { inputTokens: 17, outputTokens: 9 } });
    expect(deltas.at(-1)).toEqual({ type: "stop", rawStopReason: "stop", stopSequence: undefined });
    expect(metaLlama3.mapStopReason("length", { toolCallCount: 0, stopSequence: undefined })).toBe("max_tokens");
  });
});

describe("Llama prompt-based tools (3.1 and later)", () => {
  const model = resolveModel("meta.llama3-1-70b-instruct-v1:0").model;
  const tools = [{ name: "get_weather", description: "Current weather", inputSchema: { type: "object", properties: { city: { type: "string" } } } }];

  it("describes the tools in the system turn and renders calls and results as Meta's JSON and ipython turns", () => {
    const native = metaLlama3.toNativeBody(
      normalizedRequest("", {
        system: "Be brief.",
        tools,
        toolChoice: "any",
        messages: [
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: [{ type: "tool-call", id: "llama_0_get_weather", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool-result", toolCallId: "llama_0_get_weather", content: '{"temperature_c":21}' }] },
        ],
      }),
      model,
      { stream: false },
    );
    const prompt = native.body.prompt;
    expect(prompt.startsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.\n\nYou can call functions.")).toBe(true);
    expect(prompt).toContain('\n{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}\nYou must call one of these functions.<|eot_id|>');
    expect(prompt).toContain('<|start_header_id|>assistant<|end_header_id|>\n\n{"name":"get_weather","parameters":{"city":"Paris"}}<|eot_id|>');
    expect(prompt.endsWith('<|start_header_id|>ipython<|end_header_id|>\n\n{"temperature_c":21}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n')).toBe(true);
    expect(native.warnings).toContainEqual(expect.objectContaining({ type: "emulated", feature: "tools" }));
  });

  it("parses a JSON call (with or without <|python_tag|>) only when tools were offered", () => {
    const body = { generation: '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}', stop_reason: "stop" };
    expect(metaLlama3.fromNativeBody(body, { toolNames: ["get_weather"] }).content).toEqual([{ type: "tool-call", id: "llama_0_get_weather", name: "get_weather", input: { city: "Paris" } }]);
    expect(metaLlama3.fromNativeBody(body, { toolNames: [] }).content).toEqual([{ type: "text", text: body.generation }]);
    expect(metaLlama3.mapStopReason("stop", { toolCallCount: 1, stopSequence: undefined })).toBe("tool_use");
  });

  it("holds streamed text that may be a call, and releases it when it is not", () => {
    const calls = metaLlama3.createStreamDecoder!({ toolNames: ["get_weather"] });
    const deltas = [
      { generation: "\n\n", prompt_token_count: 9, generation_token_count: 1, stop_reason: null },
      { generation: '{"name": "get_weather", ', prompt_token_count: null, generation_token_count: 6, stop_reason: null },
      { generation: '"parameters": {"city": "Paris"}}', prompt_token_count: null, generation_token_count: 14, stop_reason: "stop" },
    ].flatMap((chunk) => calls.push(chunk));
    expect(deltas.filter((delta) => delta.type !== "usage")).toEqual([
      { type: "tool-call", toolCall: { id: "llama_0_get_weather", name: "get_weather", input: { city: "Paris" } } },
      { type: "stop", rawStopReason: "stop", stopSequence: undefined },
    ]);
    const text = metaLlama3.createStreamDecoder!({ toolNames: ["get_weather"] });
    expect(text.push({ generation: "\n\nIt", prompt_token_count: 9, generation_token_count: 2, stop_reason: null })[0]).toEqual({ type: "text", text: "\n\nIt" });
  });
});

describe("Llama vision", () => {
  it("sends images as raw base64 in `images`, each marked by <|image|> where it stands", () => {
    const native = metaLlama3.toNativeBody(
      normalizedRequest("", { messages: [{ role: "user", content: [{ type: "image", data: new Uint8Array([1, 2, 3]), mediaType: "image/png" }, { type: "text", text: "What is this?" }] }] }),
      resolveModel("us.meta.llama3-2-11b-instruct-v1:0").model,
      { stream: false },
    );
    expect(native.body.images).toEqual(["AQID"]);
    expect(native.body.prompt).toBe("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n<|image|>What is this?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
  });
});
