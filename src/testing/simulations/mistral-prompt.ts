/**
 * The offline Bedrock's Mistral text-completion model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.11) and answers deterministically in `outputs[]`.
 */
import { isRecord, checkKeys, checkPromptAndStops, checkNumber, countSimulatedTokens, generateText, replyGeneration, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

/** The simulated Mistral text-completion model. */
export const mistralPromptSimulation: ModelSimulation = {
  family: "mistral-prompt",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"], ["prompt"]) ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "top_p", 0, 1) ??
      checkNumber(body, "top_k", 1, 200, true);
    return problem ?? checkPromptAndStops(body, 10);
  },

  answer(body) {
    const prompt = String(body.prompt);
    const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
    const generation = generateText(prompt, typeof body.max_tokens === "number" ? body.max_tokens : 512, stops, " ");
    return mistralAnswer(generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  scripting: { toolCalls: "none", reasoning: false },
  render: (reply) => mistralAnswer(replyGeneration(reply), reply.inputTokens, reply.outputTokens),
};

function mistralAnswer(generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const stopReason = generation.ending === "max_tokens" ? "length" : "stop";
  return {
    body: { outputs: [{ text: generation.pieces.join(""), stop_reason: stopReason }] },
    chunks: [...generation.pieces.map((piece) => ({ outputs: [{ text: piece, stop_reason: null }] })), { outputs: [{ text: "", stop_reason: stopReason }] }],
    inputTokens,
    outputTokens,
  };
}
