/**
 * The offline Bedrock's Nova model: validates messages-v1 bodies as Bedrock does
 * (bedrock-formats.md §4.4) and answers deterministically, with tool calls when asked.
 * Nova 2 reasoning and prompt caching (restated, read 2026-11-30): a top-level `reasoningConfig
 * { type: "enabled" | "disabled", maxReasoningEffort: "low" | "medium" | "high" }` on Nova 2 models
 * (AWS Nova 2 user guide "Extended thinking"), `maxTokens` refused with effort `high` (recorded:
 * vercel/ai fixture amazon-bedrock-nova-2-high-reasoning-validation-error.json), reasoning shown
 * as "[REDACTED]" (AWS Nova 2 "Reasoning capabilities"); `{ cachePoint: { type: "default" } }`
 * blocks in `system` and messages, at most 4, prefixes of at least 1,000 tokens cached (AWS's
 * prompt-caching table as restated by Portkey), none with nothing before it (recorded: vercel/ai
 * fixture amazon-bedrock-cache-point-only-assistant-error.json). ⚠️ marks wording of our own.
 */
import {
  isRecord,
  checkKeys,
  checkNumber,
  countSimulatedTokens,
  generateText,
  hashText,
  planToolCall,
  splitJson,
  textPieces,
  type ModelSimulation,
  type ReplyPlan,
  type SimulatedAnswer,
  type SimulationSession,
} from "../kit.js";
import type { ModelInfo } from "../../models/model-info.js";

const topKeys = ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig", "reasoningConfig"];
const configKeys = ["maxTokens", "max_new_tokens", "temperature", "topP", "top_p", "topK", "top_k", "stopSequences"];
const blockKeys = new Set(["text", "image", "video", "toolUse", "toolResult", "reasoningContent", "cachePoint"]);
const reasoningModels = /nova-2-/;
const maximumCachePoints = 4;
const minimumCacheTokens = 1_000;
const imageFormats = new Set(["jpeg", "png", "gif", "webp"]);

function malformed(path: string, detail: string): string {
  return `Malformed input request: #/${path}: ${detail}, please reformat your input and try again.`;
}

function checkBlock(block: unknown, role: string, path: string, previousToolUseIds: Set<string>): string | undefined {
  if (!isRecord(block)) return malformed(path, "expected type: JSONObject");
  const keys = Object.keys(block);
  if (keys.length !== 1 || !blockKeys.has(keys[0] ?? "")) return malformed(path, `a content block needs exactly one of ${[...blockKeys].join(", ")}`);
  if (isRecord(block.image)) {
    if (role !== "user") return "ValidationException: images are only allowed in user messages";
    if (!imageFormats.has(String(block.image.format))) return malformed(`${path}/image/format`, `${String(block.image.format)} is not a valid enum value`);
    const source = block.image.source;
    if (!isRecord(source) || typeof source.bytes !== "string") return malformed(`${path}/image/source`, "required key [bytes] not found");
  }
  if (block.toolUse !== undefined && role !== "assistant") return "toolUse blocks are only allowed in assistant messages";
  if (block.reasoningContent !== undefined && role !== "assistant") return "reasoningContent blocks are only allowed in assistant messages"; // ⚠️
  if (block.cachePoint !== undefined && !(isRecord(block.cachePoint) && block.cachePoint.type === "default")) return malformed(`${path}/cachePoint/type`, "expected default");
  if (isRecord(block.toolResult)) {
    if (role !== "user") return "toolResult blocks are only allowed in user messages";
    if (!previousToolUseIds.has(String(block.toolResult.toolUseId))) {
      return `The toolResult block's toolUseId ${String(block.toolResult.toolUseId)} does not match a toolUse block of the previous turn.`;
    }
  }
  return undefined;
}

