/** Builds the invoke-shaped result shared by invoke and stream. */
import type { PartialUsage } from "../adapters/adapter.js";
import { isRecord } from "../encoding.js";
import type { ResolvedModel } from "../models/registry.js";
import type { ContentPart, InvokeResult, Usage, Warning } from "../types.js";

/** Every place a call's token counts can come from. */
export interface UsageSources {
  body?: PartialUsage | undefined;
  metrics?: PartialUsage | undefined;
  headers?: PartialUsage | undefined;
}

/** The order in which usage sources win, for invoke and for stream calls. */
export type UsageOrder = readonly (keyof UsageSources)[];

/**
 * Takes input and output tokens from the first source, in `order`, that has each.
 * `source` names where the output count came from (or the input count, when only it is known).
 */
export function pickUsage(sources: UsageSources, order: UsageOrder): Usage {
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let source: Usage["source"] = "none";
  const usage: Partial<Usage> = {};
  for (const name of order) {
    const candidate = sources[name];
    if (!candidate) continue;
    if (inputTokens === undefined && candidate.inputTokens !== undefined) {
      inputTokens = candidate.inputTokens;
      if (source === "none") source = name;
    }
    if (outputTokens === undefined && candidate.outputTokens !== undefined) {
      outputTokens = candidate.outputTokens;
      source = name;
    }
    if (usage.cacheReadInputTokens === undefined && candidate.cacheReadInputTokens !== undefined) {
      usage.cacheReadInputTokens = candidate.cacheReadInputTokens;
    }
    if (usage.cacheWriteInputTokens === undefined && candidate.cacheWriteInputTokens !== undefined) {
      usage.cacheWriteInputTokens = candidate.cacheWriteInputTokens;
    }
  }
  const input = inputTokens ?? 0;
  const output = outputTokens ?? 0;
  return { inputTokens: input, outputTokens: output, totalTokens: input + output, ...usage, source };
}

/** Reads the `amazon-bedrock-invocationMetrics` member Bedrock adds to a stream's last chunk. */
export function readInvocationMetrics(chunk: Record<string, unknown>): PartialUsage | undefined {
  const metrics = chunk["amazon-bedrock-invocationMetrics"];
  if (!isRecord(metrics)) return undefined;
  const usage: PartialUsage = {};
  if (typeof metrics.inputTokenCount === "number") usage.inputTokens = metrics.inputTokenCount;
  if (typeof metrics.outputTokenCount === "number") usage.outputTokens = metrics.outputTokenCount;
  if (typeof metrics.cacheReadInputTokenCount === "number") usage.cacheReadInputTokens = metrics.cacheReadInputTokenCount;
  if (typeof metrics.cacheWriteInputTokenCount === "number") {
    usage.cacheWriteInputTokens = metrics.cacheWriteInputTokenCount;
  }
  return usage;
}

/** True when a body or chunk says a guardrail intervened. */
export function guardrailIntervened(body: unknown): boolean {
  return isRecord(body) && body["amazon-bedrock-guardrailAction"] === "INTERVENED";
}

/** What a finished (or failed) call produced, before it becomes an {@link InvokeResult}. */
export interface CallOutcome {
  resolved: ResolvedModel;
  content: ContentPart[];
  rawStopReason: string | undefined;
  stopSequence: string | undefined;
  guardrail: boolean;
  /** True when a client-side stop sequence cut the text. */
  emulatedStop: boolean;
  usage: Usage;
  requestId: string | undefined;
  startedAt: number;
  raw: unknown;
  warnings: Warning[];
}

/** Assembles the public result. */
export function buildResult(outcome: CallOutcome): InvokeResult {
  let text = "";
  let reasoning = "";
  const toolCalls: InvokeResult["toolCalls"] = [];
  for (const part of outcome.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") reasoning += part.text;
    else if (part.type === "tool-call") toolCalls.push(part.invalidInput ? { id: part.id, name: part.name, input: part.input, invalidInput: part.invalidInput } : { id: part.id, name: part.name, input: part.input });
  }
  const stopReason = outcome.guardrail
    ? "guardrail_intervened"
    : outcome.emulatedStop
      ? "stop_sequence"
      : outcome.resolved.adapter.mapStopReason(outcome.rawStopReason, {
        toolCallCount: toolCalls.length,
        stopSequence: outcome.stopSequence,
      });
  return {
    text,
    reasoning,
    content: outcome.content,
    toolCalls,
    stopReason,
    rawStopReason: outcome.rawStopReason,
    usage: outcome.usage,
    cost: undefined,
    modelId: outcome.resolved.parsed.requested,
    provider: outcome.resolved.model.provider,
    latencyMs: Math.round(performance.now() - outcome.startedAt),
    requestId: outcome.requestId,
    raw: outcome.raw,
    warnings: [...outcome.warnings],
  };
}
