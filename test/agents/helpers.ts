import { createClient, type BedrockKitClient } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { functionTool } from "../../src/agents/index.js";

export const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
export const nova = "amazon.nova-lite-v1:0";
export const mistralLarge = "mistral.mistral-large-2407-v1:0";
export const commandR = "cohere.command-r-v1:0";

/** An offline Bedrock and a client with fast retries. */
export async function offline(): Promise<{ bedrock: LocalBedrock; fm: BedrockKitClient }> {
  const bedrock = await startLocalBedrock();
  return { bedrock, fm: createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 5 } }) };
}

export const ticketSchema = { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] };

/** A ticket tool that records its calls. */
export function ticketTool(calls: string[] = []) {
  return functionTool<{ ticketId: string }>({
    name: "get_ticket_status",
    description: "Looks up a support ticket by its ID",
    inputSchema: ticketSchema,
    execute: async ({ ticketId }) => {
      calls.push(ticketId);
      return { ticketId, status: "open" };
    },
  });
}

/** The parsed bodies the offline Bedrock received for a model, oldest first. */
export function bodies(bedrock: LocalBedrock, modelId: string): Record<string, unknown>[] {
  return bedrock.requests.filter((request) => request.modelId === modelId && request.operation !== "countTokens").map((request) => request.body as Record<string, unknown>);
}