function checkMessages(messages: unknown, model: { capabilities: { images: boolean } }): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return malformed("messages", "expected minimum item count: 1");
  let previousRole = "";
  let previousToolUseIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || (message.role !== "user" && message.role !== "assistant")) return malformed(`messages/${index}/role`, "expected user or assistant");
    if (index === 0 && message.role !== "user") return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
    if (message.role === previousRole) return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
    if (!Array.isArray(message.content)) return malformed(`messages/${index}/content`, "expected type: JSONArray");
    const toolUseIds = new Set<string>();
    for (const [blockIndex, block] of message.content.entries()) {
      const problem = checkBlock(block, message.role, `messages/${index}/content/${blockIndex}`, previousToolUseIds);
      if (problem) return problem;
      if (isRecord(block) && block.cachePoint !== undefined && (blockIndex === 0 || isRecord(message.content[blockIndex - 1]) && (message.content[blockIndex - 1] as Record<string, unknown>).cachePoint !== undefined)) {
        return "There is nothing available to cache. Please remove the invalid cache point and try again.";
      }
      if (isRecord(block) && isRecord(block.toolUse)) toolUseIds.add(String(block.toolUse.toolUseId));
      if (isRecord(block) && block.image !== undefined && !model.capabilities.images) return "This model doesn't support image content. Remove the image and try again.";
    }
    previousRole = message.role;
    previousToolUseIds = toolUseIds;
  }
  return undefined;
}

/** `reasoningConfig`: Nova 2 only; with effort `high`, no maxTokens. */
function checkReasoningConfig(body: Record<string, unknown>, modelId: string): string | undefined {
  const config = body.reasoningConfig;
  if (config === undefined) return undefined;
  if (!reasoningModels.test(modelId)) return "Malformed input request: #: extraneous key [reasoningConfig] is not permitted, please reformat your input and try again.";
  if (!isRecord(config) || (config.type !== "enabled" && config.type !== "disabled")) return malformed("reasoningConfig/type", "expected enabled or disabled");
  if (config.type === "enabled" && !["low", "medium", "high"].includes(String(config.maxReasoningEffort))) return malformed("reasoningConfig/maxReasoningEffort", `${String(config.maxReasoningEffort)} is not a valid enum value`);
  const inference = isRecord(body.inferenceConfig) ? body.inferenceConfig : {};
  if (config.type === "enabled" && config.maxReasoningEffort === "high" && (inference.maxTokens !== undefined || inference.max_new_tokens !== undefined)) {
    return "The model returned the following errors: `maxTokens` must be unset when reasoningConfig type is 'enabled' and maxReasoningEffort is 'high'. Please consult our documentation at https://docs.aws.amazon.com/nova/latest/userguide";
  }
  return undefined;
}

/** The blocks of `system` then of each message, in order, with a role marker between turns. */
function promptSequence(body: Record<string, unknown>): Record<string, unknown>[] {
  const sequence: Record<string, unknown>[] = Array.isArray(body.system) ? body.system.filter(isRecord) : [];
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isRecord) : []) {
    sequence.push({ role: message.role });
    if (Array.isArray(message.content)) sequence.push(...message.content.filter(isRecord));
  }
  return sequence;
}

/** Cache points: at most four; the prompt prefixes they end. */
function cachePrefixes(body: Record<string, unknown>): string[] {
  const sequence = promptSequence(body);
  const prefixes: string[] = [];
  for (const [index, block] of sequence.entries()) {
    if (block.cachePoint !== undefined) prefixes.push(JSON.stringify(sequence.slice(0, index).filter((earlier) => earlier.cachePoint === undefined)));
  }
  return prefixes;
}

/** The cache reads and writes of a body with cache points, against the server's cache. */
function cacheUse(body: Record<string, unknown>, session: SimulationSession | undefined): { read: number; write: number } | undefined {
  const prefixes = cachePrefixes(body);
  if (prefixes.length === 0 || !session) return undefined;
  return session.promptCache.account(prefixes, minimumCacheTokens);
}

