/** Guardrails on an agent: local tripwires on the input and each step's answer, and Bedrock's guardrail on every step. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BedrockKitClient } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent, type AgentEvent, type AgentStream, type GuardrailContext } from "../../src/agents/index.js";
import { bodies, claude, nova, offline, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => {
  ({ bedrock, fm } = await offline());
  bedrock.addGuardrail({ identifier: "gr-support", version: "1", deniedWords: ["password"], blockedMessage: "I can't help with credentials." });
});
afterAll(() => bedrock.close());
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.requests.length = 0;
});

async function drain(stream: AgentStream): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** An input guardrail that trips on account numbers, recording what it saw. */
function accountNumbers(seen: [string, GuardrailContext][] = []) {
  return function noAccountNumbers(text: string, context: GuardrailContext) {
    seen.push([text, context]);
    return { tripwireTriggered: /\b\d{8,}\b/.test(text), info: { category: "account-number" } };
  };
}

describe("local guardrails", () => {
  it("stops a run whose input trips an input guardrail before any request, and keeps the session as it was", async () => {
    const seen: [string, GuardrailContext][] = [];
    const agent = createAgent({ client: fm, modelId: claude, guardrails: { input: [() => ({ tripwireTriggered: false }), accountNumbers(seen)] } });
    const run = await agent.invoke({ input: "My account is 123456789, why was I billed twice?", sessionId: "guarded-1", sessionAttributes: { tier: "gold" } });
    expect(run).toMatchObject({ status: "guardrail-intervened", text: "", steps: [], guardrail: { source: "input", name: "noAccountNumbers", stepIndex: undefined, info: { category: "account-number" } } });
    expect(bedrock.requests).toHaveLength(0);
    expect(seen).toEqual([["My account is 123456789, why was I billed twice?", { kind: "input", stepIndex: undefined, sessionId: "guarded-1", sessionAttributes: { tier: "gold" }, signal: undefined }]]);

    bedrock.script(claude, [{ text: "Hello." }]);
    const next = await agent.invoke({ input: "Hi again", sessionId: "guarded-1" });
    expect(next.status).toBe("completed");
    expect(JSON.stringify(bodies(bedrock, claude)[0]!.messages)).not.toContain("123456789");
  });

  it("stops a run whose step text trips an output guardrail: run.text is empty, the step keeps the text, its tools do not run", async () => {
    const calls: string[] = [];
    bedrock.script(claude, [{ text: "Let me look.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }] }, { text: "The engineer's phone is 555-0100." }]);
    const seen: [string, number | undefined][] = [];
    const noPhoneNumbers = (text: string, context: GuardrailContext) => {
      seen.push([text, context.stepIndex]);
      return { tripwireTriggered: /\d{3}-\d{4}/.test(text) };
    };
    const run = await createAgent({ client: fm, modelId: claude, tools: [ticketTool(calls)], guardrails: { output: noPhoneNumbers } }).invoke({ input: "Who fixes NET-1?" });
    expect(run).toMatchObject({ status: "guardrail-intervened", text: "", guardrail: { source: "output", name: "noPhoneNumbers", stepIndex: 1 } });
    expect(run.steps.map((step) => step.text)).toEqual(["Let me look.", "The engineer's phone is 555-0100."]);
    expect(seen).toEqual([
      ["Let me look.", 0],
      ["The engineer's phone is 555-0100.", 1],
    ]);
    expect(calls).toEqual(["NET-1"]);

    bedrock.script(claude, [{ text: "Call 555-0100.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-2" } }] }]);
    const early = await createAgent({ client: fm, modelId: claude, tools: [ticketTool(calls)], guardrails: { output: noPhoneNumbers } }).invoke({ input: "Who fixes NET-2?" });
    expect(early).toMatchObject({ status: "guardrail-intervened", guardrail: { stepIndex: 0 } });
    expect(calls).toEqual(["NET-1"]);
  });

  it("ends a run as failed when a guardrail throws or answers without a verdict: a check that could not run lets nothing through", async () => {
    const throwing = createAgent({ client: fm, modelId: claude, guardrails: { input: () => Promise.reject(new Error("classifier down")) } });
    expect(await throwing.invoke({ input: "hello" })).toMatchObject({ status: "failed", error: { code: "AgentGuardrailFailed", message: expect.stringContaining("classifier down") } });
    bedrock.script(claude, [{ text: "An answer." }]);
    const vague = createAgent({ client: fm, modelId: claude, guardrails: { output: () => ({}) as never } });
    const run = await vague.invoke({ input: "hello" });
    expect(run).toMatchObject({ status: "failed", error: { code: "AgentGuardrailFailed", message: expect.stringContaining("without { tripwireTriggered: boolean }") } });
    expect(run.steps).toHaveLength(1);
  });

  it("reports a trip in a stream as a guardrail event before finish", async () => {
    bedrock.script(claude, [{ text: "The engineer's phone is 555-0100." }]);
    const stream = createAgent({ client: fm, modelId: claude, guardrails: { output: (text) => ({ tripwireTriggered: text.includes("555") }) } }).stream({ input: "Who fixes NET-1?" });
    const events = await drain(stream);
    const run = await stream.result;
    expect(events.filter((event) => event.type !== "text").map((event) => event.type)).toEqual(["step-start", "step-finish", "guardrail", "finish"]);
    expect(events.at(-2)).toEqual({ type: "guardrail", intervention: { source: "output", name: "output[0]", stepIndex: 0, info: undefined } });
    expect(run.status).toBe("guardrail-intervened");

    const blocked = createAgent({ client: fm, modelId: claude, guardrails: { input: accountNumbers() } }).stream({ input: "Account 123456789" });
    expect((await drain(blocked)).map((event) => event.type)).toEqual(["guardrail", "finish"]);
  });

  it("refuses guardrails that are not functions, naming the field", () => {
    expect(() => createAgent({ client: fm, modelId: claude, guardrails: { input: "no" as never } })).toThrow(expect.objectContaining({ field: "guardrails.input" }));
    expect(() => createAgent({ client: fm, modelId: claude, guardrails: { output: [accountNumbers(), 5 as never] } })).toThrow(expect.objectContaining({ field: "guardrails.output[1]" }));
    expect(() => createAgent({ client: fm, modelId: claude, guardrails: { tool: [] } as never })).toThrow(expect.objectContaining({ field: "guardrails.tool" }));
  });
});

