/**
 * The offline Bedrock's Stability models (bedrock-formats.md §6.2–6.3): SDXL's sizes and
 * artifacts, Stable Image's aspect ratios and finish reasons; prompts containing
 * "FILTER-ME" are filtered the way each model reports it (SDXL: CONTENT_FILTERED artifact;
 * Stable Image: only `finish_reasons`).
 */
import { patternPng } from "../png.js";
import { isRecord, checkKeys, checkNumber, hashText, type ModelSimulation } from "../kit.js";

/**
 * SDXL 1.0's sizes on Bedrock, width × height: the pair must be one of these.
 * Source: ../shared/design/bedrock-formats.md §6.2 (AWS "Stability.ai Diffusion 1.0 text to
 * image", read 2026-11-25).
 */
const sdxlSizes = ["1024x1024", "1152x896", "1216x832", "1344x768", "1536x640", "640x1536", "768x1344", "832x1216", "896x1152"];

/**
 * Stable Image's `aspect_ratio` values, and the size of the image the simulation draws for
 * each (about one megapixel; Bedrock does not state exact pixels).
 * Source: ../shared/design/bedrock-formats.md §6.3 (AWS "Stable Image Core request and
 * response", read 2026-11-25).
 */
const stableImageRatios: Record<string, [width: number, height: number]> = {
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

/** The simulated SDXL 1.0. */
export const stabilitySdxlSimulation: ModelSimulation = {
  family: "stability-sdxl",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["text_prompts", "height", "width", "cfg_scale", "clip_guidance_preset", "sampler", "samples", "seed", "steps", "style_preset", "extras"], ["text_prompts"]) ??
      checkNumber(body, "cfg_scale", 0, 35) ??
      checkNumber(body, "steps", 10, 50, true) ??
      checkNumber(body, "seed", 0, 4_294_967_295, true);
    if (problem) return problem;
    if (!Array.isArray(body.text_prompts) || body.text_prompts.length === 0) return "Malformed input request: #/text_prompts: expected minimum item count: 1, please reformat your input and try again.";
    if (!sdxlSizes.includes(`${Number(body.width ?? 1024)}x${Number(body.height ?? 1024)}`)) {
      return "Invalid dimensions: height and width must be one of 1024x1024, 1152x896, 1216x832, 1344x768, 1536x640, 640x1536, 768x1344, 832x1216, 896x1152";
    }
    return undefined;
  },
  answer(body) {
    const prompt = JSON.stringify(body.text_prompts);
    const seed = typeof body.seed === "number" && body.seed > 0 ? body.seed : hashText(prompt);
    const filtered = prompt.includes("FILTER-ME");
    const image = patternPng(Number(body.width ?? 1024), Number(body.height ?? 1024), hashText(`${prompt}:${seed}`)).toString("base64");
    return { body: { result: "success", artifacts: [{ seed, base64: image, finishReason: filtered ? "CONTENT_FILTERED" : "SUCCESS" }] }, chunks: [], inputTokens: 0, outputTokens: 0 };
  },
};

/** The simulated SD3 Large, Stable Image Core and Ultra. */
export const stabilityImageSimulation: ModelSimulation = {
  family: "stability-image",
  validate(body) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem = checkKeys(body, ["prompt", "negative_prompt", "aspect_ratio", "mode", "output_format", "seed", "image", "strength"], ["prompt"]) ?? checkNumber(body, "seed", 0, 4_294_967_295, true);
    if (problem) return problem;
    if (body.aspect_ratio !== undefined && !(String(body.aspect_ratio) in stableImageRatios)) return `Malformed input request: #/aspect_ratio: ${String(body.aspect_ratio)} is not a valid enum value, please reformat your input and try again.`;
    return undefined;
  },
  answer(body) {
    const prompt = String(body.prompt);
    if (prompt.includes("FILTER-ME")) return { body: { finish_reasons: ["Filter reason: prompt"] }, chunks: [], inputTokens: 0, outputTokens: 0 };
    const seed = typeof body.seed === "number" && body.seed > 0 ? body.seed : hashText(prompt);
    const [width, height] = stableImageRatios[String(body.aspect_ratio ?? "1:1")] ?? [1024, 1024];
    const image = patternPng(width, height, hashText(`${prompt}:${seed}`)).toString("base64");
    return { body: { seeds: [seed], finish_reasons: [null], images: [image] }, chunks: [], inputTokens: 0, outputTokens: 0 };
  },
};
