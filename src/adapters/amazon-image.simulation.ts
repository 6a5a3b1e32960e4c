/**
 * The offline Bedrock's Titan Image Generator and Nova Canvas (bedrock-formats.md §6.1):
 * validates the TEXT_IMAGE envelope and the model's sizes, answers with real PNGs, and
 * blocks prompts containing "FILTER-ME" as Bedrock's content filter does (HTTP 400).
 */
import { isRecord } from "../encoding.js";
import { patternPng } from "../testing/png.js";
import { checkKeys, hashText, type ModelSimulation } from "../testing/simulation.js";
import { amazonNovaCanvas, amazonTitanImage } from "./amazon-image.js";
import type { ImageAdapter } from "./image-adapter.js";

/** The message Bedrock's content filter answers with (bedrock-formats.md §6.1; exact text ⚠️). */
export const blockedMessage = "This request has been blocked by our content filters.";

function amazonImageSimulation(adapter: ImageAdapter): ModelSimulation {
  return {
    family: adapter.family,
    validate(body) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const problem = checkKeys(body, ["taskType", "textToImageParams", "imageGenerationConfig"], ["taskType", "textToImageParams"]);
      if (problem) return problem;
      if (body.taskType !== "TEXT_IMAGE") return "Malformed input request: #/taskType: only TEXT_IMAGE is simulated, please reformat your input and try again.";
      const params = body.textToImageParams;
      if (!isRecord(params) || typeof params.text !== "string" || params.text.length < 1 || params.text.length > 1024) {
        return "Malformed input request: #/textToImageParams/text: expected 1 to 1024 characters, please reformat your input and try again.";
      }
      if (params.text.includes("FILTER-ME")) return blockedMessage;
      const config = isRecord(body.imageGenerationConfig) ? body.imageGenerationConfig : {};
      const width = Number(config.width ?? 1024);
      const height = Number(config.height ?? 1024);
      const sizeProblem = adapter.checkSize(width, height);
      if (sizeProblem) return `Malformed input request: #/imageGenerationConfig: ${width}x${height} is not supported; ${sizeProblem}, please reformat your input and try again.`;
      const count = Number(config.numberOfImages ?? 1);
      if (!Number.isInteger(count) || count < 1 || count > 5) return "Malformed input request: #/imageGenerationConfig/numberOfImages: expected 1 to 5, please reformat your input and try again.";
      return undefined;
    },
    answer(body) {
      const params = body.textToImageParams as Record<string, unknown>;
      const config = isRecord(body.imageGenerationConfig) ? body.imageGenerationConfig : {};
      const seed = typeof config.seed === "number" ? config.seed : 42;
      const images = Array.from({ length: Number(config.numberOfImages ?? 1) }, (_, index) =>
        patternPng(Number(config.width ?? 1024), Number(config.height ?? 1024), hashText(`${String(params.text)}:${seed}:${index}`)).toString("base64"),
      );
      return { body: { images, error: null }, chunks: [], inputTokens: 0, outputTokens: 0 };
    },
  };
}

/** The simulated Titan Image Generator. */
export const amazonTitanImageSimulation = amazonImageSimulation(amazonTitanImage);
/** The simulated Nova Canvas. */
export const amazonNovaCanvasSimulation = amazonImageSimulation(amazonNovaCanvas);
