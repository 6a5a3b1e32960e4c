/**
 * Checks `fm.embed` and `fm.generateImage` requests before the network: each option of
 * the wrong type or out of the model's range is a `ValidationError` naming the field and
 * what it takes. Messages never repeat the texts or the prompt.
 */
import type { EmbedRequest } from "./operations/embed.js";
import type { ImageRequest } from "./operations/generate-image.js";
import type { ImageParameterRanges } from "./adapters/image-adapter.js";
import { ValidationError } from "./errors.js";

function invalid(field: string, expected: string, modelId: string | undefined): never {
  throw new ValidationError(`Invalid ${field}: expected ${expected}`, { field, modelId });
}

function isIntegerIn(value: unknown, minimum: number, maximum: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= minimum && value <= maximum;
}

function checkOneOf(field: string, value: unknown, allowed: readonly string[], modelId: string): void {
  if (value !== undefined && !allowed.includes(value as string)) invalid(field, `one of ${allowed.map((item) => `"${item}"`).join(", ")}`, modelId);
}

function checkBoolean(field: string, value: unknown, modelId: string): void {
  if (value !== undefined && typeof value !== "boolean") invalid(field, "true or false", modelId);
}

function checkRequestObject(request: unknown, what: string): string {
  if (typeof request !== "object" || request === null || Array.isArray(request)) invalid("request", "an object", undefined);
  const { modelId } = request as { modelId?: unknown };
  if (typeof modelId !== "string" || modelId.trim() === "") invalid("modelId", `${what} model ID`, undefined);
  return modelId;
}

/** Cohere Embed v3 `input_type` (text ones) and `truncate` values (../shared/design/bedrock-formats.md §5.2, from the AWS "Cohere Embed models" page, read 2026-11-30). */
const inputTypes = ["search_document", "search_query", "classification", "clustering"] as const;
const truncateValues = ["NONE", "START", "END"] as const;

/** Cohere Embed v4's `max_tokens` ceiling (AWS "Cohere Embed v4" page, read 2026-11-30). */
const maxEmbedTokens = 128_000;

/** The most embedding requests in flight at once that `concurrency` may ask for. */
const maxConcurrency = 64;

/**
 * Throws {@link ValidationError} naming the field when an embed request has an option
 * of the wrong type: `texts` and `images` arrays, `dimensions` a positive integer (the
 * model's sizes are checked once it is known), `normalize` and `float32` booleans,
 * `inputType` and `truncate` one of Cohere's values, `maxTokens` an integer from 1 to
 * 128,000, `native` a plain object, `concurrency` an integer from 1 to 64.
 */
export function checkEmbedRequest(request: EmbedRequest): void {
  const modelId = checkRequestObject(request, "an embedding");
  const { texts, images } = request;
  if (texts !== undefined) {
    if (!Array.isArray(texts)) invalid("texts", "an array of non-empty strings", modelId);
    for (let index = 0; index < texts.length; index++) {
      const text: unknown = texts[index];
      if (typeof text !== "string" || text === "") invalid(`texts[${index}]`, "a non-empty string", modelId);
    }
  }
  if (images !== undefined) {
    if (!Array.isArray(images)) invalid("images", "an array of image bytes (Uint8Array) or base64 strings", modelId);
    for (let index = 0; index < images.length; index++) {
      const image: unknown = images[index];
      if (!(image instanceof Uint8Array) && (typeof image !== "string" || image === "")) invalid(`images[${index}]`, "image bytes (Uint8Array) or a base64 string", modelId);
    }
  }
  if (request.dimensions !== undefined && !isIntegerIn(request.dimensions, 1, Number.MAX_SAFE_INTEGER)) {
    invalid("dimensions", "a positive integer (Titan V2: 1024, 512 or 256)", modelId);
  }
  if (request.maxTokens !== undefined && !isIntegerIn(request.maxTokens, 1, maxEmbedTokens)) invalid("maxTokens", `an integer from 1 to ${maxEmbedTokens}`, modelId);
  if (request.native !== undefined && (typeof request.native !== "object" || request.native === null || Array.isArray(request.native))) {
    invalid("native", "a plain object of native body fields", modelId);
  }
  checkBoolean("normalize", request.normalize, modelId);
  checkBoolean("float32", request.float32, modelId);
  checkOneOf("inputType", request.inputType, inputTypes, modelId);
  checkOneOf("truncate", request.truncate, truncateValues, modelId);
  if (request.concurrency !== undefined && !isIntegerIn(request.concurrency, 1, maxConcurrency)) {
    invalid("concurrency", `an integer from 1 to ${maxConcurrency}`, modelId);
  }
}

/** The largest side any family draws: Nova Canvas, 4096 px (bedrock-formats.md §6.1). */
const maxSide = 4096;

/**
 * Throws {@link ValidationError} naming the field when an image request has an option of
 * the wrong type or out of the ranges its family's adapter declares:
 * `seed`, `cfgScale` and `steps` within the family's range (any finite number or integer
 * for a family without that setting, which is then only warned about), `width` and
 * `height` integers from 1 to 4096 (the family's sizes are checked by its adapter),
 * `negativePrompt` a string, `quality` `standard` or `premium`.
 */
export function checkImageRequest(request: ImageRequest, ranges: ImageParameterRanges): void {
  const modelId = checkRequestObject(request, "an image");
  if (request.negativePrompt !== undefined && typeof request.negativePrompt !== "string") invalid("negativePrompt", "a string", modelId);
  for (const side of ["width", "height"] as const) {
    if (request[side] !== undefined && !isIntegerIn(request[side], 1, maxSide)) invalid(side, `an integer number of pixels from 1 to ${maxSide}`, modelId);
  }
  const [seedMinimum, seedMaximum] = ranges.seed;
  if (request.seed !== undefined && !isIntegerIn(request.seed, seedMinimum, seedMaximum)) {
    invalid("seed", `an integer from ${seedMinimum} to ${seedMaximum} for ${modelId}`, modelId);
  }
  const { cfgScale, steps } = request;
  if (cfgScale !== undefined) {
    const [minimum, maximum] = ranges.cfgScale ?? [-Infinity, Infinity];
    if (typeof cfgScale !== "number" || !Number.isFinite(cfgScale) || cfgScale < minimum || cfgScale > maximum) {
      invalid("cfgScale", ranges.cfgScale ? `a number from ${minimum} to ${maximum} for ${modelId}` : "a finite number", modelId);
    }
  }
  if (steps !== undefined) {
    const [minimum, maximum] = ranges.steps ?? [1, Number.MAX_SAFE_INTEGER];
    if (!isIntegerIn(steps, minimum, maximum)) invalid("steps", ranges.steps ? `an integer from ${minimum} to ${maximum} for ${modelId}` : "a positive integer", modelId);
  }
  checkOneOf("quality", request.quality, ["standard", "premium"], modelId);
}
