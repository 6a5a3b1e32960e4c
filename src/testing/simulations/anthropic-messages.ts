/**
 * The offline Bedrock's Claude Messages model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.2; thinking, sampling and cache rules in anthropic-messages-rules.ts)
 * and answers deterministically, with tool calls when asked, a signed thinking block when
 * thinking is on, and prompt-cache counters when the body has `cache_control` marks.
 */
import {
  isRecord,
  checkKeys,
  checkNumber,
  countSimulatedTokens,
  generateText,
  hashText,
  planToolCall,
  signReasoning,
  splitJson,
  textPieces,
  type ModelSimulation,
  type ReplyPlan,
  type SimulatedAnswer,
  type SimulationSession,
} from "../kit.js";
import type { ModelInfo } from "../../models/model-info.js";
import { cachedPrefixes, checkClaudeRules, minimumCacheTokens, thinkingOn } from "./anthropic-messages-rules.js";

const allowedKeys = [
  "anthropic_version",
  "anthropic_beta",
  "max_tokens",
  "system",
  "messages",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
];
const requiredKeys = ["anthropic_version", "max_tokens", "messages"];
const blockTypes = new Set(["text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"]);
const imageTypes = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);
const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

function blocksOf(content: unknown): Record<string, unknown>[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isRecord) : [];
}

function checkBlock(block: Record<string, unknown>, role: string, previousToolUseIds: Set<string>, where: string): string | undefined {
  if (typeof block.type !== "string" || !blockTypes.has(block.type)) {
    return `Malformed input request: ${where}/type: ${String(block.type)} is not a valid enum value, please reformat your input and try again.`;
  }
  if (block.type === "text" && typeof block.text !== "string") return `Malformed input request: ${where}: required key [text] not found, please reformat your input and try again.`;
  if (block.type === "image") {
    if (role !== "user") return "messages: image blocks are only allowed in user messages";
    const source = block.source;
    if (!isRecord(source) || source.type !== "base64" || typeof source.data !== "string") {
      return "messages: image source must be base64 data on Bedrock";
    }
    if (!imageTypes.has(String(source.media_type))) return `messages: image media_type ${String(source.media_type)} is not supported`;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(source.data)) return "messages: image data is not valid base64";
  }
  if (block.type === "tool_use" && role !== "assistant") return "messages: tool_use blocks are only allowed in assistant messages";
  if ((block.type === "thinking" || block.type === "redacted_thinking") && role !== "assistant") return "messages: thinking blocks are only allowed in assistant messages";
  if (block.type === "tool_result") {
    if (role !== "user") return "messages: tool_result blocks are only allowed in user messages";
    if (!previousToolUseIds.has(String(block.tool_use_id))) {
      return `messages: tool_result block(s) provided when previous message does not contain tool_use ids: ${String(block.tool_use_id)}`;
    }
  }
  return undefined;
}

function checkMessages(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return "messages: at least one message is required";
  let previousRole = "";
  let previousToolUseIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) return `Malformed input request: #/messages/${index}: expected type: JSONObject, please reformat your input and try again.`;
    const role = message.role;
    if (role !== "user" && role !== "assistant") return `Malformed input request: #/messages/${index}/role: ${String(role)} is not a valid enum value, please reformat your input and try again.`;
    if (index === 0 && role !== "user") return "messages: first message must use the \"user\" role";
    if (role === previousRole) return `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`;
    if (typeof message.content !== "string" && !Array.isArray(message.content)) return `messages.${index}.content: expected a string or a list of content blocks`;
    const toolUseIds = new Set<string>();
    for (const [blockIndex, block] of blocksOf(message.content).entries()) {
      const problem = checkBlock(block, role, previousToolUseIds, `#/messages/${index}/content/${blockIndex}`);
      if (problem) return problem;
      if (block.type === "tool_use") toolUseIds.add(String(block.id));
    }
    previousRole = role;
    previousToolUseIds = toolUseIds;
  }
  return undefined;
}

function checkTools(body: Record<string, unknown>): string | undefined {
  const names = new Set<string>();
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return "Malformed input request: #/tools: expected type: JSONArray, please reformat your input and try again.";
    for (const tool of body.tools) {
      if (!isRecord(tool) || typeof tool.name !== "string" || !toolNamePattern.test(tool.name)) return "tools: each tool needs a name matching ^[a-zA-Z0-9_-]{1,64}$";
      if ((tool.type === undefined || tool.type === "custom") && !isRecord(tool.input_schema)) return `tools.${tool.name}.input_schema: Field required`;
      names.add(tool.name);
    }
  }
  const choice = body.tool_choice;
  if (choice === undefined) return undefined;
  if (!isRecord(choice) || !["auto", "any", "tool", "none"].includes(String(choice.type))) return "tool_choice: type must be one of auto, any, tool, none";
  if (choice.type === "tool" && !names.has(String(choice.name))) return `tool_choice: tool ${String(choice.name)} is not among the provided tools`;
  if (choice.type !== "auto" && choice.type !== "none" && names.size === 0) return "tool_choice may only be specified while providing tools";
  return undefined;
}

