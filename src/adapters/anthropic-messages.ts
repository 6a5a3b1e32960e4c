/**
 * Anthropic Claude Messages API on Bedrock (Claude 3 and later).
 * Format: ../shared/design/bedrock-formats.md §4.2, from AWS's "Anthropic Claude Messages
 * API — Request and response" page (read 2026-11-25).
 */
import { isRecord, toBase64 } from "../encoding.js";
import type { ModelInfo } from "../models/model-info.js";
import type { ContentPart, StopReason, ToolChoice, Warning } from "../types.js";
import { toolChoiceNoneWarning } from "./shared/conversation.js";
import type { AdapterOutput, ModelAdapter, NormalizedRequest, PartialUsage, RequestProblem, StreamDecoder, StreamDelta } from "./adapter.js";
import {
  allowedSampling,
  cachePointCountProblem,
  encodeSystem,
  encodeTurns,
  planThinking,
  type ClaudeBlock,
  type ClaudeThinking,
} from "./anthropic-request.js";

/** The native InvokeModel body of the Messages API. */
export interface ClaudeMessagesBody extends Partial<ClaudeThinking> {
  anthropic_version: "bedrock-2023-05-31";
  max_tokens: number;
  messages: { role: "user" | "assistant"; content: ClaudeBlock[] }[];
  system?: string | ClaudeBlock[] | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
  top_k?: number | undefined;
  stop_sequences?: string[] | undefined;
  tools?: { name: string; description?: string; input_schema: Record<string, unknown>; cache_control?: { type: "ephemeral" } }[] | undefined;
  tool_choice?: { type: "auto" | "any" | "tool"; name?: string } | undefined;
  [extra: string]: unknown;
}

/**
 * A part as a Messages block. Reasoning goes back as it came: signed text as a `thinking`
 * block, redacted data as `redacted_thinking`; unsigned reasoning (another model's) is not sent.
 */
function toBlock(part: ContentPart): ClaudeBlock | undefined {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image":
      return { type: "image", source: { type: "base64", media_type: part.mediaType, data: toBase64(part.data) } };
    case "tool-call":
      return { type: "tool_use", id: part.id, name: part.name, input: part.input ?? {} };
    case "tool-result": {
      const block: ClaudeBlock = { type: "tool_result", tool_use_id: part.toolCallId, content: part.content };
      if (part.isError) block.is_error = true;
      return block;
    }
    case "reasoning":
      if (part.redacted !== undefined) return { type: "redacted_thinking", data: part.redacted };
      return part.signature === undefined ? undefined : { type: "thinking", thinking: part.text, signature: part.signature };
    case "cache-point":
      return undefined;
  }
}

/** Tool definitions with `cache_control` after each tool marked `cachePoint`. */
function encodeTools(request: NormalizedRequest): NonNullable<ClaudeMessagesBody["tools"]> {
  return (request.tools ?? []).map((tool) => {
    const definition: NonNullable<ClaudeMessagesBody["tools"]>[number] = { name: tool.name, input_schema: tool.inputSchema };
    if (tool.description !== undefined) definition.description = tool.description;
    if (tool.cachePoint) definition.cache_control = { type: "ephemeral" };
    return definition;
  });
}

/** True when the request sends tools (toolChoice "none" sends none). */
function sendsTools(request: NormalizedRequest): boolean {
  return (request.tools?.length ?? 0) > 0 && request.toolChoice !== "none";
}

/** The first thing Bedrock would refuse in a Claude request. */
function checkClaudeRequest(request: NormalizedRequest, model: ModelInfo): RequestProblem | undefined {
  const thinking = planThinking(request, model);
  if (thinking.problem) return thinking.problem;
  const choice = request.toolChoice;
  if (thinking.fields && sendsTools(request) && (choice === "any" || typeof choice === "object")) {
    return { field: "toolChoice", message: 'Claude cannot think while a tool is forced: use toolChoice "auto" or "none", or leave out reasoning' };
  }
  const system = encodeSystem(request);
  if (system.problem) return system.problem;
  const turns = encodeTurns(request.messages, toBlock);
  if (turns.problem) return turns.problem;
  const toolCachePoints = sendsTools(request) ? (request.tools ?? []).filter((tool) => tool.cachePoint).length : 0;
  return cachePointCountProblem(system.cachePoints + turns.cachePoints + toolCachePoints);
}

