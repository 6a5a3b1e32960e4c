/**
 * Cohere Embed English / Multilingual v3: up to 96 `texts` per request, `input_type`
 * required, `truncate`. Format: ../shared/design/bedrock-formats.md §5.2, from AWS's "Cohere
 * Embed models" page (read 2026-11-25). Token counts come from the response headers.
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { EmbeddingAdapter } from "./embedding-adapter.js";

/** The native body of Cohere Embed v3. */
export interface CohereEmbedBody {
  texts: string[];
  input_type: string;
  truncate?: string;
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
    if (options.normalize !== undefined) warnings.push({ type: "unsupported", feature: "normalize", message: `${model.id} has no normalize option; it was not sent.` });
    const body: CohereEmbedBody = { texts, input_type: options.inputType ?? "search_document" };
    if (options.truncate !== undefined) body.truncate = options.truncate;
    return { body, warnings };
  },
  fromNativeBody(body, count) {
    const embeddings = isRecord(body) ? (Array.isArray(body.embeddings) ? body.embeddings : isRecord(body.embeddings) ? body.embeddings.float : undefined) : undefined;
    if (!Array.isArray(embeddings) || embeddings.length !== count) throw new Error("the body has no embeddings for every text");
    return { embeddings: embeddings as number[][], inputTokens: undefined };
  },
} satisfies EmbeddingAdapter<CohereEmbedBody>;
