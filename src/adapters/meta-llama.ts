/**
 * The InvokeModel body Meta Llama 2, 3.x and 4 share on Bedrock: one templated `prompt`,
 * `temperature`, `top_p`, `max_gen_len`; `generation` out. Each Llama family differs
 * only in its chat template (meta-llama2.ts, meta-llama3.ts, meta-llama4.ts).
 * Format: ../shared/design/bedrock-formats.md §4.5–4.6, from AWS's "Meta Llama models"
 * page (read 2026-11-25). The body has no stop-sequence or top_k field (Bedrock rejects
 * them as extraneous keys), so stop sequences are applied client-side.
 */
import { isRecord } from "../encoding.js";
import type { Message, StopReason, Warning } from "../types.js";
import { textOf } from "./conversation.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, PartialUsage, StreamDecoder } from "./adapter.js";

/** The native InvokeModel body of every Llama family. */
export interface LlamaBody {
  prompt: string;
  temperature?: number;
  top_p?: number;
  max_gen_len?: number;
  [extra: string]: unknown;
}

/** Renders a conversation (and optional system text) in one Llama family's chat template. */
export type LlamaTemplate = (messages: Message[], system: string | undefined) => string;

/** The special tokens of a header-style Llama chat template (Llama 3.x and 4). */
export interface HeaderTokens {
  headerStart: string;
  headerEnd: string;
  endOfTurn: string;
}

/**
 * A header-style template: `<|begin_of_text|>` once, one `{start}role{end}\n\n{text}{eot}`
 * block per turn (system first), then an open assistant header, or the final assistant
 * message left open as a prefill.
 */
export function headerTemplate(tokens: HeaderTokens): LlamaTemplate {
  const header = (role: string): string => `${tokens.headerStart}${role}${tokens.headerEnd}\n\n`;
  return (messages, system) => {
    let prompt = "<|begin_of_text|>";
    if (system !== undefined) prompt += `${header("system")}${system}${tokens.endOfTurn}`;
    const last = messages[messages.length - 1];
    for (const message of messages) {
      if (message === last && message.role === "assistant") return `${prompt}${header("assistant")}${textOf(message.content)}`;
      prompt += `${header(message.role)}${textOf(message.content)}${tokens.endOfTurn}`;
    }
    return `${prompt}${header("assistant")}`;
  };
}

function readUsage(chunk: Record<string, unknown>): PartialUsage {
  const usage: PartialUsage = {};
  if (typeof chunk.prompt_token_count === "number") usage.inputTokens = chunk.prompt_token_count;
  if (typeof chunk.generation_token_count === "number") usage.outputTokens = chunk.generation_token_count;
  return usage;
}

function createDecoder(): StreamDecoder {
  let generation = "";
  let last: Record<string, unknown> = {};
  let inputTokens: number | undefined;
  return {
    push(chunk) {
      if (typeof chunk.generation !== "string") throw new Error("a chunk has no generation");
      last = chunk;
      generation += chunk.generation;
      const usage = readUsage(chunk);
      if (usage.inputTokens !== undefined) inputTokens = usage.inputTokens;
      const deltas: ReturnType<StreamDecoder["push"]> = chunk.generation === "" ? [] : [{ type: "text", text: chunk.generation }];
      if (usage.outputTokens !== undefined) deltas.push({ type: "usage", usage: { inputTokens, outputTokens: usage.outputTokens } });
      if (typeof chunk.stop_reason === "string") deltas.push({ type: "stop", rawStopReason: chunk.stop_reason, stopSequence: undefined });
      return deltas;
    },
    raw() {
      const { "amazon-bedrock-invocationMetrics": _metrics, ...rest } = last;
      return { ...rest, generation, prompt_token_count: inputTokens ?? null };
    },
  };
}

/** Builds the adapter of one Llama family from its template. */
export function llamaAdapter(family: string, template: LlamaTemplate): ModelAdapter<LlamaBody> {
  return {
    family,
    parameterRanges: { temperature: [0, 1], topP: [0, 1] },

    toNativeBody(request: NormalizedRequest, model): NativeRequest<LlamaBody> {
      const warnings: Warning[] = [];
      if (request.topK !== undefined) {
        warnings.push({ type: "unsupported", feature: "topK", message: `${model.id} has no topK; it was not sent.` });
      }
      const body: LlamaBody = { prompt: template(request.messages, request.system) };
      if (request.temperature !== undefined) body.temperature = request.temperature;
      if (request.topP !== undefined) body.top_p = request.topP;
      if (request.maxTokens !== undefined) body.max_gen_len = request.maxTokens;
      const result: NativeRequest<LlamaBody> = { body: { ...body, ...request.native }, warnings };
      if (request.stopSequences?.length) {
        warnings.push({
          type: "emulated",
          feature: "stopSequences",
          message: `${model.id} takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.`,
        });
        result.emulatedStopSequences = request.stopSequences;
      }
      return result;
    },

    fromNativeBody(body: unknown): AdapterOutput {
      if (!isRecord(body) || typeof body.generation !== "string") throw new Error("the body has no generation");
      return {
        content: body.generation === "" ? [] : [{ type: "text", text: body.generation }],
        rawStopReason: typeof body.stop_reason === "string" ? body.stop_reason : undefined,
        stopSequence: undefined,
        usage: readUsage(body),
      };
    },

    createStreamDecoder: createDecoder,

    mapStopReason(raw: string | undefined): StopReason {
      if (raw === "stop") return "end_turn";
      if (raw === "length") return "max_tokens";
      return "unknown";
    },
  };
}
