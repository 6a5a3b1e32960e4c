/**
 * DeepSeek-R1 (and V3.1, V3.2) on Bedrock: a text completion body `{ prompt, temperature, top_p, max_tokens,
 * stop }` in DeepSeek's chat template, answered as `{ choices: [{ text, stop_reason }] }`
 * (`stop` or `length`); streamed chunks carry the same `choices`. No tools, no system slot
 * of its own (the template puts system text first). R1's answer opens with the model's
 * reasoning, which ends at `</think>`; V3.x's does in thinking mode only.
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
 *
 * DeepSeek V3.1 and V3.2 (`deepseek.v3-v1:0`, `deepseek.v3.2`) take the same body ⚠️: AWS's
 * "DeepSeek models" page (the .md version, read 2026-11-30) names "R1 and V3.1" on InvokeModel and
 * documents this one `prompt` body for "DeepSeek models"; langchain-ai/langchain-aws @0434c7f
 * `llms/bedrock.py` sends every `deepseek` model `{ prompt, max_tokens, temperature }` and reads
 * `choices[0].text`; a recorded chat-body call to V3.2 (jparkerweb/bedrock-wrapper @2173035
 * `test-models-output.txt`, 2026-05-16) got an answer unrelated to its `messages`, and the same
 * project, which sends its other chat models the `messages` body on InvokeModel, marks V3.1
 * "Converse API only" (`converse_api_only`, its v2.7.0 of 2025-11-18; no error recorded, read
 * 2026-11-30). Against it, two public scripts send V3.1 `{ messages, max_tokens }` and read
 * `choices[0].message.content` (not recordings). V3.x are hybrid models, so their template differs from R1's (DeepSeek-V3.1
 * model card, "Chat Template", on Hugging Face as mirrored in public repositories, read
 * 2026-11-30): earlier answers follow `<｜Assistant｜></think>`, and the open assistant turn
 * ends in `</think>` (non-thinking mode, the default) or `<think>` (thinking mode, when the
 * request asks for reasoning). V3.2's template is assumed to be V3.1's ⚠️ (DeepSeek ships it as
 * code, `encoding/encoding_dsv32.py`, which was not read).
 */
import type { StopReason, Warning } from "../types.js";
import type { ModelInfo } from "../models/model-info.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, ResponseContext, StreamDecoder, StreamDelta } from "./adapter.js";
import { firstChoice } from "./shared/chat-completions.js";
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

/**
 * True for the hybrid DeepSeek V3.x models (the catalog's `reasoningMode: "toggle"`), whose
 * template marks thinking on or off; R1 keeps R1's template.
 */
function isHybridModel(model: ModelInfo): boolean {
  return model.reasoningMode === "toggle";
}

/**
 * System text and turns in DeepSeek's template. R1: earlier answers after `<｜Assistant｜>`, and
 * the open assistant turn starts thinking (`<think>` and a newline, AWS's example). V3.x: earlier
 * answers after `<｜Assistant｜></think>`, and the open turn ends in `<think>` when `thinking`, else `</think>`.
 */
function renderDeepSeekPrompt(request: NormalizedRequest, hybrid: boolean, thinking: boolean): string {
  const answerMarker = hybrid ? assistantMarker + thinkTags.close : assistantMarker;
  let prompt = beginOfSentence + (request.system ?? "");
  for (const message of request.messages) {
    if (message.role === "user") prompt += userMarker + turnText(message.content);
    else prompt += answerMarker + turnText(message.content) + endOfSentence;
  }
  if (!hybrid) return `${prompt}${assistantMarker}${thinkTags.open}\n`;
  return prompt + assistantMarker + (thinking ? thinkTags.open : thinkTags.close);
}

/** True when the model's output begins inside its reasoning: always for R1, in thinking mode for V3.x. */
function outputStartsInReasoning(context: ResponseContext): boolean {
  return context.model === undefined || !isHybridModel(context.model) || context.reasoning === true;
}

/** Warnings for a reasoning option a model cannot honour as given: R1 has no setting; V3.x only turns thinking on. */
function reasoningWarnings(request: NormalizedRequest, model: ModelInfo): Warning[] {
  const reasoning = request.reasoning;
  if (!reasoning) return [];
  if (!isHybridModel(model)) {
    return [{ type: "unsupported", feature: "reasoning", message: `${model.id} always reasons and has no reasoning setting on Bedrock; it was not sent.` }];
  }
  const warnings: Warning[] = [];
  if (reasoning.effort !== undefined) {
    warnings.push({ type: "unsupported", feature: "reasoning.effort", message: `${model.id} turns thinking on or off and takes no effort level; thinking is on, the effort was not sent.` });
  }
  if (reasoning.budgetTokens !== undefined) {
    warnings.push({ type: "unsupported", feature: "reasoning.budgetTokens", message: `${model.id} turns thinking on or off and takes no token budget; thinking is on, the budget was not sent.` });
  }
  return warnings;
}

/** Decodes one stream: reasoning until `</think>` (the tag may be split across chunks) where the output starts thinking, then text. */
function createDecoder(context: ResponseContext = { toolNames: [] }): StreamDecoder {
  const splitter = new TaggedReasoningSplitter(thinkTags, outputStartsInReasoning(context));
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

/** DeepSeek-R1 and V3.x: a templated prompt, reasoning split out of the answer at `</think>`. */
export const deepSeekR1 = {
  family: "deepseek-r1",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<DeepSeekR1Body> {
    const warnings: Warning[] = [];
    const stops = request.stopSequences ?? [];
    checkStopSequenceCount(stops, maximumStopSequences, model.id);
    const body: DeepSeekR1Body = { prompt: renderDeepSeekPrompt(request, isHybridModel(model), request.reasoning !== undefined) };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (stops.length > 0) body.stop = stops;
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    warnings.push(...reasoningWarnings(request, model));
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody(body: unknown, context: ResponseContext = { toolNames: [] }): AdapterOutput {
    const choice = firstChoice(body);
    if (!choice || typeof choice.text !== "string") throw new Error("the body has no choices[0].text");
    const splitter = new TaggedReasoningSplitter(thinkTags, outputStartsInReasoning(context));
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
