/** Image family → adapter. Adding an image family adds one line here. */
import { amazonNovaCanvas, amazonTitanImage } from "./amazon-image.js";
import type { ImageAdapter } from "./image-adapter.js";
import { stabilityImage } from "./stability-image.js";
import { stabilitySdxl } from "./stability-sdxl.js";

/** Every image-generation adapter, by family name. */
export const imageAdapters: ReadonlyMap<string, ImageAdapter> = new Map<string, ImageAdapter>([
  [amazonTitanImage.family, amazonTitanImage],
  [amazonNovaCanvas.family, amazonNovaCanvas],
  [stabilitySdxl.family, stabilitySdxl],
  [stabilityImage.family, stabilityImage],
]);