function toToolChoice(choice: ToolChoice): ClaudeMessagesBody["tool_choice"] {
  if (choice === "auto" || choice === "any") return { type: choice };
  if (typeof choice === "object") return { type: "tool", name: choice.name };
  return undefined;
}

function readUsage(usage: unknown): PartialUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const result: PartialUsage = {};
  if (typeof usage.input_tokens === "number") result.inputTokens = usage.input_tokens;
  if (typeof usage.output_tokens === "number") result.outputTokens = usage.output_tokens;
  if (typeof usage.cache_read_input_tokens === "number") result.cacheReadInputTokens = usage.cache_read_input_tokens;
  if (typeof usage.cache_creation_input_tokens === "number") {
    result.cacheWriteInputTokens = usage.cache_creation_input_tokens;
  }
  return result;
}

function fromBlocks(blocks: unknown[]): ContentPart[] {
  const content: ContentPart[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) throw new Error("a content block is not an object");
    if (block.type === "text" && typeof block.text === "string") content.push({ type: "text", text: block.text });
    else if (block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string") {
      content.push({ type: "tool-call", id: block.id, name: block.name, input: block.input ?? {} });
    } else if (block.type === "thinking" && typeof block.thinking === "string") {
      const part: ContentPart = { type: "reasoning", text: block.thinking };
      if (typeof block.signature === "string") part.signature = block.signature;
      content.push(part);
    } else if (block.type === "redacted_thinking" && typeof block.data === "string") {
      content.push({ type: "reasoning", text: "", redacted: block.data });
    }
  }
  return content;
}

interface OpenBlock {
  type: string;
  text: string;
  id?: string | undefined;
  name?: string | undefined;
  json: string;
  /** A thinking block's signature; a redacted block's data. */
  signature?: string | undefined;
  data?: string | undefined;
}

function createDecoder(): StreamDecoder {
  let message: Record<string, unknown> = {};
  const blocks = new Map<number, OpenBlock>();
  const finished: ClaudeBlock[] = [];
  let stopReason: unknown = null;
  let stopSequence: unknown = null;
  let outputTokens: number | undefined;

  return {
    push(chunk) {
      switch (chunk.type) {
        case "message_start": {
          if (!isRecord(chunk.message)) throw new Error("message_start has no message");
          message = chunk.message;
          const usage = readUsage(chunk.message.usage);
          return usage && usage.inputTokens !== undefined ? [{ type: "usage", usage: { ...usage, outputTokens: undefined } }] : [];
        }
        case "content_block_start": {
          const block = chunk.content_block;
          if (!isRecord(block) || typeof chunk.index !== "number") throw new Error("content_block_start is malformed");
          const open: OpenBlock = { type: String(block.type), text: "", json: "" };
          if (typeof block.id === "string") open.id = block.id;
          if (typeof block.name === "string") open.name = block.name;
          blocks.set(chunk.index, open);
          if (block.type === "text" && typeof block.text === "string" && block.text !== "") {
            open.text = block.text;
            return [{ type: "text", text: block.text }];
          }
          if (block.type === "thinking" && typeof block.thinking === "string" && block.thinking !== "") {
            open.text = block.thinking;
            return [{ type: "reasoning", text: block.thinking }];
          }
          if (block.type === "redacted_thinking" && typeof block.data === "string") {
            open.data = block.data;
            return [{ type: "reasoning", text: "", redacted: block.data }];
          }
          return [];
        }
        case "content_block_delta": {
          const delta = chunk.delta;
          const open = blocks.get(chunk.index as number);
          if (!isRecord(delta) || !open) throw new Error("content_block_delta is malformed");
          if (delta.type === "text_delta" && typeof delta.text === "string") {
            open.text += delta.text;
            return [{ type: "text", text: delta.text }];
          }
          if (delta.type === "thinking_delta" && typeof delta.thinking === "string") {
            open.text += delta.thinking;
            return delta.thinking === "" ? [] : [{ type: "reasoning", text: delta.thinking }];
          }
          if (delta.type === "signature_delta" && typeof delta.signature === "string") {
            open.signature = (open.signature ?? "") + delta.signature;
            return [];
          }
          if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") open.json += delta.partial_json;
          return [];
        }
        case "content_block_stop": {
          const open = blocks.get(chunk.index as number);
          if (!open) throw new Error("content_block_stop for a block that never started");
          blocks.delete(chunk.index as number);
          if (open.type === "tool_use") {
            const input: unknown = open.json === "" ? {} : JSON.parse(open.json);
            const id = open.id ?? "";
            const name = open.name ?? "";
            finished.push({ type: "tool_use", id, name, input });
            return [{ type: "tool-call", toolCall: { id, name, input } }];
          }
          if (open.type === "text") finished.push({ type: "text", text: open.text });
          if (open.type === "redacted_thinking") finished.push({ type: "redacted_thinking", data: open.data ?? "" });
          if (open.type === "thinking") {
            const thinking: ClaudeBlock = { type: "thinking", thinking: open.text };
            if (open.signature !== undefined) thinking.signature = open.signature;
            finished.push(thinking);
            // The signature closes the reasoning part (it arrives whole before the block stops).
            return open.signature === undefined ? [] : [{ type: "reasoning", text: "", signature: open.signature }];
          }
          return [];
        }
        case "message_delta": {
          const deltas: StreamDelta[] = [];
          if (isRecord(chunk.delta)) {
            stopReason = chunk.delta.stop_reason ?? null;
            stopSequence = chunk.delta.stop_sequence ?? null;
            deltas.push({
              type: "stop",
              rawStopReason: typeof stopReason === "string" ? stopReason : undefined,
              stopSequence: typeof stopSequence === "string" ? stopSequence : undefined,
            });
          }
          const usage = readUsage(chunk.usage);
          if (usage?.outputTokens !== undefined) {
            outputTokens = usage.outputTokens;
            deltas.push({ type: "usage", usage: { outputTokens } });
          }
          return deltas;
        }
        default:
          return [];
      }
    },
    raw() {
      const usage = isRecord(message.usage) ? { ...message.usage } : {};
      if (outputTokens !== undefined) usage.output_tokens = outputTokens;
      return { ...message, content: finished, stop_reason: stopReason, stop_sequence: stopSequence, usage };
    },
  };
}

