/**
 * DeepSeek-R1 on Bedrock: a text completion body `{ prompt, temperature, top_p, max_tokens,
 * stop }` in DeepSeek's chat template, answered as `{ choices: [{ text, stop_reason }] }`
 * (`stop` or `length`); streamed chunks carry the same `choices`. No tools, no system slot
 * of its own (the template puts system text first). The answer opens with the model's
 * reasoning, which ends at `</think>`.
 *
 * Sources (read 2026-11-30):
 * - AWS Bedrock User Guide, "DeepSeek models" (model-parameters-deepseek): the body and its
 *   limits (temperature ≤ 1, top_p ≤ 1, max_tokens 1–32,768, at most 10 stop items), the
 *   response, profile-only invocation (`us.deepseek.r1-v1:0`), and the example prompt
 *   `<｜begin▁of▁sentence｜><｜User｜>{prompt}<｜Assistant｜><think>\n`.
 * - DeepSeek-R1's chat template (`tokenizer_config.json`, as published with the model and
 *   mirrored in public repositories): system text right after `<｜begin▁of▁sentence｜>`,
 *   earlier answers as `<｜Assistant｜>{answer after </think>}<｜end▁of▁sentence｜>`.
 * - Streamed chunk shape `{"choices":[{"text","stop_reason"}]}`: langchain-ai/langchain-aws
 *   `libs/aws/tests/unit_tests/llms/test_bedrock.py` @0434c7f; a `<think>`-first answer
 *   body: techthoughts2/pwshBedrock `src/Tests/Unit/Public/Invoke-DeepSeekModel.Tests.ps1` @851e662.
 */
import { isRecord } from "../encoding.js";
import type { StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, StreamDecoder, StreamDelta } from "./adapter.js";
import { checkStopSequenceCount, partsOf, topKWarning } from "./shared/conversation.js";
import { piecesToParts, TaggedReasoningSplitter, type ReasoningTags, type SplitPiece } from "./shared/tagged-reasoning.js";

/** The native InvokeModel body of DeepSeek-R1. */
export interface DeepSeekR1Body {
  prompt: string;
  temperature?: number | undefined;
  top_p?: number | undefined;
  max_tokens?: number | undefined;
  stop?: string[] | undefined;
  [extra: string]: unknown;
}

/** Bedrock takes at most this many stop sequences for DeepSeek-R1 (AWS "DeepSeek models", read 2026-11-30). */
const maximumStopSequences = 10;

const beginOfSentence = "<｜begin▁of▁sentence｜>";
const endOfSentence = "<｜end▁of▁sentence｜>";
const userMarker = "<｜User｜>";
const assistantMarker = "<｜Assistant｜>";
const thinkTags: ReasoningTags = { open: "<think>", close: "</think>" };

/** The text of a turn (tool parts cannot occur: the family has no tools; reasoning is not sent back). */
function turnText(content: NormalizedRequest["messages"][number]["content"]): string {
  return partsOf(content)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("");
}

/** System text and turns in DeepSeek-R1's template, ending in an open assistant turn that starts thinking. */
function renderDeepSeekPrompt(request: NormalizedRequest): string {
  let prompt = beginOfSentence + (request.system ?? "");
  for (const message of request.messages) {
    if (message.role === "user") prompt += userMarker + turnText(message.content);
    else prompt += assistantMarker + turnText(message.content) + endOfSentence;
  }
  return `${prompt}${assistantMarker}${thinkTags.open}\n`;
}

/** `choices[0]` of a body or chunk. */
function firstChoice(body: unknown): Record<string, unknown> | undefined {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isRecord(choice) ? choice : undefined;
}

/** Decodes one stream: reasoning until `</think>` (the tag may be split across chunks), then text. */
function createDecoder(): StreamDecoder {
  const splitter = new TaggedReasoningSplitter(thinkTags, true);
  let text = "";
  let stopReason: string | undefined;
  const deliver = (pieces: SplitPiece[], deltas: StreamDelta[]): void => {
    for (const piece of pieces) deltas.push({ type: piece.type, text: piece.text });
  };
  return {
    push(chunk) {
      const choice = firstChoice(chunk);
      if (!choice || typeof choice.text !== "string") throw new Error("a chunk has no choices[0].text");
      const deltas: StreamDelta[] = [];
      text += choice.text;
      deliver(splitter.push(choice.text), deltas);
      if (typeof choice.stop_reason === "string") {
        deliver(splitter.flush(), deltas);
        stopReason = choice.stop_reason;
        deltas.push({ type: "stop", rawStopReason: choice.stop_reason, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      return { choices: [{ text, stop_reason: stopReason ?? null }] };
    },
  };
}

/** DeepSeek-R1: a templated prompt, reasoning split out of the answer at `</think>`. */
export const deepSeekR1 = {
  family: "deepseek-r1",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<DeepSeekR1Body> {
    const warnings: Warning[] = [];
    const stops = request.stopSequences ?? [];
    checkStopSequenceCount(stops, maximumStopSequences, model.id);
    const body: DeepSeekR1Body = { prompt: renderDeepSeekPrompt(request) };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (stops.length > 0) body.stop = stops;
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    if (request.reasoning) {
      warnings.push({ type: "unsupported", feature: "reasoning", message: `${model.id} always reasons and has no reasoning setting on Bedrock; it was not sent.` });
    }
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const choice = firstChoice(body);
    if (!choice || typeof choice.text !== "string") throw new Error("the body has no choices[0].text");
    const splitter = new TaggedReasoningSplitter(thinkTags, true);
    return {
      content: piecesToParts([...splitter.push(choice.text), ...splitter.flush()]),
      rawStopReason: typeof choice.stop_reason === "string" ? choice.stop_reason : undefined,
      stopSequence: undefined,
      usage: undefined,
    };
  },

  createStreamDecoder: createDecoder,

  /** `stop` → end_turn (also when a stop sequence fired: Bedrock reports both as `stop`), `length` → max_tokens. */
  mapStopReason(raw: string | undefined): StopReason {
    if (raw === "stop") return "end_turn";
    return raw === "length" ? "max_tokens" : "unknown";
  },
} satisfies ModelAdapter<DeepSeekR1Body>;
