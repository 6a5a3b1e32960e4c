/** Embedding family → adapter. Adding an embedding family adds one line here. */
import { amazonTitanEmbed, amazonTitanEmbedImage, amazonTitanEmbedV2 } from "./amazon-titan-embed.js";
import { amazonNovaEmbed } from "./amazon-nova-embed.js";
import { cohereEmbed, cohereEmbedV4 } from "./cohere-embed.js";
import type { EmbeddingAdapter } from "./embedding-adapter.js";
import { twelvelabsMarengo, twelvelabsMarengo3 } from "./twelvelabs-marengo.js";

/** Every embedding adapter, by family name. */
export const embeddingAdapters: ReadonlyMap<string, EmbeddingAdapter> = new Map<string, EmbeddingAdapter>([
  [amazonTitanEmbed.family, amazonTitanEmbed],
  [amazonTitanEmbedV2.family, amazonTitanEmbedV2],
  [amazonTitanEmbedImage.family, amazonTitanEmbedImage],
  [cohereEmbed.family, cohereEmbed],
  [cohereEmbedV4.family, cohereEmbedV4],
  [amazonNovaEmbed.family, amazonNovaEmbed],
  [twelvelabsMarengo.family, twelvelabsMarengo],
  [twelvelabsMarengo3.family, twelvelabsMarengo3],
]);