/**
 * Claude 3 and later: `anthropic_version`, top-level `system`, content blocks, images, tools,
 * thinking (manual or adaptive) and prompt-cache marks.
 */
export const anthropicMessages = {
  family: "anthropic-messages",
  parameterRanges: { temperature: [0, 1], topP: [0, 1], topK: [0, 500] },
  tokenizer: { estimator: "large-vocabulary" },
  // Bedrock's CountTokens serves Claude 3 and later (tokenizers.md §1, §4).
  countsTokensRemotely: true,

  checkRequest: checkClaudeRequest,

  toNativeBody(request: NormalizedRequest, model) {
    const thinking = planThinking(request, model);
    const sampling = allowedSampling(request, model, thinking.fields !== undefined);
    const warnings: Warning[] = [...thinking.warnings, ...sampling.warnings];
    const body: ClaudeMessagesBody = {
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: thinking.maxTokens,
      messages: encodeTurns(request.messages, toBlock).turns,
    };
    const system = encodeSystem(request).system;
    if (system !== undefined) body.system = system;
    if (sampling.temperature !== undefined) body.temperature = sampling.temperature;
    if (sampling.top_p !== undefined) body.top_p = sampling.top_p;
    if (sampling.top_k !== undefined) body.top_k = sampling.top_k;
    if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
    if (thinking.fields) Object.assign(body, thinking.fields);
    if (request.tools?.length) {
      if (request.toolChoice === "none") {
        warnings.push({ ...toolChoiceNoneWarning });
      } else {
        body.tools = encodeTools(request);
        const choice = request.toolChoice && toToolChoice(request.toolChoice);
        if (choice) body.tool_choice = choice;
      }
    }
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody(body: unknown): AdapterOutput {
    if (!isRecord(body) || !Array.isArray(body.content)) throw new Error("the body has no content array");
    return {
      content: fromBlocks(body.content),
      rawStopReason: typeof body.stop_reason === "string" ? body.stop_reason : undefined,
      stopSequence: typeof body.stop_sequence === "string" ? body.stop_sequence : undefined,
      usage: readUsage(body.usage),
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    switch (raw) {
      case "end_turn":
      case "max_tokens":
      case "stop_sequence":
      case "tool_use":
        return raw;
      case "refusal":
        return "content_filtered";
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<ClaudeMessagesBody>;
