/** The offline Bedrock's Titan Embeddings models (bedrock-formats.md §5.1): one text per call, V2 dimensions. */
import { isRecord, checkKeys, countSimulatedTokens, embedText, hashText, type ModelSimulation } from "../kit.js";

function titanEmbedSimulation(family: string, keys: string[]): ModelSimulation {
  return {
    family,
    validate(body) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const problem = checkKeys(body, keys, ["inputText"]);
      if (problem) return problem;
      if (typeof body.inputText !== "string" || body.inputText === "") return "Malformed input request: #/inputText: expected minLength: 1, please reformat your input and try again.";
      if (body.dimensions !== undefined && ![256, 512, 1024].includes(body.dimensions as number)) {
        return `Malformed input request: #/dimensions: ${String(body.dimensions)} is not a valid enum value, please reformat your input and try again.`;
      }
      return undefined;
    },
    answer(body) {
      const text = String(body.inputText);
      const dimensions = family === "amazon-titan-embed" ? 1536 : typeof body.dimensions === "number" ? body.dimensions : 1024;
      const embedding = embedText(text, dimensions, body.normalize !== false);
      const inputTokens = countSimulatedTokens(text);
      const response: Record<string, unknown> = { embedding, inputTextTokenCount: inputTokens };
      if (family === "amazon-titan-embed-v2") response.embeddingsByType = { float: embedding };
      return { body: response, chunks: [], inputTokens, outputTokens: 0 };
    },
  };
}

/** The simulated Titan Embeddings G1 – Text model. */
export const amazonTitanEmbedSimulation = titanEmbedSimulation("amazon-titan-embed", ["inputText"]);
/** The simulated Titan Text Embeddings V2 model. */
export const amazonTitanEmbedV2Simulation = titanEmbedSimulation("amazon-titan-embed-v2", ["inputText", "dimensions", "normalize", "embeddingTypes"]);

/** The simulated Titan Multimodal Embeddings G1: a text, an image or both make one vector. */
export const amazonTitanEmbedImageSimulation: ModelSimulation = {
  family: "amazon-titan-embed-image",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["inputText", "inputImage", "embeddingConfig"], []);
    if (problem) return problem;
    if (typeof body.inputText !== "string" && typeof body.inputImage !== "string") return "Malformed input request: #: inputText or inputImage is required, please reformat your input and try again.";
    const length = isRecord(body.embeddingConfig) ? body.embeddingConfig.outputEmbeddingLength : undefined;
    if (length !== undefined && ![256, 384, 1024].includes(length as number)) {
      return `Malformed input request: #/embeddingConfig/outputEmbeddingLength: ${String(length)} is not a valid enum value, please reformat your input and try again.`;
    }
    return undefined;
  },
  answer(body) {
    const text = typeof body.inputText === "string" ? body.inputText : "";
    const image = typeof body.inputImage === "string" ? ` image${hashText(body.inputImage).toString(36)}` : "";
    const length = isRecord(body.embeddingConfig) && typeof body.embeddingConfig.outputEmbeddingLength === "number" ? body.embeddingConfig.outputEmbeddingLength : 1024;
    const inputTokens = text === "" ? 0 : countSimulatedTokens(text);
    return { body: { embedding: embedText(`${text}${image}`, length), inputTextTokenCount: inputTokens }, chunks: [], inputTokens, outputTokens: 0 };
  },
};
