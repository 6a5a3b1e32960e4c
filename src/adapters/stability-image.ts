/**
 * Stability AI SD3 Large, Stable Image Core and Ultra: `prompt`, `negative_prompt`,
 * `aspect_ratio` (no width/height: about one megapixel), `seed`; `images[]`, `seeds[]` and
 * `finish_reasons[]` out (a filtered answer may hold only `finish_reasons`).
 * Format: ../shared/design/bedrock-formats.md §6.3, from AWS's "Stable Image Core / Ultra
 * request and response" pages (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import { fromBase64, type ImageAdapter } from "./image-adapter.js";

/** The native body of SD3 / Stable Image text to image. */
export interface StabilityImageBody {
  prompt: string;
  negative_prompt?: string | undefined;
  aspect_ratio: string;
  output_format: "png";
  seed?: number | undefined;
}

/** The aspect ratios Stable Image takes, with the width and height bedrock-kit maps to each (~1 MP). */
export const stableImageRatios: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "16:9": [1344, 768],
  "9:16": [768, 1344],
  "21:9": [1536, 640],
  "9:21": [640, 1536],
  "3:2": [1216, 832],
  "2:3": [832, 1216],
  "5:4": [1152, 896],
  "4:5": [896, 1152],
};

/** The aspect ratio for an exact width × height, if Stable Image has one. */
function aspectRatioFor(width: number, height: number): string | undefined {
  return Object.entries(stableImageRatios).find(([, [ratioWidth, ratioHeight]]) => ratioWidth === width && ratioHeight === height)?.[0];
}

/** SD3 Large, Stable Image Core and Ultra: one image a request, size by aspect ratio. */
export const stabilityImage = {
  family: "stability-image",
  // AWS Bedrock User Guide "Stable Image Core request and response": seed 0–4294967295 (via bedrock-formats.md §6.3, read 2026-11-30).
  parameterRanges: { seed: [0, 4_294_967_295] },
  maxCount: 1,
  checkSize: (width, height) =>
    aspectRatioFor(width, height) ? undefined : `it takes ${Object.values(stableImageRatios).map(([width, height]) => `${width}x${height}`).join(", ")} (aspect ratios ${Object.keys(stableImageRatios).join(", ")})`,
  toNativeBody(request, model) {
    const warnings: Warning[] = [];
    const body: StabilityImageBody = { prompt: request.prompt, aspect_ratio: aspectRatioFor(request.width, request.height) ?? "1:1", output_format: "png" };
    if (request.negativePrompt !== undefined) body.negative_prompt = request.negativePrompt;
    if (request.seed !== undefined) body.seed = request.seed;
    for (const feature of ["cfgScale", "steps", "quality"] as const) {
      if (request[feature] !== undefined) warnings.push({ type: "unsupported", feature, message: `${model.id} has no ${feature} setting; it was not sent.` });
    }
    return { body, warnings };
  },
  fromNativeBody(body) {
    if (!isRecord(body) || !Array.isArray(body.finish_reasons)) throw new Error("the body has no finish_reasons");
    const reasons = body.finish_reasons as unknown[];
    const images = Array.isArray(body.images) ? body.images : [];
    const seeds = Array.isArray(body.seeds) ? body.seeds : [];
    const shown = images.map((image, index) => ({ image, seed: seeds[index], reason: reasons[index] })).filter((entry) => entry.reason === null || entry.reason === undefined);
    return {
      images: shown.map((entry) => fromBase64(String(entry.image))),
      seeds: shown.map((entry) => (entry.seed === undefined ? undefined : Number(entry.seed))),
      withheld: reasons.filter((reason) => reason !== null && reason !== undefined).map(String),
    };
  },
} satisfies ImageAdapter<StabilityImageBody>;