/** True when the body turns Nova 2 reasoning on. */
function reasoningOn(body: Record<string, unknown>): boolean {
  return isRecord(body.reasoningConfig) && body.reasoningConfig.type === "enabled";
}

/** A reasoning block and its stream deltas. */
function reasoningBlock(text: string, contentBlockIndex: number): { block: Record<string, unknown>; chunks: Record<string, unknown>[] } {
  const chunks: Record<string, unknown>[] = textPieces(text).map((piece) => ({ contentBlockDelta: { delta: { reasoningContent: { text: piece } }, contentBlockIndex } }));
  chunks.push({ contentBlockStop: { contentBlockIndex } });
  return { block: { reasoningContent: { reasoningText: { text } } }, chunks };
}

/** The body and chunks of an answer, with usage (cache counters when the body had cache points) closing the stream. */
function novaAnswer(
  content: Record<string, unknown>[],
  chunks: Record<string, unknown>[],
  stopReason: string,
  promptTokens: number,
  outputTokens: number,
  cache: { read: number; write: number } | undefined,
): SimulatedAnswer {
  // ⚠️ Whether Nova's inputTokens leaves out cached tokens was not recorded; this simulation leaves them out, as Claude does.
  const inputTokens = Math.max(1, promptTokens - (cache ? cache.read + cache.write : 0));
  const usage: Record<string, number> = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cache) {
    usage.cacheReadInputTokenCount = cache.read;
    usage.cacheWriteInputTokenCount = cache.write;
  }
  chunks.push({ messageStop: { stopReason } }, { metadata: { usage, metrics: {}, trace: {} } });
  const answer: SimulatedAnswer = { body: { output: { message: { role: "assistant", content } }, stopReason, usage }, chunks, inputTokens, outputTokens };
  if (cache) {
    answer.cacheReadInputTokens = cache.read;
    answer.cacheWriteInputTokens = cache.write;
  }
  return answer;
}

function toolsOf(body: Record<string, unknown>): { name: string; inputSchema: unknown }[] {
  const config = isRecord(body.toolConfig) ? body.toolConfig : {};
  const tools = Array.isArray(config.tools) ? config.tools : [];
  return tools.filter(isRecord).map((tool) => {
    const spec = isRecord(tool.toolSpec) ? tool.toolSpec : {};
    return { name: String(spec.name), inputSchema: isRecord(spec.inputSchema) ? spec.inputSchema.json : undefined };
  });
}

function checkToolConfig(body: Record<string, unknown>): string | undefined {
  const config = body.toolConfig;
  if (config === undefined) return undefined;
  if (!isRecord(config) || !Array.isArray(config.tools) || config.tools.length === 0) return malformed("toolConfig/tools", "expected minimum item count: 1");
  for (const tool of toolsOf(body)) {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) return malformed("toolConfig/tools", `tool name ${tool.name} does not match ^[a-zA-Z0-9_-]{1,64}$`);
    if (!isRecord(tool.inputSchema)) return malformed("toolConfig/tools", "toolSpec.inputSchema.json is required");
  }
  const choice = config.toolChoice;
  if (choice === undefined) return undefined;
  if (!isRecord(choice) || !(isRecord(choice.auto) || isRecord(choice.any) || isRecord(choice.tool))) return malformed("toolConfig/toolChoice", "expected one of auto, any, tool");
  if (isRecord(choice.tool) && !toolsOf(body).some((tool) => tool.name === (choice.tool as Record<string, unknown>).name)) {
    return "The tool named in toolChoice is not among the tools in toolConfig.";
  }
  return undefined;
}

function choiceOf(body: Record<string, unknown>): "auto" | "any" | { name: string } {
  const choice = isRecord(body.toolConfig) && isRecord(body.toolConfig.toolChoice) ? body.toolConfig.toolChoice : {};
  if (isRecord(choice.tool)) return { name: String(choice.tool.name) };
  return isRecord(choice.any) ? "any" : "auto";
}

