/**
 * LangChain messages as a bedrock-kit conversation, and bedrock-kit results as LangChain
 * messages: text, images, tool calls and results, reasoning with its signatures.
 */
import { AIMessageChunk, type AIMessage, type BaseMessage, type MessageContent, type UsageMetadata } from "@langchain/core/messages";
import type { ToolCall as LangChainToolCall } from "@langchain/core/messages/tool";
import { ValidationError, type ContentPart, type InvokeResult, type Message, type ReasoningPart, type Usage } from "../index.js";

/** A bedrock-kit conversation made from LangChain messages. */
export interface ConvertedMessages {
  /** The system messages' text, joined, or undefined. */
  system: string | undefined;
  /** The other messages, consecutive ones of the same role merged. */
  messages: Message[];
}

/** Whether a value is a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An image given as a `data:` URL, as bytes in base64 and its media type. */
function dataUrlImage(url: string, field: string, modelId: string): ContentPart {
  const match = /^data:(image\/[\w.+-]+);base64,(.*)$/s.exec(url);
  if (!match) throw new ValidationError(`Invalid ${field}: give images as base64 data (a data: URL), not a link`, { field, modelId });
  return { type: "image", mediaType: match[1]!, data: match[2]! };
}

/** One content block of a LangChain message, as bedrock-kit parts (none for blocks without a bedrock-kit equivalent). */
function blockParts(block: unknown, field: string, modelId: string): ContentPart[] {
  if (typeof block === "string") return [{ type: "text", text: block }];
  if (!isPlainObject(block)) return [];
  switch (block.type) {
    case "text":
      return typeof block.text === "string" ? [{ type: "text", text: block.text }] : [];
    case "image_url": {
      const url = typeof block.image_url === "string" ? block.image_url : isPlainObject(block.image_url) ? block.image_url.url : undefined;
      if (typeof url !== "string") throw new ValidationError(`Invalid ${field}: an image_url block needs a URL`, { field, modelId });
      return [dataUrlImage(url, field, modelId)];
    }
    case "image": {
      const data = block.data ?? block.base64;
      const mediaType = block.mime_type ?? block.mimeType;
      if (typeof data === "string" && typeof mediaType === "string") return [{ type: "image", data, mediaType }];
      if (typeof block.url === "string") return [dataUrlImage(block.url, field, modelId)];
      throw new ValidationError(`Invalid ${field}: an image block needs base64 data and its mime type`, { field, modelId });
    }
    case "reasoning":
      return typeof block.reasoning === "string" ? [reasoningPart(block.reasoning, block.signature, block.redacted)] : [];
    case "thinking":
      return typeof block.thinking === "string" ? [reasoningPart(block.thinking, block.signature, undefined)] : [];
    case "redacted_thinking":
      return typeof block.data === "string" ? [reasoningPart("", undefined, block.data)] : [];
    case "cache_point":
    case "cachePoint":
      return [{ type: "cache-point" }];
    default:
      return [];
  }
}

function reasoningPart(text: string, signature: unknown, redacted: unknown): ReasoningPart {
  const part: ReasoningPart = { type: "reasoning", text };
  if (typeof signature === "string") part.signature = signature;
  if (typeof redacted === "string") part.redacted = redacted;
  return part;
}

/** A message's content as bedrock-kit parts. */
function contentParts(content: MessageContent, field: string, modelId: string): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  return content.flatMap((block, index) => blockParts(block, `${field}[${index}]`, modelId));
}

/** The reasoning parts an AI message carries from bedrock-kit (`additional_kwargs.bedrockKitReasoning`). */
function keptReasoning(message: BaseMessage): ContentPart[] {
  const kept = message.additional_kwargs?.bedrockKitReasoning;
  if (!Array.isArray(kept)) return [];
  return kept.filter((part): part is ReasoningPart => isPlainObject(part) && part.type === "reasoning" && typeof part.text === "string");
}

/** A tool message's content as the text bedrock-kit sends back. */
function toolResultText(content: MessageContent): string {
  if (typeof content === "string") return content;
  return content.map((block) => (typeof block === "string" ? block : isPlainObject(block) && typeof block.text === "string" ? block.text : JSON.stringify(block))).join("\n");
}

/** The message's type: `human`, `ai`, `system`, `tool`, `generic` … */
function typeOf(message: BaseMessage): string {
  return message.getType();
}

