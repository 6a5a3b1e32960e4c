/**
 * The offline Bedrock's DeepSeek-R1: validates the text completion body as AWS's "DeepSeek
 * models" page documents it (read 2026-11-30: `prompt` required; `temperature` and `top_p`
 * at most 1; `max_tokens` 1–32,768; `stop` at most 10 items) and answers with
 * `{ choices: [{ text, stop_reason }] }`, `stop_reason` `stop` or `length`.
 *
 * AWS's example prompt ends with `<｜Assistant｜><think>\n`, so the model's output starts
 * inside its reasoning and closes it with `</think>` before the answer. Streamed chunks
 * carry the same `choices` (langchain-ai/langchain-aws `libs/aws/tests/unit_tests/llms/test_bedrock.py`
 * @0434c7f); usage comes only from Bedrock's token headers and invocation metrics. This
 * simulation applies stop sequences to the answer after `</think>` only.
 *
 * DeepSeek V3.1 and V3.2 take the same body (AWS's "DeepSeek models" page names R1 and V3.1 on
 * InvokeModel, read 2026-11-30; V3.2 assumed ⚠️). They are hybrid models: DeepSeek's V3.1 model
 * card ("Chat Template", read 2026-11-30) ends a non-thinking prompt with `<｜Assistant｜></think>`,
 * after which the model answers at once, and a thinking prompt with `<｜Assistant｜><think>`, after
 * which it reasons first, as R1 does. The simulated model thinks unless the prompt ends in `</think>`.
 */
import { checkKeys, checkPromptAndStops, checkNumber, countSimulatedTokens, generateText, isRecord, textPieces, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

const closeTag = "</think>";
/** The simulated model's reasoning, as words (one token each). */
const reasoningWords = "The question is about the network, so I answer it directly.".split(" ");

/** The text the model continues after its prompt: reasoning, `</think>`, the answer (if it got that far). */
function r1Answer(reasoning: string, answer: string | undefined, stopReason: "stop" | "length", inputTokens: number, outputTokens: number): SimulatedAnswer {
  const text = answer === undefined ? reasoning : `${reasoning}\n${closeTag}\n\n${answer}`;
  const pieces = answer === undefined ? textPieces(reasoning) : [...textPieces(reasoning), `\n${closeTag}\n\n`, ...textPieces(answer)];
  return {
    body: { choices: [{ text, stop_reason: stopReason }] },
    chunks: [...pieces.map((piece) => ({ choices: [{ text: piece, stop_reason: null }] })), { choices: [{ text: "", stop_reason: stopReason }] }],
    inputTokens,
    outputTokens,
  };
}

/** False when the prompt closes the thinking block itself (a V3.x prompt in non-thinking mode). */
function thinks(prompt: string): boolean {
  return !prompt.endsWith(closeTag);
}

/** An answer with no reasoning: the text the model writes straight after a prompt ending in `</think>`. */
function directAnswer(pieces: string[], stopReason: "stop" | "length", inputTokens: number): SimulatedAnswer {
  return {
    body: { choices: [{ text: pieces.join(""), stop_reason: stopReason }] },
    chunks: [...pieces.map((piece) => ({ choices: [{ text: piece, stop_reason: null }] })), { choices: [{ text: "", stop_reason: stopReason }] }],
    inputTokens,
    outputTokens: pieces.length,
  };
}

/** The simulated DeepSeek-R1, V3.1 and V3.2 models. */
export const deepSeekR1Simulation: ModelSimulation = {
  family: "deepseek-r1",
  scripting: { toolCalls: "none", reasoning: true },

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["prompt", "temperature", "top_p", "max_tokens", "stop"], ["prompt"]) ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "top_p", 0, 1);
    return problem ?? checkPromptAndStops(body, 10);
  },

  answer(body) {
    const prompt = String(body.prompt);
    const inputTokens = countSimulatedTokens(prompt);
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 8_192;
    const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
    if (!thinks(prompt)) {
      const generation = generateText(prompt, maxTokens, stops);
      return directAnswer(generation.pieces, generation.ending === "max_tokens" ? "length" : "stop", inputTokens);
    }
    if (maxTokens <= reasoningWords.length) return r1Answer(reasoningWords.slice(0, maxTokens).join(" "), undefined, "length", inputTokens, maxTokens);
    const generation = generateText(prompt, maxTokens - reasoningWords.length - 1, stops);
    const stopReason = generation.ending === "max_tokens" ? "length" : "stop";
    return r1Answer(reasoningWords.join(" "), generation.pieces.join(""), stopReason, inputTokens, reasoningWords.length + 1 + generation.pieces.length);
  },

  render(reply, body) {
    const stopReason = reply.stopReason === "max_tokens" ? "length" : "stop";
    if (!thinks(String(body.prompt))) return { ...directAnswer(textPieces(reply.text), stopReason, reply.inputTokens), outputTokens: reply.outputTokens };
    return r1Answer(reply.reasoning ?? "", reply.text, stopReason, reply.inputTokens, reply.outputTokens);
  },
};