/**
 * A scripted reply as Nova blocks: `reasoningContent` (streamed as `reasoningContent.text`
 * deltas), `text`, then `toolUse` (input streamed as JSON text); `messageStop` and a
 * `metadata` usage chunk close the stream.
 * Source: ../shared/design/bedrock-formats.md §4.4 (read 2026-11-25); the reasoning block is
 * the Converse shape (`ReasoningContentBlock` / `ReasoningContentBlockDelta` in
 * `@aws-sdk/client-bedrock-runtime` 3.1164.0 types, read 2026-11-30), not recorded from Nova's InvokeModel ⚠️.
 */
function renderNova(reply: ReplyPlan, body: Record<string, unknown>, _model: ModelInfo, session?: SimulationSession): SimulatedAnswer {
  const seed = JSON.stringify([body.system, body.messages]);
  const content: Record<string, unknown>[] = [];
  const chunks: Record<string, unknown>[] = [{ messageStart: { role: "assistant" } }];
  if (reply.reasoning !== undefined) {
    const reasoning = reasoningBlock(reply.reasoning, content.length);
    content.push(reasoning.block);
    chunks.push(...reasoning.chunks);
  }
  if (reply.text !== "" || reply.toolCalls.length === 0) {
    const contentBlockIndex = content.length;
    content.push({ text: reply.text });
    for (const piece of textPieces(reply.text)) chunks.push({ contentBlockDelta: { delta: { text: piece }, contentBlockIndex } });
    chunks.push({ contentBlockStop: { contentBlockIndex } });
  }
  for (const call of reply.toolCalls) {
    const contentBlockIndex = content.length;
    const toolUseId = `tooluse_${hashText(`${seed}:${contentBlockIndex}:${call.name}`).toString(36)}`;
    content.push({ toolUse: { toolUseId, name: call.name, input: call.input } });
    chunks.push({ contentBlockStart: { start: { toolUse: { toolUseId, name: call.name } }, contentBlockIndex } });
    for (const part of splitJson(JSON.stringify(call.input))) chunks.push({ contentBlockDelta: { delta: { toolUse: { input: part } }, contentBlockIndex } });
    chunks.push({ contentBlockStop: { contentBlockIndex } });
  }
  return novaAnswer(content, chunks, reply.stopReason, reply.inputTokens, reply.outputTokens, cacheUse(body, session));
}

