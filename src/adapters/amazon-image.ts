/**
 * Amazon Titan Image Generator G1 v1/v2 and Nova Canvas, text to image: one envelope
 * (`taskType: "TEXT_IMAGE"`, `textToImageParams`, `imageGenerationConfig`), `images[]` out.
 * Format: ../shared/design/bedrock-formats.md §6.1, from AWS's Titan Image page and the Nova
 * user guide's image-generation request structure (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { ImageAdapter, ImageOutput, NormalizedImageRequest } from "./image-adapter.js";
import { fromBase64 } from "./image-adapter.js";

/** The native body of a text-to-image request. */
export interface AmazonImageBody {
  taskType: "TEXT_IMAGE";
  textToImageParams: { text: string; negativeText?: string };
  imageGenerationConfig: { numberOfImages: number; width: number; height: number; quality?: string; cfgScale?: number; seed?: number };
}

/** Titan Image Generator's sizes (AWS user guide's list, the common ones). */
const titanSizes = ["1024x1024", "768x768", "512x512", "768x1152", "384x576", "1152x768", "576x384", "768x1280", "384x640", "1280x768", "640x384", "896x1152", "448x576", "1152x896", "576x448", "768x1408", "384x704", "1408x768", "704x384", "640x1408", "320x704", "1408x640", "704x320", "1152x640", "1173x640"];

function toBody(request: NormalizedImageRequest): AmazonImageBody {
  const params: AmazonImageBody["textToImageParams"] = { text: request.prompt };
  if (request.negativePrompt !== undefined) params.negativeText = request.negativePrompt;
  const config: AmazonImageBody["imageGenerationConfig"] = { numberOfImages: request.count, width: request.width, height: request.height };
  if (request.quality !== undefined) config.quality = request.quality;
  if (request.cfgScale !== undefined) config.cfgScale = request.cfgScale;
  if (request.seed !== undefined) config.seed = request.seed;
  return { taskType: "TEXT_IMAGE", textToImageParams: params, imageGenerationConfig: config };
}

function decode(body: unknown): ImageOutput {
  if (!isRecord(body) || !Array.isArray(body.images)) throw new Error("the body has no images array");
  const withheld = typeof body.error === "string" && body.error !== "" ? [body.error] : [];
  return { images: body.images.map((image) => fromBase64(String(image))), seeds: body.images.map(() => undefined), withheld };
}

/**
 * Titan Image and Nova Canvas answer a prompt or an image their content filters block with a
 * ValidationException, not a body: "This request has been blocked by our content filters."
 * (bedrock-formats.md §6.1, read 2026-11-25), sometimes followed by "because the generated
 * image(s) may conflict with our AUP or AWS Responsible AI Policy." The sentence is the reason.
 */
const contentFilterRefusal = /This request has been blocked by our content filters[^\n]*/i;

function readRefusal(message: string): string | undefined {
  return contentFilterRefusal.exec(message)?.[0];
}

function stepsWarning(request: NormalizedImageRequest, modelId: string): Warning[] {
  return request.steps === undefined ? [] : [{ type: "unsupported", feature: "steps", message: `${modelId} has no steps setting; it was not sent.` }];
}

/** Titan Image Generator G1 v1 / v2. */
/** Titan Image Generator and Nova Canvas settings (AWS Bedrock User Guide, "Amazon Titan Image Generator G1 models"; Nova Canvas shares the envelope and its 2,147,483,646 seed bound; via bedrock-formats.md §6.1, read 2026-11-30). */
const amazonImageRanges = { seed: [0, 2_147_483_646], cfgScale: [1.1, 10] } as const;

export const amazonTitanImage = {
  family: "amazon-titan-image",
  maxCount: 5,
  parameterRanges: amazonImageRanges,
  checkSize: (width, height) => (titanSizes.includes(`${width}x${height}`) ? undefined : `it takes ${titanSizes.join(", ")}`),
  toNativeBody: (request, model) => ({ body: toBody(request), warnings: stepsWarning(request, model.id) }),
  fromNativeBody: decode,
  readRefusal,
} satisfies ImageAdapter<AmazonImageBody>;

/** Nova Canvas: each side 320–4096 and a multiple of 16, at most 4.19 MP, ratio at most 4:1. */
export const amazonNovaCanvas = {
  family: "amazon-nova-canvas",
  maxCount: 5,
  parameterRanges: amazonImageRanges,
  checkSize(width, height) {
    const fits =
      [width, height].every((side) => side >= 320 && side <= 4096 && side % 16 === 0) &&
      width * height <= 4_194_304 &&
      Math.max(width, height) / Math.min(width, height) <= 4;
    return fits ? undefined : "each side must be 320–4096 and a multiple of 16, at most 4,194,304 pixels, ratio at most 4:1";
  },
  toNativeBody: (request, model) => ({ body: toBody(request), warnings: stepsWarning(request, model.id) }),
  fromNativeBody: decode,
  readRefusal,
} satisfies ImageAdapter<AmazonImageBody>;
