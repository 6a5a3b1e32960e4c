/**
 * Moonshot Kimi K2 Thinking and Kimi K2.5 (assumed to share K2 Thinking's limits ⚠️) on Bedrock:
 * the OpenAI Chat Completions body of the
 * `openai-chat` family, with Moonshot's limits — no `stop` on Bedrock (stop sequences are
 * applied client-side), `temperature` 0–1, no `tool_choice: "required"` — and its reasoning
 * in `<reasoning>` tags before the answer, read as the `openai-chat` codec reads gpt-oss's.
 *
 * Sources (read 2026-11-30): BerriAI/litellm
 * `litellm/llms/bedrock/chat/invoke_transformations/amazon_moonshot_transformation.py`
 * (InvokeModel with Moonshot's chat body; "Bedrock doesn't support stopSequences field for
 * this model"; temperature range [0, 1]; tool_choice without "required"; reasoning in
 * `<reasoning>` tags); `reasoning_effort` for `moonshot.` models: langchain-ai/langchain-aws
 * `libs/aws/langchain_aws/utils.py` `reasoning_effort_additional_fields` @0434c7f.
 * Recorded against Bedrock on 2026-05-16 (jparkerweb/bedrock-wrapper @2173035
 * `test-models-output.txt`, read 2026-11-30): K2 Thinking's InvokeModel answer is one
 * `<reasoning>` block, then the text; its stream wraps each reasoning delta in its own tags,
 * which the shared splitter joins (test/fixtures/moonshot-kimi/).
 * Tool calls: Bedrock answers K2 Thinking's tool calls as OpenAI `tool_calls` (a header
 * delta with `id` `functions.{name}:{index}` and name, then argument fragments, then
 * `finish_reason: "tool_calls"`), and sometimes instead as Kimi's native tool-call tokens
 * inside the reasoning, the stream then ending with `finish_reason: "stop"` — both captured
 * live from Bedrock (us-east-2) in Bike4Mind/bike4mind `b4m-core/llm-adapters/src/bedrockBackend/`
 * `moonshot.test.ts` @81350da and `base.sharedIndexText.test.ts` @1565fb3, its PR #1089 of
 * 2026-07-29 (read 2026-11-30). The native calls are taken out of the text as tool calls
 * (./shared/kimi-tool-tokens.ts), and `stop` with tool calls maps to `tool_use`.
 */
import type { ContentPart, StopReason, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, ResponseContext, StopDetail, StreamDecoder, StreamDelta } from "./adapter.js";
import { openAiChat, type OpenAiChatBody } from "./openai-chat.js";
import { chatCompletionDecoder, chatCompletionReader, type ChatCompletionReading } from "./shared/chat-completions.js";
import { KimiToolTokenExtractor } from "./shared/kimi-tool-tokens.js";

/**
 * Kimi's reasoning comes in `<reasoning>` tags, and at times as `<think> … </think>` in the
 * content instead (K2 Thinking's stream of 2026-05-16, jparkerweb/bedrock-wrapper @2173035
 * `test-models-output.txt`, "Kimi-K2"; read 2026-11-30).
 */
const reading: ChatCompletionReading = {
  reasoningTags: [
    { open: "<reasoning>", close: "</reasoning>" },
    { open: "<think>", close: "</think>" },
  ],
  // Its stream wraps each reasoning delta in its own tags (see tagged-reasoning.ts).
  joinReasoningBlocks: true,
};
const readBody = chatCompletionReader(reading);
const createDecoder = chatCompletionDecoder(reading);

/**
 * Text and reasoning parts with Kimi's native calls of the offered tools taken out, the calls
 * after them; a native call that repeats a structured one (same ID) is dropped.
 */
function withNativeCalls(content: ContentPart[], toolNames: readonly string[]): ContentPart[] {
  const parts: ContentPart[] = [];
  const calls = content.filter((part): part is Extract<ContentPart, { type: "tool-call" }> => part.type === "tool-call");
  const known = new Set(calls.map((call) => call.id));
  for (const part of content) {
    if (part.type !== "text" && part.type !== "reasoning") {
      if (part.type !== "tool-call") parts.push(part);
      continue;
    }
    const extractor = new KimiToolTokenExtractor(toolNames);
    const extracted = extractor.push(part.text);
    const rest = extracted.text + extractor.flush();
    // Where calls were taken out, the spaces around their markers go with them.
    const text = extracted.calls.length > 0 ? rest.trim() : rest;
    if (text !== "") parts.push({ ...part, text });
    for (const call of extracted.calls) {
      if (known.has(call.id)) continue;
      known.add(call.id);
      calls.push({ type: "tool-call", ...call });
    }
  }
  return [...parts, ...calls];
}

