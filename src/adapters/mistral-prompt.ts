/**
 * Mistral text completion on Bedrock (Mistral 7B Instruct, Mixtral 8x7B, Mistral Small
 * 2402): one `<s>[INST] … [/INST]` prompt, `outputs[].text` out.
 * Format: ../shared/design/bedrock-formats.md §4.11, from AWS's "Mistral AI text
 * completion" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Message, StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, StreamDecoder } from "./adapter.js";
import { splitStopSequences, textOf } from "./shared/conversation.js";

/** The native InvokeModel body of Mistral text completion. */
export interface MistralPromptBody {
  prompt: string;
  max_tokens?: number | undefined;
  stop?: string[] | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
  top_k?: number | undefined;
  [extra: string]: unknown;
}

/** Bedrock takes at most this many stop sequences for Mistral text completion (AWS user guide). */
const maximumStopSequences = 10;

/**
 * AWS's template: `<s>[INST] {user} [/INST] {assistant}</s> [INST] {user} [/INST]`. There is
 * no system role; system text opens the first user turn. A final assistant message is a prefill.
 */
export function renderMistralPrompt(messages: Message[], system: string | undefined): string {
  let prompt = "<s>";
  messages.forEach((message, index) => {
    let text = textOf(message.content);
    if (message.role === "user") {
      if (index === 0 && system !== undefined) text = `${system}\n\n${text}`;
      prompt += `${index === 0 ? "" : " "}[INST] ${text} [/INST]`;
    } else {
      prompt += ` ${text}${index === messages.length - 1 ? "" : "</s>"}`;
    }
  });
  return prompt;
}

function firstOutput(body: unknown): Record<string, unknown> | undefined {
  const output = isRecord(body) && Array.isArray(body.outputs) ? body.outputs[0] : undefined;
  return isRecord(output) ? output : undefined;
}

/** The answer follows `[/INST]`, so it begins with a space that is not part of it. */
function trimLeadingSpace(text: string): string {
  return text.startsWith(" ") ? text.slice(1) : text;
}

function createDecoder(): StreamDecoder {
  let text = "";
  let stopReason: unknown = null;
  return {
    push(chunk) {
      const output = firstOutput(chunk);
      if (!output || typeof output.text !== "string") throw new Error("a chunk has no outputs[0].text");
      const delta = text === "" ? trimLeadingSpace(output.text) : output.text;
      text += delta;
      const deltas: ReturnType<StreamDecoder["push"]> = delta === "" ? [] : [{ type: "text", text: delta }];
      if (typeof output.stop_reason === "string") {
        stopReason = output.stop_reason;
        deltas.push({ type: "stop", rawStopReason: output.stop_reason, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      return { outputs: [{ text, stop_reason: stopReason }] };
    },
  };
}

/** Mistral text completion: prompt template, `max_tokens`, `stop`, `top_k`. */
export const mistralPrompt = {
  family: "mistral-prompt",
  parameterRanges: { temperature: [0, 1], topP: [0, 1], topK: [1, 200] },
  tokenizer: { estimator: "small-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<MistralPromptBody> {
    const warnings: Warning[] = [];
    if (request.system !== undefined) {
      warnings.push({
        type: "emulated",
        feature: "system",
        message: `${model.id} has no system role; the system text opens the first user turn.`,
      });
    }
    const body: MistralPromptBody = { prompt: renderMistralPrompt(request.messages, request.system) };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
    const stops = splitStopSequences(request.stopSequences, maximumStopSequences, model.id, warnings);
    if (stops.native.length > 0) body.stop = stops.native;
    const result: NativeRequest<MistralPromptBody> = { body: { ...body, ...request.native }, warnings };
    if (stops.emulated) result.emulatedStopSequences = stops.emulated;
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const output = firstOutput(body);
    if (!output || typeof output.text !== "string") throw new Error("the body has no outputs[0].text");
    return {
      content: output.text === "" ? [] : [{ type: "text", text: trimLeadingSpace(output.text) }],
      rawStopReason: typeof output.stop_reason === "string" ? output.stop_reason : undefined,
      stopSequence: undefined,
      usage: undefined,
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    if (raw === "stop") return "end_turn";
    if (raw === "length") return "max_tokens";
    return "unknown";
  },
} satisfies ModelAdapter<MistralPromptBody>;
