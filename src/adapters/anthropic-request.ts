/**
 * The request-side rules of Claude's Messages API on Bedrock that depend on the model:
 * thinking (manual budget or adaptive effort), the sampling options a model or thinking
 * refuses, and prompt-cache points as `cache_control` marks.
 *
 * Sources (read 2026-11-30):
 * - AWS Bedrock User Guide "Extended thinking" (Claude 3.7 Sonnet, Sonnet 4, Opus 4: `thinking:
 *   { type: "enabled", budget_tokens }`) and "Adaptive thinking" (Opus 4.6, Sonnet 4.6, Opus 4.7,
 *   Opus 5 …: `thinking: { type: "adaptive" }` with `output_config: { effort }`; Opus 4.7 and later
 *   refuse `enabled`; the budget is deprecated on the 4.6 models).
 * - Anthropic "Extended thinking" (platform.claude.com): `budget_tokens` at least 1,024 and below
 *   `max_tokens`; with thinking on, `temperature` and `top_k` are refused and `top_p` must be
 *   0.95–1; forced tool use is refused (recorded on Bedrock: "Thinking may not be enabled when
 *   tool_choice forces tool use.", vercel/ai fixture amazon-bedrock-issue-11227-opus-4-5-error.json).
 * - Models that refuse temperature and top_p together: `ModelInfo.temperatureOrTopP` (catalog).
 * - Anthropic "Prompt caching": `cache_control: { type: "ephemeral" }` on a tool definition, a
 *   system block or a message block caches the prefix up to it; at most 4 per request (also the
 *   "max checkpoints per request" of AWS's prompt-caching table for Claude, as restated by
 *   Portkey's Bedrock page); a thinking block cannot carry one.
 */
import type { ModelInfo } from "../models/model-info.js";
import type { ContentPart, ReasoningOptions, Warning } from "../types.js";
import type { NormalizedRequest, RequestProblem } from "./adapter.js";
import { partsOf } from "./shared/conversation.js";

/** A Messages content block. */
export type ClaudeBlock = Record<string, unknown> & { type: string };

/** The thinking fields of a Messages body. */
export interface ClaudeThinking {
  thinking: { type: "enabled"; budget_tokens: number } | { type: "adaptive" };
  output_config?: { effort: NonNullable<ReasoningOptions["effort"]> } | undefined;
}

/** Output budget sent when the caller gives no `maxTokens` and thinking is off. */
export const defaultMaxTokens = 4_096;

/** Anthropic's smallest thinking budget. */
const minimumThinkingBudget = 1_024;

/** Most `cache_control` marks Claude takes in one request. */
const maximumCachePoints = 4;

/**
 * The thinking budget bedrock-kit sends for an effort on models that take a budget (the
 * effort alone has no field there). The answer gets {@link defaultMaxTokens} on top unless
 * `maxTokens` is given; a budget that does not fit under `maxTokens` is cut to `maxTokens - 1`.
 */
const budgetForEffort: Readonly<Record<NonNullable<ReasoningOptions["effort"]>, number>> = {
  low: 1_024,
  medium: 4_096,
  high: 16_384,
  max: 32_000,
};

/** `max_tokens` for adaptive thinking when the caller gives none (AWS's adaptive-thinking example sends 16,000). */
const adaptiveDefaultMaxTokens = 16_000;

/** What the request's thinking becomes on the wire, and its `max_tokens`. */
export interface ThinkingPlan {
  fields: ClaudeThinking | undefined;
  maxTokens: number;
  warnings: Warning[];
  problem: RequestProblem | undefined;
}

/** Plans the thinking fields and `max_tokens` for a request to `model`. */
export function planThinking(request: NormalizedRequest, model: ModelInfo): ThinkingPlan {
  const reasoning = request.reasoning;
  const warnings: Warning[] = [];
  if (!reasoning) {
    return { fields: undefined, maxTokens: request.maxTokens ?? Math.min(defaultMaxTokens, model.maxOutputTokens), warnings, problem: undefined };
  }
  const mode = model.reasoningMode ?? "budget";
  const effort = reasoning.effort;
  const adaptive = mode === "adaptive-only" || (mode === "adaptive" && effort !== undefined);
  if (adaptive) {
    if (reasoning.budgetTokens !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: "reasoning.budgetTokens",
        message: `${model.id} thinks adaptively${effort ? ` at effort ${effort}` : ""}; the thinking budget was not sent.`,
      });
    }
    const fields: ClaudeThinking = { thinking: { type: "adaptive" } };
    if (effort) fields.output_config = { effort };
    return { fields, maxTokens: request.maxTokens ?? Math.min(adaptiveDefaultMaxTokens, model.maxOutputTokens), warnings, problem: undefined };
  }
  if (mode === "adaptive") {
    warnings.push({
      type: "deprecated",
      feature: "reasoning.budgetTokens",
      message: `${model.id} deprecates a thinking budget in favour of reasoning.effort (adaptive thinking); the budget was sent.`,
    });
  }
  const asked = reasoning.budgetTokens ?? budgetForEffort[effort ?? "medium"];
  if (asked < minimumThinkingBudget) {
    return { fields: undefined, maxTokens: 0, warnings, problem: { field: "reasoning.budgetTokens", message: `${asked} is below Claude's minimum thinking budget of ${minimumThinkingBudget} tokens` } };
  }
  const maxTokens = request.maxTokens ?? Math.min(asked + defaultMaxTokens, model.maxOutputTokens);
  const budget = reasoning.budgetTokens === undefined ? Math.min(asked, maxTokens - 1) : asked;
  if (budget < minimumThinkingBudget || budget >= maxTokens) {
    const field = request.maxTokens === undefined ? "reasoning.budgetTokens" : "maxTokens";
    return {
      fields: undefined,
      maxTokens,
      warnings,
      problem: { field, message: `Claude needs maxTokens above the thinking budget, which is at least ${minimumThinkingBudget} tokens (budget ${budget}, maxTokens ${maxTokens})` },
    };
  }
  return { fields: { thinking: { type: "enabled", budget_tokens: budget } }, maxTokens, warnings, problem: undefined };
}

