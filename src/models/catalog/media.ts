import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const embedding: ModelCapabilities = { streaming: false, system: false, tools: false, images: false, embeddings: true, imageGeneration: false };
const imageEmbedding: ModelCapabilities = { ...embedding, images: true };
const imageGeneration: ModelCapabilities = { ...embedding, embeddings: false, imageGeneration: true };

function model(id: string, provider: string, name: string, family: string, contextWindow: number, capabilities: ModelCapabilities, deprecated?: ModelInfo["deprecated"]): ModelInfo {
  const info: ModelInfo = { id, provider, family, name, contextWindow, maxOutputTokens: 0, capabilities };
  if (deprecated) info.deprecated = deprecated;
  return info;
}

// Embedding and image models on Bedrock, from ../shared/design/models.md §2, §4 and §7
// (read 2026-11-25; sources there: AWS user guide for Titan Embeddings V2's 8,192-token
// input, LiteLLM 2026-07-24 for the others, awslabs/startups lifecycle table for Titan
// Image v2 (EOL 2026-06-30) and Nova Canvas (EOL 2026-09-30)). `contextWindow` is the
// input limit in tokens (0 where none is documented). They are described here; calling
// them arrives with embeddings and image generation.
/** Embedding and image-generation models on Bedrock. */
export const mediaModels: ModelInfo[] = [
  model("amazon.titan-embed-text-v1", "amazon", "Titan Embeddings G1 – Text", "amazon-titan-embed", 8_192, embedding),
  model("amazon.titan-embed-text-v2:0", "amazon", "Titan Text Embeddings V2", "amazon-titan-embed-v2", 8_192, embedding),
  model("amazon.titan-embed-image-v1", "amazon", "Titan Multimodal Embeddings G1", "amazon-titan-embed-image", 128, imageEmbedding),
  model("cohere.embed-english-v3", "cohere", "Embed English v3", "cohere-embed", 512, embedding),
  model("cohere.embed-multilingual-v3", "cohere", "Embed Multilingual v3", "cohere-embed", 512, embedding),
  // Cohere Embed v4: texts and images, up to ~128K tokens per input (AWS "Cohere Embed v4",
  // read 2026-11-30). Nova Multimodal Embeddings: 8K tokens, a text of at most 8,192
  // characters or one image (Amazon Nova User Guide "Using Nova Embeddings" and
  // "Complete embeddings request and response schema", read 2026-11-30).
  model("cohere.embed-v4:0", "cohere", "Embed v4", "cohere-embed-v4", 128_000, imageEmbedding),
  model("amazon.nova-2-multimodal-embeddings-v1:0", "amazon", "Nova Multimodal Embeddings", "amazon-nova-embed", 8_192, imageEmbedding),
  // TwelveLabs Marengo Embed on InvokeModel (text and image; AWS "TwelveLabs Marengo Embed 2.7"
  // and "3.0", read 2026-11-30): 2.7 only through inference profiles (regions us-east-1,
  // eu-west-1, ap-northeast-2 per TwelveLabs' Bedrock page, so us./eu./apac.), 77 text tokens;
  // 3.0 as a base model in us-east-1 and ap-northeast-2 and through profiles in eu-west-1,
  // 500 text tokens.
  { ...model("twelvelabs.marengo-embed-2-7-v1:0", "twelvelabs", "Marengo Embed 2.7", "twelvelabs-marengo", 77, imageEmbedding), inferenceProfiles: ["us", "eu", "apac"], profileRequired: true },
  { ...model("twelvelabs.marengo-embed-3-0-v1:0", "twelvelabs", "Marengo Embed 3.0", "twelvelabs-marengo-3", 500, imageEmbedding), inferenceProfiles: ["us", "eu"] },
  model("amazon.titan-image-generator-v1", "amazon", "Titan Image Generator G1", "amazon-titan-image", 0, imageGeneration),
  model("amazon.titan-image-generator-v2:0", "amazon", "Titan Image Generator G1 v2", "amazon-titan-image", 0, imageGeneration, { endOfLife: "2026-06-30", successor: "amazon.nova-canvas-v1:0" }),
  model("amazon.nova-canvas-v1:0", "amazon", "Nova Canvas", "amazon-nova-canvas", 0, imageGeneration, { endOfLife: "2026-09-30" }),
  model("stability.stable-diffusion-xl-v1", "stability", "SDXL 1.0", "stability-sdxl", 77, imageGeneration),
  model("stability.sd3-large-v1:0", "stability", "SD3 Large", "stability-image", 0, imageGeneration),
  model("stability.stable-image-core-v1:0", "stability", "Stable Image Core", "stability-image", 0, imageGeneration),
  model("stability.stable-image-ultra-v1:0", "stability", "Stable Image Ultra", "stability-image", 0, imageGeneration),
  // SD3.5 Large and the v1:1 Stable Image models take SD3's body (AWS "Stability.ai Stable
  // Diffusion 3.5 Large": prompt, aspect_ratio, mode, image, strength, seed, negative_prompt,
  // output_format; the same seeds/finish_reasons/images answer); IDs from
  // ../shared/design/models.md §7 and bedrock-formats.md §6.3; read 2026-11-30.
  model("stability.sd3-5-large-v1:0", "stability", "Stable Diffusion 3.5 Large", "stability-image", 0, imageGeneration),
  model("stability.stable-image-core-v1:1", "stability", "Stable Image Core 1.0 (v1:1)", "stability-image", 0, imageGeneration),
  model("stability.stable-image-ultra-v1:1", "stability", "Stable Image Ultra 1.0 (v1:1)", "stability-image", 0, imageGeneration),
];