/** Anthropic's own model name for a Bedrock ID: `anthropic.claude-3-haiku-20240307-v1:0` → `claude-3-haiku-20240307`. */
function anthropicModelName(modelId: string): string {
  return modelId.replace(/^anthropic\./, "").replace(/-v\d+(:\d+)?$/, "");
}

function claudeToolChoice(body: Record<string, unknown>): "auto" | "any" | "none" | { name: string } {
  const choice = isRecord(body.tool_choice) ? body.tool_choice : { type: "auto" };
  if (choice.type === "tool") return { name: String(choice.name) };
  return choice.type === "any" || choice.type === "none" ? choice.type : "auto";
}

/** The message envelope of an answer, derived from the request. */
function envelope(seed: string, model: ModelInfo): Record<string, unknown> {
  return { id: `msg_bdrk_01${hashText(seed).toString(36).padStart(7, "0")}`, type: "message", role: "assistant", model: anthropicModelName(model.id) };
}

/** Prompt-cache counters of one answer (absent when the request had no cache_control marks). */
interface CacheUse {
  read: number;
  write: number;
}

/** The cache reads and writes of a body with `cache_control` marks, against the server's cache. */
function cacheUse(body: Record<string, unknown>, model: ModelInfo, session: SimulationSession | undefined): CacheUse | undefined {
  const prefixes = cachedPrefixes(body);
  if (prefixes.length === 0 || !session) return undefined;
  return session.promptCache.account(prefixes, minimumCacheTokens(model.id));
}

/** The body and the event sequence (message_start, blocks, message_delta, message_stop) around finished content blocks and their chunks. */
function messagesAnswer(
  message: Record<string, unknown>,
  content: Record<string, unknown>[],
  blockChunks: Record<string, unknown>[],
  stopReason: string,
  stopSequence: string | null,
  promptTokens: number,
  outputTokens: number,
  cache: CacheUse | undefined,
): SimulatedAnswer {
  // Claude's input_tokens leaves out the tokens read from or written to the cache.
  const inputTokens = Math.max(1, promptTokens - (cache ? cache.read + cache.write : 0));
  const cacheUsage = cache ? { cache_creation_input_tokens: cache.write, cache_read_input_tokens: cache.read } : {};
  const answer: SimulatedAnswer = {
    body: { ...message, content, stop_reason: stopReason, stop_sequence: stopSequence, usage: { input_tokens: inputTokens, ...cacheUsage, output_tokens: outputTokens } },
    chunks: [
      { type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, ...cacheUsage, output_tokens: 1 } } },
      ...blockChunks,
      { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { output_tokens: outputTokens } },
      { type: "message_stop" },
    ],
    inputTokens,
    outputTokens,
  };
  if (cache) {
    answer.cacheReadInputTokens = cache.read;
    answer.cacheWriteInputTokens = cache.write;
  }
  return answer;
}

/** A signed thinking block and its stream events (`thinking_delta` pieces, then one `signature_delta`). */
function thinkingBlock(text: string, index: number): { block: Record<string, unknown>; chunks: Record<string, unknown>[] } {
  const signature = signReasoning(text);
  const chunks: Record<string, unknown>[] = [{ type: "content_block_start", index, content_block: { type: "thinking", thinking: "" } }];
  for (const piece of textPieces(text)) chunks.push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } });
  chunks.push({ type: "content_block_delta", index, delta: { type: "signature_delta", signature } }, { type: "content_block_stop", index });
  return { block: { type: "thinking", thinking: text, signature }, chunks };
}

/**
 * A scripted reply as Claude Messages blocks: `thinking` (with a signature), `text`, then
 * `tool_use`; streamed as `thinking_delta` + `signature_delta`, `text_delta` and
 * `input_json_delta` events. Source: ../shared/design/bedrock-formats.md §4.2 (read 2026-11-25).
 */
function renderMessages(reply: ReplyPlan, body: Record<string, unknown>, model: ModelInfo, session?: SimulationSession): SimulatedAnswer {
  const seed = JSON.stringify([body.system, body.messages]);
  const content: Record<string, unknown>[] = [];
  const chunks: Record<string, unknown>[] = [];
  if (reply.reasoning !== undefined) {
    const thinking = thinkingBlock(reply.reasoning, content.length);
    content.push(thinking.block);
    chunks.push(...thinking.chunks);
  }
  if (reply.text !== "" || reply.toolCalls.length === 0) {
    const index = content.length;
    content.push({ type: "text", text: reply.text });
    chunks.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
    for (const piece of textPieces(reply.text)) chunks.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
    chunks.push({ type: "content_block_stop", index });
  }
  for (const call of reply.toolCalls) {
    const index = content.length;
    const id = `toolu_bdrk_01${hashText(`${seed}:${index}:${call.name}`).toString(36).padStart(7, "0")}`;
    content.push({ type: "tool_use", id, name: call.name, input: call.input });
    chunks.push({ type: "content_block_start", index, content_block: { type: "tool_use", id, name: call.name, input: {} } });
    for (const part of splitJson(JSON.stringify(call.input))) chunks.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } });
    chunks.push({ type: "content_block_stop", index });
  }
  const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
  const stopSequence = reply.stopReason === "stop_sequence" ? (stops[0] ?? null) : null;
  return messagesAnswer(envelope(seed, model), content, chunks, reply.stopReason, stopSequence, reply.inputTokens, reply.outputTokens, cacheUse(body, model, session));
}

