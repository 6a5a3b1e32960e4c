/**
 * The offline Bedrock's per-model Claude rules: thinking (manual and adaptive), the sampling
 * options newer models refuse, signed thinking blocks in tool loops, and `cache_control`.
 * Restated from the sources, not from bedrock-kit's catalog or codec (read 2026-11-30):
 * - AWS "Extended thinking" and "Adaptive thinking" pages: adaptive thinking on Opus 4.6,
 *   Sonnet 4.6, Opus 4.7, Opus 5 (and Mythos/Fable); Opus 4.7 and later refuse `enabled`.
 * - Anthropic "Extended thinking": budget ≥ 1,024 and below max_tokens; no temperature or top_k
 *   and top_p only 0.95–1 while thinking; the assistant turn before the last tool results must
 *   start with its thinking block, signatures intact.
 * - Recorded Bedrock messages: "Thinking may not be enabled when tool_choice forces tool use."
 *   (vercel/ai fixture amazon-bedrock-issue-11227-opus-4-5-error.json), "`temperature` is
 *   deprecated for this model." and the same for `top_p` on Opus 5 (vercel/ai fixtures
 *   amazon-bedrock-opus-5-deprecated-*.json); Opus 4.7 refuses temperature, top_p and top_k
 *   (Anthropic's Opus 4.7 migration guide via OpenRouter); Sonnet 5 temperature (public notes).
 * - Prompt caching: AWS's table as restated by Portkey (4 checkpoints; 1,024 tokens minimum,
 *   2,048 for Claude 3.5 Haiku) and Strands' Bedrock page (4,096 for Claude Haiku 4.5).
 * Messages marked ⚠️ are worded here; Bedrock's exact text was not recorded.
 */
import { isRecord, signReasoning } from "../kit.js";

const modelError = (detail: string): string => `The model returned the following errors: ${detail}`;

/** Models that take `thinking: { type: "adaptive" }` and `output_config.effort`. */
const adaptiveModels = /claude-(opus-4-6|sonnet-4-6|opus-4-7|opus-4-8|opus-5|sonnet-5|mythos|fable)/;
/** Models that take only adaptive thinking. */
const adaptiveOnlyModels = /claude-(opus-4-7|opus-4-8|opus-5|sonnet-5|mythos-5|fable-5)/;
/** Models that think at all. */
const thinkingModels = /claude-(3-7-sonnet|sonnet-4|opus-4|haiku-4-5|opus-5|sonnet-5|mythos|fable)/;
/** Sampling keys a model refuses whatever their value. */
const refusedSampling: [RegExp, string][] = [
  [/claude-(opus-4-7|opus-4-8|opus-5|sonnet-5)/, "temperature"],
  [/claude-(opus-4-7|opus-4-8|opus-5|sonnet-5)/, "top_p"],
  [/claude-(opus-4-7|opus-4-8)/, "top_k"],
];
/**
 * Models that refuse temperature and top_p together (measured live 2026-09-29 and recorded on
 * Bedrock 2026-09-21 per public projects' notes; Opus 4.1 per open-webui/functions#9).
 */
const oneSamplerModels = /claude-(opus-4-1|sonnet-4-5|haiku-4-5|opus-4-5|opus-4-6|sonnet-4-6)/;
const efforts = new Set(["low", "medium", "high", "xhigh", "max"]);

/** Most `cache_control` marks in one request. */
const maximumCacheMarks = 4;

/** The smallest prefix Bedrock caches for a Claude model, in tokens. */
export function minimumCacheTokens(modelId: string): number {
  if (modelId.includes("claude-3-5-haiku")) return 2_048;
  if (modelId.includes("claude-haiku-4-5")) return 4_096;
  return 1_024;
}

/** True when the body turns thinking on. */
export function thinkingOn(body: Record<string, unknown>): boolean {
  return isRecord(body.thinking) && (body.thinking.type === "enabled" || body.thinking.type === "adaptive");
}

function checkThinkingField(body: Record<string, unknown>, modelId: string): string | undefined {
  const thinking = body.thinking;
  if (thinking !== undefined) {
    if (!isRecord(thinking) || !["enabled", "adaptive", "disabled"].includes(String(thinking.type))) return "thinking.type: Input should be 'enabled', 'adaptive' or 'disabled'";
    if (!thinkingModels.test(modelId)) return modelError("thinking is not supported for this model."); // ⚠️
    if (thinking.type === "adaptive" && !adaptiveModels.test(modelId)) return modelError("thinking.type: adaptive thinking is not supported on this model."); // ⚠️
    if (thinking.type === "enabled") {
      if (adaptiveOnlyModels.test(modelId)) {
        return modelError('"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.');
      }
      const budget = thinking.budget_tokens;
      if (typeof budget !== "number" || !Number.isInteger(budget)) return "thinking.enabled.budget_tokens: Field required";
      if (budget < 1_024) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
      if (typeof body.max_tokens === "number" && body.max_tokens <= budget) return "`max_tokens` must be greater than `thinking.budget_tokens`.";
    }
  }
  const config = body.output_config;
  if (config !== undefined) {
    if (!adaptiveModels.test(modelId)) return modelError("output_config: Extra inputs are not permitted"); // ⚠️
    if (!isRecord(config) || (config.effort !== undefined && !efforts.has(String(config.effort)))) return "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'";
  }
  return undefined;
}

