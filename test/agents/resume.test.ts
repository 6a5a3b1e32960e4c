import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, ValidationError, type BedrockKitClient } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { askUserTool, createAgent, fileSessionStore, functionTool, type AgentOptions, type ToolContext } from "../../src/agents/index.js";
import { bodies, claude, nova, offline, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let folder: string;
beforeAll(async () => {
  ({ bedrock, fm } = await offline());
  folder = mkdtempSync(join(tmpdir(), "bedrock-kit-agents-"));
});
afterAll(async () => {
  await bedrock.close();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.requests.length = 0;
});

const refundTool = { name: "issue_refund", description: "Refunds a customer (run by the caller)", inputSchema: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] } };

/** An agent as a fresh process would build it: its own client, over the same file store. */
function agentInProcess(tools: AgentOptions["tools"], store = fileSessionStore(join(folder, "store"))) {
  return createAgent({ client: createClient(bedrock.clientOptions), modelId: claude, instruction: "Support.", tools, sessionStore: store });
}

describe("return of control", () => {
  it("stops for tools without execute, and resumes in another process with the same step's executed results, in the model's order", async () => {
    const calls: string[] = [];
    bedrock.script(claude, [
      {
        toolCalls: [
          { name: "issue_refund", input: { amount: 20 } },
          { name: "get_ticket_status", input: { ticketId: "NET-9" } },
        ],
      },
      { text: "Refunded $20; NET-9 is open." },
    ]);
    const first = agentInProcess([ticketTool(calls), refundTool]);
    const paused = await first.invoke({ input: "Refund $20 and check NET-9.", sessionId: "user-42", sessionAttributes: { tier: "gold" } });
    expect(paused.status).toBe("awaiting-tool-results");
    expect(paused.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    const refundCall = paused.steps[0]!.toolCalls[0]!;
    expect(paused.pendingToolCalls).toEqual([{ toolCallId: refundCall.id, name: "issue_refund", input: { amount: 20 } }]);
    expect(calls).toEqual(["NET-9"]); // the executable tool of the same step already ran
    expect(paused.steps[0]!.toolResults).toEqual([]);
    expect(JSON.parse(JSON.stringify(paused))).toEqual(paused); // serialisable as it is

    // "Another process": a new client and agent, the same file store, the run's ID only.
    const second = agentInProcess([ticketTool(calls), refundTool]);
    const run = await second.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: refundCall.id, content: '{"refunded":20}' }] });
    bedrock.assertScriptsConsumed();
    expect(run.status).toBe("completed");
    expect(run.text).toBe("Refunded $20; NET-9 is open.");
    expect(run.steps.map((step) => step.index)).toEqual([0, 1]);
    expect(run.steps[0]!.toolResults.map((result) => result.content)).toEqual(['{"refunded":20}', '{"ticketId":"NET-9","status":"open"}']);
    expect(run.usage.totalTokens).toBe(run.steps[0]!.usage.totalTokens + run.steps[1]!.usage.totalTokens);
    expect(calls).toEqual(["NET-9"]);
    const resumedBody = bodies(bedrock, claude)[1]!;
    const lastUser = (resumedBody.messages as { content: Record<string, unknown>[] }[]).at(-1)!.content;
    expect(lastUser.map((block) => [block.type, block.tool_use_id])).toEqual([
      ["tool_result", refundCall.id],
      ["tool_result", paused.steps[0]!.toolCalls[1]!.id],
    ]);
    expect(run.sessionId).toBe("user-42");
    expect(run.sessionAttributes).toEqual({ tier: "gold" });

    // The session continues from the resumed turn.
    bedrock.script(claude, [{ text: "You are welcome." }]);
    await second.invoke({ input: "Thanks!", sessionId: "user-42" });
    expect((bodies(bedrock, claude)[2]!.messages as unknown[]).length).toBe(5);
  });

  it("waits again under the same invocationId when the resumed run pauses again, for the new calls only", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 5 } }] }, { toolCalls: [{ name: "issue_refund", input: { amount: 6 } }] }, { text: "Both refunded." }]);
    const agent = agentInProcess([refundTool]);
    const first = await agent.invoke({ input: "Refund 5, then 6." });
    const second = await agent.resume({ invocationId: first.invocationId!, results: [{ toolCallId: first.pendingToolCalls[0]!.toolCallId, content: "ok" }] });
    expect(second).toMatchObject({ status: "awaiting-tool-results", invocationId: first.invocationId, pendingToolCalls: [{ name: "issue_refund", input: { amount: 6 } }] });
    const stale = await agent.resume({ invocationId: first.invocationId!, results: [{ toolCallId: first.pendingToolCalls[0]!.toolCallId, content: "ok" }] }).catch((error: ValidationError) => error.field);
    expect(stale).toBe("results[0].toolCallId");
    const done = await agent.resume({ invocationId: first.invocationId!, results: [{ toolCallId: second.pendingToolCalls[0]!.toolCallId, content: "ok" }] });
    expect(done).toMatchObject({ status: "completed", text: "Both refunded." });
    expect(done.steps.map((step) => step.index)).toEqual([0, 1, 2]);
    await expect(agent.resume({ invocationId: first.invocationId!, results: [] })).rejects.toMatchObject({ field: "invocationId", message: expect.stringContaining("already resumed") });
  });

  it("resumes in a separate Node process from the invocationId and the file store alone", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 12 } }] }, { text: "Refunded $12." }]);
    const store = join(folder, "processes");
    const paused = await agentInProcess([refundTool], fileSessionStore(store)).invoke({ input: "Refund $12." });
    const script = new URL("./fixtures/resume-process.ts", import.meta.url).pathname;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--import", "tsx", script, bedrock.url, store, paused.invocationId!, paused.pendingToolCalls[0]!.toolCallId], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const run = JSON.parse(output) as { pid: number; status: string; text: string; steps: number };
    expect(run).toEqual({ pid: expect.any(Number), status: "completed", text: "Refunded $12.", steps: 2 });
    expect(run.pid).not.toBe(process.pid);
    bedrock.assertScriptsConsumed();
  });

  it("refuses an unknown or already-resumed invocationId, and results that do not match the pending calls, before any request", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 5 } }, { name: "issue_refund", input: { amount: 6 } }] }, { text: "Done." }]);
    const agent = agentInProcess([refundTool]);
    const paused = await agent.invoke({ input: "Refund 5 and 6." });
    const [a, b] = paused.pendingToolCalls.map((call) => call.toolCallId);
    const requests = bedrock.requests.length;
    const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (ValidationError.isInstance(error) ? [error.field, error.message] : error));

    expect(await refusal(agent.resume({ invocationId: "no-such-run", results: [] }))).toEqual(["invocationId", expect.stringContaining("no run waits")]);
    expect(await refusal(agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: a!, content: "ok" }] }))).toEqual(["results", expect.stringContaining(`no result for the pending tool call ${b}`)]);
    expect(await refusal(agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: "toolu_other", content: "ok" }] }))).toEqual(["results[0].toolCallId", expect.stringContaining("not a pending tool call")]);
    expect(await refusal(agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: a!, content: "ok" }, { toolCallId: a!, content: "again" }] }))).toEqual(["results[1].toolCallId", expect.stringContaining("answered twice")]);
    expect(await refusal(agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: a!, content: 5 as unknown as string }, { toolCallId: b!, content: "ok" }] }))).toEqual(["results[0].content", expect.any(String)]);
    expect(bedrock.requests.length).toBe(requests);

    const run = await agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: b!, content: "ok 6" }, { toolCallId: a!, content: "ok 5", isError: false }] });
    expect(run.status).toBe("completed");
    expect(run.steps[0]!.toolResults.map((result) => result.content)).toEqual(["ok 5", "ok 6"]);
    expect(await refusal(agent.resume({ invocationId: paused.invocationId!, results: [] }))).toEqual(["invocationId", expect.stringContaining("already resumed")]);
  });

  it("leaves the run waiting when the first request after the pause fails, so the same resume can be retried", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 7 } }] }, { text: "Refunded." }]);
    const agent = createAgent({ client: createClient({ ...bedrock.clientOptions, maxRetries: 0 }), modelId: claude, tools: [refundTool], sessionStore: fileSessionStore(join(folder, "retry")) });
    const paused = await agent.invoke({ input: "Refund 7." });
    const results = [{ toolCallId: paused.pendingToolCalls[0]!.toolCallId, content: "done" }];
    bedrock.throttle(1, claude);
    const failed = await agent.resume({ invocationId: paused.invocationId!, results });
    expect(failed.status).toBe("failed");
    const retried = await agent.resume({ invocationId: paused.invocationId!, results });
    expect(retried.status).toBe("completed");
    expect(retried.steps.map((step) => step.index)).toEqual([0, 1]);
  });

  it("refuses a second resume of the same run while the first is under way", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 8 } }] }, { text: "Refunded." }]);
    const store = fileSessionStore(join(folder, "twice"));
    const paused = await agentInProcess([refundTool], store).invoke({ input: "Refund 8." });
    const request = { invocationId: paused.invocationId!, results: [{ toolCallId: paused.pendingToolCalls[0]!.toolCallId, content: "ok" }] };
    const outcomes = await Promise.allSettled([agentInProcess([refundTool], store).resume(request), agentInProcess([refundTool], store).resume(request)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ field: "invocationId", message: expect.stringContaining("being resumed") });
  });

  it("answers a return-control call with invalid input itself, without returning control", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: "lots" } }] }, { text: "I could not refund." }]);
    const run = await agentInProcess([refundTool]).invoke({ input: "Refund lots." });
    expect(run.status).toBe("completed");
    expect(run.steps[0]!.toolResults[0]).toMatchObject({ isError: true, content: expect.stringContaining("/amount: expected number") });
  });
});

