/**
 * The request side of the OpenAI-like chat bodies Bedrock serves: Mistral chat
 * (bedrock-formats.md §4.12), AI21 Jamba (§4.10) and the OpenAI Chat Completions family —
 * role-tagged messages, assistant tool calls with JSON-string arguments, `tool` results,
 * OpenAI-style function tools and finish reasons. Answers are read by chat-completions.ts.
 */
import { toBase64 } from "../../encoding.js";
import type { NativeTool } from "../adapter.js";
import type { ContentPart, StopReason } from "../../types.js";
import type { NormalizedRequest } from "../adapter.js";
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

/**
 * How a family writes an assistant turn that calls tools: OpenAI's body types each call
 * (`type: "function"`) and sends `content: null` when there is no text; Mistral and Jamba
 * send the calls untyped and the text as it is.
 */
export interface AssistantCallStyle {
  typedCalls: boolean;
  nullContentWithCalls: boolean;
}

const untypedCalls: AssistantCallStyle = { typedCalls: false, nullContentWithCalls: false };

/**
 * System text, turns, assistant tool calls and tool results as chat messages. Reasoning
 * parts are dropped (these models do not take reasoning back), as are cache points.
 */
export function toChatMessages(request: NormalizedRequest, style: AssistantCallStyle = untypedCalls): ChatMessage[] {
  const messages: ChatMessage[] = request.system === undefined ? [] : [{ role: "system", content: request.system }];
  for (const message of request.messages) {
    const parts = partsOf(message.content);
    const text = parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    if (message.role === "assistant") {
      const calls = parts.filter((part) => part.type === "tool-call");
      if (calls.length === 0) {
        messages.push({ role: "assistant", content: text });
        continue;
      }
      messages.push({
        role: "assistant",
        content: text === "" && style.nullContentWithCalls ? null : text,
        tool_calls: calls.map((call) => ({ id: call.id, ...(style.typedCalls ? { type: "function" } : {}), function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } })),
      });
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
