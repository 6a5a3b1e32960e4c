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
// Prompt caching: AWS "Prompt caching for faster model inference" (read 2026-11-30: generally
// available for Claude 3.7 Sonnet and 3.5 Haiku; Claude 3.5 Sonnet v2 only for its preview
// customers, so not flagged) and the Claude 4.x rows of its supported-models table as restated
// by Portkey's Bedrock prompt-caching page (Opus 4 … 4.6, Sonnet 4.5/4.6, Haiku 4.5; read 2026-11-30).
// Thinking: AWS "Extended thinking" (Claude 3.7 Sonnet, Sonnet 4, Opus 4) and "Adaptive
// thinking" (Opus 4.6, Sonnet 4.6, Opus 4.7, Opus 5, …) pages, read 2026-11-30.
const claudeCaching: ModelCapabilities = { ...claudeMessages, promptCaching: true };
const claudeCachingTextOnly: ModelCapabilities = { ...claudeMessagesTextOnly, promptCaching: true };
const claudeThinking: ModelCapabilities = { ...claudeCaching, reasoning: true };
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
  if (capabilities.reasoning) info.reasoningMode = "budget";
  return info;
}

/** A Claude model that thinks adaptively (effort levels), with the sampling options Bedrock refuses for it. */
function adaptiveClaude(
  id: string,
  name: string,
  maxOutputTokens: number,
  reasoningMode: "adaptive" | "adaptive-only",
  rejectedSampling: ModelInfo["rejectedSampling"],
  contextWindow: number,
): ModelInfo {
  const info = claude(id, name, maxOutputTokens, claudeThinking, contextWindow);
  info.reasoningMode = reasoningMode;
  if (rejectedSampling?.length) info.rejectedSampling = rejectedSampling;
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
  // Newer models, profile-only like every Claude since Opus 4: profile files in anomalyco/models.dev
  // `providers/amazon-bedrock/models/` (eu./global./jp. rows, read 2026-11-30), `us.` IDs from AWS's
  // adaptive-thinking CLI example (us.anthropic.claude-opus-4-6-v1) and public callers of
  // us.anthropic.claude-opus-5 / -sonnet-5 (code index, 2026-11-30).
  "anthropic.claude-opus-4-5-20251101-v1:0": { inferenceProfiles: ["us", "eu", "global"], profileRequired: true },
  "anthropic.claude-opus-4-6-v1": { inferenceProfiles: ["us", "eu", "global"], profileRequired: true },
  "anthropic.claude-sonnet-4-6": { inferenceProfiles: ["us", "eu", "jp", "global"], profileRequired: true },
  "anthropic.claude-opus-4-7": { inferenceProfiles: ["us", "eu", "jp", "global"], profileRequired: true },
  // Opus 4.8: models.dev profile files us./eu./jp./au./global.anthropic.claude-opus-4-8.toml @f3fc692
  // (2026-07-02, read 2026-11-30); public callers use us.anthropic.claude-opus-4-8 (code index, 2026-11-30).
  "anthropic.claude-opus-4-8": { inferenceProfiles: ["us", "eu", "jp", "au", "global"], profileRequired: true },
  "anthropic.claude-sonnet-5": { inferenceProfiles: ["us", "jp", "global"], profileRequired: true },
  "anthropic.claude-opus-5": { inferenceProfiles: ["us", "jp", "global"], profileRequired: true },
  // Opus 5.5 (read 2026-11-30): no AWS page read names its ID or profiles ⚠️; public callers use
  // us.anthropic.claude-opus-5-5 (a Bedrock client), global.anthropic.claude-opus-5-5 (an example
  // config, "InvokeModel") and au.anthropic.claude-opus-5-5 (bedrock-runtime from
  // ap-southeast-2), code index; profile-only assumed like every Claude since Opus 4 ⚠️.
  "anthropic.claude-opus-5-5": { inferenceProfiles: ["us", "au", "global"], profileRequired: true },
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
  claude("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", 8_192, claudeCachingTextOnly, 200_000, {
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
  claude("anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", 8_192, claudeThinking, 200_000, {
    endOfLife: "2026-04-28",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", 64_000, claudeThinking, 200_000, {
    endOfLife: "2026-10-14",
    successor: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  }),
  claude("anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", 64_000, claudeThinking),
  claude("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", 32_000, claudeThinking, 200_000, {
    endOfLife: "2026-05-31",
    successor: "anthropic.claude-opus-4-1-20250805-v1:0",
  }),
  claude("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", 32_000, claudeThinking, 200_000, {
    endOfLife: "2027-01-08",
  }),
  claude("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", 64_000, claudeThinking),
  // Context windows and output limits: models.dev `providers/amazon-bedrock/models/*.toml` and
  // `providers/anthropic/models/*.toml` (read 2026-11-30). Thinking: AWS "Adaptive thinking"
  // (read 2026-11-30) — Opus 4.6 and Sonnet 4.6 take adaptive thinking and still accept a budget
  // (deprecated); Opus 4.7 and Opus 5 take only adaptive thinking (a budget is a 400); Sonnet 5
  // likewise per models.dev ("thinking.type = adaptive|disabled"). Refused sampling options:
  // Opus 4.7 temperature, top_p and top_k (Anthropic's Opus 4.7 migration guide, as restated by
  // OpenRouter's "Claude 4.7 Migration Guide", read 2026-11-30); Opus 5 temperature and top_p
  // (recorded: vercel/ai fixtures amazon-bedrock-opus-5-deprecated-sampling-parameter.json and
  // -deprecated-top-p.json; top_k accepted, amazon-bedrock-opus-5-top-k-success.json); Sonnet 5
  // temperature (recorded "`temperature` is deprecated for this model" in public projects' notes,
  // 2026-08-29) and top_p (measured on Anthropic's own API, below; re-checked 2026-11-30).
  claude("anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5", 64_000, claudeThinking),
  adaptiveClaude("anthropic.claude-opus-4-6-v1", "Claude Opus 4.6", 128_000, "adaptive", [], 1_000_000),
  adaptiveClaude("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", 64_000, "adaptive", [], 1_000_000),
  adaptiveClaude("anthropic.claude-opus-4-7", "Claude Opus 4.7", 128_000, "adaptive-only", ["temperature", "topP", "topK"], 1_000_000),
  // Opus 4.8 (read 2026-11-30): 1M context and 128K output, models.dev
  // `providers/anthropic/models/claude-opus-4-8.toml` @f3fc692; adaptive thinking only,
  // simstudioai/sim#4771 (2026-05-28: "Opus 4.8 and Opus 4.7 support ONLY adaptive thinking");
  // AWS's "Adaptive thinking" page does not list it yet ⚠️. Sampling: on Anthropic's own API
  // (kangwoo/aimon-core `docs/design/llm/anthropic-sampling-capabilities.md` §2, 58 live calls on
  // 2026-09-09) Opus 4.7, Opus 4.8, Sonnet 5 and Opus 5 refuse a non-default `temperature` and any
  // `top_p` or `top_k` ("`top_p` is deprecated for this model."); on Bedrock Opus 5 accepted top_k
  // (the vercel/ai recording above), so top_k stays refused only where it was (4.7) and for 4.8,
  // measured like 4.7.
  adaptiveClaude("anthropic.claude-opus-4-8", "Claude Opus 4.8", 128_000, "adaptive-only", ["temperature", "topP", "topK"], 1_000_000),
  adaptiveClaude("anthropic.claude-sonnet-5", "Claude Sonnet 5", 128_000, "adaptive-only", ["temperature", "topP"], 1_000_000),
  adaptiveClaude("anthropic.claude-opus-5", "Claude Opus 5", 128_000, "adaptive-only", ["temperature", "topP"], 1_000_000),
  // Opus 5.5: AWS model card model-card-anthropic-claude-opus-5-5 (ja_jp and zh_tw translations,
  // read 2026-11-30): launched 2026-09-22, end of life not before 2027-09-22, 1M context, 128K
  // output, image and text input, adaptive thinking always on and impossible to turn off (effort
  // low, medium, high, xhigh or max; default medium), bedrock-runtime Messages and Converse APIs
  // listed (the card's Invoke column was not read ⚠️; a public example config calls it on
  // InvokeModel). Sampling: temperature and top_p refused as on Opus 5 ⚠️ (assumed); top_k
  // refused because it always thinks and Claude takes no top_k while thinking (AWS "Extended
  // thinking"). No price read ⚠️: unpriced.
  adaptiveClaude("anthropic.claude-opus-5-5", "Claude Opus 5.5", 128_000, "adaptive-only", ["temperature", "topP", "topK"], 1_000_000),
];

// Models that refuse temperature and top_p together ("`temperature` and `top_p` cannot both be
// specified for this model. Please use only one."): Haiku 4.5, Sonnet 4.5 and 4.6, Opus 4.5 and 4.6
// measured live on 2026-09-29 and recorded on Bedrock 2026-09-21 (public projects' notes and tests,
// code index read 2026-11-30); Opus 4.1 per open-webui/functions#9 (2025-10).
const temperatureOrTopP = new Set([
  "anthropic.claude-opus-4-1-20250805-v1:0",
  "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "anthropic.claude-opus-4-5-20251101-v1:0",
  "anthropic.claude-opus-4-6-v1",
  "anthropic.claude-sonnet-4-6",
]);

for (const model of anthropicModels) {
  Object.assign(model, profiles[model.id]);
  if (temperatureOrTopP.has(model.id)) model.temperatureOrTopP = true;
}
