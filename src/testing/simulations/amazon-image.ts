/**
 * The offline Bedrock's Titan Image Generator and Nova Canvas (bedrock-formats.md §6.1):
 * validates the TEXT_IMAGE envelope and the model's sizes, answers with real PNGs, and
 * blocks prompts containing "FILTER-ME" as Bedrock's content filter does (HTTP 400).
 */
import { patternPng } from "../png.js";
import { isRecord, checkKeys, hashText, type ModelSimulation } from "../kit.js";

/**
 * The message Bedrock's content filter answers with, as an HTTP 400 ValidationException.
 * Source: ../shared/design/bedrock-formats.md §6.1 "Response" (read 2026-11-25; exact text ⚠️ unconfirmed).
 */
const blockedMessage = "This request has been blocked by our content filters.";

/**
 * Titan Image Generator's text-to-image sizes, width × height.
 * Source: AWS Bedrock User Guide "Amazon Titan Image Generator G1 models" (titan-image-models,
 * "only some specific resolutions are supported") and ../shared/design/bedrock-formats.md §6.1,
 * which confirms 1024×1024 (default), 768×768, 512×512, 1152×896 and 1280×768 (read 2026-11-25);
 * the rest of the table ⚠️ unconfirmed from the page text (read 2026-11-30).
 */
const titanImageSizes: readonly (readonly [number, number])[] = [
  [1024, 1024], [768, 768], [512, 512],
  [768, 1152], [384, 576], [1152, 768], [576, 384],
  [768, 1280], [384, 640], [1280, 768], [640, 384],
  [896, 1152], [448, 576], [1152, 896], [576, 448],
  [768, 1408], [384, 704], [1408, 768], [704, 384],
  [640, 1408], [320, 704], [1408, 640], [704, 320],
  [1152, 640], [1173, 640],
];

function titanSizeProblem(width: number, height: number): string | undefined {
  return titanImageSizes.some(([knownWidth, knownHeight]) => knownWidth === width && knownHeight === height)
    ? undefined
    : `Titan Image Generator takes only its listed sizes (${titanImageSizes.map(([knownWidth, knownHeight]) => `${knownWidth}x${knownHeight}`).join(", ")})`;
}

/**
 * Nova Canvas sizes: each side 320–4096 pixels and a multiple of 16, at most 4,194,304
 * pixels, the longer side at most four times the shorter.
 * Source: ../shared/design/bedrock-formats.md §6.1 (Amazon Nova User Guide "Request and
 * response structure for image generation", read 2026-11-25).
 */
function canvasSizeProblem(width: number, height: number): string | undefined {
  const sidesFit = [width, height].every((side) => side >= 320 && side <= 4096 && side % 16 === 0);
  if (!sidesFit) return "each side must be 320 to 4096 pixels and a multiple of 16";
  if (width * height > 4_194_304) return "the image must have at most 4,194,304 pixels";
  return Math.max(width, height) / Math.min(width, height) <= 4 ? undefined : "the aspect ratio must be at most 4:1";
}

function amazonImageSimulation(family: string, sizeProblem: (width: number, height: number) => string | undefined): ModelSimulation {
  return {
    family,
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
      const problemWithSize = sizeProblem(width, height);
      if (problemWithSize) return `Malformed input request: #/imageGenerationConfig: ${width}x${height} is not supported; ${problemWithSize}, please reformat your input and try again.`;
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
export const amazonTitanImageSimulation = amazonImageSimulation("amazon-titan-image", titanSizeProblem);
/** The simulated Nova Canvas. */
export const amazonNovaCanvasSimulation = amazonImageSimulation("amazon-nova-canvas", canvasSizeProblem);
