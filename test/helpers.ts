import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { NormalizedRequest } from "../src/adapters/adapter.js";
import { createClient, type ClientOptions } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";

export const haiku = "anthropic.claude-3-haiku-20240307-v1:0";
export const claudeV2 = "anthropic.claude-v2:1";

/** A secret that must never show up in an error or event. */
export const secretAccessKey = "SECRET-MARKER-do-not-leak-0123456789";
/** Prompt text that must never show up in an error or event. */
export const promptMarker = "PROMPT-MARKER-private-customer-text";

export function readFixture(path: string): string {
  return readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
}

export function readJsonLines(path: string): Record<string, unknown>[] {
  return readFixture(path)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An offline Bedrock and a client pointed at it, with fast retries. */
export async function setup(options: ClientOptions = {}): Promise<{ bedrock: LocalBedrock; fm: ReturnType<typeof createClient> }> {
  const bedrock = await startLocalBedrock();
  const fm = createClient({
    ...bedrock.clientOptions,
    credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey },
    retryDelay: { baseMs: 5, maxMs: 20 },
    ...options,
  });
  return { bedrock, fm };
}

/** A normalized request (what adapters encode) with one user message and nothing else set. */
export function normalizedRequest(text: string, overrides: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    messages: [{ role: "user", content: text }],
    system: undefined,
    systemParts: undefined,
    reasoning: undefined,
    maxTokens: undefined,
    temperature: undefined,
    topP: undefined,
    topK: undefined,
    stopSequences: undefined,
    tools: undefined,
    toolChoice: undefined,
    native: undefined,
    ...overrides,
  };
}

/** A Bedrock stand-in whose clock runs `skewMs` ahead: it answers every invoke with Claude's body and that `Date`, and keeps the request headers. */
export async function startSkewedBedrock(skewMs: number): Promise<{ url: string; received: IncomingHttpHeaders[]; close: () => void }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    request.on("end", () => {
      const answer = { id: "msg_1", type: "message", role: "assistant", model: haiku, content: [{ type: "text", text: "On time." }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 5, output_tokens: 3 } };
      response.writeHead(200, { "content-type": "application/json", date: new Date(Date.now() + skewMs).toUTCString() });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}

/** A request's `x-amz-date` as epoch milliseconds. */
export function amzDate(headers: IncomingHttpHeaders): number {
  const [, year, month, day, hour, minute, second] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(headers["x-amz-date"])) ?? [];
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
}
