/** The client's events and audit log see each agent step as a call of the agent: its name, run ID and step. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, createClient, type AuditEntry, type BedrockKitEvent } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { createAgent, type AgentRun } from "../../src/agents/index.js";
import { claude, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let folder: string;
const events: BedrockKitEvent[] = [];
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  folder = mkdtempSync(join(tmpdir(), "bedrock-kit-agent-origin-"));
});
afterAll(() => bedrock.close());
beforeEach(() => {
  events.length = 0;
  bedrock.clearScripts();
  bedrock.requests.length = 0;
});

const input = "Is ticket NET-1 open? PRIVATE-INPUT-MARKER";

function setup(name: string) {
  const path = join(folder, `${name}.jsonl`);
  const fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 2 }, onEvent: (event) => events.push(event), audit: auditLog({ path }) });
  const lines = (): AuditEntry[] => readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as AuditEntry);
  return { fm, lines, path };
}

function script(): void {
  bedrock.script(claude, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }] }, { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-2" } }] }, { text: "Both are open." }]);
}

function expectMarked(run: AgentRun, operation: "invoke" | "stream", lines: AuditEntry[], path: string): void {
  expect(run.status).toBe("completed");
  const runId = events[0]!.origin!.runId;
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  const calls = events.filter((event) => event.operation === operation);
  expect(calls.map((event) => [event.type, event.origin])).toEqual(
    [0, 1, 2].flatMap((step) => [
      ["request", { kind: "agent", name: "Ticket desk", runId, step }],
      ["response", { kind: "agent", name: "Ticket desk", runId, step }],
    ]),
  );
  // Each step is its own call of the client, paired by callId.
  expect(new Set(calls.map((event) => event.callId)).size).toBe(3);
  expect(lines.map((line) => [line.operation, line.origin])).toEqual([0, 1, 2].map((step) => [operation, { kind: "agent", name: "Ticket desk", runId, step }]));
  expect(readFileSync(path, "utf8")).not.toContain("PRIVATE-INPUT-MARKER");
  expect(JSON.stringify(events)).not.toContain("PRIVATE-INPUT-MARKER");
  for (const request of bedrock.requests) expect(request.rawBody).not.toContain(runId);
}

describe("agent steps as calls of the agent", () => {
  it("marks every event and audit line of an invoked run with the agent's name, the run ID and the step", async () => {
    const { fm, lines, path } = setup("invoke");
    script();
    const run = await createAgent({ client: fm, modelId: claude, name: "Ticket desk", tools: [ticketTool()] }).invoke({ input });
    expectMarked(run, "invoke", lines(), path);
  });

  it("marks them for a streamed run (with maxUsd, so each step carries a cost cap)", async () => {
    const { fm, lines, path } = setup("stream");
    script();
    const agent = createAgent({ client: fm, modelId: claude, name: "Ticket desk", tools: [ticketTool()], maxUsd: 1, maxTokens: 200 });
    const stream = agent.stream({ input });
    for await (const _event of stream) {
      // drain
    }
    expectMarked(await stream.result, "stream", lines(), path);
  });

  it("keeps the run ID across a pause and a resume, the steps counting on, and leaves out a name the agent does not have", async () => {
    const { fm, lines } = setup("resume");
    bedrock.script(claude, [{ toolCalls: [{ name: "issue_refund", input: { amount: 3 } }] }, { text: "Refunded." }]);
    const refund = { name: "issue_refund", inputSchema: { type: "object", properties: { amount: { type: "number" } } } };
    const agent = createAgent({ client: fm, modelId: claude, tools: [refund] });
    const paused = await agent.invoke({ input: "Refund 3." });
    const resumed = await agent.resume({ invocationId: paused.invocationId!, results: [{ toolCallId: paused.pendingToolCalls[0]!.toolCallId, content: "ok" }] });
    expect(resumed.status).toBe("completed");
    expect(lines().map((line) => line.origin)).toEqual([
      { kind: "agent", runId: paused.invocationId, step: 0 },
      { kind: "agent", runId: paused.invocationId, step: 1 },
    ]);
  });

  it("refuses a name that could not go on an origin, before any request", async () => {
    const { fm } = setup("name");
    expect(() => createAgent({ client: fm, modelId: claude, name: "two\nlines" })).toThrow(expect.objectContaining({ field: "name" }));
  });
});
