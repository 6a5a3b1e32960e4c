import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ai21J2 } from "../../src/adapters/ai21-j2.js";
import { ai21Jamba } from "../../src/adapters/ai21-jamba.js";
import { resolveModel } from "../../src/models/registry.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { normalizedRequest, readFixture, readJsonLines, setup } from "../helpers.js";

describe("ai21-j2", () => {
  it("sends one stop sequence natively and emulates the rest", () => {
    const native = ai21J2.toNativeBody(
      normalizedRequest("Name one prime number.", { maxTokens: 20, temperature: 0, stopSequences: ["\n\n", "END"] }),
      resolveModel("ai21.j2-mid-v1").model,
    );
    expect(native.body).toEqual({ prompt: "Name one prime number.", maxTokens: 20, temperature: 0, stopSequences: ["\n\n"] });
    expect(native.emulatedStopSequences).toEqual(["END"]);
  });

  it("reads the recorded response shape", () => {
    expect(ai21J2.fromNativeBody(JSON.parse(readFixture("ai21-j2/response.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "endoftext",
      stopSequence: undefined,
      usage: undefined,
    });
    expect(ai21J2.mapStopReason("stop")).toBe("stop_sequence");
  });

  describe("through the offline Bedrock", () => {
    let bedrock: LocalBedrock;
    let fm: Awaited<ReturnType<typeof setup>>["fm"];
    beforeAll(async () => ({ bedrock, fm } = await setup()));
    afterAll(() => bedrock.close());

    it("streams by one invoke: one text delta, an emulated-stream warning, no stream request", async () => {
      const stream = fm.stream({ modelId: "ai21.j2-ultra-v1", prompt: "Why is the link down?" });
      const events = [];
      for await (const event of stream) events.push(event.type);
      expect(events).toEqual(["text", "finish"]);
      expect(bedrock.requests.at(-1)?.operation).toBe("invoke");
      expect((await stream.result).warnings).toContainEqual(expect.objectContaining({ type: "emulated", feature: "stream" }));
    });
  });
});

describe("ai21-jamba", () => {
  it("writes chat messages with stop, and reads usage from the body", () => {
    const { body, warnings } = ai21Jamba.toNativeBody(
      normalizedRequest("Name one prime number.", { system: "Be brief.", maxTokens: 20, temperature: 1.5, stopSequences: ["END"], tools: [{ name: "t", inputSchema: {} }], toolChoice: "any" }),
      resolveModel("ai21.jamba-1-5-mini-v1:0").model,
    );
    expect(body).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Name one prime number." },
      ],
      max_tokens: 20,
      temperature: 1.5,
      stop: ["END"],
      tools: [{ type: "function", function: { name: "t", parameters: {} } }],
    });
    expect(warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "toolChoice" })]);
    expect(ai21Jamba.fromNativeBody(JSON.parse(readFixture("ai21-jamba/response.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: { inputTokens: 14, outputTokens: 2 },
    });
  });

  it("reads the stop reason from finish_reason, not vLLM's stop_reason (the recorded stream)", () => {
    const decoder = ai21Jamba.createStreamDecoder();
    const deltas = readJsonLines("ai21-jamba/stream.jsonl").flatMap((chunk) => decoder.push(chunk));
    expect(deltas.filter((delta) => delta.type !== "usage")).toEqual([
      { type: "text", text: "How can I help" },
      { type: "text", text: "?" },
      { type: "stop", rawStopReason: "stop", stopSequence: undefined },
    ]);
    expect(deltas.at(-1)).toEqual({ type: "usage", usage: { inputTokens: 44, outputTokens: 5 } });
    expect(ai21Jamba.mapStopReason("stop")).toBe("end_turn");
    expect(decoder.raw()).toEqual({ choices: [{ index: 0, message: { role: "assistant", content: "How can I help?" }, finish_reason: "stop" }] });
  });

  it("still stops when vLLM's stop_reason is an integer token id", () => {
    const last = readJsonLines("ai21-jamba/stream.jsonl").at(-1) as { choices: Record<string, unknown>[] };
    last.choices[0]!.stop_reason = 128009;
    expect(ai21Jamba.createStreamDecoder().push(last)).toContainEqual({ type: "stop", rawStopReason: "stop", stopSequence: undefined });
    expect(ai21Jamba.fromNativeBody(JSON.parse(readFixture("ai21-jamba/response-vllm.json")))).toEqual({
      content: [{ type: "text", text: "7" }],
      rawStopReason: "stop",
      stopSequence: undefined,
      usage: { inputTokens: 14, outputTokens: 2 },
    });
  });
});
