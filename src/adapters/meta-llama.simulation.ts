/**
 * The offline Bedrock's Llama models (2, 3.x, 4 share the body): validates bodies as
 * Bedrock does (bedrock-formats.md §4.5–4.6; no stop or top_k key) and answers
 * deterministically.
 */
import { isRecord } from "../encoding.js";
import { checkKeys, checkNumber, countSimulatedTokens, generateText, type ModelSimulation } from "../testing/simulation.js";

/** Llama's default output budget when `max_gen_len` is not sent (AWS user guide). */
const defaultMaxGenLength = 512;

function llamaSimulation(family: string): ModelSimulation {
  return {
    family,
    validate(body, model) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const allowed = model.capabilities.images ? ["prompt", "temperature", "top_p", "max_gen_len", "images"] : ["prompt", "temperature", "top_p", "max_gen_len"];
      const problem =
        checkKeys(body, allowed, ["prompt"]) ??
        checkNumber(body, "temperature", 0, 1) ??
        checkNumber(body, "top_p", 0, 1) ??
        checkNumber(body, "max_gen_len", 1, model.maxOutputTokens, true);
      if (problem) return problem;
      return typeof body.prompt === "string" ? undefined : "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
    },
    answer(body) {
      const prompt = String(body.prompt);
      const generation = generateText(prompt, typeof body.max_gen_len === "number" ? body.max_gen_len : defaultMaxGenLength);
      const inputTokens = countSimulatedTokens(prompt);
      const stopReason = generation.ending === "max_tokens" ? "length" : "stop";
      let count = 0;
      const chunks: Record<string, unknown>[] = generation.pieces.map((piece, index) => ({
        generation: piece,
        prompt_token_count: index === 0 ? inputTokens : null,
        generation_token_count: ++count,
        stop_reason: null,
      }));
      chunks.push({ generation: "", prompt_token_count: chunks.length === 0 ? inputTokens : null, generation_token_count: count, stop_reason: stopReason });
      return {
        body: { generation: generation.pieces.join(""), prompt_token_count: inputTokens, generation_token_count: count, stop_reason: stopReason },
        chunks,
        inputTokens,
        outputTokens: count,
      };
    },
  };
}

/** The simulated Llama 2 Chat model. */
export const metaLlama2Simulation = llamaSimulation("meta-llama2");
/** The simulated Llama 3.x model. */
export const metaLlama3Simulation = llamaSimulation("meta-llama3");
/** The simulated Llama 4 model. */
export const metaLlama4Simulation = llamaSimulation("meta-llama4");
