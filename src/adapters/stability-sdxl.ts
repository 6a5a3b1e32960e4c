/**
 * Stability AI SDXL 1.0, text to image: `text_prompts` (negative weight = negative prompt),
 * `cfg_scale`, `steps`, `seed`, one of nine sizes; `artifacts[]` out with `finishReason`.
 * Format: ../shared/design/bedrock-formats.md §6.2, from AWS's "Stability.ai Diffusion 1.0
 * text to image" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import { fromBase64, type ImageAdapter } from "./image-adapter.js";

/** The native body of SDXL text to image. */
export interface SdxlBody {
  text_prompts: { text: string; weight: number }[];
  width: number;
  height: number;
  cfg_scale?: number | undefined;
  steps?: number | undefined;
  seed?: number | undefined;
}

/** The sizes SDXL 1.0 takes on Bedrock (AWS user guide). */
export const sdxlSizes = ["1024x1024", "1152x896", "1216x832", "1344x768", "1536x640", "640x1536", "768x1344", "832x1216", "896x1152"];

/** SDXL 1.0: one image a request. */
export const stabilitySdxl = {
  family: "stability-sdxl",
  // AWS Bedrock User Guide "Stability.ai Diffusion 1.0 text to image": cfg_scale 0–35, steps 10–50, seed 0–4294967295 (via bedrock-formats.md §6.2, read 2026-11-30).
  parameterRanges: { seed: [0, 4_294_967_295], cfgScale: [0, 35], steps: [10, 50] },
  maxCount: 1,
  checkSize: (width, height) => (sdxlSizes.includes(`${width}x${height}`) ? undefined : `it takes ${sdxlSizes.join(", ")}`),
  toNativeBody(request, model) {
    const warnings: Warning[] = [];
    const prompts = [{ text: request.prompt, weight: 1 }];
    if (request.negativePrompt !== undefined) prompts.push({ text: request.negativePrompt, weight: -1 });
    const body: SdxlBody = { text_prompts: prompts, width: request.width, height: request.height };
    if (request.cfgScale !== undefined) body.cfg_scale = request.cfgScale;
    if (request.steps !== undefined) body.steps = request.steps;
    if (request.seed !== undefined) body.seed = request.seed;
    if (request.quality !== undefined) warnings.push({ type: "unsupported", feature: "quality", message: `${model.id} has no quality setting; it was not sent.` });
    return { body, warnings };
  },
  fromNativeBody(body) {
    if (!isRecord(body) || !Array.isArray(body.artifacts)) throw new Error("the body has no artifacts array");
    const artifacts = body.artifacts.filter(isRecord);
    const shown = artifacts.filter((artifact) => artifact.finishReason === "SUCCESS" || artifact.finishReason === undefined);
    return {
      images: shown.map((artifact) => fromBase64(String(artifact.base64))),
      seeds: shown.map((artifact) => (typeof artifact.seed === "number" ? artifact.seed : undefined)),
      withheld: artifacts.filter((artifact) => !shown.includes(artifact)).map((artifact) => String(artifact.finishReason)),
    };
  },
} satisfies ImageAdapter<SdxlBody>;
