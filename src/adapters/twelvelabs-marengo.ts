/**
 * TwelveLabs Marengo Embed on InvokeModel: one text or one image per request (video and
 * audio go through StartAsyncInvoke, which bedrock-kit does not call).
 *
 * - Marengo Embed 2.7 (`twelvelabs.marengo-embed-2-7-v1:0`, InvokeModel through inference
 *   profiles only): flat `{inputType: "text", inputText, textTruncate}` (text up to 77
 *   tokens, `textTruncate` end (default) or none) or `{inputType: "image", mediaSource:
 *   {base64String}}` (up to 5 MB); 1,024 values. Source: AWS "TwelveLabs Marengo Embed 2.7"
 *   (model-parameters-marengo, read 2026-11-30).
 * - Marengo Embed 3.0 (`twelvelabs.marengo-embed-3-0-v1:0`, base model in us-east-1 and
 *   ap-northeast-2, profiles in eu-west-1): the input nested under its type, `{inputType:
 *   "text", text: {inputText}}`, `{inputType: "image", image: {mediaSource: {base64String}}}`,
 *   `{inputType: "text_image", text_image: {inputText, mediaSource}}` (text up to 500
 *   tokens); 512 values. Source: AWS "TwelveLabs Marengo Embed 3.0" (model-parameters-marengo-3,
 *   read 2026-11-30) for the operations, regions, quotas and size; the nested request keys as
 *   BerriAI/litellm builds them (`litellm/llms/bedrock/embed/twelvelabs_marengo_3_transformation.py`
 *   @844a9f5, read 2026-11-30).
 *
 * The answer: `{data: [{embedding, …}]}`, as LiteLLM reads it
 * (`twelvelabs_marengo_transformation.py` @00e06b8, "the actual TwelveLabs response
 * format"); AWS's response section was not read, so a top-level `embedding` is accepted too.
 * No token count in the body.
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { EmbedItem, EmbeddingAdapter, NormalizedEmbedOptions } from "./embedding-adapter.js";

/** The native body of Marengo Embed 2.7 on InvokeModel. */
export type MarengoBody = { inputType: "text"; inputText: string; textTruncate?: "end" | "none" } | { inputType: "image"; mediaSource: { base64String: string } };

/** A base64 media source of Marengo Embed 3.0. */
interface MarengoMediaSource {
  base64String: string;
}

/** The native body of Marengo Embed 3.0 on InvokeModel. */
export type Marengo3Body =
  | { inputType: "text"; text: { inputText: string } }
  | { inputType: "image"; image: { mediaSource: MarengoMediaSource } }
  | { inputType: "text_image"; text_image: { inputText: string; mediaSource: MarengoMediaSource } };

/** The one vector of a Marengo answer. */
function decode(body: unknown, count: number): { embeddings: number[][]; inputTokens: undefined } {
  const first = isRecord(body) && Array.isArray(body.data) ? body.data[0] : body;
  if (count !== 1 || !isRecord(first) || !Array.isArray(first.embedding)) throw new Error("the body has no data[0].embedding");
  return { embeddings: [first.embedding as number[]], inputTokens: undefined };
}

/** Warnings for the options no Marengo model has. */
function ignored(options: NormalizedEmbedOptions, modelId: string, truncate: boolean): Warning[] {
  const unsupported = (feature: string): Warning => ({ type: "unsupported", feature, message: `${modelId} has no ${feature} option; it was not sent.` });
  const warnings: Warning[] = [];
  if (options.inputType !== undefined) warnings.push(unsupported("inputType"));
  if (options.normalize !== undefined) warnings.push(unsupported("normalize"));
  if (options.maxTokens !== undefined) warnings.push(unsupported("maxTokens"));
  if (options.truncate !== undefined && !truncate) warnings.push(unsupported("truncate"));
  return warnings;
}

/** Marengo Embed 2.7: a text or an image a request, 1,024 values. */
export const twelvelabsMarengo = {
  family: "twelvelabs-marengo",
  maxBatch: 1,
  dimensions: [1024],
  images: true,
  toNativeBody(items: EmbedItem[], options, model) {
    const item = items[0] ?? {};
    // Marengo truncates at the end or refuses; it cannot discard the start.
    const truncates = options.truncate === "END" || options.truncate === "NONE";
    const warnings = ignored(options, model.id, truncates);
    if (item.image !== undefined) return { body: { inputType: "image", mediaSource: { base64String: item.image } }, warnings };
    const body: MarengoBody = { inputType: "text", inputText: item.text ?? "" };
    if (truncates) body.textTruncate = options.truncate === "END" ? "end" : "none";
    return { body, warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<MarengoBody>;

/** Marengo Embed 3.0: a text, an image or a text-and-image pair a request, 512 values. */
export const twelvelabsMarengo3 = {
  family: "twelvelabs-marengo-3",
  maxBatch: 1,
  dimensions: [512],
  images: true,
  imagePairs: true,
  toNativeBody(items: EmbedItem[], options, model) {
    const item = items[0] ?? {};
    const warnings = ignored(options, model.id, false);
    if (item.image !== undefined && item.text !== undefined) {
      return { body: { inputType: "text_image", text_image: { inputText: item.text, mediaSource: { base64String: item.image } } }, warnings };
    }
    if (item.image !== undefined) return { body: { inputType: "image", image: { mediaSource: { base64String: item.image } } }, warnings };
    return { body: { inputType: "text", text: { inputText: item.text ?? "" } }, warnings };
  },
  fromNativeBody: decode,
} satisfies EmbeddingAdapter<Marengo3Body>;
