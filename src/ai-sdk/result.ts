/**
 * bedrock-kit results in the AI SDK's terms: content, usage, finish reason, warnings and
 * `providerMetadata.bedrockKit`.
 */
import type {
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
  SharedV3Warning,
} from "@ai-sdk/provider";
import type { InvokeResult, ReasoningPart, StopReason, Usage, Warning } from "../index.js";
import { jsonToolName } from "./call-options.js";
import { providerKey } from "./provider-options.js";

/** bedrock-kit's stop reasons as the AI SDK's unified finish reasons. */
const unifiedReasons: Record<StopReason, LanguageModelV3FinishReason["unified"]> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool-calls",
  content_filtered: "content-filter",
  guardrail_intervened: "content-filter",
  unknown: "other",
};

/** The finish reason of a result; a forced JSON tool call counts as a stop. */
export function finishReasonOf(result: InvokeResult, jsonTool: boolean): LanguageModelV3FinishReason {
  const unified = jsonTool && result.stopReason === "tool_use" ? "stop" : unifiedReasons[result.stopReason];
  return { unified, raw: result.rawStopReason };
}

/** Token counts in the AI SDK's shape; `inputTokens.total` includes prompt-cache reads and writes. */
export function usageOf(usage: Usage): LanguageModelV3Usage {
  const cacheRead = usage.cacheReadInputTokens;
  const cacheWrite = usage.cacheWriteInputTokens;
  const known = usage.source !== "none";
  return {
    inputTokens: {
      total: known ? usage.inputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0) : undefined,
      noCache: known ? usage.inputTokens : undefined,
      cacheRead,
      cacheWrite,
    },
    outputTokens: { total: known ? usage.outputTokens : undefined, text: undefined, reasoning: undefined },
    raw: { ...usage },
  };
}

/** Usage when none is known (a stream that failed before its result). */
export const unknownUsage: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

/** bedrock-kit warnings as AI SDK warnings: `unsupported` as is, `emulated` as `compatibility`, the others as `other`. */
export function warningsOf(warnings: Warning[]): SharedV3Warning[] {
  return warnings.map((warning): SharedV3Warning => {
    if (warning.type === "unsupported") return { type: "unsupported", feature: warning.feature, details: warning.message };
    if (warning.type === "emulated") return { type: "compatibility", feature: warning.feature, details: warning.message };
    return { type: "other", message: warning.message };
  });
}

/** `providerMetadata.bedrockKit` of a result: cost, request ID, the model's own stop reason, where the usage came from. */
export function providerMetadataOf(result: InvokeResult): SharedV3ProviderMetadata {
  return {
    [providerKey]: {
      costUsd: result.cost?.totalUsd ?? null,
      requestId: result.requestId ?? null,
      rawStopReason: result.rawStopReason ?? null,
      usageSource: result.usage.source,
    },
  };
}

/** The `providerMetadata` of a reasoning part: its signature or redacted content, to be sent back as they came. */
export function reasoningMetadataOf(part: ReasoningPart): SharedV3ProviderMetadata | undefined {
  if (part.signature === undefined && part.redacted === undefined) return undefined;
  const metadata: Record<string, string> = {};
  if (part.signature !== undefined) metadata.signature = part.signature;
  if (part.redacted !== undefined) metadata.redacted = part.redacted;
  return { [providerKey]: metadata };
}

/** A result's content in the AI SDK's shape; with a forced JSON tool, its call becomes the text. */
export function contentOf(result: InvokeResult, jsonTool: boolean): LanguageModelV3Content[] {
  const content: LanguageModelV3Content[] = [];
  for (const part of result.content) {
    if (part.type === "text") {
      if (!jsonTool) content.push({ type: "text", text: part.text });
    } else if (part.type === "reasoning") {
      const providerMetadata = reasoningMetadataOf(part);
      content.push(providerMetadata ? { type: "reasoning", text: part.text, providerMetadata } : { type: "reasoning", text: part.text });
    } else if (part.type === "tool-call") {
      if (jsonTool && part.name === jsonToolName) content.push({ type: "text", text: JSON.stringify(part.input) });
      else content.push({ type: "tool-call", toolCallId: part.id, toolName: part.name, input: JSON.stringify(part.input) });
    }
  }
  return content;
}
