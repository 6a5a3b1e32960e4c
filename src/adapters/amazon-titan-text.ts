/**
 * Amazon Titan Text (Lite, Express, Premier) on Bedrock.
 * Format: ../shared/design/bedrock-formats.md §4.3, from AWS's "Amazon Titan Text models"
 * page (read 2026-11-25): `inputText` + `textGenerationConfig`, the `User: …\nBot:` form,
 * stop sequences restricted to `|` runs or `User:`.
 */
import { isRecord } from "../encoding.js";
import type { Message, StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, StreamDecoder } from "./adapter.js";
import { textOf, topKWarning } from "./shared/conversation.js";

/** The native InvokeModel body of Titan Text. */
export interface TitanTextBody {
  inputText: string;
  textGenerationConfig?: {
    temperature?: number | undefined;
    topP?: number | undefined;
    maxTokenCount?: number | undefined;
    stopSequences?: string[] | undefined;
  };
  [extra: string]: unknown;
}

/** The only stop sequences Bedrock accepts for Titan (a run of `|`, or `User:`). */
const titanStopPattern = /^(\|+|User:)$/;

/**
 * Renders the conversation in AWS's `User: …\nBot:` form; system text, which Titan has no
 * slot for, goes first as plain text. A final assistant message is continued (a prefill).
 */
export function renderTitanPrompt(messages: Message[], system: string | undefined): string {
  const turns = messages.map((message) => `${message.role === "user" ? "User" : "Bot"}: ${textOf(message.content)}`);
  const prompt = (system === undefined ? "" : `${system}\n`) + turns.join("\n");
  return messages[messages.length - 1]?.role === "assistant" ? prompt : `${prompt}\nBot:`;
}

/** Titan's answer follows `Bot:` with whitespace and sometimes repeats the label; neither is answer text. */
function trimAnswerStart(text: string): string {
  return text.trimStart().replace(/^Bot:\s*/, "");
}

function createDecoder(): StreamDecoder {
  let started = false;
  let text = "";
  let last: Record<string, unknown> = {};
  let inputTokens: number | undefined;
  return {
    push(chunk) {
      if (typeof chunk.outputText !== "string") throw new Error("a chunk has no outputText");
      last = chunk;
      let delta = chunk.outputText;
      if (!started) {
        delta = trimAnswerStart(delta);
        started = delta !== "";
      }
      text += delta;
      const deltas: ReturnType<StreamDecoder["push"]> = delta === "" ? [] : [{ type: "text", text: delta }];
      if (typeof chunk.inputTextTokenCount === "number") inputTokens = chunk.inputTextTokenCount;
      if (typeof chunk.totalOutputTextTokenCount === "number") {
        deltas.push({ type: "usage", usage: { inputTokens, outputTokens: chunk.totalOutputTextTokenCount } });
      }
      if (typeof chunk.completionReason === "string") {
        deltas.push({ type: "stop", rawStopReason: chunk.completionReason, stopSequence: undefined });
      } else if (chunk["amazon-bedrock-guardrailAction"] === "INTERVENED" && typeof chunk.totalOutputTextTokenCount === "number") {
        // A guardrail that blocks the input answers with one chunk: its message, both token
        // counts and no completionReason (recorded titan-text-express stream, 2025-08-19:
        // traceloop/openllmetry `…/cassettes/test_guardrails/test_guardrail_invoke_stream.yaml`
        // @93429cf). The output total only ever arrives on a stream's last chunk, so it ends here.
        deltas.push({ type: "stop", rawStopReason: undefined, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      const { "amazon-bedrock-invocationMetrics": _metrics, ...rest } = last;
      return { ...rest, outputText: text, inputTextTokenCount: inputTokens ?? rest.inputTextTokenCount };
    },
  };
}

/** Titan Text: one `inputText` prompt, `textGenerationConfig`, `results[0].outputText` out. */
export const amazonTitanText = {
  family: "amazon-titan-text",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<TitanTextBody> {
    const warnings: Warning[] = [];
    if (request.system !== undefined) {
      warnings.push({
        type: "emulated",
        feature: "system",
        message: `${model.id} has no system slot; the system text is sent as plain text before the first User turn.`,
      });
    }
    if (request.topK !== undefined) {
      warnings.push(topKWarning(model.id));
    }
    const config: NonNullable<TitanTextBody["textGenerationConfig"]> = {};
    if (request.temperature !== undefined) config.temperature = request.temperature;
    if (request.topP !== undefined) config.topP = request.topP;
    if (request.maxTokens !== undefined) config.maxTokenCount = request.maxTokens;
    const stops = request.stopSequences ?? [];
    const native = stops.filter((stop) => titanStopPattern.test(stop));
    const emulated = stops.filter((stop) => !titanStopPattern.test(stop));
    if (native.length > 0) config.stopSequences = native;
    if (emulated.length > 0) {
      warnings.push({
        type: "emulated",
        feature: "stopSequences",
        message: `${model.id} only takes stop sequences of | characters or "User:"; the others are applied by bedrock-kit to the text it returns.`,
      });
    }
    const body: TitanTextBody = { inputText: renderTitanPrompt(request.messages, request.system) };
    if (Object.keys(config).length > 0) body.textGenerationConfig = config;
    const result: NativeRequest<TitanTextBody> = { body: { ...body, ...request.native }, warnings };
    if (emulated.length > 0) result.emulatedStopSequences = emulated;
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const first = isRecord(body) && Array.isArray(body.results) ? body.results[0] : undefined;
    if (!isRecord(body) || !isRecord(first) || typeof first.outputText !== "string") {
      throw new Error("the body has no results[0].outputText");
    }
    const text = trimAnswerStart(first.outputText);
    const usage: AdapterOutput["usage"] = {};
    if (typeof body.inputTextTokenCount === "number") usage.inputTokens = body.inputTextTokenCount;
    if (typeof first.tokenCount === "number") usage.outputTokens = first.tokenCount;
    return {
      content: text === "" ? [] : [{ type: "text", text }],
      rawStopReason: typeof first.completionReason === "string" ? first.completionReason : undefined,
      stopSequence: undefined,
      usage,
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    switch (raw) {
      case "FINISH":
      case "FINISHED":
        return "end_turn";
      case "LENGTH":
        return "max_tokens";
      case "STOP_CRITERIA_MET":
        return "stop_sequence";
      case "CONTENT_FILTERED":
        return "content_filtered";
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<TitanTextBody>;
