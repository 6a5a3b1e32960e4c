/**
 * The AI SDK on bedrock-kit: a generateText tool loop whose every step goes through the
 * client's budget, retries and ledger, with the dollar cost in providerMetadata.
 * Run: npx tsx examples/ai-sdk.ts
 */
import "./quiet-node-warning.js";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { createBedrockKit } from "bedrock-kit/ai-sdk";
import { exampleClient } from "./offline.js";

const { fm, close } = await exampleClient();
try {
  const bedrockKit = createBedrockKit({ client: fm });
  const model = bedrockKit("us.anthropic.claude-haiku-4-5-20251001-v1:0");

  const result = await generateText({
    model,
    system: "You are a telecom support assistant.",
    prompt: "What is the ticket status of NET-4521?",
    tools: {
      get_ticket_status: tool({
        description: "Looks up a support ticket by its ID",
        inputSchema: jsonSchema<{ ticketId: string }>({ type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] }),
        execute: async ({ ticketId }) => ({ ticketId, status: "open", assignee: "network operations" }),
      }),
    },
    stopWhen: stepCountIs(3),
  });
  for (const step of result.steps) {
    const calls = step.toolCalls.map((call) => `${call.toolName}(${JSON.stringify(call.input)})`).join(", ");
    console.log(`step: ${step.finishReason}${calls ? ` → ${calls}` : ""}, $${step.providerMetadata?.bedrockKit?.costUsd}`);
  }
  console.log(`Answer: ${result.text}`);

  const streamed = streamText({ model: bedrockKit("amazon.nova-lite-v1:0"), prompt: "Summarize: the Spokane circuit flapped twice overnight." });
  process.stdout.write("Streamed: ");
  for await (const delta of streamed.textStream) process.stdout.write(delta);
  console.log(`\nTokens: ${(await streamed.usage).totalTokens}; the client's ledger: $${fm.costs().totalUsd.toFixed(6)} over ${fm.costs().calls} calls`);
} finally {
  await close();
}
