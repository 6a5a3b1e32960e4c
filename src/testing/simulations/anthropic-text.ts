/**
 * The offline Bedrock's Claude Text Completions model (Instant, 2, 2.1): validates the
 * `\n\nHuman:`/`\n\nAssistant:` template as Bedrock does (bedrock-formats.md §4.1) and
 * answers deterministically.
 */
import { isRecord, checkKeys, checkNumber, countSimulatedTokens, generateText, replyGeneration, type Generation, type ModelSimulation, type SimulatedAnswer } from "../kit.js";

/**
 * The turn markers Bedrock requires: a prompt starts with a Human turn and ends with an
 * Assistant turn, and the model always stops on the Human marker.
 * Source: ../shared/design/bedrock-formats.md §4.1 "Prompt template" (AWS "Anthropic Claude
 * Text Completions API" page and a recorded error, read 2026-11-25).
 */
const humanTurn = "\n\nHuman:";
const assistantTurn = "\n\nAssistant:";

const allowedKeys = ["prompt", "max_tokens_to_sample", "temperature", "top_p", "top_k", "stop_sequences", "anthropic_version"];
const requiredKeys = ["prompt", "max_tokens_to_sample"];

/** Bedrock's own message for a prompt outside the template (recorded, bedrock-formats.md §2.5). */
const invalidPromptMessage = `Invalid prompt: prompt must start with "${humanTurn}" turn, prompt must end with "${assistantTurn}" turn`;

/** The simulated Claude text-completion model. */
export const anthropicTextSimulation: ModelSimulation = {
  family: "anthropic-text",
  streamValidationAsFrame: true,

  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, allowedKeys, requiredKeys) ??
      checkNumber(body, "max_tokens_to_sample", 0, 4096, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "top_p", 0, 1) ??
      checkNumber(body, "top_k", 0, 500, true);
    if (problem) return problem;
    const prompt = body.prompt;
    if (typeof prompt !== "string") return "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
    const firstHuman = prompt.indexOf(humanTurn);
    const lastAssistant = prompt.lastIndexOf(assistantTurn);
    const startsRight = firstHuman >= 0 && !prompt.slice(0, firstHuman).includes(assistantTurn);
    if (!startsRight || lastAssistant < prompt.lastIndexOf(humanTurn)) return invalidPromptMessage;
    return undefined;
  },

  answer(body) {
    const prompt = String(body.prompt);
    const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
    const generation = generateText(prompt, Number(body.max_tokens_to_sample), stops, " ");
    return completionAnswer(generation, countSimulatedTokens(prompt), generation.pieces.length);
  },

  scripting: { toolCalls: "none", reasoning: false },
  render(reply, body) {
    const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
    const generation = replyGeneration(reply);
    return completionAnswer({ ...generation, stopSequence: generation.ending === "stop_sequence" ? stops[0] : undefined }, reply.inputTokens, reply.outputTokens);
  },
};

function completionAnswer(generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const completion = generation.pieces.join("");
  const stopReason = generation.ending === "max_tokens" ? "max_tokens" : "stop_sequence";
  const stop = generation.ending === "max_tokens" ? null : (generation.stopSequence ?? humanTurn);
  return {
    body: { type: "completion", completion, stop_reason: stopReason, stop },
    chunks: [
      ...generation.pieces.map((piece) => ({ type: "completion", completion: piece, stop_reason: null, stop: null })),
      { type: "completion", completion: "", stop_reason: stopReason, stop },
    ],
    inputTokens,
    outputTokens,
  };
}
