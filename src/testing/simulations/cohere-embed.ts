/** The offline Bedrock's Cohere Embed v3 models (bedrock-formats.md §5.2): up to 96 texts, `input_type` required. */
import { isRecord, checkKeys, countSimulatedTokens, embedText, hashText, type ModelSimulation } from "../kit.js";

const inputTypes = ["search_document", "search_query", "classification", "clustering", "image"];

/** The simulated Cohere Embed v3 model. */
export const cohereEmbedSimulation: ModelSimulation = {
  family: "cohere-embed",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["texts", "images", "input_type", "truncate", "embedding_types"], ["input_type"]);
    if (problem) return problem;
    if (!inputTypes.includes(String(body.input_type))) return `Malformed input request: #/input_type: ${String(body.input_type)} is not a valid enum value, please reformat your input and try again.`;
    if (!Array.isArray(body.texts) || body.texts.length > 96 || body.texts.some((text) => typeof text !== "string")) {
      return "Malformed input request: #/texts: expected an array of at most 96 strings, please reformat your input and try again.";
    }
    return undefined;
  },
  answer(body) {
    const texts = body.texts as string[];
    const inputTokens = texts.reduce((sum, text) => sum + countSimulatedTokens(text), 0);
    return {
      body: { id: hashText(texts.join("\n")).toString(16), response_type: "embeddings_floats", texts: texts.map((text) => text.toLowerCase()), embeddings: texts.map((text) => embedText(text, 1024)) },
      chunks: [],
      inputTokens,
      outputTokens: 0,
    };
  },
};
