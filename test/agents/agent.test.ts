import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { BudgetExceededError, createClient, ModelNotAllowedError, ThrottlingError, type BedrockKitClient, type BedrockKitEvent } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent, functionTool } from "../../src/agents/index.js";
import { bodies, claude, offline, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await offline()));
afterAll(() => bedrock.close());
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.requests.length = 0;
});

/** Claude's tool_result blocks of the last user message of a request body. */
function toolResultsSent(body: Record<string, unknown>): Record<string, unknown>[] {
  const messages = body.messages as { role: string; content: Record<string, unknown>[] | string }[];
  const last = messages.at(-1)!;
  return (last.content as Record<string, unknown>[]).filter((block) => block.type === "tool_result");
}

describe("an agent's tool loop", () => {
  it("runs three steps, one request each, with per-step usage and cost summing to the run's", async () => {
    const calls: string[] = [];
    bedrock.script(claude, [
      { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }], usage: { inputTokens: 100, outputTokens: 20 } },
      { text: "Checking the other one.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-2" } }], usage: { inputTokens: 150, outputTokens: 25 } },
      { text: "NET-1 and NET-2 are open.", usage: { inputTokens: 200, outputTokens: 10 } },
    ]);
    const before = fm.costs().totalUsd;
    const agent = createAgent({ client: fm, modelId: claude, instruction: "You are a support assistant.", tools: [ticketTool(calls)] });
    const run = await agent.invoke({ input: "Are NET-1 and NET-2 open?" });
    bedrock.assertScriptsConsumed();

    expect(run.status).toBe("completed");
    expect(run.text).toBe("NET-1 and NET-2 are open.");
    expect(calls).toEqual(["NET-1", "NET-2"]);
    expect(run.steps.map((step) => step.index)).toEqual([0, 1, 2]);
    expect(run.steps.map((step) => step.modelInvocation.stopReason)).toEqual(["tool_use", "tool_use", "end_turn"]);
    expect(run.steps[1]!.text).toBe("Checking the other one.");
    expect(run.steps[0]!.toolCalls).toEqual([{ id: expect.any(String), name: "get_ticket_status", input: { ticketId: "NET-1" } }]);
    expect(run.steps[0]!.toolResults).toEqual([{ toolCallId: run.steps[0]!.toolCalls[0]!.id, content: '{"ticketId":"NET-1","status":"open"}' }]);
    expect(run.usage).toEqual({ inputTokens: 450, outputTokens: 55, totalTokens: 505 });
    const stepTotal = run.steps.reduce((sum, step) => sum + step.cost!.totalUsd, 0);
    expect(run.cost!.totalUsd).toBeCloseTo(stepTotal, 12);
    expect(fm.costs().totalUsd - before).toBeCloseTo(run.cost!.totalUsd, 12); // each step is a call of the client
    const sent = bodies(bedrock, claude);
    expect(sent).toHaveLength(3);
    expect(sent[0]!.system).toBe("You are a support assistant.");
    expect((sent[0]!.tools as { name: string }[]).map((tool) => tool.name)).toEqual(["get_ticket_status"]);
    expect(toolResultsSent(sent[2]!)).toEqual([{ type: "tool_result", tool_use_id: run.steps[1]!.toolCalls[0]!.id, content: '{"ticketId":"NET-2","status":"open"}' }]);
  });

  it("runs parallel calls concurrently and sends exactly one result per call ID, in the order the model asked", async () => {
    const events: string[] = [];
    const slowThenFast = (name: string, delayMs: number) =>
      functionTool<{ id: string }>({
        name,
        inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        execute: async ({ id }) => {
          events.push(`start ${id}`);
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          events.push(`end ${id}`);
          return `done ${id}`;
        },
      });
    bedrock.script(claude, [
      {
        toolCalls: [
          { name: "slow_lookup", input: { id: "a" } },
          { name: "fast_lookup", input: { id: "b" } },
          { name: "slow_lookup", input: { id: "c" } },
        ],
      },
      { text: "All three done." },
    ]);
    const agent = createAgent({ client: fm, modelId: claude, tools: [slowThenFast("slow_lookup", 40), slowThenFast("fast_lookup", 1)] });
    const run = await agent.invoke({ input: "Look up a, b and c." });
    expect(run.status).toBe("completed");
    expect(events.slice(0, 3)).toEqual(["start a", "start b", "start c"]);
    expect(events.indexOf("end b")).toBeLessThan(events.indexOf("end a"));
    const ids = run.steps[0]!.toolCalls.map((call) => call.id);
    expect(new Set(ids).size).toBe(3);
    expect(run.steps[0]!.toolResults.map((result) => result.toolCallId)).toEqual(ids);
    const sent = toolResultsSent(bodies(bedrock, claude)[1]!);
    expect(sent.map((block) => [block.tool_use_id, block.content])).toEqual([
      [ids[0], "done a"],
      [ids[1], "done b"],
      [ids[2], "done c"],
    ]);
  });

  it("feeds invalid input, thrown errors, timeouts and unknown tools back to the model as error results", async () => {
    const failing = functionTool({
      name: "failing_tool",
      inputSchema: { type: "object", properties: {} },
      execute: () => {
        throw new Error("database unreachable");
      },
    });
    const hanging = functionTool({ name: "hanging_tool", inputSchema: { type: "object", properties: {} }, timeoutMs: 30, execute: () => new Promise(() => undefined) });
    bedrock.script(claude, [
      {
        toolCalls: [
          { name: "get_ticket_status", input: { ticketId: 42 } },
          { name: "failing_tool", input: {} },
          { name: "hanging_tool", input: {} },
          { name: "no_such_tool", input: {} },
        ],
      },
      { text: "Sorry, the lookups failed." },
    ]);
    const agent = createAgent({ client: fm, modelId: claude, tools: [ticketTool(), failing, hanging] });
    const run = await agent.invoke({ input: "Check the ticket." });
    expect(run.status).toBe("completed");
    const results = run.steps[0]!.toolResults;
    expect(results.every((result) => result.isError === true)).toBe(true);
    expect(results[0]!.content).toBe("Invalid input for get_ticket_status: /ticketId: expected string, got number. Call it again with input that fits its schema.");
    expect(results[1]!.content).toBe("The tool failing_tool failed: Error: database unreachable");
    expect(results[2]!.content).toBe("The tool hanging_tool did not answer within 30 ms.");
    expect(results[3]!.content).toContain('There is no tool named "no_such_tool"');
    const sent = toolResultsSent(bodies(bedrock, claude)[1]!);
    expect(sent.map((block) => block.is_error)).toEqual([true, true, true, true]);
  });

  it("parses input with a zod schema (its JSON Schema goes on the wire) and feeds zod's issues back", async () => {
    const seen: { ticketId: string; priority: number }[] = [];
    const tool = functionTool({
      name: "escalate",
      description: "Escalates a ticket",
      inputSchema: z.object({ ticketId: z.string().regex(/^NET-\d+$/), priority: z.number().int().min(1).max(3) }),
      execute: async (input) => {
        seen.push(input);
        return `escalated ${input.ticketId} at priority ${input.priority}`;
      },
    });
    bedrock.script(claude, [
      { toolCalls: [{ name: "escalate", input: { ticketId: "oops", priority: 9 } }] },
      { toolCalls: [{ name: "escalate", input: { ticketId: "NET-7", priority: 2 } }] },
      { text: "Escalated." },
    ]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [tool] }).invoke({ input: "Escalate NET-7." });
    expect(run.status).toBe("completed");
    expect(seen).toEqual([{ ticketId: "NET-7", priority: 2 }]);
    expect(run.steps[0]!.toolResults[0]!.isError).toBe(true);
    expect(run.steps[0]!.toolResults[0]!.content).toMatch(/^Invalid input for escalate: ticketId: .+; priority: .+/);
    const wireTool = (bodies(bedrock, claude)[0]!.tools as Record<string, unknown>[])[0]!;
    expect(wireTool.input_schema).toMatchObject({ type: "object", required: ["ticketId", "priority"], properties: { ticketId: { type: "string" } } });
    expect(wireTool.input_schema).not.toHaveProperty("$schema");
  });

  it("answers a call to an invented tool name Bedrock would reject, and echoes the call under a name it takes", async () => {
    bedrock.script(claude, [{ native: { id: "msg_2", type: "message", role: "assistant", model: "claude", content: [{ type: "tool_use", id: "toolu_2", name: "get$status", input: {} }], stop_reason: "tool_use", stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } } }, { text: "Sorry." }]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [ticketTool()] }).invoke({ input: "Status?" });
    expect(run.status).toBe("completed");
    expect(run.steps[0]!.toolResults[0]).toMatchObject({ toolCallId: "toolu_2", isError: true, content: expect.stringContaining('no tool named "get$status"') });
    const echoed = (bodies(bedrock, claude)[1]!.messages as { content: Record<string, unknown>[] }[])[1]!.content[0]!;
    expect(echoed).toMatchObject({ type: "tool_use", id: "toolu_2", name: "get_status" });
  });

  it("treats an empty-string input as {} for a tool without arguments", async () => {
    let ran = 0;
    const tool = functionTool({ name: "list_outages", inputSchema: { type: "object", properties: {} }, execute: () => ++ran });
    bedrock.script(claude, [{ native: { id: "msg_1", type: "message", role: "assistant", model: "claude", content: [{ type: "tool_use", id: "toolu_1", name: "list_outages", input: "" }], stop_reason: "tool_use", stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } } }, { text: "One outage." }]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [tool] }).invoke({ input: "Any outages?" });
    expect(run.status).toBe("completed");
    expect(ran).toBe(1);
    expect(run.steps[0]!.toolResults).toEqual([{ toolCallId: "toolu_1", content: "1" }]);
  });
});

