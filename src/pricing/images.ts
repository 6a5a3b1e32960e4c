/**
 * Per-image prices, USD, us-east-1 / us-west-2, from ../shared/design/models.md §2 and §7
 * (read 2026-11-25; AWS pricing cache 2026-07-17 for Nova Canvas and Stable Image, LiteLLM
 * 2026-07-24 for SDXL and SD3 Large). Titan Image Generator is priced by size and quality
 * tiers whose numbers were not read, so it has no price here.
 */

/** The price of one image of a model at a size and quality, or undefined. */
export function pricePerImage(baseModelId: string, width: number, height: number, quality: "standard" | "premium" | undefined): number | undefined {
  const pixels = width * height;
  const premium = quality === "premium";
  switch (baseModelId) {
    case "amazon.nova-canvas-v1:0":
      if (pixels <= 1024 * 1024) return premium ? 0.06 : 0.04;
      if (pixels <= 2048 * 2048) return premium ? 0.08 : 0.06;
      return undefined;
    case "stability.stable-diffusion-xl-v1":
      return 0.04; // 1024×1024-class sizes at up to 50 steps (Bedrock caps steps at 50)
    case "stability.sd3-large-v1:0":
    case "stability.stable-image-ultra-v1:0":
    case "stability.stable-image-ultra-v1:1":
      return 0.08;
    // SD3.5 Large: the AWS pricing cache (2026-07-17) as quoted in models.md §7, read 2026-11-30.
    case "stability.sd3-5-large-v1:0":
      return 0.065;
    case "stability.stable-image-core-v1:0":
    case "stability.stable-image-core-v1:1":
      return 0.04;
    default:
      return undefined;
  }
}

/** Per-image prices of multimodal embedding models, USD (models.md §2: Titan Multimodal Embeddings). */
export function pricePerEmbeddedImage(baseModelId: string): number | undefined {
  return baseModelId === "amazon.titan-embed-image-v1" ? 0.00006 : undefined;
}
