/**
 * Bedrock's Converse API in the offline Bedrock: `POST /model/{id}/converse` and
 * `/converse-stream` for the Claude (Messages), Nova and Llama 3/4 simulations, so that
 * clients built on Converse (the raw SDK's ConverseCommand, `@ai-sdk/amazon-bedrock`,
 * `@langchain/aws`) can run against it.
 *
 * Shapes restated from the Bedrock API Reference, Converse and ConverseStream (read
 * 2026-11-30): request `{ messages, system, inferenceConfig: { maxTokens, temperature,
 * topP, stopSequences }, toolConfig: { tools: [{ toolSpec: { name, description,
 * inputSchema: { json } } }], toolChoice: { auto | any | tool: { name } } } }`; response
 * `{ output: { message: { role, content } }, stopReason, usage: { inputTokens,
 * outputTokens, totalTokens }, metrics: { latencyMs } }`; content blocks `text`, `image`,
 * `toolUse { toolUseId, name, input }`, `toolResult { toolUseId, content, status }`,
 * `reasoningContent { reasoningText { text, signature } }`, `cachePoint`; stream events
 * `messageStart`, `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`,
 * `messageStop`, `metadata`, each an event-stream frame whose `:event-type` names it;
 * `guardrailConfig: { guardrailIdentifier, guardrailVersion, trace }` in, `stopReason:
 * guardrail_intervened` and `trace.guardrail` (in the body, or the `metadata` event) out.
 * ⚠️ The trace's inner shape (`inputAssessment` by guardrail ID) follows the API reference's
 * GuardrailTraceAssessment; no recorded Converse trace was found.
 */
import { encodeEventFrame } from "./event-stream.js";
import type { ModelInfo } from "../models/model-info.js";
import { countSimulatedTokens, generateText, hashText, isRecord, planToolCall, splitJson, textPieces, type ConverseSupport, type SimulatedTool } from "./kit.js";
import type { ScriptedReply } from "./script.js";

/** The message Bedrock gives for a model Converse does not serve. */
export const unsupportedModelMessage = "This action doesn't support the model that you provided. Try again with a supported text or chat model.";

/** One Converse stream event: its name (the frame's `:event-type`) and its JSON payload. */
export interface ConverseEvent {
  /** `messageStart`, `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`, `messageStop` or `metadata`. */
  type: string;
  /** The event's members. */
  payload: Record<string, unknown>;
}

/** A simulated Converse answer: the response body, and the same answer as stream events. */
export interface ConverseAnswer {
  /** The Converse response body. */
  body: Record<string, unknown>;
  /** The ConverseStream events, `metadata` last. */
  events: ConverseEvent[];
}

const knownBlocks = ["text", "image", "document", "video", "toolUse", "toolResult", "reasoningContent", "cachePoint", "guardContent"];

/** Smithy's message for a constraint a member fails, as Bedrock's validation reports it. */
function constraint(path: string, value: unknown, rule: string): string {
  return `1 validation error detected: Value ${JSON.stringify(value) ?? "null"} at '${path}' failed to satisfy constraint: ${rule}`;
}

function checkRange(value: unknown, path: string, minimum: number, maximum: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value)) return constraint(path, value, "Member must be a number");
  if (value < minimum) return constraint(path, value, `Member must have value greater than or equal to ${minimum}`);
  if (value > maximum) return constraint(path, value, `Member must have value less than or equal to ${maximum}`);
  return undefined;
}

