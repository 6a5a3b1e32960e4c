import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deepSeekR1 } from "../../src/adapters/deepseek-r1.js";
import { writerPalmyra } from "../../src/adapters/writer-palmyra.js";
import { resolveModel } from "../../src/models/registry.js";
import { ValidationError, type StreamEvent } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { normalizedRequest, readFixture, readJsonLines, setup } from "../helpers.js";

const r1 = "us.deepseek.r1-v1:0";
const palmyra = "us.writer.palmyra-x5-v1:0";

/** A fixture's lines as raw chunk texts, sent byte for byte by the offline Bedrock. */
function rawLines(path: string): string[] {
  return readFixture(path)
    .split("\n")
    .filter((line) => line.trim() !== "");
}

describe("deepseek-r1 codec", () => {
  it("renders DeepSeek's template, ending in an open <think>", () => {
    const { body, warnings } = deepSeekR1.toNativeBody(
      normalizedRequest("", {
        system: "Be brief.",
        messages: [
          { role: "user", content: "Is the link up?" },
          { role: "assistant", content: [{ type: "reasoning", text: "Check." }, { type: "text", text: "Yes." }] },
          { role: "user", content: "And now?" },
        ],
        maxTokens: 512,
        temperature: 0.5,
        topP: 0.9,
        stopSequences: ["END"],
        reasoning: { effort: "high" },
      }),
      resolveModel(r1).model
    );
    expect(body).toEqual({
      prompt: "<｜begin▁of▁sentence｜>Be brief.<｜User｜>Is the link up?<｜Assistant｜>Yes.<｜end▁of▁sentence｜><｜User｜>And now?<｜Assistant｜><think>\n",
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 512,
      stop: ["END"],
    });
    expect(warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "reasoning" })]);
  });

  it("splits <think> out of a body that opens the tag itself", () => {
    expect(deepSeekR1.fromNativeBody(JSON.parse(readFixture("deepseek-r1/response.json")))).toEqual({
      content: [
        { type: "reasoning", text: "The user greets me and asks how I am. I should answer politely and offer help." },
        { type: "text", text: "Hello! I'm ready to help. What do you need today?" },
      ],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: undefined,
    });
  });

  it("splits a stream whose </think> is cut across chunks", () => {
    const decoder = deepSeekR1.createStreamDecoder();
    const deltas = readJsonLines("deepseek-r1/stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    const reasoning = deltas.filter((delta) => delta.type === "reasoning").map((delta) => (delta as { text: string }).text).join("");
    const text = deltas.filter((delta) => delta.type === "text").map((delta) => (delta as { text: string }).text).join("");
    expect(reasoning).toBe("The link dropped, so check the fibre.");
    expect(text).toBe("The circuit is down.");
    expect(deltas.at(-1)).toEqual({ type: "stop", rawStopReason: "stop", stopSequence: undefined });
    expect(deepSeekR1.mapStopReason("length")).toBe("max_tokens");
  });
});

describe("writer-palmyra codec", () => {
  it("always sends max_tokens (Bedrock's default is 16) and reads the AWS example body", () => {
    const { body } = writerPalmyra.toNativeBody(normalizedRequest("Explain qubits.", { system: "Be brief.", stopSequences: ["END"] }), resolveModel(palmyra).model);
    expect(body).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Explain qubits." },
      ],
      max_tokens: 8_192,
      stop: ["END"],
    });
    expect(writerPalmyra.fromNativeBody(JSON.parse(readFixture("writer-palmyra/response.json")))).toEqual({
      content: [{ type: "text", text: "Quantum computing uses qubits, which can hold several states at once." }],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: { inputTokens: 43, outputTokens: 15 },
    });
  });
});

describe("deepseek-r1 and writer-palmyra through the offline Bedrock", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup()));
  afterAll(() => bedrock.close());

  it("invokes and streams R1 with its reasoning split out", async () => {
    const invoked = await fm.invoke({ modelId: r1, prompt: "Why did the Spokane circuit drop?" });
    expect(invoked.reasoning.length).toBeGreaterThan(0);
    expect(invoked.text).not.toContain("</think>");
    expect(invoked.usage.outputTokens).toBeGreaterThan(0);
    const streamed = await fm.stream({ modelId: r1, prompt: "Why did the Spokane circuit drop?" }).result;
    expect(streamed.content).toEqual(invoked.content);
    expect(streamed.usage.outputTokens).toBe(invoked.usage.outputTokens);
  });

  it("delivers R1 reasoning deltas when </think> is cut across recorded-shape chunks", async () => {
    bedrock.script(r1, [{ chunks: rawLines("deepseek-r1/stream.jsonl") }]);
    const stream = fm.stream({ modelId: r1, prompt: "Why is the link down?" });
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(result.reasoning).toBe("The link dropped, so check the fibre.");
    expect(result.text).toBe("The circuit is down.");
    expect(result.usage).toMatchObject({ inputTokens: 18, outputTokens: 14 });
    expect(events.map((event) => event.type)).toContain("reasoning");
  });

  it("streams Palmyra's recorded text_completion chunks and the closing \"[DONE]\" string chunk", async () => {
    bedrock.script(palmyra, [{ chunks: rawLines("writer-palmyra/stream.jsonl") }]);
    const result = await fm.stream({ modelId: palmyra, prompt: "Say hello." }).result;
    expect(result.text).toBe("Hello.");
    expect(result.rawStopReason).toBe("length");
    expect(result.stopReason).toBe("max_tokens");
  });

  it("invokes and streams Palmyra's simulated model alike (its stream ends with \"[DONE]\")", async () => {
    const invoked = await fm.invoke({ modelId: palmyra, prompt: "Summarize the outage." });
    const streamed = await fm.stream({ modelId: palmyra, prompt: "Summarize the outage." }).result;
    expect(streamed.text).toBe(invoked.text);
    expect(streamed.usage.outputTokens).toBe(invoked.usage.outputTokens);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ max_tokens: 8_192 });
  });

  it("refuses R1's bare model ID before the network, naming its us. profile", async () => {
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: "deepseek.r1-v1:0", prompt: "hi" }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("us.deepseek.r1-v1:0");
    expect(bedrock.requests.length).toBe(before);
  });

  it("refuses bad input before the network, naming the field and the allowed values", async () => {
    const before = bedrock.requests.length;
    const stops = Array.from({ length: 11 }, (_, index) => `STOP${index}`);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const cases: [Promise<unknown>, string, RegExp][] = [
      [fm.invoke({ modelId: r1, prompt: "hi", stopSequences: stops }), "stopSequences", /at most 10/],
      [fm.invoke({ modelId: palmyra, prompt: "hi", stopSequences: stops.slice(0, 5) }), "stopSequences", /at most 4/],
      [fm.invoke({ modelId: r1, prompt: "hi", maxTokens: 32_769 }), "maxTokens", /1 to 32768/],
      [fm.invoke({ modelId: "openai.gpt-oss-20b-1:0", messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }] }] }), "messages[0].content[0]", /image/],
      [fm.invoke({ modelId: palmyra, prompt: "hi", tools: [{ name: "t", inputSchema: { type: "object" } }] }), "tools", /has no tools/],
      [fm.invoke({ modelId: r1, prompt: "hi", temperature: 1.5 }), "temperature", /1/],
    ];
    for (const [call, field, message] of cases) {
      const error = await call.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
    expect(bedrock.requests.length).toBe(before);
  });
});
