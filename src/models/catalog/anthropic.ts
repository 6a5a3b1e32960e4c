import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const claudeMessages: ModelCapabilities = {
  streaming: true,
  system: true,
  tools: true,
  images: true,
  embeddings: false,
  imageGeneration: false,
};
const claudeMessagesTextOnly: ModelCapabilities = { ...claudeMessages, images: false };
const claudeText: ModelCapabilities = { ...claudeMessages, tools: false, images: false };
const claudeTextWithoutSystem: ModelCapabilities = { ...claudeText, system: false };

function claude(
  id: string,
  name: string,
  maxOutputTokens: number,
  capabilities: ModelCapabilities,
  contextWindow = 200_000,
  deprecated?: ModelInfo["deprecated"],
): ModelInfo {
  const family = capabilities.tools ? "anthropic-messages" : "anthropic-text";
  const info: ModelInfo = { id, provider: "anthropic", family, name, contextWindow, maxOutputTokens, capabilities };
  if (deprecated) info.deprecated = deprecated;
  return info;
}

// Anthropic on Bedrock: IDs, context windows, output limits, modalities and lifecycle from
// ../shared/design/models.md §1 (read 2026-11-25; sources there: AWS user-guide model cards,
// awslabs/startups ai-model-lifecycle.md "as of July 17, 2026", LiteLLM mirror 2026-07-24).
// Text-completion models take at most 4,096 output tokens (`max_tokens_to_sample` 0–4096,
// AWS "Anthropic Claude Text Completions API"; LiteLLM's 8,191 is not what Bedrock accepts);
// only Claude 2.1 has a system slot (text before the first Human turn).
// Inference profiles: models.md §1 "Profiles" column (LiteLLM price keys, 2026-07-24) and
// its "profile required" marks (awslabs/startups bedrock-inference-profile-model-id.md:
// Haiku 4.5, Sonnet 4.5 and later, Opus 4 and later; Claude 3.7 Sonnet).
const profiles: Record<string, { inferenceProfiles: string[]; profileRequired?: boolean }> = {
  "anthropic.claude-3-haiku-20240307-v1:0": { inferenceProfiles: ["us", "eu", "apac"] },
  "anthropic.claude-3-sonnet-20240229-v1:0": { inferenceProfiles: ["us", "eu", "apac"] },
  "anthropic.claude-3-opus-20240229-v1:0": { inferenceProfiles: ["us", "eu"] },
  "anthropic.claude-3-5-haiku-20241022-v1:0": { inferenceProfiles: ["us"] },
  "anthropic.claude-3-5-sonnet-20240620-v1:0": { inferenceProfiles: ["us", "eu", "apac"] },
  "anthropic.claude-3-5-sonnet-20241022-v2:0": { inferenceProfiles: ["us", "eu", "apac"] },
  "anthropic.claude-3-7-sonnet-20250219-v1:0": { inferenceProfiles: ["us", "eu"], profileRequired: true },
  "anthropic.claude-sonnet-4-20250514-v1:0": { inferenceProfiles: ["us", "eu", "apac", "global"] },
  "anthropic.claude-sonnet-4-5-20250929-v1:0": { inferenceProfiles: ["us", "eu", "jp", "au", "global", "us-gov"], profileRequired: true },
  "anthropic.claude-opus-4-20250514-v1:0": { inferenceProfiles: ["us", "eu"], profileRequired: true },
  "anthropic.claude-opus-4-1-20250805-v1:0": { inferenceProfiles: ["us", "eu"], profileRequired: true },
  "anthropic.claude-haiku-4-5-20251001-v1:0": { inferenceProfiles: ["us", "eu", "apac", "jp", "au", "global"], profileRequired: true },
};

/** Anthropic models on Bedrock. */
export const anthropicModels: ModelInfo[] = [
  claude("anthropic.claude-instant-v1", "Claude Instant 1.2", 4_096, claudeTextWithoutSystem, 100_000, {
    endOfLife: "2025-09",
    successor: "anthropic.claude-haiku-4-5-20251001-v1:0",
  }),
  claude("anthropic.claude-v2", "Claude 2", 4_096, claudeTextWithoutSystem, 100_000, {
    endOfLife: "2025-07-21",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-v2:1", "Claude 2.1", 4_096, claudeText, 200_000, {
    endOfLife: "2025-09",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", 4_096, claudeMessages, 200_000, {
    endOfLife: "2026-09-10",
    successor: "anthropic.claude-haiku-4-5-20251001-v1:0",
  }),
  claude("anthropic.claude-3-sonnet-20240229-v1:0", "Claude 3 Sonnet", 4_096, claudeMessages, 200_000, {
    endOfLife: "2026-07-30",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-3-opus-20240229-v1:0", "Claude 3 Opus", 4_096, claudeMessages, 200_000, {
    endOfLife: "2026-04",
    successor: "anthropic.claude-opus-4-1-20250805-v1:0",
  }),
  claude("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", 8_192, claudeMessagesTextOnly, 200_000, {
    endOfLife: "2026-06-19",
    successor: "anthropic.claude-haiku-4-5-20251001-v1:0",
  }),
  claude("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet", 4_096, claudeMessages, 200_000, {
    endOfLife: "2026-07-30",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", 8_192, claudeMessages, 200_000, {
    endOfLife: "2026-07-30",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", 8_192, claudeMessages, 200_000, {
    endOfLife: "2026-04-28",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", 64_000, claudeMessages, 200_000, {
    endOfLife: "2026-10-14",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", 64_000, claudeMessages),
  claude("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", 32_000, claudeMessages, 200_000, {
    endOfLife: "2026-05-31",
    successor: "anthropic.claude-opus-4-1-20250805-v1:0",
  }),
  claude("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", 32_000, claudeMessages, 200_000, {
    endOfLife: "2027-01-08",
  }),
  claude("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", 64_000, claudeMessages),
];

for (const model of anthropicModels) Object.assign(model, profiles[model.id]);
