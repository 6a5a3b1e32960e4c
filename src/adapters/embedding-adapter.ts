/** The contract of an embedding family's codec: texts in, vectors out, pure (no I/O). */
import type { ModelFamily, ModelInfo } from "../models/model-info.js";
import type { Warning } from "../types.js";

/** One thing to embed: a text, an image (base64), or both (multimodal models). */
export interface EmbedItem {
  text?: string | undefined;
  image?: string | undefined;
}

/** Embedding options after validation. */
export interface NormalizedEmbedOptions {
  dimensions: number | undefined;
  normalize: boolean | undefined;
  inputType: "search_document" | "search_query" | "classification" | "clustering" | undefined;
  truncate: "NONE" | "START" | "END" | undefined;
  /** Cohere Embed v4: the most tokens embedded per input. */
  maxTokens: number | undefined;
}

/** One embedding family's codec. */
export interface EmbeddingAdapter<Body = unknown> {
  /** The family this codec serves (its key in src/adapters/index.ts). */
  readonly family: ModelFamily;
  /** Texts one request can carry (Titan: 1, Cohere: 96). */
  readonly maxBatch: number;
  /** The output sizes the family accepts; the first is the default. */
  readonly dimensions: readonly number[];
  /** Whether the family embeds images. */
  readonly images: boolean;
  /** Whether a text and an image can make one joint vector (texts and images given together); absent means no. */
  readonly imagePairs?: boolean | undefined;
  /** The longest text, in characters, one input may have; absent when the family states none. */
  readonly maxTextCharacters?: number | undefined;
  /** The native body for one batch of items. */
  toNativeBody(items: EmbedItem[], options: NormalizedEmbedOptions, model: ModelInfo): { body: Body; warnings: Warning[] };
  /** The vectors (one per text, in order) and the input tokens, when the body reports them. Throws when the body is not this family's shape. */
  fromNativeBody(body: unknown, count: number): { embeddings: number[][]; inputTokens: number | undefined };
}
