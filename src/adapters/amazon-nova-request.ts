/**
 * The request-side rules of Nova on Bedrock that go beyond the messages-v1 shape: content
 * parts as blocks (reasoning sent back as it came, cache points as `cachePoint` blocks), the
 * cache-point checks, and the reasoning effort Nova 2 takes. Sources: the header of
 * amazon-nova.ts (read 2026-11-30).
 */
import { toBase64 } from "../encoding.js";
import type { ModelInfo } from "../models/model-info.js";
import type { ContentPart, ReasoningOptions, Warning } from "../types.js";
import type { NormalizedRequest, RequestProblem } from "./adapter.js";
import { partsOf } from "./shared/conversation.js";

/** A Nova content block: an object with one key. */
export type NovaBlock = Record<string, unknown>;

/** The block that marks the end of a cached prefix. */
export const cachePointBlock: NovaBlock = { cachePoint: { type: "default" } };

/** Most cache points Nova takes in one request. */
const maximumCachePoints = 4;

/**
 * A part as a Nova block. Reasoning goes back as it came (signed text or redacted data);
 * unsigned reasoning (another model's, or Nova 1's `<thinking>` preamble) is not sent.
 */
export function toBlock(part: ContentPart): NovaBlock | undefined {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "image":
      return { image: { format: part.mediaType.replace(/^image\//, ""), source: { bytes: toBase64(part.data) } } };
    case "tool-call":
      return { toolUse: { toolUseId: part.id, name: part.name, input: part.input ?? {} } };
    case "tool-result":
      return { toolResult: { toolUseId: part.toolCallId, content: [{ text: part.content }], status: part.isError ? "error" : "success" } };
    case "reasoning":
      if (part.redacted !== undefined) return { reasoningContent: { redactedContent: part.redacted } };
      return part.signature === undefined ? undefined : { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
    case "cache-point":
      return { ...cachePointBlock };
  }
}

/** The first misplaced cache point (nothing before it in its turn or system), or too many of them. */
export function checkNovaRequest(request: NormalizedRequest): RequestProblem | undefined {
  let count = 0;
  let problem: RequestProblem | undefined;
  let previousRole: string | undefined;
  let turnHasContent = false;
  const visit = (part: ContentPart, where: string): void => {
    if (part.type !== "cache-point") {
      if (toBlock(part)) turnHasContent = true;
      return;
    }
    count += 1;
    if (!turnHasContent) problem ??= { field: where, message: "a cache point needs content before it (Nova: there is nothing available to cache)" };
    turnHasContent = false;
  };
  for (const [index, part] of (request.systemParts ?? []).entries()) visit(part, `system[${index}]`);
  for (const [messageIndex, message] of request.messages.entries()) {
    if (message.role !== previousRole) turnHasContent = false;
    previousRole = message.role;
    for (const [partIndex, part] of partsOf(message.content).entries()) visit(part, `messages[${messageIndex}].content[${partIndex}]`);
  }
  if (problem) return problem;
  if (count > maximumCachePoints) {
    return { field: "cache-point", message: `Nova takes at most ${maximumCachePoints} cache points per request (system and messages together); this request has ${count}` };
  }
  return undefined;
}

/** Nova's effort for a reasoning option ("max" is its "high"; a budget alone picks the nearest effort). */
export function novaEffort(reasoning: ReasoningOptions, model: ModelInfo, warnings: Warning[]): "low" | "medium" | "high" {
  if (reasoning.budgetTokens !== undefined) {
    warnings.push({ type: "unsupported", feature: "reasoning.budgetTokens", message: `${model.id} takes a reasoning effort, not a budget; the budget was not sent.` });
  }
  if (reasoning.effort === "max") {
    warnings.push({ type: "emulated", feature: "reasoning.effort", message: `${model.id}'s highest reasoning effort is "high"; "max" was sent as "high".` });
    return "high";
  }
  if (reasoning.effort !== undefined) return reasoning.effort;
  // Budgets as bedrock-kit maps Claude's efforts (docs/models.md): up to 4,095 low, up to 16,383 medium.
  const budget = reasoning.budgetTokens ?? 0;
  return budget < 4_096 ? "low" : budget < 16_384 ? "medium" : "high";
}
