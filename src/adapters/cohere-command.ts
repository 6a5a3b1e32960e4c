/**
 * Cohere Command and Command Light (generate) on Bedrock: raw `prompt`, `p`/`k`, up to four
 * stop sequences, `stream: true` in a stream's body, `generations[0].text` out.
 * Format: ../shared/design/bedrock-formats.md §4.7, from AWS's "Cohere Command models"
 * page (read 2026-11-25). `max_tokens` defaults to only 20 on Bedrock, so it is always sent.
 */
import { isRecord } from "../encoding.js";
import type { StopReason, Warning } from "../types.js";
import type { AdapterOutput, BodyMode, ModelAdapter, NativeRequest, NormalizedRequest, StreamDecoder } from "./adapter.js";
import { plainPromptWarning, renderPlainPrompt, splitStopSequences } from "./shared/conversation.js";

/** The native InvokeModel body of Cohere Command. */
export interface CohereCommandBody {
  prompt: string;
  max_tokens: number;
  temperature?: number | undefined;
  p?: number | undefined;
  k?: number | undefined;
  stop_sequences?: string[] | undefined;
  stream?: true | undefined;
  [extra: string]: unknown;
}

/** Bedrock takes at most this many stop sequences for Command (AWS user guide). */
const maximumStopSequences = 4;

function firstGeneration(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const generation = Array.isArray(body.generations) ? body.generations[0] : undefined;
  return isRecord(generation) ? generation : undefined;
}

/** Command's answer follows the prompt, so it usually begins with a space that is not part of it. */
function trimLeadingSpace(text: string): string {
  return text.startsWith(" ") ? text.slice(1) : text;
}

function createDecoder(): StreamDecoder {
  let text = "";
  let last: Record<string, unknown> = {};
  return {
    push(chunk) {
      last = chunk;
      const generation = firstGeneration(chunk);
      const piece = typeof chunk.text === "string" ? chunk.text : typeof generation?.text === "string" ? generation.text : "";
      const delta = text === "" ? trimLeadingSpace(piece) : piece;
      text += delta;
      const deltas: ReturnType<StreamDecoder["push"]> = delta === "" ? [] : [{ type: "text", text: delta }];
      const finish = chunk.finish_reason ?? generation?.finish_reason;
      if (chunk.is_finished === true || typeof finish === "string") {
        deltas.push({ type: "stop", rawStopReason: typeof finish === "string" ? finish : undefined, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      return isRecord(last.response) ? last.response : { generations: [{ text, finish_reason: last.finish_reason ?? null }] };
    },
  };
}

/** Cohere Command: one prompt, `max_tokens` always sent, `stream: true` on streams. */
export const cohereCommand = {
  family: "cohere-command",
  parameterRanges: { temperature: [0, 5], topP: [0, 1], topK: [0, 500] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model, mode: BodyMode): NativeRequest<CohereCommandBody> {
    const warnings: Warning[] = [];
    if (request.system !== undefined || request.messages.length > 1) warnings.push(plainPromptWarning(model.id, request.system !== undefined));
    const body: CohereCommandBody = {
      prompt: renderPlainPrompt(request.messages, request.system),
      max_tokens: request.maxTokens ?? model.maxOutputTokens,
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.p = request.topP;
    if (request.topK !== undefined) body.k = request.topK;
    const stops = splitStopSequences(request.stopSequences, maximumStopSequences, model.id, warnings);
    if (stops.native.length > 0) body.stop_sequences = stops.native;
    if (mode.stream) body.stream = true;
    const result: NativeRequest<CohereCommandBody> = { body: { ...body, ...request.native }, warnings };
    if (stops.emulated) result.emulatedStopSequences = stops.emulated;
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const generation = isRecord(body) ? firstGeneration(body) : undefined;
    if (!generation || typeof generation.text !== "string") throw new Error("the body has no generations[0].text");
    const text = trimLeadingSpace(generation.text);
    return {
      content: text === "" ? [] : [{ type: "text", text }],
      rawStopReason: typeof generation.finish_reason === "string" ? generation.finish_reason : undefined,
      stopSequence: undefined,
      usage: undefined,
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    switch (raw) {
      case "COMPLETE":
        return "end_turn";
      case "MAX_TOKENS":
        return "max_tokens";
      case "ERROR_TOXIC":
        return "content_filtered";
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<CohereCommandBody>;