describe("Bedrock's guardrail on each step", () => {
  const guardrail = { identifier: "gr-support", version: "1", trace: "enabled" } as const;

  it("names the guardrail on every step's request and ends the run when it intervenes (here on a tool's result), invoke and stream", async () => {
    const leaky = (calls: string[]) => ({ ...ticketTool(calls), execute: async () => "Ticket open. Admin password: hunter2" });
    for (const mode of ["invoke", "stream"] as const) {
      bedrock.requests.length = 0;
      bedrock.script(nova, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }] }, { text: "never sent" }]);
      const agent = createAgent({ client: fm, modelId: nova, tools: [leaky([])], guardrail });
      let run;
      let events: AgentEvent[] = [];
      if (mode === "invoke") run = await agent.invoke({ input: "Is NET-1 open?" });
      else {
        const stream = agent.stream({ input: "Is NET-1 open?" });
        events = await drain(stream);
        run = await stream.result;
        expect(events.filter((event) => event.type === "guardrail" || event.type === "finish").map((event) => event.type)).toEqual(["guardrail", "finish"]);
      }
      expect(bedrock.requests.map((request) => [request.operation, request.headers["x-amzn-bedrock-guardrailidentifier"], request.headers["x-amzn-bedrock-guardrailversion"]])).toEqual([
        [mode, "gr-support", "1"],
        [mode, "gr-support", "1"],
      ]);
      expect(run).toMatchObject({ status: "guardrail-intervened", text: "I can't help with credentials.", guardrail: { source: "bedrock", name: "gr-support", stepIndex: 1 } });
      expect(JSON.stringify(run.guardrail!.info)).toContain('"name":"password"');
      expect(run.steps[1]!.modelInvocation.stopReason).toBe("guardrail_intervened");
      expect(run.steps[1]!.cost).toBeDefined();
      bedrock.clearScripts();
    }
  });

  it("runs to completion when the guardrail does not intervene", async () => {
    bedrock.script(nova, [{ text: "The link is up." }]);
    const run = await createAgent({ client: fm, modelId: nova, guardrail }).invoke({ input: "Is the link up?" });
    expect(run).toMatchObject({ status: "completed", text: "The link is up.", guardrail: undefined });
    bedrock.assertScriptsConsumed();
  });

  it("refuses a guardrail without identifier or version, naming the field", () => {
    expect(() => createAgent({ client: fm, modelId: nova, guardrail: { identifier: "gr" } as never })).toThrow(expect.objectContaining({ field: "guardrail.version" }));
    expect(() => createAgent({ client: fm, modelId: nova, guardrail: { identifier: "", version: "1" } })).toThrow(expect.objectContaining({ field: "guardrail.identifier" }));
    expect(() => createAgent({ client: fm, modelId: nova, guardrail: { identifier: "gr", version: "1", trace: "on" as never } })).toThrow(expect.objectContaining({ field: "guardrail.trace" }));
  });
});
