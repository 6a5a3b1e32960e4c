// The agent loop's overhead per step against the same invokes made by hand, on the offline
// Bedrock, from the built package:
//
//   npm run build && node bench/agent-loop.mjs [conversations]
//
// Each conversation is three scripted Claude steps (a tool call, a second tool call, the
// answer). Variants, interleaved so that drift hits each alike: `by hand` (fm.invoke in a
// loop, the tool run inline, results pushed as the agent would), `agent` (agent.invoke) and
// `agent + maxUsd` (one fm.estimate before each step) and `AI SDK loop` (the Vercel AI SDK's
// generateText tool loop over a minimal LanguageModelV3 that calls the same fm.invoke, so
// only the loops differ). Prints the median milliseconds per conversation and per step, and
// each variant's ratio to the hand-made loop.
import { performance } from "node:perf_hooks";
import { generateText, jsonSchema, stepCountIs, tool as aiTool } from "ai";
import { createClient } from "../dist/index.js";
import { createAgent, functionTool } from "../dist/agents/index.js";
import { startLocalBedrock } from "../dist/testing/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const conversations = Number(process.argv[2] ?? "300");
const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const bedrock = await startLocalBedrock();
const fm = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
const schema = { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] };
const lookUp = async ({ ticketId }) => ({ ticketId, status: "open" });
const tool = functionTool({ name: "get_ticket_status", description: "Looks up a ticket", inputSchema: schema, execute: lookUp });
const steps = [
  { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-1" } }] },
  { toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-2" } }] },
  { text: "Both tickets are open." },
];
const input = "Are NET-1 and NET-2 open?";
const instruction = "You are a support assistant.";

async function byHand() {
  const tools = [{ name: "get_ticket_status", description: "Looks up a ticket", inputSchema: schema }];
  const messages = [{ role: "user", content: [{ type: "text", text: input }] }];
  for (;;) {
    const result = await fm.invoke({ modelId, system: instruction, messages, tools, maxTokens: 500 });
    messages.push({ role: "assistant", content: result.content });
    if (result.toolCalls.length === 0) return result.text;
    const results = await Promise.all(result.toolCalls.map(async (call) => ({ type: "tool-result", toolCallId: call.id, content: JSON.stringify(await lookUp(call.input)) })));
    messages.push({ role: "user", content: results });
  }
}

/** The AI SDK's prompt as bedrock-kit messages: text, tool calls and tool results (all this conversation has). */
function toMessages(prompt) {
  const messages = [];
  for (const message of prompt) {
    if (message.role === "system") continue;
    const content = message.content.map((part) => {
      if (part.type === "text") return { type: "text", text: part.text };
      if (part.type === "tool-call") return { type: "tool-call", id: part.toolCallId, name: part.toolName, input: part.input };
      return { type: "tool-result", toolCallId: part.toolCallId, content: part.output.type === "text" ? part.output.value : JSON.stringify(part.output.value) };
    });
    messages.push({ role: message.role === "tool" ? "user" : message.role, content });
  }
  return messages;
}

/** A minimal AI SDK model over fm.invoke. */
const aiModel = {
  specificationVersion: "v3",
  provider: "bedrock-kit",
  modelId,
  supportedUrls: {},
  async doGenerate(options) {
    const system = options.prompt.find((message) => message.role === "system")?.content;
    const tools = (options.tools ?? []).map((definition) => ({ name: definition.name, description: definition.description, inputSchema: definition.inputSchema }));
    const result = await fm.invoke({ modelId, system, messages: toMessages(options.prompt), tools, maxTokens: options.maxOutputTokens });
    const content = [
      ...(result.text ? [{ type: "text", text: result.text }] : []),
      ...result.toolCalls.map((call) => ({ type: "tool-call", toolCallId: call.id, toolName: call.name, input: JSON.stringify(call.input) })),
    ];
    const unified = result.stopReason === "tool_use" ? "tool-calls" : "stop";
    return {
      content,
      finishReason: { unified, raw: result.rawStopReason },
      usage: { inputTokens: { total: result.usage.inputTokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: result.usage.outputTokens, text: undefined, reasoning: undefined } },
      warnings: [],
    };
  },
  doStream() {
    throw new Error("not used");
  },
};
const aiTools = { get_ticket_status: aiTool({ description: "Looks up a ticket", inputSchema: jsonSchema(schema), execute: lookUp }) };

const agent = createAgent({ client: fm, modelId, instruction, tools: [tool], maxTokens: 500 });
const budgeted = createAgent({ client: fm, modelId, instruction, tools: [tool], maxTokens: 500, maxUsd: 1 });
const variants = {
  "by hand": byHand,
  agent: async () => (await agent.invoke({ input })).text,
  "agent + maxUsd": async () => (await budgeted.invoke({ input })).text,
  "AI SDK loop": async () => (await generateText({ model: aiModel, system: instruction, prompt: input, tools: aiTools, maxOutputTokens: 500, stopWhen: stepCountIs(10) })).text,
};
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));

for (let round = -20; round < conversations; round++) {
  for (const [name, run] of Object.entries(variants)) {
    bedrock.script(modelId, steps);
    const started = performance.now();
    const text = await run();
    const elapsed = performance.now() - started;
    if (text !== "Both tickets are open.") throw new Error(`${name} answered ${text}`);
    if (round >= 0) times[name].push(elapsed); // the first 20 rounds warm up
  }
}
bedrock.assertScriptsConsumed();
await bedrock.close();

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  return (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2;
};
const base = median(times["by hand"]);
console.log(`${conversations} conversations of 3 steps each (Claude, offline Bedrock, Node ${process.version})`);
for (const [name, values] of Object.entries(times)) {
  const value = median(values);
  console.log(`${name.padEnd(16)} median ${value.toFixed(2)} ms per conversation, ${(value / 3).toFixed(2)} ms per step, ${(value / base).toFixed(3)}× by hand`);
}
