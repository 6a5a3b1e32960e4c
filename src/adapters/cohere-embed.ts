/**
 * Cohere Embed on Bedrock. Token counts come from the response headers (no body count).
 *
 * - v3 (English / Multilingual): up to 96 `texts` per request, `input_type` required,
 *   `truncate` NONE / START / END, 1,024 values. Format: ../shared/design/bedrock-formats.md
 *   §5.2, from AWS's "Cohere Embed models" page (read 2026-11-25).
 * - v4 (`cohere.embed-v4:0`): `texts` or `images` (data URLs), up to 96 per request, or
 *   `inputs` of `text` and `image_url` parts (one joint vector per input);
 *   `output_dimension` 256 / 512 / 1024 / 1536 (default 1536), `embedding_types`,
 *   `max_tokens` (up to 128,000), `truncate` NONE / LEFT / RIGHT; the answer is
 *   `response_type: "embeddings_by_type"` with `embeddings.float`. Source: AWS "Cohere Embed
 *   v4" page (model-parameters-embed-v4, read 2026-11-30); the answer's shape also recorded
 *   in vercel/ai `packages/amazon-bedrock/src/__fixtures__/amazon-bedrock-cohere-v4-application-inference-profile.json`
 *   @7dc53ec (request `{input_type, output_dimension: 256, texts}`, read 2026-11-30).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { EmbedItem, EmbeddingAdapter, NormalizedEmbedOptions } from "./embedding-adapter.js";
import { imageFormatOf } from "./shared/image-type.js";

/** The native body of Cohere Embed v3. */
export interface CohereEmbedBody {
  texts: string[];
  input_type: string;
  truncate?: string | undefined;
}

/** The float vectors of a Cohere answer: `embeddings` itself (`embeddings_floats`) or `embeddings.float` (`embeddings_by_type`). */
function decode(body: unknown, count: number): { embeddings: number[][]; inputTokens: undefined } {
  const embeddings = isRecord(body) ? (Array.isArray(body.embeddings) ? body.embeddings : isRecord(body.embeddings) ? body.embeddings.float : undefined) : undefined;
  if (!Array.isArray(embeddings) || embeddings.length !== count) throw new Error("the body has no float embeddings for every input");
  return { embeddings: embeddings as number[][], inputTokens: undefined };
}

function unsupported(feature: "normalize" | "maxTokens", modelId: string): Warning {
  return { type: "unsupported", feature, message: `${modelId} has no ${feature} option; it was not sent.` };
}

/** Cohere Embed v3: 1,024 values, batches of 96. */
export const cohereEmbed = {
  family: "cohere-embed",
  maxBatch: 96,
  dimensions: [1024],
  images: false,
  toNativeBody(items, options, model) {
    const texts = items.map((item) => item.text ?? "");
    const warnings: Warning[] = [];
    if (options.normalize !== undefined) warnings.push(unsupported("normalize", model.id));
    if (options.maxTokens !== undefined) warnings.push(unsupported("maxTokens", model.id));
    const body: CohereEmbedBody = { texts, input_type: options.inputType ?? "search_document" };
    if (options.truncate !== undefined) body.truncate = options.truncate;
    return { body, warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<CohereEmbedBody>;

/** One part of a Cohere Embed v4 `inputs[].content`. */
export type CohereEmbedV4Part = { type: "text"; text: string } | { type: "image_url"; image_url: string };

/** The native body of Cohere Embed v4. */
export interface CohereEmbedV4Body {
  input_type: string;
  texts?: string[] | undefined;
  images?: string[] | undefined;
  inputs?: { content: CohereEmbedV4Part[] }[] | undefined;
  embedding_types: string[];
  output_dimension?: number | undefined;
  max_tokens?: number | undefined;
  truncate?: "NONE" | "LEFT" | "RIGHT" | undefined;
}

/** bedrock-kit's `truncate` in v4's words: START discards the start (LEFT), END the end (RIGHT). */
const v4Truncate = { NONE: "NONE", START: "LEFT", END: "RIGHT" } as const;

/** A base64 image as the data URL v4 takes, and a warning when its format could not be read. */
function dataUrl(image: string, modelId: string, warnings: Warning[]): string {
  const format = imageFormatOf(image);
  if (!format && !warnings.some((warning) => warning.feature === "images")) {
    warnings.push({ type: "estimated", feature: "images", message: `An image given to ${modelId} is not PNG, JPEG, GIF or WebP by its first bytes; it was sent as image/png.` });
  }
  return `data:image/${format ?? "png"};base64,${image}`;
}

/** The body for one batch: texts, images, or text-and-image inputs, with the options v4 takes. */
function v4Body(items: EmbedItem[], options: NormalizedEmbedOptions, modelId: string, warnings: Warning[]): CohereEmbedV4Body {
  const body: CohereEmbedV4Body = { input_type: options.inputType ?? "search_document", embedding_types: ["float"] };
  const withImages = items.some((item) => item.image !== undefined);
  const withTexts = items.some((item) => item.text !== undefined);
  if (withImages && withTexts) {
    body.inputs = items.map((item) => ({
      content: [
        { type: "text", text: item.text ?? "" },
        { type: "image_url", image_url: dataUrl(item.image ?? "", modelId, warnings) },
      ],
    }));
  } else if (withImages) body.images = items.map((item) => dataUrl(item.image ?? "", modelId, warnings));
  else body.texts = items.map((item) => item.text ?? "");
  if (options.dimensions !== undefined) body.output_dimension = options.dimensions;
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.truncate !== undefined) body.truncate = v4Truncate[options.truncate];
  return body;
}

/** Cohere Embed v4: texts, images or text-and-image pairs, 96 per request, 1,536 values by default. */
export const cohereEmbedV4 = {
  family: "cohere-embed-v4",
  maxBatch: 96,
  dimensions: [1536, 1024, 512, 256],
  images: true,
  imagePairs: true,
  toNativeBody(items, options, model) {
    const warnings: Warning[] = [];
    if (options.normalize !== undefined) warnings.push(unsupported("normalize", model.id));
    return { body: v4Body(items, options, model.id, warnings), warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<CohereEmbedV4Body>;
