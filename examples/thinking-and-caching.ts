/**
 * Reasoning and prompt caching in a tool loop: Claude thinks before each step, its signed
 * thinking goes back unchanged with the tool results, and the long system text is cached
 * after the first call (later calls read it at a tenth of the input price).
 * Run: npx tsx examples/thinking-and-caching.ts   (BEDROCK_LIVE=1 for Amazon Bedrock)
 */
import "./quiet-node-warning.js";
import type { Message, SystemPart, ToolDefinition } from "bedrock-kit";
import { exampleClient } from "./offline.js";

const modelId = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
const runbook = "When a circuit is down, read its status, then the last alarm, then decide on a dispatch. ".repeat(60);
const system: SystemPart[] = [{ type: "text", text: runbook }, { type: "cache-point" }];
const tools: ToolDefinition[] = [
  {
    name: "get_circuit_status",
    description: "Looks up a circuit by its ID",
    inputSchema: { type: "object", properties: { circuitId: { type: "string" } }, required: ["circuitId"] },
  },
];

const { fm, close, where } = await exampleClient();
try {
  const messages: Message[] = [{ role: "user", content: "Check the circuit status of SPK-7 and tell me what to do." }];
  for (let step = 1; step <= 4; step++) {
    const result = await fm.invoke({ modelId, system, messages, tools, reasoning: { effort: "low" }, maxTokens: 4_000 });
    const { cacheReadInputTokens = 0, cacheWriteInputTokens = 0 } = result.usage;
    console.log(`step ${step}: thought "${result.reasoning.slice(0, 60)}…", cache read ${cacheReadInputTokens} / written ${cacheWriteInputTokens} tokens, ${result.cost ? `$${result.cost.totalUsd.toFixed(6)}` : "no price"}`);
    if (result.toolCalls.length === 0) {
      console.log(`Answer from ${where}: ${result.text}`);
      break;
    }
    messages.push({ role: "assistant", content: result.content }); // thinking with its signature, then the tool calls
    messages.push({ role: "user", content: result.toolCalls.map((call) => ({ type: "tool-result" as const, toolCallId: call.id, content: '{"state":"down","since":"12:04"}' })) });
  }
} finally {
  await close();
}
