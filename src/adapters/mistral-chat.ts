/**
 * Mistral chat completion on Bedrock (Mistral Large 2402 and Large 2 2407): OpenAI-like
 * `messages` with string content, `tools`, `tool_choice`; `choices[0].message` out, with
 * `stop_reason` (not `finish_reason`) and whole tool calls in one stream chunk.
 * Format: ../shared/design/bedrock-formats.md §4.12, from AWS's "Mistral AI chat
 * completion" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { ContentPart, StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, PartialUsage, StreamDecoder } from "./adapter.js";
import { partsOf, toolChoiceNoneWarning } from "./conversation.js";

type MistralMessage = Record<string, unknown> & { role: "system" | "user" | "assistant" | "tool" };

/** The native InvokeModel body of Mistral chat completion. */
export interface MistralChatBody {
  messages: MistralMessage[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters: Record<string, unknown> } }[];
  tool_choice?: "auto" | "any" | "none";
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  [extra: string]: unknown;
}

function toMessages(request: NormalizedRequest): MistralMessage[] {
  const messages: MistralMessage[] = request.system === undefined ? [] : [{ role: "system", content: request.system }];
  for (const message of request.messages) {
    const parts = partsOf(message.content);
    const text = parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    if (message.role === "assistant") {
      const calls = parts.filter((part) => part.type === "tool-call");
      const assistant: MistralMessage = { role: "assistant", content: text };
      if (calls.length > 0) {
        assistant.tool_calls = calls.map((call) => ({ id: call.id, function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } }));
      }
      messages.push(assistant);
      continue;
    }
    for (const part of parts) {
      if (part.type === "tool-result") messages.push({ role: "tool", tool_call_id: part.toolCallId, content: part.content });
    }
    if (text !== "" || !parts.some((part) => part.type === "tool-result")) messages.push({ role: "user", content: text });
  }
  return messages;
}

function readMessage(message: unknown): ContentPart[] {
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

function firstChoice(body: unknown): Record<string, unknown> | undefined {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isRecord(choice) ? choice : undefined;
}

function stopOf(choice: Record<string, unknown>): string | undefined {
  const raw = choice.stop_reason ?? choice.finish_reason;
  return typeof raw === "string" ? raw : undefined;
}

function readUsage(body: Record<string, unknown>): PartialUsage | undefined {
  if (!isRecord(body.usage)) return undefined;
  const usage: PartialUsage = {};
  if (typeof body.usage.prompt_tokens === "number") usage.inputTokens = body.usage.prompt_tokens;
  if (typeof body.usage.completion_tokens === "number") usage.outputTokens = body.usage.completion_tokens;
  return usage;
}

function createDecoder(): StreamDecoder {
  let text = "";
  const calls: unknown[] = [];
  let stopReason: string | undefined;
  return {
    push(chunk) {
      const choice = firstChoice(chunk);
      if (!choice) throw new Error("a chunk has no choices[0]");
      const parts = readMessage(choice.message ?? choice.delta);
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
      const stop = stopOf(choice);
      if (stop !== undefined) {
        stopReason = stop;
        deltas.push({ type: "stop", rawStopReason: stop, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      const message: Record<string, unknown> = { role: "assistant", content: text };
      if (calls.length > 0) message.tool_calls = calls;
      return { choices: [{ index: 0, message, stop_reason: stopReason ?? null }] };
    },
  };
}

/** Mistral chat completion: messages with a system role, tools, whole streamed tool calls. */
export const mistralChat = {
  family: "mistral-chat",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<MistralChatBody> {
    const warnings: Warning[] = [];
    const body: MistralChatBody = { messages: toMessages(request) };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) warnings.push({ type: "unsupported", feature: "topK", message: `${model.id} chat has no topK; it was not sent.` });
    if (request.tools?.length) {
      if (request.toolChoice === "none") warnings.push({ ...toolChoiceNoneWarning });
      else {
        body.tools = request.tools.map((tool) => ({
          type: "function",
          function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema },
        }));
        if (typeof request.toolChoice === "object") {
          warnings.push({
            type: "emulated",
            feature: "toolChoice",
            message: `${model.id} cannot be told which tool to call; it is sent "any" with only the named tool.`,
          });
          body.tools = body.tools.filter((tool) => tool.function.name === (request.toolChoice as { name: string }).name);
          body.tool_choice = "any";
        } else if (request.toolChoice) body.tool_choice = request.toolChoice;
      }
    }
    const result: NativeRequest<MistralChatBody> = { body: { ...body, ...request.native }, warnings };
    if (request.stopSequences?.length) {
      warnings.push({
        type: "emulated",
        feature: "stopSequences",
        message: `${model.id} chat takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.`,
      });
      result.emulatedStopSequences = request.stopSequences;
    }
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const choice = firstChoice(body);
    if (!isRecord(body) || !choice) throw new Error("the body has no choices[0]");
    return { content: readMessage(choice.message), rawStopReason: stopOf(choice), stopSequence: undefined, usage: readUsage(body) };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    switch (raw) {
      case "stop":
        return "end_turn";
      case "length":
        return "max_tokens";
      case "tool_calls":
        return "tool_use";
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<MistralChatBody>;
