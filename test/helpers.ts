import { readFileSync } from "node:fs";
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
