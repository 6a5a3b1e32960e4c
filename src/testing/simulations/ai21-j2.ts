/**
 * The offline Bedrock's Jurassic-2 model: validates bodies as Bedrock does (bedrock-formats.md
 * §4.9, at most one stop sequence) and answers in `completions[]` with token arrays.
 */
import { isRecord, checkKeys, checkNumber, countSimulatedTokens, generateText, hashText, replyGeneration, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

const keys = ["prompt", "maxTokens", "temperature", "topP", "stopSequences", "presencePenalty", "countPenalty", "frequencyPenalty"];

function tokens(pieces: string[]): Record<string, unknown>[] {
  let start = 0;
  return pieces.map((piece) => {
    const token = { generatedToken: { token: piece.replace(/^ /, "▁"), logprob: 0, raw_logprob: -0.1 }, topTokens: null, textRange: { start, end: start + piece.length } };
    start += piece.length;
    return token;
  });
}

/** The simulated Jurassic-2 model. */
export const ai21J2Simulation: ModelSimulation = {
  family: "ai21-j2",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, keys, ["prompt"]) ??
      checkNumber(body, "maxTokens", 0, model.maxOutputTokens, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "topP", 0, 1);
    if (problem) return problem;
    if (Array.isArray(body.stopSequences) && body.stopSequences.length > 1) {
      return `Malformed input request: #/stopSequences: expected maximum item count: 1, found: ${body.stopSequences.length}, please reformat your input and try again.`;
    }
    return typeof body.prompt === "string" ? undefined : "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
  },

  answer(body) {
    const prompt = String(body.prompt);
    const stops = Array.isArray(body.stopSequences) ? (body.stopSequences as string[]) : [];
    const generation = generateText(prompt, typeof body.maxTokens === "number" ? body.maxTokens : 200, stops, " ");
    return jurassicAnswer(prompt, generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  scripting: { toolCalls: "none", reasoning: false },
  render(reply, body) {
    const stops = Array.isArray(body.stopSequences) ? (body.stopSequences as string[]) : [];
    const generation = replyGeneration(reply);
    return jurassicAnswer(String(body.prompt), { ...generation, stopSequence: generation.ending === "stop_sequence" ? stops[0] : undefined }, reply.inputTokens, reply.outputTokens);
  },
};

function jurassicAnswer(prompt: string, generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const finishReason =
    generation.ending === "max_tokens"
      ? { reason: "length", length: generation.pieces.length }
      : generation.ending === "stop_sequence"
        ? { reason: "stop", sequence: generation.stopSequence }
        : { reason: "endoftext" };
  return {
    body: {
      id: hashText(prompt) % 100_000,
      prompt: { text: prompt, tokens: tokens(prompt.split(/(?= )/)) },
      completions: [{ data: { text: generation.pieces.join(""), tokens: tokens(generation.pieces) }, finishReason }],
    },
    chunks: [],
    inputTokens,
    outputTokens,
  };
}
