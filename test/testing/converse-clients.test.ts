/**
 * Converse clients nobody here wrote, against the offline Bedrock: the AI SDK's Bedrock
 * provider (`@ai-sdk/amazon-bedrock`) and LangChain's `ChatBedrockConverse`
 * (`@langchain/aws`), each with a tool round trip and a stream. They run when those
 * packages are installed (they are not devDependencies yet) and are skipped otherwise.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { tool as langChainTool } from "@langchain/core/tools";
import { generateText, jsonSchema, stepCountIs, streamText, tool, type LanguageModel } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

/** The parts of `@ai-sdk/amazon-bedrock` used here. */
interface AmazonBedrockModule {
  createAmazonBedrock(settings: { region: string; baseURL: string; accessKeyId: string; secretAccessKey: string }): (modelId: string) => LanguageModel;
}

/** The parts of `@langchain/aws` used here. */
interface LangChainAwsModule {
  ChatBedrockConverse: new (fields: { model: string; region: string; client: BedrockRuntimeClient }) => {
    bindTools(tools: unknown[]): { invoke(input: unknown): Promise<{ tool_calls?: { name: string; args: unknown; id?: string }[]; text: string }> };
    stream(input: string): Promise<AsyncIterable<{ text: string }>>;
  };
}

// Names in variables, so that the type checker does not look for packages that may be absent.
const amazonBedrockName = "@ai-sdk/amazon-bedrock";
const langChainAwsName = "@langchain/aws";
const amazonBedrock = (await import(amazonBedrockName).catch(() => undefined)) as AmazonBedrockModule | undefined;
const langChainAws = (await import(langChainAwsName).catch(() => undefined)) as LangChainAwsModule | undefined;

let bedrock: LocalBedrock;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
});
afterAll(() => bedrock.close());

const models = ["us.anthropic.claude-haiku-4-5-20251001-v1:0", "amazon.nova-lite-v1:0"];

describe.skipIf(amazonBedrock === undefined)("@ai-sdk/amazon-bedrock on the offline Bedrock's Converse", () => {
  for (const modelId of models) {
    it(`runs a generateText tool loop and streamText on ${modelId}`, async () => {
      const { endpoint, region, credentials } = bedrock.clientOptions;
      const provider = amazonBedrock!.createAmazonBedrock({ region, baseURL: endpoint, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
      const calls: string[] = [];
      const result = await generateText({
        model: provider(modelId),
        prompt: "What is the ticket status of NET-1?",
        tools: {
          get_ticket_status: tool({
            inputSchema: jsonSchema<{ ticketId: string }>({ type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] }),
            execute: async ({ ticketId }) => (calls.push(ticketId), { status: "open" }),
          }),
        },
        stopWhen: stepCountIs(3),
      });
      expect(result.steps).toHaveLength(2);
      expect(calls).toHaveLength(1);
      expect(result.finishReason).toBe("stop");
      expect(bedrock.requests.at(-1)?.operation).toBe("converse");
      let text = "";
      for await (const delta of streamText({ model: provider(modelId), prompt: "Tell me about the outage" }).textStream) text += delta;
      expect(text.length).toBeGreaterThan(0);
      expect(bedrock.requests.at(-1)?.operation).toBe("converseStream");
    });
  }
});

describe.skipIf(langChainAws === undefined)("@langchain/aws ChatBedrockConverse on the offline Bedrock's Converse", () => {
  for (const modelId of models) {
    it(`round-trips a tool call and streams on ${modelId}`, async () => {
      const { endpoint, region, credentials } = bedrock.clientOptions;
      const model = new langChainAws!.ChatBedrockConverse({ model: modelId, region, client: new BedrockRuntimeClient({ endpoint, region, credentials }) });
      const getTicketStatus = langChainTool(async ({ ticketId }: { ticketId: string }) => JSON.stringify({ ticketId, status: "open" }), {
        name: "get_ticket_status",
        description: "Looks up a ticket",
        schema: z.object({ ticketId: z.string() }),
      });
      const bound = model.bindTools([getTicketStatus]);
      const question = "What is the ticket status of NET-1?";
      const first = await bound.invoke(question);
      expect(first.tool_calls?.[0]?.name).toBe("get_ticket_status");
      const toolMessage = await getTicketStatus.invoke({ ...first.tool_calls![0]!, type: "tool_call" } as never);
      const second = await bound.invoke([["human", question], first, toolMessage]);
      expect(second.tool_calls ?? []).toHaveLength(0);
      expect(second.text.length).toBeGreaterThan(0);
      let chunks = 0;
      for await (const chunk of await model.stream("Tell me about the outage")) chunks += chunk.text ? 1 : 0;
      expect(chunks).toBeGreaterThan(1);
    });
  }
});
