import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, ValidationError, type BedrockKitClient } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent, type AgentEvent } from "../../src/agents/index.js";
import { claude, offline, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await offline()));
afterAll(() => bedrock.close());
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.requests.length = 0;
});

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const all: AgentEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("agent.stream", () => {
  it("sends each step with fm.stream and reports steps, text, tool calls and results, with usage and cost on each step-finish", async () => {
    bedrock.script(claude, [{ text: "Let me check.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }] }, { text: "NET-1 is open." }]);
    const stream = createAgent({ client: fm, modelId: claude, tools: [ticketTool()] }).stream({ input: "Is NET-1 open?" });
    const events = await collect(stream);
    const run = await stream.result;
    expect(bedrock.requests.map((request) => request.operation)).toEqual(["stream", "stream"]);
    const shape = events.map((event) => (event.type === "text" ? `text:${event.stepIndex}` : event.type));
    expect(shape).toEqual([
      "step-start",
      ...Array(3).fill("text:0"),
      "tool-call",
      "tool-result",
      "step-finish",
      "step-start",
      ...Array(3).fill("text:1"),
      "step-finish",
      "finish",
    ]);
    const texts = events.flatMap((event) => (event.type === "text" ? [event.text] : []));
    expect(texts.join("")).toBe("Let me check.NET-1 is open.");
    const finishes = events.flatMap((event) => (event.type === "step-finish" ? [event.step] : []));
    expect(finishes.map((step) => [step.index, step.usage.totalTokens > 0, step.cost!.totalUsd > 0])).toEqual([
      [0, true, true],
      [1, true, true],
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", run });
    expect(run.status).toBe("completed");
    expect(run.text).toBe("NET-1 is open.");
    await expect(collect(stream)).rejects.toThrow("iterated once");
  });

  it("ends with a return-control event, then finish, when a tool has no execute", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 3 } }] }]);
    const refund = { name: "issue_refund", inputSchema: { type: "object", properties: { amount: { type: "number" } } } };
    const stream = createAgent({ client: fm, modelId: claude, tools: [refund] }).stream({ input: "Refund 3." });
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual(["step-start", "tool-call", "step-finish", "return-control", "finish"]);
    const returned = events[3]!;
    expect(returned).toEqual({ type: "return-control", invocationId: (await stream.result).invocationId, pendingToolCalls: [{ toolCallId: expect.any(String), name: "issue_refund", input: { amount: 3 } }] });
  });

  it("ends with a failure event when a step's request fails, and rejects for bad input without a request", async () => {
    const failing = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
    bedrock.throttle(1, claude);
    const stream = createAgent({ client: failing, modelId: claude, tools: [ticketTool()] }).stream({ input: "Hello" });
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual(["step-start", "failure"]);
    expect((await stream.result).status).toBe("failed");

    const requests = bedrock.requests.length;
    const bad = createAgent({ client: fm, modelId: claude }).stream({ input: "" });
    await expect(collect(bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(bad.result).rejects.toMatchObject({ field: "input" });
    expect(bedrock.requests.length).toBe(requests);
  });

  it("resumes a paused run as a stream: the steps after the pause sent with fm.stream, their events, the same run", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 3 } }, { name: "get_ticket_status", input: { ticketId: "NET-1" } }] }, { text: "Refunded 3." }]);
    const refund = { name: "issue_refund", inputSchema: { type: "object", properties: { amount: { type: "number" } } } };
    const agent = createAgent({ client: fm, modelId: claude, tools: [refund, ticketTool()] });
    const paused = await agent.invoke({ input: "Refund 3 and check NET-1." });
    const [pending] = paused.pendingToolCalls;
    bedrock.requests.length = 0;

    const stream = agent.resumeStream({ invocationId: paused.invocationId!, results: [{ toolCallId: pending!.toolCallId, content: '{"refunded":3}' }] });
    const events = await collect(stream);
    const run = await stream.result;
    expect(bedrock.requests.map((request) => request.operation)).toEqual(["stream"]);
    expect(events.map((event) => (event.type === "text" ? `text:${event.stepIndex}` : event.type))).toEqual(["step-start", ...Array(2).fill("text:1"), "step-finish", "finish"]);
    expect(events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("")).toBe("Refunded 3.");
    expect(events.at(-1)).toEqual({ type: "finish", run });
    expect(run).toMatchObject({ status: "completed", text: "Refunded 3." });
    expect(run.steps.map((step) => step.index)).toEqual([0, 1]);
    expect(run.steps[0]!.toolResults.map((result) => result.content)).toEqual(['{"refunded":3}', '{"ticketId":"NET-1","status":"open"}']);

    const again = agent.resumeStream({ invocationId: paused.invocationId!, results: [] });
    await expect(collect(again)).rejects.toMatchObject({ field: "invocationId", message: expect.stringContaining("already resumed") });
    await expect(again.result).rejects.toBeInstanceOf(ValidationError);
    expect(bedrock.requests).toHaveLength(1);
  });
});
