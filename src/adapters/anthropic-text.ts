/**
 * Anthropic Claude Text Completions on Bedrock (Claude Instant, Claude 2, Claude 2.1).
 * Format: ../shared/design/bedrock-formats.md §4.1, from AWS's "Anthropic Claude Text
 * Completions API" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Message, StopReason, Warning } from "../types.js";
import { textOf } from "./shared/conversation.js";
import type { AdapterOutput, ModelAdapter, NormalizedRequest, StopDetail, StreamDecoder } from "./adapter.js";
import { defaultMaxTokens } from "./anthropic-request.js";

/** The native InvokeModel body of the Text Completions API. */
export interface ClaudeTextBody {
  prompt: string;
  max_tokens_to_sample: number;
  temperature?: number | undefined;
  top_p?: number | undefined;
  top_k?: number | undefined;
  stop_sequences?: string[] | undefined;
  [extra: string]: unknown;
}

/** The turn markers of the template; Bedrock rejects a prompt without them. */
export const humanTurn = "\n\nHuman:";
export const assistantTurn = "\n\nAssistant:";

/**
 * Renders the conversation in the `\n\nHuman: …\n\nAssistant:` template. A final
 * assistant message is a prefill: the prompt ends with it and the model continues it.
 */
export function renderClaudePrompt(messages: Message[], system: string | undefined): string {
  let prompt = system ?? "";
  for (const message of messages) {
    prompt += `${message.role === "user" ? humanTurn : assistantTurn} ${textOf(message.content)}`;
  }
  return messages[messages.length - 1]?.role === "assistant" ? prompt : prompt + assistantTurn;
}

/** The model's answer starts after `Assistant:`, so it begins with a space that is not part of it. */
function trimLeadingSpace(text: string): string {
  return text.startsWith(" ") ? text.slice(1) : text;
}

function createDecoder(): StreamDecoder {
  let completion = "";
  let started = false;
  let last: Record<string, unknown> = {};
  return {
    push(chunk) {
      if (typeof chunk.completion !== "string") throw new Error("a chunk has no completion");
      last = chunk;
      let text = chunk.completion;
      if (!started && text !== "") {
        text = trimLeadingSpace(text);
        started = true;
      }
      completion += text;
      const deltas: ReturnType<StreamDecoder["push"]> = text === "" ? [] : [{ type: "text", text }];
      if (typeof chunk.stop_reason === "string") {
        deltas.push({
          type: "stop",
          rawStopReason: chunk.stop_reason,
          stopSequence: typeof chunk.stop === "string" ? chunk.stop : undefined,
        });
      }
      return deltas;
    },
    raw() {
      const { "amazon-bedrock-invocationMetrics": _metrics, ...rest } = last;
      return { ...rest, completion };
    },
  };
}

/** Claude Instant and Claude 2.x: one templated `prompt`, `max_tokens_to_sample`, `completion` out. */
export const anthropicText = {
  family: "anthropic-text",
  parameterRanges: { temperature: [0, 1], topP: [0, 1], topK: [0, 500] },
  tokenizer: { estimator: "large-vocabulary", exact: "claude-legacy" },

  toNativeBody(request: NormalizedRequest, model) {
    const warnings: Warning[] = [];
    let system = request.system;
    let messages = request.messages;
    if (system !== undefined && !model.capabilities.system) {
      warnings.push({
        type: "emulated",
        feature: "system",
        message: `${model.id} has no system slot; the system text is sent at the start of the first Human turn.`,
      });
      const [first, ...rest] = messages;
      if (first) messages = [{ role: first.role, content: `${system}\n\n${textOf(first.content)}` }, ...rest];
      system = undefined;
    }
    const body: ClaudeTextBody = {
      prompt: renderClaudePrompt(messages, system),
      max_tokens_to_sample: request.maxTokens ?? Math.min(defaultMaxTokens, model.maxOutputTokens),
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
    if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody(body: unknown): AdapterOutput {
    if (!isRecord(body) || typeof body.completion !== "string") throw new Error("the body has no completion");
    const text = trimLeadingSpace(body.completion);
    return {
      content: text === "" ? [] : [{ type: "text", text }],
      rawStopReason: typeof body.stop_reason === "string" ? body.stop_reason : undefined,
      stopSequence: typeof body.stop === "string" ? body.stop : undefined,
      usage: undefined,
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined, detail: StopDetail): StopReason {
    if (raw === "max_tokens") return "max_tokens";
    if (raw === "stop_sequence") return detail.stopSequence === humanTurn || !detail.stopSequence ? "end_turn" : "stop_sequence";
    return "unknown";
  },
} satisfies ModelAdapter<ClaudeTextBody>;