/** The simulated Claude 3+ model. */
export const anthropicMessagesSimulation: ModelSimulation = {
  family: "anthropic-messages",
  // Converse with every tool choice and a reasoning block (see ConverseSupport for the source).
  converse: { forcedToolChoice: true, reasoning: true },
  // CountTokens serves Claude Messages models (Bedrock User Guide "count tokens", via ../shared/design/tokenizers.md; read 2026-11-25).
  countsTokens: true,

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, allowedKeys, requiredKeys) ??
      (body.anthropic_version === "bedrock-2023-05-31" ? undefined : "Malformed input request: #/anthropic_version: bedrock-2023-05-31 is the only accepted value, please reformat your input and try again.") ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "top_p", 0, 1) ??
      checkNumber(body, "top_k", 0, 500, true);
    if (problem) return problem;
    if (body.system !== undefined && typeof body.system !== "string" && (!Array.isArray(body.system) || body.system.some((block) => !isRecord(block) || block.type !== "text" || typeof block.text !== "string"))) {
      return "system: expected a string or a list of text blocks";
    }
    if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((stop) => typeof stop !== "string"))) {
      return "Malformed input request: #/stop_sequences: expected type: JSONArray of strings, please reformat your input and try again.";
    }
    if (!model.capabilities.images && Array.isArray(body.messages) && JSON.stringify(body.messages).includes('"type":"image"')) {
      return "This model doesn't support the image field for user messages. Remove image and try again.";
    }
    return checkMessages(body.messages) ?? checkTools(body) ?? checkClaudeRules(body, model.id);
  },

  answer(body, model, session): SimulatedAnswer {
    const messages = (body.messages as Record<string, unknown>[]) ?? [];
    const last = messages[messages.length - 1] ?? {};
    const lastBlocks = blocksOf(last.content);
    const lastUserText = lastBlocks.map((block) => (block.type === "text" ? String(block.text) : "")).join(" ");
    const toolResults = lastBlocks.filter((block) => block.type === "tool_result");
    const seed = JSON.stringify([body.system, messages, body.tools]);
    const inputTokens = countSimulatedTokens(seed);
    const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
    const maxTokens = Number(body.max_tokens);
    const tools = (Array.isArray(body.tools) ? body.tools.filter(isRecord) : []).map((tool) => ({ name: String(tool.name), inputSchema: tool.input_schema }));
    const plan = last.role === "user" ? planToolCall(tools, claudeToolChoice(body), lastUserText, toolResults.length > 0) : undefined;
    const forced = isRecord(body.tool_choice) && body.tool_choice.type !== "auto";

    const content: Record<string, unknown>[] = [];
    const chunks: Record<string, unknown>[] = [];
    let outputTokens = 0;
    let stopReason = "end_turn";
    let stopSequence: string | null = null;
    const prefix = toolResults.length > 0 ? "Tool result received: " : "";
    if (thinkingOn(body)) {
      const reasoning = `Considering the request: ${generateText(`${seed}:thinking`, 12).pieces.join("")}`;
      const thinking = thinkingBlock(reasoning, 0);
      content.push(thinking.block);
      chunks.push(...thinking.chunks);
      outputTokens += countSimulatedTokens(reasoning);
    }
    if (!plan || !forced) {
      const index = content.length;
      const generation = generateText(plan ? `${seed}:preamble` : seed, plan ? 6 : maxTokens, stops, prefix);
      const text = generation.pieces.join("");
      content.push({ type: "text", text });
      chunks.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
      for (const piece of generation.pieces) {
        chunks.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
      }
      chunks.push({ type: "content_block_stop", index });
      outputTokens += generation.pieces.length;
      if (!plan && generation.ending !== "end") {
        stopReason = generation.ending;
        stopSequence = generation.stopSequence ?? null;
      }
    }
    if (plan) {
      const index = content.length;
      const id = `toolu_bdrk_01${hashText(`${seed}:${plan.name}`).toString(36).padStart(7, "0")}`;
      content.push({ type: "tool_use", id, name: plan.name, input: plan.input });
      chunks.push({ type: "content_block_start", index, content_block: { type: "tool_use", id, name: plan.name, input: {} } });
      for (const part of splitJson(JSON.stringify(plan.input))) {
        chunks.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } });
      }
      chunks.push({ type: "content_block_stop", index });
      outputTokens += 10 + countSimulatedTokens(JSON.stringify(plan.input));
      stopReason = "tool_use";
    }
    return messagesAnswer(envelope(seed, model), content, chunks, stopReason, stopSequence, inputTokens, outputTokens, cacheUse(body, model, session));
  },

  scripting: { toolCalls: "many", reasoning: true },
  render: renderMessages,
};
