/** Memory across sessions (SESSION_SUMMARY): summaries written by a model at session end, kept, and given to later sessions. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, type BedrockKitClient, type BedrockKitEvent } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent, memorySessionStore, type AgentOptions, type SessionStore } from "../../src/agents/index.js";
import { bodies, claude, offline, ticketTool } from "./helpers.js";

const summarizer = "amazon.nova-micro-v1:0";
let bedrock: LocalBedrock;
let fm: BedrockKitClient;
const events: BedrockKitEvent[] = [];
beforeAll(async () => {
  ({ bedrock } = await offline());
  fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 }, maxRetries: 0, onEvent: (event) => events.push(event) });
});
afterAll(() => bedrock.close());
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.requests.length = 0;
  events.length = 0;
});

function agentWith(store: SessionStore, memory: AgentOptions["memory"] = {}) {
  return createAgent({ client: fm, modelId: claude, name: "Support", instruction: "You are a support assistant.", tools: [ticketTool()], sessionStore: store, memory: { modelId: summarizer, ...memory } });
}

const systemOf = (body: Record<string, unknown>): string => JSON.stringify(body.system);

describe("memory across sessions", () => {
  it("summarizes a session with a memoryId when it ends, keeps the summary, and gives it to the memory's next session", async () => {
    const store = memorySessionStore();
    const agent = agentWith(store, { storageDays: 10 });
    bedrock.script(claude, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-9" } }] }, { text: "NET-9 is open." }, { text: "Noted: you prefer email." }]);
    await agent.invoke({ input: "Is NET-9 open?", sessionId: "s-1", memoryId: "user-ana" });
    await agent.invoke({ input: "Please contact me by email.", sessionId: "s-1" }); // the session keeps its memory ID
    expect(await agent.getMemory("user-ana")).toEqual([]);

    bedrock.script(summarizer, [{ text: "Ana asked about NET-9 (open) and prefers email.", usage: { inputTokens: 180, outputTokens: 12 } }]);
    const before = Date.now();
    await agent.endSession("s-1");
    const summaryBody = bodies(bedrock, summarizer)[0]!;
    expect(systemOf(summaryBody)).toContain("memory of a support conversation");
    const transcript = JSON.stringify(summaryBody.messages);
    for (const said of ["Is NET-9 open?", "[called get_ticket_status with", "NET-9 is open.", "Please contact me by email."]) expect(transcript).toContain(JSON.stringify(said).slice(1, -1));
    expect(summaryBody).not.toHaveProperty("toolConfig");
    // The summary is a call of the client like any step: costed, and marked as the agent's.
    const summaryEvent = events.find((event) => event.modelId === summarizer && event.type === "response")!;
    expect(summaryEvent.origin).toMatchObject({ kind: "agent", name: "Support", runId: expect.any(String) });
    expect(summaryEvent.cost!.totalUsd).toBeGreaterThan(0);
    expect(fm.costs().byModel[summarizer]).toBeDefined();

    const [summary, ...rest] = await agent.getMemory("user-ana");
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({ memoryId: "user-ana", sessionId: "s-1", summaryText: "Ana asked about NET-9 (open) and prefers email." });
    expect(Date.parse(summary!.sessionStartTime)).toBeLessThanOrEqual(before);
    expect(Date.parse(summary!.sessionExpiryTime) - Date.now()).toBeGreaterThan(10 * 86_400_000 - 60_000);
    expect(Date.parse(summary!.sessionExpiryTime) - Date.now()).toBeLessThanOrEqual(10 * 86_400_000);
    expect(await store.get("session/s-1")).toBeUndefined();

    bedrock.requests.length = 0;
    bedrock.script(claude, [{ text: "Welcome back, Ana." }]);
    await agent.invoke({ input: "Hello again", sessionId: "s-2", memoryId: "user-ana" });
    const system = systemOf(bodies(bedrock, claude)[0]!);
    expect(system).toContain("You are a support assistant.");
    expect(system).toContain("<memory>");
    expect(system).toContain("Ana asked about NET-9 (open) and prefers email.");
    // A session without the memory ID gets none of it.
    bedrock.requests.length = 0;
    bedrock.script(claude, [{ text: "Hello." }]);
    await agent.invoke({ input: "Hello", sessionId: "s-3" });
    expect(systemOf(bodies(bedrock, claude)[0]!)).not.toContain("<memory>");
    bedrock.assertScriptsConsumed();
  });

  it("summarizes on endSession: true, gives only the maxRecentSessions latest summaries, and forgets expired ones", async () => {
    const store = memorySessionStore();
    const agent = agentWith(store, { maxRecentSessions: 2 });
    const expired = { memoryId: "user-bo", sessionId: "old", sessionStartTime: "2026-01-01T00:00:00.000Z", sessionExpiryTime: "2026-01-31T00:00:00.000Z", summaryText: "EXPIRED summary" };
    await store.set("memory/user-bo", JSON.stringify({ version: 1, summaries: [expired] }));
    for (const [index, topic] of ["billing", "outage", "upgrade"].entries()) {
      bedrock.script(claude, [{ text: `About ${topic}.` }]);
      bedrock.script(summarizer, [{ text: `Session ${index + 1}: ${topic}.` }]);
      const run = await agent.invoke({ input: `Tell me about ${topic}`, sessionId: `bo-${index}`, memoryId: "user-bo", endSession: true });
      expect(run).toMatchObject({ status: "completed", error: undefined });
      expect(await store.get(`session/bo-${index}`)).toBeUndefined();
    }
    expect((await agent.getMemory("user-bo")).map((summary) => summary.summaryText)).toEqual(["Session 1: billing.", "Session 2: outage.", "Session 3: upgrade."]);
    bedrock.requests.length = 0;
    bedrock.script(claude, [{ text: "Hi Bo." }]);
    await agent.invoke({ input: "Hi", memoryId: "user-bo" });
    const system = systemOf(bodies(bedrock, claude)[0]!);
    expect(system).not.toContain("Session 1");
    expect(system).not.toContain("EXPIRED");
    expect(system.indexOf("Session 2: outage.")).toBeLessThan(system.indexOf("Session 3: upgrade."));
    await agent.deleteMemory("user-bo");
    expect(await agent.getMemory("user-bo")).toEqual([]);
  });

  it("summarizes a session past maxSessionMessages and starts its conversation again, carried on by the summary", async () => {
    const store = memorySessionStore();
    const agent = agentWith(store, { maxSessionMessages: 3 });
    bedrock.script(claude, [{ text: "First answer." }, { text: "Second answer." }]);
    bedrock.script(summarizer, [{ text: "Two questions were answered." }]);
    await agent.invoke({ input: "First question", sessionId: "long", memoryId: "user-cy" });
    expect(bodies(bedrock, summarizer)).toHaveLength(0); // 2 messages: under the limit
    await agent.invoke({ input: "Second question", sessionId: "long" });
    expect(bodies(bedrock, summarizer)).toHaveLength(1); // 4 messages: summarized
    bedrock.requests.length = 0;
    bedrock.script(claude, [{ text: "Third answer." }]);
    await agent.invoke({ input: "Third question", sessionId: "long" });
    const body = bodies(bedrock, claude)[0]!;
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Third question" }] }]);
    expect(systemOf(body)).toContain("Two questions were answered.");
  });

  it("keeps the session whole when the summary request fails: endSession rejects, a run reports it in run.error", async () => {
    const store = memorySessionStore();
    const agent = agentWith(store);
    bedrock.script(claude, [{ text: "An answer." }, { text: "Another answer." }]);
    await agent.invoke({ input: "A question", sessionId: "kept", memoryId: "user-di" });
    bedrock.addFault({ type: "http-error", status: 500, errorType: "InternalServerException", modelId: summarizer });
    await expect(agent.endSession("kept")).rejects.toMatchObject({ code: "InternalServerException" });
    expect(JSON.parse((await store.get("session/kept"))!).messages).toHaveLength(2);

    bedrock.addFault({ type: "http-error", status: 500, errorType: "InternalServerException", modelId: summarizer });
    const run = await agent.invoke({ input: "Bye", sessionId: "kept", endSession: true });
    expect(run).toMatchObject({ status: "completed", text: "Another answer.", error: { code: "InternalServerException" } });
    expect(JSON.parse((await store.get("session/kept"))!).messages).toHaveLength(4);
    expect(await agent.getMemory("user-di")).toEqual([]);
  });

  it("refuses a memoryId on an agent without memory, and bad memory options, naming the field", async () => {
    const plain = createAgent({ client: fm, modelId: claude });
    await expect(plain.invoke({ input: "hi", memoryId: "user-1" })).rejects.toMatchObject({ field: "memoryId", message: expect.stringContaining("no memory") });
    await expect(plain.getMemory("user-1")).rejects.toMatchObject({ field: "memoryId" });
    await expect(agentWith(memorySessionStore()).invoke({ input: "hi", memoryId: "a user" })).rejects.toMatchObject({ field: "memoryId" });
    expect(() => agentWith(memorySessionStore(), { storageDays: 400 })).toThrow(expect.objectContaining({ field: "memory.storageDays" }));
    expect(() => agentWith(memorySessionStore(), { maxRecentSessions: 0 })).toThrow(expect.objectContaining({ field: "memory.maxRecentSessions" }));
    expect(() => agentWith(memorySessionStore(), { store: {} as SessionStore })).toThrow(expect.objectContaining({ field: "memory.store" }));
    expect(bedrock.requests).toHaveLength(0);
  });
});
