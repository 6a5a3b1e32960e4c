/**
 * The telecom support flow: an agent searches the outage runbooks (a knowledge base),
 * reads the network logs through a tool, asks the caller's system for the ticket's status
 * by return of control, and answers with a short status ("Outage in Spokane region, ETA
 * 4:45PM"), with the run's steps, searches and cost.
 * Offline, the model's answers are scripted (what Claude would say); with BEDROCK_LIVE=1 the
 * real model decides.
 * Run: npx tsx examples/telecom-agent.ts
 */
import "./quiet-node-warning.js";
import { createClient } from "bedrock-kit";
import { createAgent, functionTool } from "bedrock-kit/agents";
import { createKnowledgeBase } from "bedrock-kit/rag";
import { startLocalBedrock } from "bedrock-kit/testing";

const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const dataFolder = new URL("./data/telecom/", import.meta.url).pathname;

/** The network logs the tool reads (in a real deployment: the NOC's log search). */
const networkLogs = functionTool<{ region: string }>({
  name: "read_network_logs",
  description: "Returns the last hour of network alarms for a region",
  inputSchema: { type: "object", properties: { region: { type: "string" } }, required: ["region"] },
  execute: ({ region }) => `12:02 ${region} edge-router-2 BGP neighbour 10.8.0.1 down (hold timer expired)\n12:03 ${region} DWDM ring span 4 loss of signal`,
});

/** No `execute`: the agent returns control, and the caller's ticket system answers. */
const ticketStatus = { name: "get_ticket_status", description: "The status and ETA of a network incident ticket", inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] } };

const live = process.env.BEDROCK_LIVE === "1";
const bedrock = live ? undefined : await startLocalBedrock();
try {
  const fm = createClient(bedrock?.clientOptions ?? {});
  const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 512 } });
  await kb.ingest([dataFolder]);
  bedrock?.script(modelId, [
    { toolCalls: [{ name: "search_knowledge_base", input: { query: "BGP circuit down Spokane" } }], usage: { inputTokens: 380, outputTokens: 30 } },
    { toolCalls: [{ name: "read_network_logs", input: { region: "Spokane" } }], usage: { inputTokens: 910, outputTokens: 25 } },
    { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NOC-2211" } }], usage: { inputTokens: 1010, outputTokens: 28 } },
    { text: "Outage in Spokane region, ETA 4:45PM.", usage: { inputTokens: 1090, outputTokens: 12 } },
  ]);
  const agent = createAgent({
    client: fm,
    modelId,
    instruction: "You are a telecom support assistant. Check the runbooks, the network logs and the incident ticket, then give the customer one sentence with the ETA.",
    tools: [networkLogs, ticketStatus],
    knowledgeBases: [{ knowledgeBase: kb, description: "Outage runbooks, fibre-cut logs and the DWDM ring report." }],
    maxSteps: 6,
    maxUsd: 0.05,
    maxTokens: 500,
  });
  const paused = await agent.invoke({ input: "Why is my BGP circuit in Spokane down?", sessionId: "customer-42" });
  console.log(`${paused.status}: ${paused.pendingToolCalls.map((call) => `${call.name}(${JSON.stringify(call.input)})`).join(", ")}`);
  // The caller's ticket system answers; the run resumes (it could be another process with a fileSessionStore).
  const run = await agent.resume({
    invocationId: paused.invocationId!,
    results: paused.pendingToolCalls.map((call) => ({ toolCallId: call.toolCallId, content: JSON.stringify({ status: "in progress", eta: "16:45" }) })),
  });
  for (const step of [...paused.steps, ...run.steps.slice(paused.steps.length)]) {
    const calls = step.toolCalls.map((call) => call.name).join(", ") || "answer";
    const searches = step.knowledgeBaseQueries.map((search) => ` · searched "${search.query}": ${search.references.length} sources`).join("");
    console.log(`step ${step.index}: ${calls}${searches} · ${step.usage.inputTokens} in / ${step.usage.outputTokens} out · $${step.cost?.totalUsd.toFixed(6)}`);
  }
  console.log(`${run.status}: ${run.text}`);
  console.log(`Knowledge base: $${kb.costs().totalUsd.toFixed(6)}; the whole client: $${fm.costs().totalUsd.toFixed(6)}`);
  if (!live && run.text !== "Outage in Spokane region, ETA 4:45PM.") throw new Error("unexpected answer");
  bedrock?.assertScriptsConsumed();
  await kb.close();
} finally {
  await bedrock?.close();
}
