/**
 * The OpenAI-like chat codec that Mistral chat (bedrock-formats.md §4.12) and AI21 Jamba
 * (§4.10) share on Bedrock: role-tagged messages with string content, tool calls with
 * JSON-string arguments, `choices[0]`, and stream chunks that carry `message` (Mistral) or
 * `delta` (Jamba) and `stop_reason` (Mistral) or `finish_reason` (Jamba).
 *
 * Jamba is served by vLLM, whose choices carry `finish_reason` (why generation ended) and
 * also `stop_reason` (the stop string or integer token id that fired, e.g. `"<|eom|>"`), so
 * each family names the fields its stop reason is read from, in order (recorded Jamba chunk:
 * lobehub/lobe-chat `src/libs/agent-runtime/utils/streams/bedrock/ai21.ts` @5305c8d, 2024;
 * see ../shared/research/review-wire-formats.md finding 1, read 2026-11-30).
 */
import { isRecord, toBase64 } from "../../encoding.js";
import type { NativeTool } from "../adapter.js";
import type { ContentPart, StopReason } from "../../types.js";
import type { AdapterOutput, NormalizedRequest, PartialUsage, StreamDecoder } from "../adapter.js";
import { partsOf } from "./conversation.js";

/** One message of an OpenAI-like chat body. */
export type ChatMessage = Record<string, unknown> & { role: "system" | "user" | "assistant" | "tool" };

/**
 * A user turn's content: its text as a string, or, when the turn carries images, an array
 * of `{type: "text", text}` and `{type: "image_url", image_url: {url: "data:<type>;base64,…"}}`
 * parts in the turn's order. Only families whose catalog rows take images get image parts
 * (request validation refuses them otherwise). Shape: Mistral's chat completion content
 * chunks, as sent to Pixtral Large on Bedrock by techthoughts2/pwshBedrock
 * `src/pwshBedrock/Private/Format-MistralAIChatModel.ps1` @851e662 (its live integration
 * test `MistralAIChat.Tests.ps1`, us-west-2); read 2026-11-30.
 */
function userContent(parts: ContentPart[], text: string): string | Record<string, unknown>[] {
  if (!parts.some((part) => part.type === "image")) return text;
  return parts.flatMap((part): Record<string, unknown>[] => {
    if (part.type === "text") return [{ type: "text", text: part.text }];
    if (part.type === "image") return [{ type: "image_url", image_url: { url: `data:${part.mediaType};base64,${toBase64(part.data)}` } }];
    return [];
  });
}

/** System text, turns, assistant tool calls and tool results as chat messages. */
function toChatMessages(request: NormalizedRequest): ChatMessage[] {
  const messages: ChatMessage[] = request.system === undefined ? [] : [{ role: "system", content: request.system }];
  for (const message of request.messages) {
    const parts = partsOf(message.content);
    const text = parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    if (message.role === "assistant") {
      const calls = parts.filter((part) => part.type === "tool-call");
      const assistant: ChatMessage = { role: "assistant", content: text };
      if (calls.length > 0) {
        assistant.tool_calls = calls.map((call) => ({ id: call.id, function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } }));
      }
      messages.push(assistant);
      continue;
    }
    for (const part of parts) {
      if (part.type === "tool-result") messages.push({ role: "tool", tool_call_id: part.toolCallId, content: part.content });
    }
    const hasImages = parts.some((part) => part.type === "image");
    if (text !== "" || hasImages || !parts.some((part) => part.type === "tool-result")) messages.push({ role: "user", content: userContent(parts, text) });
  }
  return messages;
}

/** The text and tool calls of a response or chunk message. */
function readChatMessage(message: unknown): ContentPart[] {
  if (!isRecord(message)) throw new Error("a choice has no message");
  const content: ContentPart[] = [];
  if (typeof message.content === "string" && message.content !== "") content.push({ type: "text", text: message.content });
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
      if (!isRecord(call) || !fn) throw new Error("a tool call has no function");
      const input: unknown = typeof fn.arguments === "string" ? (fn.arguments === "" ? {} : JSON.parse(fn.arguments)) : (fn.arguments ?? {});
      content.push({ type: "tool-call", id: String(call.id), name: String(fn.name), input });
    }
  }
  return content;
}