describe("an agent's limits", () => {
  it("stops with max-steps when the model still calls tools after maxSteps requests", async () => {
    const calls: string[] = [];
    bedrock.script(claude, [
      { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "A" } }] },
      { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "B" } }] },
    ]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [ticketTool(calls)], maxSteps: 2 }).invoke({ input: "Loop." });
    expect(run.status).toBe("max-steps");
    expect(run.steps).toHaveLength(2);
    expect(bodies(bedrock, claude)).toHaveLength(2);
    expect(calls).toEqual(["A", "B"]);
    expect(run.messages.at(-1)).toMatchObject({ role: "user", content: [{ type: "tool-result" }] }); // the transcript stays sendable
  });

  it("answers calls past maxToolCalls with an error result instead of running them", async () => {
    const calls: string[] = [];
    bedrock.script(claude, [
      { toolCalls: ["A", "B", "C"].map((ticketId) => ({ name: "get_ticket_status", input: { ticketId } })) },
      { text: "Two checked." },
    ]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [ticketTool(calls)], maxToolCalls: 2 }).invoke({ input: "Check A, B, C." });
    expect(calls).toEqual(["A", "B"]);
    expect(run.steps[0]!.toolResults.map((result) => result.isError ?? false)).toEqual([false, false, true]);
    expect(run.steps[0]!.toolResults[2]!.content).toContain("maxToolCalls");
  });

  it("refuses the step whose worst case does not fit maxUsd, before its request", async () => {
    const worstCase = (await fm.estimate({ modelId: claude, prompt: "Check A.", maxTokens: 50 })).worstCaseCost!.totalUsd;
    const agent = createAgent({ client: fm, modelId: claude, tools: [ticketTool()], maxTokens: 50, maxUsd: worstCase / 2 });
    const refused = await agent.invoke({ input: "Check A." });
    expect(refused.status).toBe("budget-exceeded");
    expect(refused.error?.message).toContain("maxUsd");
    expect(refused.steps).toEqual([]);
    expect(bodies(bedrock, claude)).toHaveLength(0);

    // The first step fits; it reports 100,000 input tokens, after which the second does not.
    bedrock.script(claude, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "A" } }], usage: { inputTokens: 100_000, outputTokens: 10 } }]);
    const spent = createAgent({ client: fm, modelId: claude, tools: [ticketTool()], maxTokens: 50, maxUsd: 0.05 });
    const run = await spent.invoke({ input: "Check A." });
    expect(run.status).toBe("budget-exceeded");
    expect(run.steps).toHaveLength(1);
    expect(run.cost!.totalUsd).toBeGreaterThan(0.05);
    expect(bodies(bedrock, claude)).toHaveLength(1);
  });

  it("ends with failed, the error and the steps so far when a model request fails", async () => {
    const failing = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
    bedrock.script(claude, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "A" } }] }]);
    const agent = createAgent({ client: failing, modelId: claude, tools: [ticketTool()] });
    const first = agent.invoke({ input: "Check A." });
    const run = await first.then(async (value) => value);
    expect(run.status).toBe("completed"); // the simulated model answers the tool result in text
    bedrock.throttle(1, claude);
    const failed = await agent.invoke({ input: "Check A again." });
    expect(failed.status).toBe("failed");
    expect(ThrottlingError.isInstance(failed.error)).toBe(true);
    expect(failed.steps).toEqual([]);
  });

  it("aborts with the signal: the tools see it and the run fails with AbortError", async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const tool = functionTool({
      name: "slow_tool",
      inputSchema: { type: "object", properties: {} },
      execute: (_input, context) => {
        toolSignal = context.signal;
        controller.abort();
        return "late";
      },
    });
    bedrock.script(claude, [{ toolCalls: [{ name: "slow_tool", input: {} }] }]);
    const run = await createAgent({ client: fm, modelId: claude, tools: [tool] }).invoke({ input: "Go.", signal: controller.signal });
    expect(toolSignal?.aborted).toBe(true);
    expect(run.status).toBe("failed");
    expect(run.error?.name).toBe("AbortError");
    expect(run.steps).toHaveLength(1);
  });
});

