import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const titanText: ModelCapabilities = {
  streaming: true,
  system: false,
  tools: false,
  images: false,
  embeddings: false,
  imageGeneration: false,
};
const novaText: ModelCapabilities = { ...titanText, system: true, tools: true };
const novaMultimodal: ModelCapabilities = { ...novaText, images: true };

function model(
  id: string,
  name: string,
  family: string,
  contextWindow: number,
  maxOutputTokens: number,
  capabilities: ModelCapabilities,
  deprecated?: ModelInfo["deprecated"],
): ModelInfo {
  const info: ModelInfo = { id, provider: "amazon", family, name, contextWindow, maxOutputTokens, capabilities };
  if (deprecated) info.deprecated = deprecated;
  return info;
}

// Amazon text models on Bedrock, from ../shared/design/models.md §2 (read 2026-11-25;
// sources there: AWS user guide "Amazon Titan Text models" for context windows and the
// per-model maxTokenCount limits 4096 / 8192 / 3072, awslabs/startups ai-model-lifecycle.md
// and GitHub issues quoting AWS's EOL table for lifecycle, LiteLLM 2026-07-24 for Nova's
// 10,000-token output limit; profiles from its "Profiles" column, Nova Premier us. only). Titan Text takes no system text and no tools; Nova Micro is
// text-only, Lite/Pro/Premier also take images.
/** Amazon models on Bedrock. */
export const amazonModels: ModelInfo[] = [
  model("amazon.titan-text-lite-v1", "Titan Text G1 Lite", "amazon-titan-text", 4_096, 4_096, titanText, {
    endOfLife: "2025-12",
    successor: "amazon.nova-micro-v1:0",
  }),
  model("amazon.titan-text-express-v1", "Titan Text G1 Express", "amazon-titan-text", 8_192, 8_192, titanText, {
    endOfLife: "2025-12",
    successor: "amazon.nova-lite-v1:0",
  }),
  model("amazon.titan-text-premier-v1:0", "Titan Text G1 Premier", "amazon-titan-text", 32_000, 3_072, titanText, {
    endOfLife: "2025-10-17",
    successor: "amazon.nova-pro-v1:0",
  }),
  { ...model("amazon.nova-micro-v1:0", "Nova Micro", "amazon-nova", 128_000, 10_000, novaText), inferenceProfiles: ["us", "eu", "apac"] },
  { ...model("amazon.nova-lite-v1:0", "Nova Lite", "amazon-nova", 300_000, 10_000, novaMultimodal), inferenceProfiles: ["us", "eu", "apac"] },
  { ...model("amazon.nova-pro-v1:0", "Nova Pro", "amazon-nova", 300_000, 10_000, novaMultimodal), inferenceProfiles: ["us", "eu", "apac"] },
  {
    ...model("amazon.nova-premier-v1:0", "Nova Premier", "amazon-nova", 1_000_000, 10_000, novaMultimodal, {
      endOfLife: "2026-09-14",
      successor: "amazon.nova-pro-v1:0",
    }),
    inferenceProfiles: ["us"],
    profileRequired: true,
  },
];