/** Bedrock's `ValidationException` message for a Converse body it would reject, or undefined. */
export function validateConverse(body: unknown, model: ModelInfo, support: ConverseSupport): string | undefined {
  if (!isRecord(body)) return "Malformed input request, please reformat your input and try again.";
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return constraint("messages", messages ?? null, "Member must not be null");
  let usesTools = false;
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || (message.role !== "user" && message.role !== "assistant")) {
      return constraint(`messages.${index + 1}.member.role`, isRecord(message) ? message.role : null, "Member must satisfy enum value set: [user, assistant]");
    }
    if (index === 0 && message.role !== "user") return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
    const previous = messages[index - 1] as Record<string, unknown> | undefined;
    if (previous && previous.role === message.role) {
      return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
    }
    if (!Array.isArray(message.content)) return constraint(`messages.${index + 1}.member.content`, message.content ?? null, "Member must not be null");
    for (const block of message.content) {
      const key = isRecord(block) ? Object.keys(block)[0] : undefined;
      if (key === undefined || !knownBlocks.includes(key)) return "Malformed input request, please reformat your input and try again.";
      if (key === "toolUse" || key === "toolResult") usesTools = true;
      if (key === "image" && !model.capabilities.images) return "This model doesn't support the image content block that you provided. Try again with a supported content block.";
    }
  }
  if (body.system !== undefined) {
    if (!Array.isArray(body.system)) return "Malformed input request, please reformat your input and try again.";
    if (!model.capabilities.system) return "This model doesn't support system messages. Try again without system messages.";
  }
  const config = body.inferenceConfig;
  if (config !== undefined) {
    if (!isRecord(config)) return "Malformed input request, please reformat your input and try again.";
    const maxTokens = config.maxTokens;
    if (maxTokens !== undefined && (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1)) {
      return constraint("inferenceConfig.maxTokens", maxTokens, "Member must have value greater than or equal to 1");
    }
    if (typeof maxTokens === "number" && maxTokens > model.maxOutputTokens) {
      // ⚠️ Bedrock's exact wording for this limit was not recorded.
      return `The maximum tokens you requested exceeds the model limit of ${model.maxOutputTokens}. Try again with a maximum tokens value that is lower than ${model.maxOutputTokens}.`;
    }
    const problem = checkRange(config.temperature, "inferenceConfig.temperature", 0, 1) ?? checkRange(config.topP, "inferenceConfig.topP", 0, 1);
    if (problem) return problem;
    if (config.stopSequences !== undefined && (!Array.isArray(config.stopSequences) || config.stopSequences.some((sequence) => typeof sequence !== "string"))) {
      return constraint("inferenceConfig.stopSequences", config.stopSequences, "Member must be a list of strings");
    }
  }
  const toolConfig = body.toolConfig;
  if (toolConfig === undefined) {
    if (usesTools) return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
    return undefined;
  }
  if (!isRecord(toolConfig) || !Array.isArray(toolConfig.tools) || toolConfig.tools.length === 0) {
    return constraint("toolConfig.tools", isRecord(toolConfig) ? (toolConfig.tools ?? null) : null, "Member must have length greater than or equal to 1");
  }
  if (!model.capabilities.tools) return "This model doesn't support tool use.";
  for (const [index, tool] of toolConfig.tools.entries()) {
    const spec = isRecord(tool) ? tool.toolSpec : undefined;
    if (!isRecord(spec) || typeof spec.name !== "string" || !isRecord(spec.inputSchema) || !isRecord(spec.inputSchema.json)) {
      return constraint(`toolConfig.tools.${index + 1}.member.toolSpec`, spec ?? null, "Member must have a name and inputSchema.json");
    }
  }
  const choice = toolConfig.toolChoice;
  if (choice !== undefined) {
    const kind = isRecord(choice) ? Object.keys(choice)[0] : undefined;
    if (kind !== "auto" && kind !== "any" && kind !== "tool") return "Malformed input request, please reformat your input and try again.";
    if (kind !== "auto" && !support.forcedToolChoice) {
      return `This model doesn't support the toolConfig.toolChoice.${kind} field. Remove toolConfig.toolChoice.${kind} and try again.`;
    }
  }
  return undefined;
}

/** The text of a content-block list (text blocks and tool results' text). */
function blockText(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => {
      if (!isRecord(block)) return "";
      if (typeof block.text === "string") return block.text;
      if (isRecord(block.toolResult)) return blockText(block.toolResult.content);
      return "";
    })
    .join(" ");
}

