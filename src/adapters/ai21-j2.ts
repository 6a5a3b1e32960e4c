/**
 * AI21 Jurassic-2 (Mid, Ultra) on Bedrock: `prompt`, camelCase parameters, at most one stop
 * sequence, `completions[0].data.text` out, and no streaming (a stream is one invoke
 * yielding one delta). Format: ../shared/design/bedrock-formats.md §4.9, from AWS's "AI21
 * Labs Jurassic-2 models" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { plainPromptWarning, renderPlainPrompt, splitStopSequences, topKWarning } from "./shared/conversation.js";

/** The native InvokeModel body of Jurassic-2. */
export interface J2Body {
  prompt: string;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  stopSequences?: string[] | undefined;
  [extra: string]: unknown;
}

/** Jurassic-2: one prompt, one stop sequence on the wire, no native streaming. */
export const ai21J2 = {
  family: "ai21-j2",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<J2Body> {
    const warnings: Warning[] = [];
    if (request.system !== undefined || request.messages.length > 1) warnings.push(plainPromptWarning(model.id, request.system !== undefined));
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    const body: J2Body = { prompt: renderPlainPrompt(request.messages, request.system) };
    if (request.maxTokens !== undefined) body.maxTokens = request.maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.topP = request.topP;
    const stops = splitStopSequences(request.stopSequences, 1, model.id, warnings);
    if (stops.native.length > 0) body.stopSequences = stops.native;
    const result: NativeRequest<J2Body> = { body: { ...body, ...request.native }, warnings };
    if (stops.emulated) result.emulatedStopSequences = stops.emulated;
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    const completion = isRecord(body) && Array.isArray(body.completions) ? body.completions[0] : undefined;
    const data = isRecord(completion) ? completion.data : undefined;
    if (!isRecord(completion) || !isRecord(data) || typeof data.text !== "string") throw new Error("the body has no completions[0].data.text");
    const finish = isRecord(completion.finishReason) ? completion.finishReason : {};
    const text = data.text.replace(/^\s+/, "");
    return {
      content: text === "" ? [] : [{ type: "text", text }],
      rawStopReason: typeof finish.reason === "string" ? finish.reason : undefined,
      stopSequence: typeof finish.sequence === "string" ? finish.sequence : undefined,
      usage: undefined,
    };
  },

  mapStopReason(raw: string | undefined): StopReason {
    if (raw === "endoftext") return "end_turn";
    if (raw === "length") return "max_tokens";
    if (raw === "stop") return "stop_sequence";
    return "unknown";
  },
} satisfies ModelAdapter<J2Body>;