describe("the ask-the-user tool", () => {
  it("returns control with the model's question, and the user's answer goes back as its result", async () => {
    bedrock.script(nova, [{ toolCalls: [{ name: "ask_user", input: { question: "Which circuit?" } }] }, { text: "SPK-7 is up." }]);
    const agent = createAgent({ client: fm, modelId: nova, tools: [askUserTool(), ticketTool()], sessionStore: fileSessionStore(join(folder, "ask")) });
    const paused = await agent.invoke({ input: "Is my circuit up?" });
    expect(paused.pendingToolCalls).toEqual([{ toolCallId: expect.any(String), name: "ask_user", input: { question: "Which circuit?" } }]);
    const run = await agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: paused.pendingToolCalls[0]!.toolCallId, content: "SPK-7" }] });
    expect(run.text).toBe("SPK-7 is up.");
    expect(JSON.stringify(bodies(bedrock, nova).at(-1))).toContain('"toolResult":{"toolUseId":"' + paused.pendingToolCalls[0]!.toolCallId + '","content":[{"text":"SPK-7"}]');
    expect(await agent.resume({ invocationId: "../../etc/passwd", results: [] }).catch((error: ValidationError) => error.field)).toBe("invocationId");
  });
});

describe("sessions", () => {
  it("keeps the conversation and attributes across invokes, passes them to tools, and forgets them at endSession", async () => {
    const contexts: ToolContext[] = [];
    const whoAmI = functionTool({
      name: "get_customer",
      inputSchema: { type: "object", properties: {} },
      execute: (_input, context) => {
        contexts.push({ ...context, sessionAttributes: { ...context.sessionAttributes } });
        context.sessionAttributes.lastLookup = "done";
        return context.sessionAttributes.tier ?? "unknown";
      },
    });
    const agent = createAgent({ client: fm, modelId: nova, instruction: "Support.", tools: [whoAmI] });
    bedrock.script(nova, [{ toolCalls: [{ name: "get_customer", input: {} }] }, { text: "You are gold." }, { toolCalls: [{ name: "get_customer", input: {} }] }, { text: "Still gold." }, { text: "Hello, new session." }]);

    const first = await agent.invoke({ input: "Who am I?", sessionId: "s-1", sessionAttributes: { tier: "gold" }, promptSessionAttributes: { today: "2026-11-30" } });
    expect(first.text).toBe("You are gold.");
    expect(contexts[0]).toMatchObject({ sessionId: "s-1", sessionAttributes: { tier: "gold" }, promptSessionAttributes: { today: "2026-11-30" }, toolCallId: first.steps[0]!.toolCalls[0]!.id });
    expect(first.sessionAttributes).toEqual({ tier: "gold", lastLookup: "done" });
    const firstSystem = JSON.stringify(bodies(bedrock, nova)[0]!.system);
    expect(firstSystem).toContain("today: 2026-11-30");

    const second = await agent.invoke({ input: "And now?", sessionId: "s-1" });
    expect(second.text).toBe("Still gold.");
    expect(contexts[1]).toMatchObject({ sessionAttributes: { tier: "gold", lastLookup: "done" }, promptSessionAttributes: {} });
    const secondBody = bodies(bedrock, nova)[2]!;
    expect((secondBody.messages as unknown[]).length).toBe(5); // turn 1 (4 messages) and the new question
    expect(JSON.stringify(secondBody.system)).not.toContain("today");

    await agent.endSession("s-1");
    await agent.invoke({ input: "Hi", sessionId: "s-1" });
    expect((bodies(bedrock, nova)[4]!.messages as unknown[]).length).toBe(1);
  });

  it("forgets the session at the end of a run with endSession: true, and keeps files whole in the file store", async () => {
    const store = fileSessionStore(join(folder, "sessions"));
    const agent = createAgent({ client: fm, modelId: nova, tools: [ticketTool()], sessionStore: store });
    bedrock.script(nova, [{ text: "One." }, { text: "Two." }]);
    await agent.invoke({ input: "First", sessionId: "s-2" });
    expect(readdirSync(join(folder, "sessions"))).toEqual(["session%2Fs-2.json"]);
    const last = await agent.invoke({ input: "Second", sessionId: "s-2", endSession: true });
    expect(last.messages).toHaveLength(4);
    expect(readdirSync(join(folder, "sessions"))).toEqual([]);
  });
});
