/**
 * A tool round trip: the model asks for a tool, the program runs it, the model answers.
 * The tool's input schema is a zod schema: the model sees its JSON Schema, and each call's
 * input comes back parsed and typed (or with `invalidInput` saying what did not fit).
 * Run: npx tsx examples/tools.ts
 */
import "./quiet-node-warning.js";
import type { Message } from "bedrock-kit";
import { z } from "zod";
import { exampleClient } from "./offline.js";

const tools = [
  {
    name: "get_ticket_status",
    description: "Looks up a support ticket by its ID",
    inputSchema: z.object({ ticketId: z.string() }),
  },
] as const;

function getTicketStatus(ticketId: string): string {
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
    content: first.toolCalls.map((call) =>
      call.invalidInput
        ? { type: "tool-result" as const, toolCallId: call.id, content: `Invalid input: ${call.invalidInput.join("; ")}`, isError: true }
        : { type: "tool-result" as const, toolCallId: call.id, content: getTicketStatus(call.input.ticketId) },
    ),
  });
  const second = await fm.invoke({ modelId, messages, tools });
  console.log(`Answer: ${second.text}`);
  console.log(`Stop reason: ${second.stopReason}; tokens over both calls: ${first.usage.totalTokens + second.usage.totalTokens}`);
} finally {
  await close();
}
