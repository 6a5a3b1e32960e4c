/**
 * A streaming web chat over bedrock-kit: `fm.stream` to the browser as Server-Sent Events,
 * a model picker that hot-swaps, tokens and cost under each answer, and an "ask the
 * knowledge base" mode that answers from the telecom runbooks with their sources.
 * Run: npx tsx examples/web-chat/server.ts   (offline; BEDROCK_LIVE=1 for real Bedrock), then open the URL it prints.
 */
import "../quiet-node-warning.js";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BedrockKitClient } from "bedrock-kit";
import { createKnowledgeBase, type KnowledgeBase } from "bedrock-kit/rag";
import { exampleClient } from "../offline.js";
import { chatPage } from "./page.js";

/** The models the picker offers: one request shape, four families. */
export const chatModels = ["amazon.nova-micro-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "mistral.mistral-large-2407-v1:0", "meta.llama3-1-8b-instruct-v1:0"];

/** A running web chat. */
export interface WebChat {
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The telecom runbooks (examples/data/telecom) in a knowledge base of the client's own. */
export async function telecomKnowledgeBase(fm: BedrockKitClient): Promise<KnowledgeBase> {
  const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 512 } });
  await kb.ingest([new URL("../data/telecom/", import.meta.url).pathname]);
  return kb;
}

/** Answers from the knowledge base: its text as it streams, then the sources with tokens and cost. */
async function answerFromKnowledgeBase(kb: KnowledgeBase, response: ServerResponse, modelId: string, question: string): Promise<void> {
  const answer = kb.retrieveAndGenerateStream(question, { modelId, maxTokens: 400 });
  for await (const event of answer) if (event.type === "text") send(response, "delta", { text: event.text });
  const result = await answer.result;
  const sources = [...new Set(result.references.map((reference) => reference.location.uri.split("/").pop() ?? reference.location.uri))];
  send(response, "done", { modelId, inputTokens: result.generation.usage.inputTokens, outputTokens: result.generation.usage.outputTokens, costUsd: result.cost?.totalUsd ?? 0, sources });
}

/** Serves the chat on 127.0.0.1 (`port` 0: a free one) with the given client and, for the knowledge-base mode, a knowledge base. */
export async function startWebChat(fm: BedrockKitClient, port = 0, kb?: KnowledgeBase): Promise<WebChat> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(chatPage(chatModels));
      return;
    }
    if (url.pathname !== "/chat") {
      response.writeHead(404).end();
      return;
    }
    const modelId = url.searchParams.get("model") ?? "";
    const prompt = url.searchParams.get("prompt") ?? "";
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    if (!chatModels.includes(modelId) || prompt.trim() === "") {
      send(response, "failure", { message: "Pick a model and write a question." });
      response.end();
      return;
    }
    // A browser that goes away stops the model's stream too.
    const controller = new AbortController();
    request.on("close", () => controller.abort());
    try {
      if (url.searchParams.get("mode") === "kb") {
        if (!kb) throw new Error("This chat has no knowledge base.");
        await answerFromKnowledgeBase(kb, response, modelId, prompt);
        response.end();
        return;
      }
      const stream = fm.stream({ modelId, prompt, maxTokens: 400, signal: controller.signal });
      for await (const event of stream) if (event.type === "text") send(response, "delta", { text: event.text });
      const result = await stream.result;
      send(response, "done", { modelId: result.modelId, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, costUsd: result.cost?.totalUsd ?? 0 });
    } catch (error) {
      // bedrock-kit's messages carry no prompt text, so they can go to the page.
      send(response, "failure", { message: (error as Error).message });
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Run directly: serve until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { fm, close, where } = await exampleClient();
  const chat = await startWebChat(fm, Number(process.env.PORT ?? 8788), await telecomKnowledgeBase(fm));
  console.log(`Web chat on ${chat.url} (answers from ${where}); Ctrl-C to stop.`);
  process.once("SIGINT", () => void chat.close().then(close));
}