/** A reply the simulation gives without a script: deterministic text, or a tool call when the request's tools match. */
function simulatedReply(body: Record<string, unknown>, model: ModelInfo): ScriptedReply {
  const messages = body.messages as Record<string, unknown>[];
  const last = messages[messages.length - 1]!;
  const answersToolResult = Array.isArray(last.content) && last.content.some((block) => isRecord(block) && "toolResult" in block);
  const toolConfig = isRecord(body.toolConfig) ? body.toolConfig : undefined;
  const tools: SimulatedTool[] = ((toolConfig?.tools as Record<string, Record<string, unknown>>[] | undefined) ?? []).map((tool) => ({
    name: String(tool.toolSpec!.name),
    inputSchema: (tool.toolSpec!.inputSchema as Record<string, unknown>).json,
  }));
  const choiceBlock = isRecord(toolConfig?.toolChoice) ? toolConfig.toolChoice : { auto: {} };
  const choice = "any" in choiceBlock ? "any" : isRecord(choiceBlock.tool) ? { name: String(choiceBlock.tool.name) } : "auto";
  const config = isRecord(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = typeof config.maxTokens === "number" ? config.maxTokens : model.maxOutputTokens;
  const stopSequences = Array.isArray(config.stopSequences) ? (config.stopSequences as string[]) : [];
  const plan = planToolCall(tools, choice, blockText(last.content), answersToolResult);
  const seed = JSON.stringify(body.messages);
  if (plan) {
    const preface = generateText(seed, Math.min(6, maxTokens), stopSequences);
    return { text: preface.pieces.join(""), toolCalls: [{ name: plan.name, input: plan.input as Record<string, unknown> }] };
  }
  const generation = generateText(seed, maxTokens, stopSequences);
  return { text: generation.pieces.join(""), stopReason: generation.ending === "end" ? "end_turn" : generation.ending };
}

/** A content block and its stream events, for one part of the answer. */
interface AnswerBlock {
  block: Record<string, unknown>;
  start?: Record<string, unknown> | undefined;
  deltas: Record<string, unknown>[];
}

/** A guardrail that intervened in a Converse call: its blocked message and, when asked for, its trace. */
export interface ConverseGuardrailBlock {
  /** The text that replaces the answer. */
  blockedMessage: string;
  /** Converse's `trace.guardrail`, when `guardrailConfig.trace` enabled it. */
  trace: Record<string, unknown> | undefined;
}

/**
 * The Converse answer to a body: the guardrail's blocked message when one intervened, else a
 * scripted reply when one is given, else the simulation's own. Reasoning is rendered only for
 * the families that have it (the server checks scripts).
 */
export function answerConverse(
  body: Record<string, unknown>,
  model: ModelInfo,
  reply: ScriptedReply | undefined,
  latencyMs: () => number,
  blocked?: ConverseGuardrailBlock,
): ConverseAnswer {
  const chosen = blocked ? { text: blocked.blockedMessage } : (reply ?? simulatedReply(body, model));
  const toolCalls = chosen.toolCalls ?? [];
  const blocks: AnswerBlock[] = [];
  if (chosen.reasoning !== undefined) {
    const signature = `sig_${hashText(chosen.reasoning).toString(36)}`;
    blocks.push({
      block: { reasoningContent: { reasoningText: { text: chosen.reasoning, signature } } },
      deltas: [...textPieces(chosen.reasoning).map((text) => ({ reasoningContent: { text } })), { reasoningContent: { signature } }],
    });
  }
  if ((chosen.text ?? "") !== "") blocks.push({ block: { text: chosen.text }, deltas: textPieces(chosen.text!).map((text) => ({ text })) });
  for (const [index, call] of toolCalls.entries()) {
    const toolUseId = `tooluse_${hashText(`${call.name}${index}${JSON.stringify(body.messages)}`).toString(36)}`;
    blocks.push({
      block: { toolUse: { toolUseId, name: call.name, input: call.input } },
      start: { toolUse: { toolUseId, name: call.name } },
      deltas: splitJson(JSON.stringify(call.input)).map((input) => ({ toolUse: { input } })),
    });
  }
  const stopReason = blocked ? "guardrail_intervened" : (chosen.stopReason ?? (toolCalls.length > 0 ? "tool_use" : "end_turn"));
  const inputTokens = chosen.usage?.inputTokens ?? countSimulatedTokens(JSON.stringify({ system: body.system, messages: body.messages, toolConfig: body.toolConfig }));
  const outputTokens =
    chosen.usage?.outputTokens ??
    textPieces(chosen.text ?? "").length + textPieces(chosen.reasoning ?? "").length + toolCalls.reduce((sum, call) => sum + 10 + countSimulatedTokens(JSON.stringify(call.input)), 0);
  const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const events: ConverseEvent[] = [{ type: "messageStart", payload: { role: "assistant" } }];
  blocks.forEach((entry, contentBlockIndex) => {
    if (entry.start) events.push({ type: "contentBlockStart", payload: { contentBlockIndex, start: entry.start } });
    for (const delta of entry.deltas) events.push({ type: "contentBlockDelta", payload: { contentBlockIndex, delta } });
    events.push({ type: "contentBlockStop", payload: { contentBlockIndex } });
  });
  events.push({ type: "messageStop", payload: { stopReason } });
  const latency = latencyMs();
  const trace = blocked?.trace ? { trace: { guardrail: blocked.trace } } : {};
  events.push({ type: "metadata", payload: { usage, metrics: { latencyMs: latency }, ...trace } });
  return {
    body: { output: { message: { role: "assistant", content: blocks.map((entry) => entry.block) } }, stopReason, usage, metrics: { latencyMs: latency }, ...trace },
    events,
  };
}

/** Why a scripted reply cannot be served on Converse for the model, or undefined. */
export function converseScriptProblem(reply: ScriptedReply, model: ModelInfo, support: ConverseSupport): string | undefined {
  if (reply.reasoning !== undefined && !support.reasoning) return `the ${model.family} family has no reasoning block on Converse`;
  return undefined;
}

/** A ConverseStream event frame: the event's members as JSON, padded with `p` as Bedrock pads them. */
export function encodeConverseEvent(event: ConverseEvent, index: number): Uint8Array {
  return encodeEventFrame(event.type, event.payload, index);
}
