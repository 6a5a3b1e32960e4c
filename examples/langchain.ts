/**
 * LangChain on bedrock-kit: langchain's createAgent runs a tool loop with ChatBedrockKit,
 * and each answer carries usage_metadata and its dollar cost in response_metadata.
 * Run: npx tsx examples/langchain.ts
 */
import "./quiet-node-warning.js";
import type { AIMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatBedrockKit } from "bedrock-kit/langchain";
import { createAgent } from "langchain";
import { z } from "zod";
import { exampleClient } from "./offline.js";

const { fm, close } = await exampleClient();
try {
  const getTicketStatus = tool(async ({ ticketId }) => JSON.stringify({ ticketId, status: "open", assignee: "network operations" }), {
    name: "get_ticket_status",
    description: "Looks up a support ticket by its ID",
    schema: z.object({ ticketId: z.string() }),
  });
  const model = new ChatBedrockKit({ client: fm, model: "amazon.nova-lite-v1:0", maxTokens: 400 });
  const agent = createAgent({ model, tools: [getTicketStatus], systemPrompt: "You are a telecom support assistant." });

  const state = await agent.invoke({ messages: [{ role: "user", content: "What is the ticket status of NET-4521?" }] });
  for (const message of state.messages) {
    const ai = message.getType() === "ai" ? (message as AIMessage) : undefined;
    const cost = ai ? ` ($${ai.response_metadata.costUsd}, ${ai.usage_metadata?.total_tokens} tokens)` : "";
    console.log(`${message.getType()}: ${message.text || JSON.stringify(ai?.tool_calls)}${cost}`);
  }

  const ticket = await model.withStructuredOutput(z.object({ ticketId: z.string(), urgent: z.boolean() })).invoke("NET-12 is down for every customer.");
  console.log("Structured:", ticket);
  console.log(`The client's ledger: $${fm.costs().totalUsd.toFixed(6)} over ${fm.costs().calls} calls`);
} finally {
  await close();
}