function checkSampling(body: Record<string, unknown>, modelId: string): string | undefined {
  for (const [pattern, key] of refusedSampling) {
    if (body[key] !== undefined && pattern.test(modelId)) return modelError(`\`${key}\` is deprecated for this model.`);
  }
  if (body.temperature !== undefined && body.top_p !== undefined && oneSamplerModels.test(modelId)) {
    return modelError("`temperature` and `top_p` cannot both be specified for this model. Please use only one.");
  }
  if (!thinkingOn(body)) return undefined;
  if (body.temperature !== undefined && body.temperature !== 1) return "`temperature` may only be set to 1 when thinking is enabled."; // ⚠️
  if (body.top_k !== undefined) return "`top_k` must be unset when thinking is enabled."; // ⚠️
  if (typeof body.top_p === "number" && body.top_p < 0.95) return "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled."; // ⚠️
  const choice = body.tool_choice;
  if (isRecord(choice) && (choice.type === "any" || choice.type === "tool")) return modelError("Thinking may not be enabled when tool_choice forces tool use.");
  return undefined;
}

function blocksOf(content: unknown): Record<string, unknown>[] {
  return Array.isArray(content) ? content.filter(isRecord) : [];
}

/** Signed thinking blocks, and the thinking block that must open the assistant turn of a tool loop. */
function checkThinkingHistory(body: Record<string, unknown>): string | undefined {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  for (const [index, message] of messages.entries()) {
    for (const [blockIndex, block] of blocksOf(message.content).entries()) {
      if (block.type === "thinking" && (typeof block.signature !== "string" || block.signature !== signReasoning(String(block.thinking)))) {
        return `messages.${index}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
  }
  if (!thinkingOn(body)) return undefined;
  const last = messages[messages.length - 1];
  const answersTools = last?.role === "user" && blocksOf(last.content).some((block) => block.type === "tool_result");
  const turnIndex = messages.length - 2;
  const turn = messages[turnIndex];
  if (!answersTools || !turn) return undefined;
  const first = blocksOf(turn.content)[0];
  if (first && first.type !== "thinking" && first.type !== "redacted_thinking") {
    return `messages.${turnIndex}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`;
  }
  return undefined;
}

function checkMark(holder: Record<string, unknown>, where: string): string | undefined {
  const mark = holder.cache_control;
  if (!isRecord(mark) || mark.type !== "ephemeral") return `${where}.cache_control.type: Input should be 'ephemeral'`;
  if (holder.type === "thinking" || holder.type === "redacted_thinking") return `${where}.cache_control: Thinking blocks cannot be cached directly.`; // ⚠️
  return undefined;
}

/** `cache_control` marks: their shape, where they may go, and how many. */
function checkCacheMarks(body: Record<string, unknown>): string | undefined {
  let count = 0;
  const holders: [Record<string, unknown>, string][] = [];
  for (const [index, tool] of (Array.isArray(body.tools) ? body.tools : []).entries()) if (isRecord(tool)) holders.push([tool, `tools.${index}`]);
  for (const [index, block] of blocksOf(body.system).entries()) holders.push([block, `system.${index}`]);
  const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  for (const [index, message] of messages.entries()) {
    for (const [blockIndex, block] of blocksOf(message.content).entries()) holders.push([block, `messages.${index}.content.${blockIndex}`]);
  }
  for (const [holder, where] of holders) {
    if (holder.cache_control === undefined) continue;
    count += 1;
    const problem = checkMark(holder, where);
    if (problem) return problem;
  }
  if (count > maximumCacheMarks) return `A maximum of ${maximumCacheMarks} blocks with cache_control may be provided. Found ${count}.`;
  return undefined;
}

/** Bedrock's answer to a Claude body these rules refuse, or undefined. */
export function checkClaudeRules(body: Record<string, unknown>, modelId: string): string | undefined {
  return checkThinkingField(body, modelId) ?? checkSampling(body, modelId) ?? checkThinkingHistory(body) ?? checkCacheMarks(body);
}

/** The prompt prefixes that end at each `cache_control` mark, in Claude's order (tools, system, messages), marks left out. */
export function cachedPrefixes(body: Record<string, unknown>): string[] {
  const strip = (holder: Record<string, unknown>): Record<string, unknown> => {
    const { cache_control: _mark, ...rest } = holder;
    return rest;
  };
  const sequence: Record<string, unknown>[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools.filter(isRecord) : []) sequence.push(tool);
  if (typeof body.system === "string") sequence.push({ type: "text", text: body.system });
  else sequence.push(...blocksOf(body.system));
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isRecord) : []) {
    sequence.push({ role: message.role });
    sequence.push(...(typeof message.content === "string" ? [{ type: "text", text: message.content }] : blocksOf(message.content)));
  }
  const prefixes: string[] = [];
  for (const [index, holder] of sequence.entries()) {
    if (holder.cache_control !== undefined) prefixes.push(JSON.stringify(sequence.slice(0, index + 1).map(strip)));
  }
  return prefixes;
}