/** The sampling options a request may send to `model`, with a warning for each one dropped. */
export function allowedSampling(
  request: NormalizedRequest,
  model: ModelInfo,
  thinking: boolean,
): { temperature?: number; top_p?: number; top_k?: number; warnings: Warning[] } {
  const refused = new Set(model.rejectedSampling ?? []);
  const warnings: Warning[] = [];
  const result: { temperature?: number; top_p?: number; top_k?: number; warnings: Warning[] } = { warnings };
  const drop = (feature: string, why: string): void => {
    warnings.push({ type: "unsupported", feature, message: `${model.id} ${why}; ${feature} was not sent.` });
  };
  if (request.temperature !== undefined) {
    if (refused.has("temperature")) drop("temperature", "refuses temperature on Bedrock (any value)");
    else if (thinking) drop("temperature", "takes no temperature while thinking");
    else result.temperature = request.temperature;
  }
  if (request.topP !== undefined) {
    if (refused.has("topP")) drop("topP", "refuses top_p on Bedrock (any value)");
    else if (thinking && request.topP < 0.95) drop("topP", "takes topP only from 0.95 to 1 while thinking");
    else if (model.temperatureOrTopP && result.temperature !== undefined) drop("topP", "takes temperature or topP, not both");
    else result.top_p = request.topP;
  }
  if (request.topK !== undefined) {
    if (refused.has("topK")) drop("topK", "refuses top_k on Bedrock (any value)");
    else if (thinking) drop("topK", "takes no topK while thinking");
    else result.top_k = request.topK;
  }
  return result;
}

/** Marks `block` as the end of a cached prefix. */
function markCached(block: ClaudeBlock): void {
  block.cache_control = { type: "ephemeral" };
}

/** A content part as a Messages block; undefined for parts that are not sent (a cache point, unsigned reasoning). */
export type BlockEncoder = (part: ContentPart) => ClaudeBlock | undefined;

/** Encoded turns, or the first cache point Claude would refuse. */
export interface EncodedTurns {
  turns: { role: "user" | "assistant"; content: ClaudeBlock[] }[];
  cachePoints: number;
  problem: RequestProblem | undefined;
}

/**
 * Encodes messages as Messages turns: consecutive messages of one role merged, reasoning
 * blocks first in an assistant turn, and each cache point turned into `cache_control` on
 * the block before it in the same turn (a cache point with no such block, or after a
 * thinking block, is a problem).
 */
export function encodeTurns(messages: NormalizedRequest["messages"], toBlock: BlockEncoder): EncodedTurns {
  const turns: EncodedTurns["turns"] = [];
  let cachePoints = 0;
  let problem: RequestProblem | undefined;
  for (const [messageIndex, message] of messages.entries()) {
    const previous = turns[turns.length - 1];
    const turn = previous && previous.role === message.role ? previous : { role: message.role, content: [] as ClaudeBlock[] };
    if (turn !== previous) turns.push(turn);
    for (const [partIndex, part] of partsOf(message.content).entries()) {
      if (part.type !== "cache-point") {
        const block = toBlock(part);
        if (block) turn.content.push(block);
        continue;
      }
      cachePoints += 1;
      const before = turn.content[turn.content.length - 1];
      const where = `messages[${messageIndex}].content[${partIndex}]`;
      if (!before || before.cache_control !== undefined) {
        problem ??= { field: where, message: "a cache point needs content before it in its turn (there is nothing new to cache)" };
      } else if (before.type === "thinking" || before.type === "redacted_thinking") {
        problem ??= { field: where, message: "Claude cannot cache a thinking block; put the cache point after text, an image, a tool call or a tool result" };
      } else {
        markCached(before);
      }
    }
  }
  for (const turn of turns) {
    if (turn.role !== "assistant") continue;
    const thinking = turn.content.filter((block) => block.type === "thinking" || block.type === "redacted_thinking");
    if (thinking.length > 0) turn.content = [...thinking, ...turn.content.filter((block) => !thinking.includes(block))];
  }
  return { turns, cachePoints, problem };
}

/** The system as Messages text blocks with `cache_control` marks, or the problem with its first misplaced cache point. */
export function encodeSystem(request: NormalizedRequest): { system: string | ClaudeBlock[] | undefined; cachePoints: number; problem: RequestProblem | undefined } {
  if (!request.systemParts) return { system: request.system, cachePoints: 0, problem: undefined };
  const blocks: ClaudeBlock[] = [];
  let cachePoints = 0;
  let problem: RequestProblem | undefined;
  for (const [index, part] of request.systemParts.entries()) {
    if (part.type === "text") {
      blocks.push({ type: "text", text: part.text });
      continue;
    }
    cachePoints += 1;
    const before = blocks[blocks.length - 1];
    if (!before || before.cache_control !== undefined) problem ??= { field: `system[${index}]`, message: "a cache point needs system text before it" };
    else markCached(before);
  }
  return { system: blocks, cachePoints, problem };
}

/** The problem with a request's cache-point count, if it has more than Claude takes. */
export function cachePointCountProblem(count: number): RequestProblem | undefined {
  if (count <= maximumCachePoints) return undefined;
  return { field: "cache-point", message: `Claude takes at most ${maximumCachePoints} cache points per request (tools, system and messages together); this request has ${count}` };
}
