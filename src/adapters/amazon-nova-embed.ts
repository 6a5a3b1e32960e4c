/**
 * Amazon Nova Multimodal Embeddings (`amazon.nova-2-multimodal-embeddings-v1:0`) on
 * InvokeModel: one text or one image per request, `taskType: "SINGLE_EMBEDDING"`,
 * `embeddingPurpose` (required), `embeddingDimension` 3072 (default) / 1024 / 384 / 256,
 * text `{truncationMode (required), value}` of at most 8,192 characters, image
 * `{format, source: {bytes}}`; the answer is `{embeddings: [{embeddingType, embedding,
 * truncatedCharLength?}]}`, with no token count in the body (the header has it).
 * Source: Amazon Nova User Guide "Complete embeddings request and response schema"
 * (nova/latest/userguide/embeddings-schema, read 2026-11-30). Audio, video and the
 * asynchronous segmented task are not called.
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { EmbeddingAdapter, NormalizedEmbedOptions } from "./embedding-adapter.js";
import { imageFormatOf, type ImageFormat } from "./shared/image-type.js";

/** What the embedding is for, in Nova's words. */
export type NovaEmbeddingPurpose =
  | "GENERIC_INDEX"
  | "GENERIC_RETRIEVAL"
  | "TEXT_RETRIEVAL"
  | "IMAGE_RETRIEVAL"
  | "VIDEO_RETRIEVAL"
  | "DOCUMENT_RETRIEVAL"
  | "AUDIO_RETRIEVAL"
  | "CLASSIFICATION"
  | "CLUSTERING";

/** The native body of Nova Multimodal Embeddings, synchronous form. */
export interface NovaEmbedBody {
  schemaVersion: "nova-multimodal-embed-v1";
  taskType: "SINGLE_EMBEDDING";
  singleEmbeddingParams: {
    embeddingPurpose: NovaEmbeddingPurpose;
    embeddingDimension?: number | undefined;
    text?: { truncationMode: "START" | "END" | "NONE"; value: string } | undefined;
    image?: { format: ImageFormat; source: { bytes: string } } | undefined;
  };
}

/**
 * `inputType` as Nova's purpose: documents are indexed (`GENERIC_INDEX`, also the default,
 * AWS: "should be used irrespective of the modality you are indexing"), queries search a
 * mixed index (`GENERIC_RETRIEVAL`); the narrower retrieval purposes go through
 * `native: { singleEmbeddingParams: { embeddingPurpose } }`.
 */
const purposes: Record<NonNullable<NormalizedEmbedOptions["inputType"]>, NovaEmbeddingPurpose> = {
  search_document: "GENERIC_INDEX",
  search_query: "GENERIC_RETRIEVAL",
  classification: "CLASSIFICATION",
  clustering: "CLUSTERING",
};

/** Nova Multimodal Embeddings: one text or one image a request, never both. */
export const amazonNovaEmbed = {
  family: "amazon-nova-embed",
  maxBatch: 1,
  dimensions: [3072, 1024, 384, 256],
  images: true,
  maxTextCharacters: 8_192,
  toNativeBody(items, options, model) {
    const item = items[0] ?? {};
    const warnings: Warning[] = [];
    if (options.normalize !== undefined) warnings.push({ type: "unsupported", feature: "normalize", message: `${model.id} has no normalize option; it was not sent.` });
    if (options.maxTokens !== undefined) warnings.push({ type: "unsupported", feature: "maxTokens", message: `${model.id} has no per-input token limit to set; it was not sent.` });
    const params: NovaEmbedBody["singleEmbeddingParams"] = { embeddingPurpose: options.inputType ? purposes[options.inputType] : "GENERIC_INDEX" };
    if (options.dimensions !== undefined) params.embeddingDimension = options.dimensions;
    if (item.image !== undefined) {
      const format = imageFormatOf(item.image);
      if (!format) warnings.push({ type: "estimated", feature: "images", message: `An image given to ${model.id} is not PNG, JPEG, GIF or WebP by its first bytes; it was sent as png.` });
      params.image = { format: format ?? "png", source: { bytes: item.image } };
    } else {
      // Nova requires a truncation mode; NONE (an over-long text is an error, not cut silently) unless `truncate` says otherwise.
      params.text = { truncationMode: options.truncate ?? "NONE", value: item.text ?? "" };
    }
    return { body: { schemaVersion: "nova-multimodal-embed-v1", taskType: "SINGLE_EMBEDDING", singleEmbeddingParams: params }, warnings };
  },
  fromNativeBody(body, count) {
    const first = isRecord(body) && Array.isArray(body.embeddings) ? body.embeddings[0] : undefined;
    if (count !== 1 || !isRecord(first) || !Array.isArray(first.embedding)) throw new Error("the body has no embeddings[0].embedding");
    return { embeddings: [first.embedding as number[]], inputTokens: undefined };
  },
} satisfies EmbeddingAdapter<NovaEmbedBody>;
