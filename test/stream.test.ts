import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AbortError, BedrockKitError, StreamError, type BedrockKitClient, type StreamEvent } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { claudeV2, haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const ticketTool = {
  name: "get_ticket_status",
  inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
};

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe("stream through the offline Bedrock", () => {
  it("yields text deltas then finish, and its result equals invoke's for the same answer", async () => {
    const request = { modelId: haiku, prompt: "Why is my circuit down?", maxTokens: 300 };
    const stream = fm.stream(request);
    const events = await collect(stream);
    expect(bedrock.requests.at(-1)?.operation).toBe("stream");
    const texts = events.filter((event) => event.type === "text");
    expect(texts.length).toBeGreaterThan(5);
    const finish = events.at(-1);
    expect(finish?.type).toBe("finish");
    const result = await stream.result;
    if (finish?.type === "finish") expect(finish.result).toBe(result);
    expect(result.text).toBe(texts.map((event) => (event.type === "text" ? event.text : "")).join(""));

    const invoked = await fm.invoke(request);
    expect(result.text).toBe(invoked.text);
    expect(result.stopReason).toBe(invoked.stopReason);
    expect(result.usage.inputTokens).toBe(invoked.usage.inputTokens);
    expect(result.usage.outputTokens).toBe(invoked.usage.outputTokens);
    expect(result.usage.source).toBe("metrics");
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.raw).toMatchObject({ type: "message", stop_reason: "end_turn" });
  });

  it("assembles a streamed tool call from its JSON fragments", async () => {
    const events = await collect(fm.stream({ modelId: haiku, prompt: "Status of ticket 42?", tools: [ticketTool], toolChoice: "any" }));
    const calls = events.filter((event) => event.type === "tool-call");
    expect(calls).toEqual([{ type: "tool-call", toolCall: { id: expect.stringMatching(/^toolu_bdrk_/), name: "get_ticket_status", input: { ticketId: expect.any(String) } } }]);
    const finish = events.at(-1);
    expect(finish?.type === "finish" && finish.result.stopReason).toBe("tool_use");
    const invoked = await fm.invoke({ modelId: haiku, prompt: "Status of ticket 42?", tools: [ticketTool], toolChoice: "any" });
    expect(finish?.type === "finish" && finish.result.toolCalls).toEqual(invoked.toolCalls);
  });

  it("streams Claude text completions with the same text as invoke", async () => {
    const stream = fm.stream({ modelId: claudeV2, prompt: "Write a haiku." });
    let text = "";
    for await (const delta of stream.textStream) text += delta;
    const result = await stream.result;
    expect(text).toBe(result.text);
    expect(result.text).toBe((await fm.invoke({ modelId: claudeV2, prompt: "Write a haiku." })).text);
    expect(result.stopReason).toBe("end_turn");
    expect(result.usage.source).toBe("metrics");
  });

  it("resolves result without iteration", async () => {
    const result = await fm.stream({ modelId: haiku, prompt: "Only the result, please." }).result;
    expect(result.text.length).toBeGreaterThan(0);
  });

  it("refuses a second iteration with a clear error", async () => {
    const stream = fm.stream({ modelId: haiku, prompt: "once" });
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/iterated once/);
    expect(() => stream.textStream[Symbol.asyncIterator]()).toThrow(BedrockKitError);
  });

  it("never leaves an unhandled rejection when nobody awaits a failed stream", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      fm.stream({ modelId: haiku, prompt: "" , maxTokens: -1 });
      bedrock.addFault({ type: "http-error", status: 403, errorType: "AccessDeniedException", operation: "stream" });
      fm.stream({ modelId: haiku, prompt: "denied" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("reports bad input through the iteration and result, not by throwing", async () => {
    const stream = fm.stream({ modelId: haiku, prompt: "x", temperature: 3 });
    await expect(stream.result).rejects.toMatchObject({ name: "ValidationError", field: "temperature" });
    await expect(collect(stream)).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("aborts mid-stream with AbortError and frees the connection", async () => {
    bedrock.addFault({ type: "chunk-delay", ms: 20, operation: "stream" });
    const stream = fm.stream({ modelId: haiku, prompt: "A slow answer." });
    let seen = 0;
    await expect(
      (async () => {
        for await (const event of stream) {
          if (event.type === "text" && ++seen === 2) stream.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(AbortError);
    await expect(stream.result).rejects.toBeInstanceOf(AbortError);
    await vi.waitFor(() => expect(bedrock.openConnectionCount).toBe(0));
  });

  it("stops the call when the consumer breaks out of the loop", async () => {
    bedrock.addFault({ type: "chunk-delay", ms: 20, operation: "stream" });
    const stream = fm.stream({ modelId: haiku, prompt: "Another slow answer." });
    for await (const event of stream) if (event.type === "text") break;
    await expect(stream.result).rejects.toBeInstanceOf(AbortError);
  });

  it("aborts through the request's signal", async () => {
    bedrock.addFault({ type: "delay", ms: 500, operation: "stream" });
    const controller = new AbortController();
    const stream = fm.stream({ modelId: haiku, prompt: "wait", signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(stream.result).rejects.toMatchObject({ name: "AbortError", code: "Aborted" });
  });

  it("turns a failure after text into a StreamError carrying the partial result", async () => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 6, exceptionType: "modelStreamErrorException", operation: "stream" });
    const before = bedrock.requests.length;
    const stream = fm.stream({ modelId: haiku, prompt: "Fail halfway." });
    const texts: string[] = [];
    const error = await (async () => {
      try {
        for await (const event of stream) if (event.type === "text") texts.push(event.text);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StreamError);
    const streamError = error as StreamError;
    expect(streamError.code).toBe("ModelStreamErrorException");
    expect(streamError.partial.text).toBe(texts.join(""));
    expect(texts.length).toBeGreaterThan(0);
    expect(bedrock.requests.length - before).toBe(1);
  });
});