/** The simulated Nova model. */
export const amazonNovaSimulation: ModelSimulation = {
  family: "amazon-nova",
  // Converse with every tool choice and a reasoning block (see ConverseSupport for the source).
  converse: { forcedToolChoice: true, reasoning: true },

  validate(body, model) {
    if (!isRecord(body)) return malformed("", "expected type: JSONObject");
    const problem = checkKeys(body, topKeys, ["messages"]);
    if (problem) return problem;
    if (body.schemaVersion !== undefined && body.schemaVersion !== "messages-v1") return malformed("schemaVersion", `${String(body.schemaVersion)} is not a valid enum value`);
    if (body.system !== undefined && (!Array.isArray(body.system) || body.system.some((block) => !isRecord(block) || (typeof block.text !== "string" && !isRecord(block.cachePoint))))) {
      return malformed("system", "expected an array of text blocks");
    }
    if (Array.isArray(body.system) && isRecord(body.system[0]) && body.system[0].cachePoint !== undefined) {
      return "There is nothing available to cache. Please remove the invalid cache point and try again.";
    }
    const reasoningProblem = checkReasoningConfig(body, model.id);
    if (reasoningProblem) return reasoningProblem;
    const cachePoints = cachePrefixes(body).length;
    if (cachePoints > maximumCachePoints) return `The request has ${cachePoints} cache points; at most ${maximumCachePoints} are allowed.`; // ⚠️
    const config = body.inferenceConfig;
    if (config !== undefined) {
      if (!isRecord(config)) return malformed("inferenceConfig", "expected type: JSONObject");
      const configProblem =
        checkKeys(config, configKeys, []) ??
        checkNumber(config, "maxTokens", 1, model.maxOutputTokens, true) ??
        checkNumber(config, "max_new_tokens", 1, model.maxOutputTokens, true) ??
        checkNumber(config, "temperature", 0, 1) ??
        checkNumber(config, "topP", 0, 1);
      if (configProblem) return configProblem.replace("#/", "#/inferenceConfig/").replace("#:", "#/inferenceConfig:");
    }
    return checkMessages(body.messages, model) ?? checkToolConfig(body);
  },

  answer(body, _model, session): SimulatedAnswer {
    const messages = (body.messages as Record<string, unknown>[]) ?? [];
    const last = messages[messages.length - 1] ?? {};
    const blocks = Array.isArray(last.content) ? last.content.filter(isRecord) : [];
    const lastUserText = blocks.map((block) => (typeof block.text === "string" ? block.text : "")).join(" ");
    const answersToolResult = blocks.some((block) => block.toolResult !== undefined);
    const seed = JSON.stringify([body.system, messages, body.toolConfig]);
    const inputTokens = countSimulatedTokens(seed);
    const config = isRecord(body.inferenceConfig) ? body.inferenceConfig : {};
    const maxTokens = Number(config.maxTokens ?? config.max_new_tokens ?? 5_000);
    const stops = Array.isArray(config.stopSequences) ? (config.stopSequences as string[]) : [];
    const choice = choiceOf(body);
    const plan = last.role === "user" ? planToolCall(toolsOf(body), choice, lastUserText, answersToolResult) : undefined;

    const content: Record<string, unknown>[] = [];
    const chunks: Record<string, unknown>[] = [{ messageStart: { role: "assistant" } }];
    let outputTokens = 0;
    let stopReason = "end_turn";
    if (reasoningOn(body)) {
      // Nova 2 Lite shows its reasoning redacted (AWS Nova 2 "Reasoning capabilities"); it is still billed.
      const reasoning = reasoningBlock("[REDACTED]", 0);
      content.push(reasoning.block);
      chunks.push(...reasoning.chunks);
      outputTokens += 20;
    }
    if (!plan || choice === "auto") {
      const contentBlockIndex = content.length;
      const generation = generateText(plan ? `${seed}:preamble` : seed, plan ? 6 : maxTokens, stops, answersToolResult ? "Tool result received: " : "");
      content.push({ text: generation.pieces.join("") });
      for (const piece of generation.pieces) chunks.push({ contentBlockDelta: { delta: { text: piece }, contentBlockIndex } });
      chunks.push({ contentBlockStop: { contentBlockIndex } });
      outputTokens += generation.pieces.length;
      if (!plan && generation.ending !== "end") stopReason = generation.ending;
    }
    if (plan) {
      const index = content.length;
      const toolUseId = `tooluse_${hashText(`${seed}:${plan.name}`).toString(36)}`;
      content.push({ toolUse: { toolUseId, name: plan.name, input: plan.input } });
      chunks.push({ contentBlockStart: { start: { toolUse: { toolUseId, name: plan.name } }, contentBlockIndex: index } });
      for (const part of splitJson(JSON.stringify(plan.input))) chunks.push({ contentBlockDelta: { delta: { toolUse: { input: part } }, contentBlockIndex: index } });
      chunks.push({ contentBlockStop: { contentBlockIndex: index } });
      outputTokens += 10 + countSimulatedTokens(JSON.stringify(plan.input));
      stopReason = "tool_use";
    }
    return novaAnswer(content, chunks, stopReason, inputTokens, outputTokens, cacheUse(body, session));
  },

  scripting: { toolCalls: "many", reasoning: true },
  render: renderNova,
};
