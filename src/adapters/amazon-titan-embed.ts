/**
 * Amazon Titan Embeddings G1 – Text and Text V2: one `inputText` per request, V2 with
 * `dimensions` (1024 / 512 / 256) and `normalize`. Format: ../shared/design/bedrock-formats.md
 * §5.1, from AWS's "Amazon Titan Embeddings G1 - Text" page (read 2026-11-25).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { EmbeddingAdapter, NormalizedEmbedOptions } from "./embedding-adapter.js";

/** The native body of Titan Embeddings. */
export interface TitanEmbedBody {
  inputText: string;
  dimensions?: number | undefined;
  normalize?: boolean | undefined;
}

function decode(body: unknown, count: number): { embeddings: number[][]; inputTokens: number | undefined } {
  if (count !== 1 || !isRecord(body) || !Array.isArray(body.embedding)) throw new Error("the body has no embedding");
  return { embeddings: [body.embedding as number[]], inputTokens: typeof body.inputTextTokenCount === "number" ? body.inputTextTokenCount : undefined };
}

function ignored(options: NormalizedEmbedOptions, modelId: string): Warning[] {
  const warnings: Warning[] = [];
  if (options.inputType !== undefined) warnings.push({ type: "unsupported", feature: "inputType", message: `${modelId} has no input type; it was not sent.` });
  if (options.truncate !== undefined) warnings.push({ type: "unsupported", feature: "truncate", message: `${modelId} has no truncate option; it was not sent.` });
  if (options.maxTokens !== undefined) warnings.push({ type: "unsupported", feature: "maxTokens", message: `${modelId} has no per-input token limit to set; it was not sent.` });
  return warnings;
}

/** Titan Embeddings G1 – Text: 1,536 values, nothing to set. */
export const amazonTitanEmbed = {
  family: "amazon-titan-embed",
  maxBatch: 1,
  dimensions: [1536],
  images: false,
  toNativeBody(items, options, model) {
    const warnings = ignored(options, model.id);
    if (options.normalize !== undefined) warnings.push({ type: "unsupported", feature: "normalize", message: `${model.id} has no normalize option; it was not sent.` });
    return { body: { inputText: items[0]?.text ?? "" }, warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<TitanEmbedBody>;

/** Titan Text Embeddings V2: `dimensions` and `normalize`. */
export const amazonTitanEmbedV2 = {
  family: "amazon-titan-embed-v2",
  maxBatch: 1,
  dimensions: [1024, 512, 256],
  images: false,
  toNativeBody(items, options, model) {
    const body: TitanEmbedBody = { inputText: items[0]?.text ?? "" };
    if (options.dimensions !== undefined) body.dimensions = options.dimensions;
    if (options.normalize !== undefined) body.normalize = options.normalize;
    return { body, warnings: ignored(options, model.id) };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<TitanEmbedBody>;

/** The native body of Titan Multimodal Embeddings G1. */
export interface TitanMultimodalBody {
  inputText?: string | undefined;
  inputImage?: string | undefined;
  embeddingConfig?: { outputEmbeddingLength: number } | undefined;
}

/**
 * Titan Multimodal Embeddings G1: a text, an image or both per request (one joint vector),
 * `embeddingConfig.outputEmbeddingLength` 1024 (default), 384 or 256 (AWS user guide,
 * "Amazon Titan Multimodal Embeddings G1"; bedrock-formats.md §5 names the model only).
 */
export const amazonTitanEmbedImage = {
  family: "amazon-titan-embed-image",
  maxBatch: 1,
  dimensions: [1024, 384, 256],
  images: true,
  imagePairs: true,
  toNativeBody(items, options, model) {
    const item = items[0] ?? {};
    const body: TitanMultimodalBody = {};
    if (item.text !== undefined) body.inputText = item.text;
    if (item.image !== undefined) body.inputImage = item.image;
    if (options.dimensions !== undefined) body.embeddingConfig = { outputEmbeddingLength: options.dimensions };
    const warnings = ignored(options, model.id);
    if (options.normalize !== undefined) warnings.push({ type: "unsupported", feature: "normalize", message: `${model.id} has no normalize option; it was not sent.` });
    return { body, warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<TitanMultimodalBody>;