describe("each step is a call of the client", () => {
  it("emits the client's events per step, and its policy and budget refuse steps", async () => {
    const events: BedrockKitEvent[] = [];
    const watched = createClient({ ...bedrock.clientOptions, onEvent: (event) => events.push(event) });
    bedrock.script(claude, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "A" } }] }, { text: "Open." }]);
    await createAgent({ client: watched, modelId: claude, tools: [ticketTool()] }).invoke({ input: "Status of A?" });
    expect(events.filter((event) => event.type === "response").map((event) => event.modelId)).toEqual([claude, claude]);

    const denied = await createAgent({ client: createClient({ ...bedrock.clientOptions, allowModels: ["amazon.*"] }), modelId: claude, tools: [ticketTool()] }).invoke({ input: "Hi" });
    expect(denied.status).toBe("failed");
    expect(ModelNotAllowedError.isInstance(denied.error)).toBe(true);

    const requests = bedrock.requests.length;
    const broke = await createAgent({ client: createClient({ ...bedrock.clientOptions, budget: { maxUsd: 0.000001 } }), modelId: claude, tools: [ticketTool()] }).invoke({ input: "Hi" });
    expect(broke.status).toBe("budget-exceeded");
    expect(BudgetExceededError.isInstance(broke.error)).toBe(true);
    expect(bedrock.requests.length).toBe(requests);
  });
});

describe("reasoning across steps", () => {
  it("keeps the model's reasoning parts in the assistant turn it sends back, as the model gave them", async () => {
    const gptOss = "openai.gpt-oss-120b-1:0";
    bedrock.script(gptOss, [{ reasoning: "The user wants a ticket status.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "A" } }] }, { text: "Open." }]);
    const run = await createAgent({ client: fm, modelId: gptOss, tools: [ticketTool()], reasoning: { effort: "low" } }).invoke({ input: "Status of A?" });
    expect(run.status).toBe("completed");
    const assistant = run.messages[1]!;
    expect(assistant.role).toBe("assistant");
    expect(assistant.content).toEqual([
      { type: "reasoning", text: "The user wants a ticket status." },
      { type: "tool-call", id: expect.any(String), name: "get_ticket_status", input: { ticketId: "A" } },
    ]);
    expect(bodies(bedrock, gptOss)[0]).toMatchObject({ reasoning_effort: "low" });
  });
});
