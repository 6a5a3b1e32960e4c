/**
 * Validation of the request options that only some models honour — structured `system`
 * with cache points, `reasoning`, reasoning and cache-point parts — and the gate that
 * drops them, with a warning, for a model that has no such feature. Messages name the
 * field and the allowed values, never the prompt text.
 */
import type { NormalizedRequest } from "./adapters/adapter.js";
import { ValidationError } from "./errors.js";
import { isRecord } from "./encoding.js";
import type { ModelInfo } from "./models/model-info.js";
import type { CachePointPart, ContentPart, Message, ReasoningOptions, ReasoningPart, SystemPart, Warning } from "./types.js";

const efforts = new Set(["low", "medium", "high", "max"]);

function fail(field: string, message: string, modelId: string): never {
  throw new ValidationError(`Invalid ${field}: ${message}`, { field, modelId });
}

/** `system` as text, and as parts when the request gave parts. */
export interface CheckedSystem {
  text: string | undefined;
  parts: SystemPart[] | undefined;
}

/** Validates `system`: a string, or a non-empty array of text and cache-point parts. */
export function checkSystem(system: unknown, modelId: string): CheckedSystem {
  if (system === undefined || typeof system === "string") return { text: system, parts: undefined };
  if (!Array.isArray(system) || system.length === 0) fail("system", 'expected a string or a non-empty array of { type: "text", text } and { type: "cache-point" } parts', modelId);
  const parts: SystemPart[] = [];
  let text = "";
  for (let index = 0; index < system.length; index++) {
    const part: unknown = system[index];
    const where = `system[${index}]`;
    if (isRecord(part) && part.type === "cache-point") {
      parts.push({ type: "cache-point" });
      continue;
    }
    if (!isRecord(part) || part.type !== "text") fail(where, 'expected { type: "text", text } or { type: "cache-point" }', modelId);
    if (typeof part.text !== "string") fail(`${where}.text`, "expected a string", modelId);
    parts.push({ type: "text", text: part.text });
    text += text === "" ? part.text : `\n\n${part.text}`;
  }
  if (!parts.some((part) => part.type === "text")) fail("system", "a structured system needs at least one text part", modelId);
  return { text, parts };
}

/** Validates a reasoning part (only in assistant messages, as the model produced it). */
export function checkReasoningPart(part: Record<string, unknown>, where: string, role: Message["role"], modelId: string): ReasoningPart {
  if (role !== "assistant") fail(where, "reasoning parts belong to assistant messages (send back what the model produced)", modelId);
  if (typeof part.text !== "string") fail(`${where}.text`, "expected a string", modelId);
  if (part.signature !== undefined && typeof part.signature !== "string") fail(`${where}.signature`, "expected a string", modelId);
  if (part.redacted !== undefined && typeof part.redacted !== "string") fail(`${where}.redacted`, "expected a string", modelId);
  const checked: ReasoningPart = { type: "reasoning", text: part.text };
  if (part.signature !== undefined) checked.signature = part.signature as string;
  if (part.redacted !== undefined) checked.redacted = part.redacted as string;
  return checked;
}

/** A cache-point part carries nothing but its type. */
export function checkCachePointPart(): CachePointPart {
  return { type: "cache-point" };
}

/** Validates the `reasoning` option against `maxTokens`. */
export function checkReasoning(reasoning: unknown, maxTokens: number | undefined, modelId: string): ReasoningOptions | undefined {
  if (reasoning === undefined) return undefined;
  if (!isRecord(reasoning)) fail("reasoning", '{ effort?: "low" | "medium" | "high" | "max", budgetTokens?: number }', modelId);
  const { effort, budgetTokens } = reasoning;
  if (effort === undefined && budgetTokens === undefined) fail("reasoning", "give effort (low, medium, high or max) or budgetTokens", modelId);
  if (effort !== undefined && !(typeof effort === "string" && efforts.has(effort))) fail("reasoning.effort", 'expected "low", "medium", "high" or "max"', modelId);
  if (budgetTokens !== undefined) {
    if (typeof budgetTokens !== "number" || !Number.isInteger(budgetTokens) || budgetTokens < 1) fail("reasoning.budgetTokens", "expected a positive integer", modelId);
    if (maxTokens !== undefined && budgetTokens >= maxTokens) {
      fail("reasoning.budgetTokens", `${budgetTokens} must be below maxTokens (${maxTokens}): the reasoning budget is part of the output`, modelId);
    }
  }
  const checked: ReasoningOptions = {};
  if (effort !== undefined) checked.effort = effort as NonNullable<ReasoningOptions["effort"]>;
  if (budgetTokens !== undefined) checked.budgetTokens = budgetTokens as number;
  return checked;
}

function withoutParts(messages: Message[], drop: (part: ContentPart) => boolean): Message[] {
  return messages.map((message) => {
    if (typeof message.content === "string" || !message.content.some(drop)) return message;
    const kept = message.content.filter((part) => !drop(part));
    return { role: message.role, content: kept.length > 0 ? kept : "" };
  });
}

function hasCachePoint(request: NormalizedRequest): boolean {
  const inMessages = request.messages.some((message) => typeof message.content !== "string" && message.content.some((part) => part.type === "cache-point"));
  return inMessages || (request.systemParts?.some((part) => part.type === "cache-point") ?? false) || (request.tools?.some((tool) => tool.cachePoint === true) ?? false);
}

/**
 * The request as `model` can take it: reasoning options and reasoning parts dropped for a
 * model that cannot reason (parts silently: they are another model's output), cache
 * points dropped for a model without a prompt cache, each option with a warning.
 */
export function gateFeatures(request: NormalizedRequest, model: ModelInfo, modelId: string): { request: NormalizedRequest; warnings: Warning[] } {
  const warnings: Warning[] = [];
  let gated = request;
  if (!model.capabilities.reasoning) {
    if (gated.reasoning !== undefined) {
      warnings.push({ type: "unsupported", feature: "reasoning", message: `${modelId} has no reasoning option; it answered without one.` });
    }
    gated = { ...gated, reasoning: undefined, messages: withoutParts(gated.messages, (part) => part.type === "reasoning") };
  }
  if (!model.capabilities.promptCaching && hasCachePoint(gated)) {
    warnings.push({ type: "unsupported", feature: "cache-point", message: `${modelId} has no prompt cache on Bedrock; the cache points were not sent.` });
    gated = {
      ...gated,
      messages: withoutParts(gated.messages, (part) => part.type === "cache-point"),
      systemParts: gated.systemParts?.filter((part) => part.type !== "cache-point"),
      tools: gated.tools?.map(({ cachePoint: _dropped, ...tool }) => tool),
    };
  }
  return { request: gated, warnings };
}