/**
 * Converts LangChain messages: system messages become the system text, tool messages user
 * messages with tool results, AI messages assistant messages with their tool calls (and the
 * reasoning bedrock-kit returned, signatures included).
 */
export function convertMessages(input: BaseMessage[], modelId: string): ConvertedMessages {
  const systemTexts: string[] = [];
  const messages: Message[] = [];
  const add = (role: Message["role"], parts: ContentPart[]): void => {
    if (parts.length === 0) return;
    const previous = messages.at(-1);
    if (previous && previous.role === role) (previous.content as ContentPart[]).push(...parts);
    else messages.push({ role, content: parts });
  };
  input.forEach((message, index) => {
    const field = `messages[${index}].content`;
    const type = typeOf(message);
    if (type === "system" || type === "developer") {
      systemTexts.push(contentParts(message.content, field, modelId).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n"));
    } else if (type === "ai") {
      const toolCalls = (message as AIMessage).tool_calls ?? [];
      const parts = contentParts(message.content, field, modelId);
      const reasoning = parts.some((part) => part.type === "reasoning") ? [] : keptReasoning(message);
      add("assistant", [
        ...reasoning,
        ...parts,
        ...toolCalls.map((call): ContentPart => ({ type: "tool-call", id: call.id ?? `call_${call.name}`, name: call.name, input: call.args })),
      ]);
    } else if (type === "tool") {
      const tool = message as BaseMessage & { tool_call_id: string; status?: string };
      const content = toolResultText(message.content);
      add("user", [tool.status === "error" ? { type: "tool-result", toolCallId: tool.tool_call_id, content, isError: true } : { type: "tool-result", toolCallId: tool.tool_call_id, content }]);
    } else {
      add("user", contentParts(message.content, field, modelId));
    }
  });
  return { system: systemTexts.length === 0 ? undefined : systemTexts.join("\n\n"), messages };
}

/** LangChain's usage metadata from bedrock-kit's usage; `input_tokens` includes prompt-cache reads and writes. */
export function usageMetadataOf(usage: Usage): UsageMetadata {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const inputTokens = usage.inputTokens + cacheRead + cacheWrite;
  const metadata: UsageMetadata = { input_tokens: inputTokens, output_tokens: usage.outputTokens, total_tokens: inputTokens + usage.outputTokens };
  if (usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined) {
    metadata.input_token_details = { cache_read: cacheRead, cache_creation: cacheWrite };
  }
  return metadata;
}

/** `response_metadata` of a result: cost, request ID, stop reasons, usage source, the model that answered, warnings. */
export function responseMetadataOf(result: InvokeResult): Record<string, unknown> {
  return {
    costUsd: result.cost?.totalUsd,
    cost: result.cost,
    requestId: result.requestId,
    stopReason: result.stopReason,
    rawStopReason: result.rawStopReason,
    usageSource: result.usage.source,
    modelId: result.modelId,
    model_name: result.modelId,
    latencyMs: result.latencyMs,
    warnings: result.warnings,
  };
}

/** The tool calls of a result in LangChain's shape. */
function toolCallsOf(result: InvokeResult): LangChainToolCall[] {
  return result.toolCalls.map((call) => ({
    type: "tool_call" as const,
    id: call.id,
    name: call.name,
    args: isPlainObject(call.input) ? call.input : { input: call.input },
  }));
}

/** Reasoning of a result for `additional_kwargs`: the joined text and the parts with their signatures. */
export function reasoningKwargsOf(result: InvokeResult): Record<string, unknown> {
  const parts = result.content.filter((part): part is ReasoningPart => part.type === "reasoning");
  return parts.length === 0 ? {} : { reasoning_content: result.reasoning, bedrockKitReasoning: parts };
}

/**
 * A result as a LangChain AI message (a chunk, as `BaseChatModel` outputs: LangChain's
 * structured-output parser insists on one): text content, tool calls, usage and cost metadata.
 */
export function aiMessageOf(result: InvokeResult): AIMessageChunk {
  return new AIMessageChunk({
    content: result.text,
    tool_calls: toolCallsOf(result),
    usage_metadata: usageMetadataOf(result.usage),
    response_metadata: responseMetadataOf(result),
    additional_kwargs: reasoningKwargsOf(result),
    id: result.requestId,
  });
}
