/**
 * A tool round trip: the model asks for a tool, the program runs it, the model answers.
 * Run: npx tsx examples/tools.ts
 */
import "./quiet-node-warning.js";
import type { Message, ToolDefinition } from "bedrock-kit";
import { exampleClient } from "./offline.js";

const tools: ToolDefinition[] = [
  {
    name: "get_ticket_status",
    description: "Looks up a support ticket by its ID",
    inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
  },
];

function getTicketStatus(input: unknown): string {
  const ticketId = (input as { ticketId?: string }).ticketId ?? "unknown";
  return JSON.stringify({ ticketId, status: "open", assignee: "network operations" });
}

const { fm, close } = await exampleClient();
try {
  const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const messages: Message[] = [{ role: "user", content: "What is the status of ticket NET-4521?" }];
  const first = await fm.invoke({ modelId, messages, tools });
  console.log(`Model asked for: ${first.toolCalls.map((call) => `${call.name}(${JSON.stringify(call.input)})`).join(", ")}`);

  messages.push({ role: "assistant", content: first.content });
  messages.push({
    role: "user",
    content: first.toolCalls.map((call) => ({ type: "tool-result" as const, toolCallId: call.id, content: getTicketStatus(call.input) })),
  });
  const second = await fm.invoke({ modelId, messages, tools });
  console.log(`Answer: ${second.text}`);
  console.log(`Stop reason: ${second.stopReason}; tokens over both calls: ${first.usage.totalTokens + second.usage.totalTokens}`);
} finally {
  await close();
}
