/** Family → adapter. Adding a family adds one line here. */
import type { ModelAdapter } from "./adapter.js";
import { amazonTitanEmbed, amazonTitanEmbedImage, amazonTitanEmbedV2 } from "./amazon-titan-embed.js";
import { cohereEmbed } from "./cohere-embed.js";
import type { EmbeddingAdapter } from "./embedding-adapter.js";
import { amazonNovaCanvas, amazonTitanImage } from "./amazon-image.js";
import type { ImageAdapter } from "./image-adapter.js";
import { stabilityImage } from "./stability-image.js";
import { stabilitySdxl } from "./stability-sdxl.js";
import { ai21J2 } from "./ai21-j2.js";
import { ai21Jamba } from "./ai21-jamba.js";
import { amazonNova } from "./amazon-nova.js";
import { amazonTitanText } from "./amazon-titan-text.js";
import { anthropicMessages } from "./anthropic-messages.js";
import { anthropicText } from "./anthropic-text.js";
import { cohereChat } from "./cohere-chat.js";
import { cohereCommand } from "./cohere-command.js";
import { metaLlama2 } from "./meta-llama2.js";
import { metaLlama3 } from "./meta-llama3.js";
import { metaLlama4 } from "./meta-llama4.js";
import { mistralChat } from "./mistral-chat.js";
import { mistralPrompt } from "./mistral-prompt.js";

/** Every adapter bedrock-kit ships, by family name. */
export const adapters: ReadonlyMap<string, ModelAdapter> = new Map<string, ModelAdapter>([
  [anthropicMessages.family, anthropicMessages],
  [anthropicText.family, anthropicText],
  [amazonTitanText.family, amazonTitanText],
  [amazonNova.family, amazonNova],
  [metaLlama2.family, metaLlama2],
  [metaLlama3.family, metaLlama3],
  [metaLlama4.family, metaLlama4],
  [mistralPrompt.family, mistralPrompt],
  [mistralChat.family, mistralChat],
  [ai21J2.family, ai21J2],
  [ai21Jamba.family, ai21Jamba],
  [cohereCommand.family, cohereCommand],
  [cohereChat.family, cohereChat],
]);

/** Every embedding adapter, by family name. */
export const embeddingAdapters: ReadonlyMap<string, EmbeddingAdapter> = new Map<string, EmbeddingAdapter>([
  [amazonTitanEmbed.family, amazonTitanEmbed],
  [amazonTitanEmbedV2.family, amazonTitanEmbedV2],
  [amazonTitanEmbedImage.family, amazonTitanEmbedImage],
  [cohereEmbed.family, cohereEmbed],
]);

/** Every image-generation adapter, by family name. */
export const imageAdapters: ReadonlyMap<string, ImageAdapter> = new Map<string, ImageAdapter>([
  [amazonTitanImage.family, amazonTitanImage],
  [amazonNovaCanvas.family, amazonNovaCanvas],
  [stabilitySdxl.family, stabilitySdxl],
  [stabilityImage.family, stabilityImage],
]);
