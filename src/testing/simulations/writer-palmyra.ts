/**
 * The offline Bedrock's Writer Palmyra X4/X5: validates bodies against AWS's "Writer Palmyra
 * X5" parameter table (read 2026-11-30: `messages` required; `temperature` 0–2; `top_p`
 * above 0 up to 1; `max_tokens` 1–8,192; `min_tokens`; `stop` at most 4 entries; `seed`;
 * `presence_penalty` and `frequency_penalty` −2–2) and answers as the page's response body
 * shows: a vLLM `chat.completion` with `reasoning_content: null`, `tool_calls: []`,
 * `finish_reason` and `stop_reason: null`, and `usage`.
 *
 * Streams as recorded for `writer.palmyra-x5-v1:0` (2025-05-13, langchain-ai/langchain-aws
 * `libs/aws/tests/unit_tests/llms/test_bedrock.py` @0434c7f): vLLM `text_completion` chunks
 * with `choices[0].text`, `finish_reason`, `stop_reason: null` and `usage: null`, then a chunk
 * whose JSON is the string `"[DONE]"`. Where Bedrock puts its invocation metrics in such a
 * stream is not recorded ⚠️: here, on the last object chunk.
 */
import { checkKeys, checkNumber, countSimulatedTokens, generateText, hashText, isRecord, textPieces, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

const roles = new Set(["system", "user", "assistant"]);

function malformed(path: string, detail: string): string {
  return `Malformed input request: #/${path}: ${detail}, please reformat your input and try again.`;
}

/** A message's text: a string, or the `{ text }` object of AWS's request example. */
function messageText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  return isRecord(content) && typeof content.text === "string" ? content.text : undefined;
}

/**
 * An answer's body and chunks. `stopString` is vLLM's `stop_reason`: null, or the stop
 * sequence that ended the answer (vllm-project/vllm `vllm/entrypoints/openai/protocol.py`).
 */
function palmyraAnswer(model: string, text: string, finishReason: "stop" | "length", stopString: string | null, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const id = hashText(`${model}:${text}`).toString(16);
  const created = 1_764_460_800;
  const choice = (piece: string, finish: string | null): Record<string, unknown> => ({ index: 0, text: piece, logprobs: null, finish_reason: finish, stop_reason: finish === null ? null : stopString });
  const chunk = (piece: string, finish: string | null): Record<string, unknown> => ({ id: `cmpl-${id}`, object: "text_completion", created, model, choices: [choice(piece, finish)], usage: null });
  return {
    body: {
      id: `chatcmpl-${id}`,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", reasoning_content: null, content: text, tool_calls: [] }, logprobs: null, finish_reason: finishReason, stop_reason: stopString }],
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens + outputTokens, completion_tokens: outputTokens, prompt_tokens_details: null },
      prompt_logprobs: null,
    },
    chunks: [...textPieces(text).map((piece) => chunk(piece, null)), chunk("", finishReason)],
    closingChunk: "[DONE]",
    inputTokens,
    outputTokens,
  };
}

/** The simulated Writer Palmyra model. */
export const writerPalmyraSimulation: ModelSimulation = {
  family: "writer-palmyra",
  scripting: { toolCalls: "none", reasoning: false },

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["messages", "temperature", "top_p", "max_tokens", "min_tokens", "stop", "seed", "presence_penalty", "frequency_penalty"], ["messages"]) ??
      checkNumber(body, "temperature", 0, 2) ??
      checkNumber(body, "top_p", Number.MIN_VALUE, 1) ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
      checkNumber(body, "presence_penalty", -2, 2) ??
      checkNumber(body, "frequency_penalty", -2, 2);
    if (problem) return problem;
    if (body.stop !== undefined && (!Array.isArray(body.stop) || body.stop.length > 4)) return malformed("stop", "expected maximum item count: 4");
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) return malformed("messages", "expected minimum item count: 1");
    for (const [index, message] of messages.entries()) {
      if (!isRecord(message) || !roles.has(String(message.role))) return malformed(`messages/${index}/role`, "expected one of system, user, assistant");
      if (messageText(message.content) === undefined) return malformed(`messages/${index}/content`, "expected text");
    }
    return undefined;
  },

  answer(body, model) {
    const messages = body.messages as Record<string, unknown>[];
    const seed = JSON.stringify(messages);
    // Bedrock's default max_tokens for Palmyra is 16 (AWS parameter table).
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 16;
    const generation = generateText(seed, maxTokens, Array.isArray(body.stop) ? (body.stop as string[]) : []);
    const finishReason = generation.ending === "max_tokens" ? "length" : "stop";
    return palmyraAnswer(model.id, generation.pieces.join(""), finishReason, generation.stopSequence ?? null, countSimulatedTokens(seed), generation.pieces.length);
  },

  render(reply, _body, model) {
    return palmyraAnswer(model.id, reply.text, reply.stopReason === "max_tokens" ? "length" : "stop", null, reply.inputTokens, reply.outputTokens);
  },
};
