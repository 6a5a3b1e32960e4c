/**
 * Writer Palmyra X4 and X5 on Bedrock: a chat body `{ messages, temperature, top_p,
 * max_tokens, min_tokens, stop, seed, presence_penalty, frequency_penalty }`, answered as a
 * vLLM `chat.completion` (`choices[0].message`, `finish_reason` with `stop_reason: null`,
 * `reasoning_content`, `usage`). Streams are vLLM `text_completion` chunks
 * (`choices[0].text`) that end with a chunk whose JSON is the string `"[DONE]"`.
 *
 * Sources (read 2026-11-30):
 * - AWS Bedrock User Guide, "Writer Palmyra X5" (model-parameters-palmyra-x5): parameter
 *   table (temperature 0–2, top_p ≤ 1, max_tokens 1–8,192 with default 16, at most 4 stop
 *   entries) and the response body. The page lists no `tools` parameter, so none is sent.
 *   Its request example writes `content` as an object `{ "text": … }`; bedrock-kit sends the
 *   OpenAI string form that the vLLM server behind it documents ⚠️ (not confirmed by a recording).
 * - Recorded stream chunks of `writer.palmyra-x5-v1:0` (2025-05-13), langchain-ai/langchain-aws
 *   `libs/aws/tests/unit_tests/llms/test_bedrock.py` @0434c7f: `text_completion` chunks and
 *   the closing `"[DONE]"` string chunk.
 */
import type { Warning } from "../types.js";
import type { ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { mapChatStopReason } from "./shared/openai-chat.js";
import { chatCompletionDecoder, chatCompletionReader } from "./shared/chat-completions.js";
import { checkStopSequenceCount, textOf, topKWarning } from "./shared/conversation.js";

/** One message of a Palmyra body. */
export interface PalmyraMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The native InvokeModel body of Writer Palmyra. */
export interface PalmyraBody {
  messages: PalmyraMessage[];
  max_tokens: number;
  temperature?: number | undefined;
  top_p?: number | undefined;
  stop?: string[] | undefined;
  [extra: string]: unknown;
}

/** Bedrock takes at most this many stop sequences for Palmyra (AWS "Writer Palmyra X5", read 2026-11-30). */
const maximumStopSequences = 4;

/** Writer Palmyra: chat messages in, vLLM chat completions and `text_completion` stream chunks out. */
export const writerPalmyra = {
  family: "writer-palmyra",
  parameterRanges: { temperature: [0, 2], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<PalmyraBody> {
    const warnings: Warning[] = [];
    const stops = request.stopSequences ?? [];
    checkStopSequenceCount(stops, maximumStopSequences, model.id);
    const messages: PalmyraMessage[] = request.system === undefined ? [] : [{ role: "system", content: request.system }];
    for (const message of request.messages) messages.push({ role: message.role, content: textOf(message.content) });
    // Bedrock's default max_tokens for Palmyra is 16, so the model's maximum goes unless maxTokens is given.
    const body: PalmyraBody = { messages, max_tokens: request.maxTokens ?? model.maxOutputTokens };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (stops.length > 0) body.stop = stops;
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody: chatCompletionReader({}),
  createStreamDecoder: chatCompletionDecoder({}),
  mapStopReason: mapChatStopReason,
} satisfies ModelAdapter<PalmyraBody>;
