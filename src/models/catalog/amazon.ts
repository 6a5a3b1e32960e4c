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
// Prompt caching: AWS "Prompt caching for faster model inference" (read 2026-11-30) lists Nova
// Micro, Lite, Pro and Premier. Nova 2 Lite reasons (reasoningConfig, AWS Nova 2 user guide
// "Extended thinking", read 2026-11-30); its prompt cache was not confirmed, so it is not flagged.
const novaTextCaching: ModelCapabilities = { ...novaText, promptCaching: true };
const novaMultimodalCaching: ModelCapabilities = { ...novaMultimodal, promptCaching: true };
const nova2: ModelCapabilities = { ...novaMultimodal, reasoning: true };

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
  { ...model("amazon.nova-micro-v1:0", "Nova Micro", "amazon-nova", 128_000, 10_000, novaTextCaching), inferenceProfiles: ["us", "eu", "apac"] },
  { ...model("amazon.nova-lite-v1:0", "Nova Lite", "amazon-nova", 300_000, 10_000, novaMultimodalCaching), inferenceProfiles: ["us", "eu", "apac"] },
  { ...model("amazon.nova-pro-v1:0", "Nova Pro", "amazon-nova", 300_000, 10_000, novaMultimodalCaching), inferenceProfiles: ["us", "eu", "apac"] },
  {
    ...model("amazon.nova-premier-v1:0", "Nova Premier", "amazon-nova", 1_000_000, 10_000, novaMultimodalCaching, {
      endOfLife: "2026-09-14",
      successor: "amazon.nova-pro-v1:0",
    }),
    inferenceProfiles: ["us"],
    profileRequired: true,
  },
  // Nova 2 Lite: 1M-token context and 65,535 output tokens (AWS Nova 1 → Nova 2 migration table as
  // restated by public model tables, read 2026-11-30; AWS's Nova 2 Lite model card says 1M and
  // "64K" and "cross-Region inference only", as read on 2026-10-11 in quattro004/Agent004's wiki
  // "Source Amazon Nova Lite", re-checked 2026-11-30; models.dev's 128K/4,096 row is its on-demand
  // 256k variant's limits); served only through cross-Region profiles (us. in AWS's Nova 2
  // code library, eu./jp./global. in models.dev, read 2026-11-30). Effort only: reasoningConfig.
  {
    ...model("amazon.nova-2-lite-v1:0", "Nova 2 Lite", "amazon-nova", 1_000_000, 65_535, nova2),
    inferenceProfiles: ["us", "eu", "jp", "global"],
    profileRequired: true,
  },
];
