/** A stream as web streams and Responses: text, Server-Sent Events, events, tee. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type StreamEvent } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup({ maxRetries: 0 })));
afterAll(() => bedrock.close());

const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

async function collect<Item>(stream: ReadableStream<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of stream as unknown as AsyncIterable<Item>) items.push(item);
  return items;
}

describe("stream helpers for the web", () => {
  it("toTextStreamResponse: the answer's text as a text/plain body", async () => {
    const stream = fm.stream({ modelId, prompt: "Why is my BGP circuit down?", maxTokens: 100 });
    const response = stream.toTextStreamResponse({ headers: { "x-request": "1" } });
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-request")).toBe("1");
    const text = await response.text();
    expect(text).toBe((await stream.result).text);
  });

  it("toServerSentEventsResponse: text events, then finish with usage and cost, no raw body", async () => {
    const stream = fm.stream({ modelId, prompt: "hello", maxTokens: 100 });
    const response = stream.toServerSentEventsResponse();
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const frames = (await response.text()).trim().split("\n\n").map((frame) => {
      const [event, data] = frame.split("\n");
      return { event: event!.slice("event: ".length), data: JSON.parse(data!.slice("data: ".length)) as Record<string, unknown> };
    });
    const result = await stream.result;
    expect(frames.filter((frame) => frame.event === "text").map((frame) => frame.data.text).join("")).toBe(result.text);
    const finish = frames.at(-1)!;
    expect(finish.event).toBe("finish");
    expect(finish.data).toMatchObject({ modelId, stopReason: result.stopReason, cost: result.cost });
    expect(finish.data).not.toHaveProperty("raw");
  });

  it("sends an error event, without prompt text, when the call fails", async () => {
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId: haiku });
    const response = fm.stream({ modelId: haiku, prompt: promptMarker }).toServerSentEventsResponse();
    const body = await response.text();
    expect(body).toContain("event: error");
    expect(body).toContain('"code":"ValidationException"');
    expect(body).not.toContain(promptMarker);
  });

  it("toReadableStream and tee: every event to each reader, from the one iteration", async () => {
    const [left, right] = fm.stream({ modelId, prompt: "hello", maxTokens: 50 }).tee();
    const [leftEvents, rightEvents] = await Promise.all([collect<StreamEvent>(left), collect<StreamEvent>(right)]);
    expect(leftEvents.map((event) => event.type)).toEqual(rightEvents.map((event) => event.type));
    expect(leftEvents.at(-1)!.type).toBe("finish");
    const events = await collect(fm.stream({ modelId, prompt: "hi", maxTokens: 20 }).toReadableStream());
    expect(events.some((event) => event.type === "text")).toBe(true);
  });

  it('takes toolChoice "required" as "any"', async () => {
    const tools = [{ name: "lookup", inputSchema: { type: "object" } }];
    const result = await fm.invoke({ modelId, prompt: "Look it up.", tools, toolChoice: "required" });
    expect(result.toolCalls.length).toBeGreaterThan(0);
    expect((bedrock.requests.at(-1)!.body as { tool_choice: unknown }).tool_choice).toEqual({ type: "any" });
  });
});