/** `choices[0]` of a body or chunk. */
function firstChoice(body: unknown): Record<string, unknown> | undefined {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isRecord(choice) ? choice : undefined;
}

/** The choice fields a family's stop reason is read from, first string wins. */
export type ChatStopFields = readonly ["finish_reason" | "stop_reason", ...("finish_reason" | "stop_reason")[]];

/** The first of `fields` that holds a string; numbers and nulls never count. */
function stopOf(choice: Record<string, unknown>, fields: ChatStopFields): string | undefined {
  for (const field of fields) {
    const raw = choice[field];
    if (typeof raw === "string") return raw;
  }
  return undefined;
}

/** OpenAI-style `usage` (`prompt_tokens`, `completion_tokens`), when the body has it. */
function readChatUsage(body: Record<string, unknown>): PartialUsage | undefined {
  if (!isRecord(body.usage)) return undefined;
  const usage: PartialUsage = {};
  if (typeof body.usage.prompt_tokens === "number") usage.inputTokens = body.usage.prompt_tokens;
  if (typeof body.usage.completion_tokens === "number") usage.outputTokens = body.usage.completion_tokens;
  return usage;
}

/** A decoder factory for chat stream chunks: text deltas, whole tool calls, the stop reason (from `stopFields`), usage. */
export function chatDecoder(stopFields: ChatStopFields): () => StreamDecoder {
  return () => createChatDecoder(stopFields);
}

function createChatDecoder(stopFields: ChatStopFields): StreamDecoder {
  let text = "";
  const calls: unknown[] = [];
  let stopReason: string | undefined;
  return {
    push(chunk) {
      const choice = firstChoice(chunk);
      if (!choice) throw new Error("a chunk has no choices[0]");
      const parts = readChatMessage(choice.message ?? choice.delta);
      const deltas: ReturnType<StreamDecoder["push"]> = [];
      for (const part of parts) {
        if (part.type === "text") {
          text += part.text;
          deltas.push({ type: "text", text: part.text });
        } else if (part.type === "tool-call") {
          calls.push({ id: part.id, function: { name: part.name, arguments: JSON.stringify(part.input) } });
          deltas.push({ type: "tool-call", toolCall: { id: part.id, name: part.name, input: part.input } });
        }
      }
      const stop = stopOf(choice, stopFields);
      if (stop !== undefined) {
        stopReason = stop;
        deltas.push({ type: "stop", rawStopReason: stop, stopSequence: undefined });
      }
      const usage = readChatUsage(chunk);
      if (usage) deltas.push({ type: "usage", usage });
      return deltas;
    },
    raw() {
      const message: Record<string, unknown> = { role: "assistant", content: text };
      if (calls.length > 0) message.tool_calls = calls;
      return { choices: [{ index: 0, message, [stopFields[0]]: stopReason ?? null }] };
    },
  };
}


/**
 * OpenAI-style finish reasons: `stop` → end_turn, `length` → max_tokens, `tool_calls` →
 * tool_use, `content_filter` → content_filtered (OpenAI "The chat completion object").
 */
export function mapChatStopReason(raw: string | undefined): StopReason {
  switch (raw) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "content_filter":
      return "content_filtered";
    default:
      return "unknown";
  }
}

/** A tool as an OpenAI-style function definition. */
export interface ChatTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Tool definitions as OpenAI-style functions. */
export function toChatTools(tools: NativeTool[]): ChatTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema },
  }));
}

/** The fields every OpenAI-like chat body shares. */
export interface ChatBodyBase {
  messages: ChatMessage[];
  max_tokens?: number | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
}

/** Messages, `max_tokens`, `temperature` and `top_p` from a request. */
export function chatBodyBase(request: NormalizedRequest): ChatBodyBase {
  const body: ChatBodyBase = { messages: toChatMessages(request) };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  return body;
}

/** A reader of chat response bodies: `choices[0].message`, its stop reason (from `stopFields`) and usage. */
export function chatBodyReader(stopFields: ChatStopFields): (body: unknown) => AdapterOutput {
  return (body) => {
    const choice = firstChoice(body);
    if (!isRecord(body) || !choice) throw new Error("the body has no choices[0]");
    return { content: readChatMessage(choice.message), rawStopReason: stopOf(choice, stopFields), stopSequence: undefined, usage: readChatUsage(body) };
  };
}
