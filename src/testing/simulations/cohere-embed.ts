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

/**
 * Cohere Embed v4 on Bedrock (AWS "Cohere Embed v4" page, read 2026-11-30): `input_type`
 * required; exactly one of `texts`, `images` (base64 data URLs) and `inputs` (content lists
 * of `text` and `image_url` parts), at most 96 each; `embedding_types` from float, int8,
 * uint8, binary, ubinary; `output_dimension` 256, 512, 1024 or 1536; `max_tokens`;
 * `truncate` NONE, LEFT or RIGHT. The answer is `embeddings_by_type` (recorded in vercel/ai's
 * Cohere v4 fixture @7dc53ec even without `embedding_types`), with `embeddings.float`.
 */
const v4InputTypes = ["search_document", "search_query", "classification", "clustering"];
const v4Dimensions = [256, 512, 1024, 1536];
const v4Types = ["float", "int8", "uint8", "binary", "ubinary"];
const dataUrlPattern = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

function malformed(path: string, expected: string): string {
  return `Malformed input request: #/${path}: ${expected}, please reformat your input and try again.`;
}

/** Why a v4 `inputs` list is malformed, or undefined. */
function checkV4Inputs(inputs: unknown): string | undefined {
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 96) return malformed("inputs", "expected between 1 and 96 items");
  for (const [index, input] of inputs.entries()) {
    const content = isRecord(input) ? input.content : undefined;
    if (!Array.isArray(content) || content.length === 0) return malformed(`inputs/${index}/content`, "expected a non-empty array");
    for (const part of content) {
      const good = isRecord(part) && ((part.type === "text" && typeof part.text === "string") || (part.type === "image_url" && typeof part.image_url === "string" && dataUrlPattern.test(part.image_url)));
      if (!good) return malformed(`inputs/${index}/content`, "expected text parts and image_url parts with a base64 data URL");
    }
  }
  return undefined;
}

/** The text that stands for one v4 input in the simulated vector: its text, and a token per image. */
function v4InputText(input: unknown): string {
  if (typeof input === "string") return input.startsWith("data:") ? `image${hashText(input).toString(36)}` : input;
  const content = isRecord(input) && Array.isArray(input.content) ? input.content : [];
  return content.map((part) => (isRecord(part) && part.type === "text" ? String(part.text) : `image${hashText(JSON.stringify(part)).toString(36)}`)).join(" ");
}

/** The simulated Cohere Embed v4 model. */
export const cohereEmbedV4Simulation: ModelSimulation = {
  family: "cohere-embed-v4",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["input_type", "texts", "images", "inputs", "embedding_types", "output_dimension", "max_tokens", "truncate"], ["input_type"]);
    if (problem) return problem;
    if (!v4InputTypes.includes(String(body.input_type))) return malformed("input_type", `${String(body.input_type)} is not a valid enum value`);
    const given = ["texts", "images", "inputs"].filter((key) => key in body);
    if (given.length !== 1) return malformed("", "give exactly one of texts, images and inputs");
    if (body.texts !== undefined && (!Array.isArray(body.texts) || body.texts.length === 0 || body.texts.length > 96 || body.texts.some((text) => typeof text !== "string"))) {
      return malformed("texts", "expected between 1 and 96 strings");
    }
    if (body.images !== undefined && (!Array.isArray(body.images) || body.images.length === 0 || body.images.length > 96 || body.images.some((image) => typeof image !== "string" || !dataUrlPattern.test(image)))) {
      return malformed("images", "expected between 1 and 96 base64 image data URLs");
    }
    if (body.inputs !== undefined) {
      const inputsProblem = checkV4Inputs(body.inputs);
      if (inputsProblem) return inputsProblem;
    }
    if (body.output_dimension !== undefined && !v4Dimensions.includes(body.output_dimension as number)) return malformed("output_dimension", `${String(body.output_dimension)} is not a valid enum value`);
    if (body.embedding_types !== undefined && (!Array.isArray(body.embedding_types) || body.embedding_types.some((type) => !v4Types.includes(String(type))))) {
      return malformed("embedding_types", "expected values from float, int8, uint8, binary, ubinary");
    }
    if (body.max_tokens !== undefined && (typeof body.max_tokens !== "number" || !Number.isInteger(body.max_tokens) || body.max_tokens < 1 || body.max_tokens > 128_000)) {
      return malformed("max_tokens", "expected an integer from 1 to 128000");
    }
    if (body.truncate !== undefined && !["NONE", "LEFT", "RIGHT"].includes(String(body.truncate))) return malformed("truncate", `${String(body.truncate)} is not a valid enum value`);
    return undefined;
  },
  answer(body) {
    const inputs = (body.texts ?? body.images ?? body.inputs) as unknown[];
    const texts = inputs.map(v4InputText);
    const dimensions = typeof body.output_dimension === "number" ? body.output_dimension : 1536;
    const inputTokens = texts.reduce((sum, text) => sum + countSimulatedTokens(text), 0);
    const answer: Record<string, unknown> = {
      id: hashText(texts.join("\n")).toString(16),
      embeddings: { float: texts.map((text) => embedText(text, dimensions)) },
      response_type: "embeddings_by_type",
    };
    if (Array.isArray(body.texts)) answer.texts = body.texts;
    return { body: answer, chunks: [], inputTokens, outputTokens: 0 };
  },
};
