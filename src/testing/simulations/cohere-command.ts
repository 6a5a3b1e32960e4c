/**
 * The offline Bedrock's Cohere Command model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.7) and answers with `generations[]`, streaming `text` chunks and
 * a final `is_finished` chunk carrying the whole response.
 */
import { isRecord, checkKeys, checkNumber, countSimulatedTokens, generateText, hashText, replyGeneration, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

const keys = ["prompt", "temperature", "p", "k", "max_tokens", "stop_sequences", "return_likelihoods", "stream", "num_generations", "logit_bias", "truncate"];

/** Bedrock's default `max_tokens` for Command (AWS user guide). */
const defaultMaxTokens = 20;

/** The simulated Cohere Command model. */
export const cohereCommandSimulation: ModelSimulation = {
  family: "cohere-command",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, keys, ["prompt"]) ??
      checkNumber(body, "temperature", 0, 5) ??
      checkNumber(body, "p", 0, 1) ??
      checkNumber(body, "k", 0, 500) ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true);
    if (problem) return problem;
    if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 4) {
      return "Malformed input request: #/stop_sequences: expected maximum item count: 4, please reformat your input and try again.";
    }
    return typeof body.prompt === "string" ? undefined : "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
  },

  answer(body) {
    const prompt = String(body.prompt);
    const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
    const generation = generateText(prompt, typeof body.max_tokens === "number" ? body.max_tokens : defaultMaxTokens, stops, " ");
    return commandAnswer(prompt, generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  scripting: { toolCalls: "none", reasoning: false },
  render: (reply, body) => commandAnswer(String(body.prompt), replyGeneration(reply), reply.inputTokens, reply.outputTokens),
};

function commandAnswer(prompt: string, generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const finishReason = generation.ending === "max_tokens" ? "MAX_TOKENS" : "COMPLETE";
  const id = hashText(prompt).toString(16);
  const response = { id, prompt, generations: [{ id: `${id}-0`, text: generation.pieces.join(""), finish_reason: finishReason, index: 0 }] };
  return {
    body: response,
    chunks: [...generation.pieces.map((piece) => ({ text: piece, is_finished: false })), { is_finished: true, finish_reason: finishReason, response }],
    inputTokens,
    outputTokens,
  };
}
