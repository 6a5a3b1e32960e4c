/** Reading responses: token-count headers, request IDs and event-stream chunks, shared by both paths. */
import { FrameSplitter, decodeFrame } from "./event-stream.js";
import type { PartialUsage } from "../types.js";
import type { ResponseMetadata } from "./types.js";

export type Headers = Record<string, string | string[] | undefined>;

export const eventStreamType = "application/vnd.amazon.eventstream";
export type RawBody = AsyncIterable<Uint8Array> & { destroy?: () => void };

function readHeaderNumber(headers: Headers, name: string): number | undefined {
  const value = headers[name];
  if (typeof value !== "string") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function readMetadata(headers: Headers | undefined, requestId: string | undefined): ResponseMetadata {
  if (!headers) return { requestId, headerUsage: undefined };
  const inputTokens = readHeaderNumber(headers, "x-amzn-bedrock-input-token-count");
  const outputTokens = readHeaderNumber(headers, "x-amzn-bedrock-output-token-count");
  // Prompt-cache counters ride on InvokeModel responses too (recorded for Claude 3.5 Haiku and
  // Nova, 2025-03/05: ../shared/research/review-wire-formats.md finding 8, read 2026-11-30).
  const cacheReadInputTokens = readHeaderNumber(headers, "x-amzn-bedrock-cache-read-input-token-count");
  const cacheWriteInputTokens = readHeaderNumber(headers, "x-amzn-bedrock-cache-write-input-token-count");
  if (inputTokens === undefined && outputTokens === undefined && cacheReadInputTokens === undefined && cacheWriteInputTokens === undefined) {
    return { requestId, headerUsage: undefined };
  }
  const headerUsage: PartialUsage = { inputTokens, outputTokens };
  if (cacheReadInputTokens !== undefined) headerUsage.cacheReadInputTokens = cacheReadInputTokens;
  if (cacheWriteInputTokens !== undefined) headerUsage.cacheWriteInputTokens = cacheWriteInputTokens;
  return { requestId, headerUsage };
}

export function headerText(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Decodes the frames of one network read as they are iterated, so the first chunk needs no wait for the rest. */
function* decodeFrames(frames: Uint8Array[]): Generator<Uint8Array> {
  for (const frame of frames) {
    const decoded = decodeFrame(frame);
    if (decoded.type === "chunk") yield decoded.bytes;
  }
}

/** Splits a raw event-stream body into one lazily decoded batch per network read; closes the body if left early. */
export async function* readChunks(body: RawBody): AsyncGenerator<Iterable<Uint8Array>> {
  const splitter = new FrameSplitter();
  let finished = false;
  try {
    for await (const bytes of body) {
      const frames = splitter.push(bytes);
      if (frames.length > 0) yield decodeFrames(frames);
    }
    splitter.end();
    finished = true;
  } finally {
    if (!finished) body.destroy?.();
  }
}

/** The `inputTokens` of a CountTokens answer. */
export function readInputTokens(output: { inputTokens?: unknown }): number {
  if (typeof output.inputTokens !== "number") throw new Error("CountTokens answered without inputTokens");
  return output.inputTokens;
}