/** A stream decoder that takes Kimi's native tool calls out of the text and reasoning deltas. */
class KimiStreamDecoder implements StreamDecoder {
  readonly #inner: StreamDecoder;
  readonly #extractors: Record<"text" | "reasoning", KimiToolTokenExtractor>;
  /** IDs of the calls given so far: a structured call that repeats a native one is dropped. */
  readonly #given = new Set<string>();

  constructor(inner: StreamDecoder, toolNames: readonly string[]) {
    this.#inner = inner;
    this.#extractors = { text: new KimiToolTokenExtractor(toolNames), reasoning: new KimiToolTokenExtractor(toolNames) };
  }

  push(chunk: Record<string, unknown>): StreamDelta[] {
    const deltas: StreamDelta[] = [];
    for (const delta of this.#inner.push(chunk)) {
      if (delta.type === "text" || delta.type === "reasoning") {
        const extracted = this.#extractors[delta.type].push(delta.text);
        if (extracted.text !== "") deltas.push({ ...delta, text: extracted.text });
        for (const call of extracted.calls) {
          if (this.#given.has(call.id)) continue;
          this.#given.add(call.id);
          deltas.push({ type: "tool-call", toolCall: call });
        }
        continue;
      }
      if (delta.type === "tool-call") {
        if (this.#given.has(delta.toolCall.id)) continue;
        this.#given.add(delta.toolCall.id);
      }
      if (delta.type === "stop") {
        for (const type of ["reasoning", "text"] as const) {
          const rest = this.#extractors[type].flush();
          if (rest !== "") deltas.push({ type, text: rest });
        }
      }
      deltas.push(delta);
    }
    return deltas;
  }

  /** A string chunk is the inner decoder's to judge. */
  pushString(chunk: string): StreamDelta[] {
    if (!this.#inner.pushString) throw new Error("a chunk is a string");
    return this.#inner.pushString(chunk);
  }

  /** The body the inner decoder rebuilt (native calls still in its text). */
  raw(): unknown {
    return this.#inner.raw();
  }
}

/** Kimi K2 Thinking and K2.5: the OpenAI chat body without `stop` and without a forced tool choice. */
export const moonshotKimi = {
  ...openAiChat,
  family: "moonshot-kimi",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<OpenAiChatBody> {
    const warnings: Warning[] = [];
    const forced = request.toolChoice === "any" || typeof request.toolChoice === "object";
    if (forced) {
      warnings.push({ type: "unsupported", feature: "toolChoice", message: `${model.id} cannot be made to call a tool on Bedrock; the model decides (tool_choice "auto").` });
    }
    const encoded = openAiChat.toNativeBody({ ...request, stopSequences: undefined, toolChoice: forced ? "auto" : request.toolChoice }, model);
    const result: NativeRequest<OpenAiChatBody> = { body: encoded.body, warnings: [...encoded.warnings, ...warnings] };
    if (request.stopSequences?.length) {
      result.warnings.push({ type: "emulated", feature: "stopSequences", message: `${model.id} takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.` });
      result.emulatedStopSequences = request.stopSequences;
    }
    return result;
  },

  // Native tool-call tokens are read only when the request offered tools, and only for those tools.
  fromNativeBody(body: unknown, context: ResponseContext): AdapterOutput {
    const output = readBody(body);
    return context.toolNames.length === 0 ? output : { ...output, content: withNativeCalls(output.content, context.toolNames) };
  },

  createStreamDecoder(context: ResponseContext): StreamDecoder {
    return context.toolNames.length === 0 ? createDecoder() : new KimiStreamDecoder(createDecoder(), context.toolNames);
  },

  /** `stop` with tool calls is `tool_use`: native tool-call tokens end the answer with `stop`. */
  mapStopReason(raw: string | undefined, detail: StopDetail): StopReason {
    return raw === "stop" && detail.toolCallCount > 0 ? "tool_use" : openAiChat.mapStopReason(raw);
  },
} satisfies ModelAdapter<OpenAiChatBody>;
