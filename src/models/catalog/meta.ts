import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const llama: ModelCapabilities = { streaming: true, system: true, tools: false, images: false, embeddings: false, imageGeneration: false };
/** Llama 3.1 and later call tools in Meta's prompt format (bedrock-formats.md §4.6). */
const llamaWithTools: ModelCapabilities = { ...llama, tools: true };
/** Llama 3.2 11B/90B Vision and Llama 4 also take images (AWS user guide, `images` field). */
const llamaVision: ModelCapabilities = { ...llamaWithTools, images: true };

function model(
  id: string,
  name: string,
  family: string,
  contextWindow: number,
  maxOutputTokens: number,
  deprecated?: ModelInfo["deprecated"],
): ModelInfo {
  const toolCalling = /^meta\.llama(3-[1-9]|4)/.test(id);
  const vision = /^meta\.llama(3-2-(11|90)b|4)/.test(id);
  const capabilities = vision ? llamaVision : toolCalling ? llamaWithTools : llama;
  const info: ModelInfo = { id, provider: "meta", family, name, contextWindow, maxOutputTokens, capabilities };
  if (deprecated) info.deprecated = deprecated;
  return info;
}

// Profiles: models.md §3 "Profiles" column; Llama 3.2 and 3.3 are profile-only (its
// "profile required" marks, BerriAI/litellm#9095). Llama 4 likely is too, unconfirmed,
// so bedrock-kit does not refuse its bare ID.
const profiles: Record<string, { inferenceProfiles: string[]; profileRequired?: boolean }> = {
  "meta.llama3-1-8b-instruct-v1:0": { inferenceProfiles: ["us"] },
  "meta.llama3-1-70b-instruct-v1:0": { inferenceProfiles: ["us"] },
  "meta.llama3-1-405b-instruct-v1:0": { inferenceProfiles: ["us"] },
  "meta.llama3-2-1b-instruct-v1:0": { inferenceProfiles: ["us", "eu"], profileRequired: true },
  "meta.llama3-2-3b-instruct-v1:0": { inferenceProfiles: ["us", "eu"], profileRequired: true },
  "meta.llama3-2-11b-instruct-v1:0": { inferenceProfiles: ["us"], profileRequired: true },
  "meta.llama3-2-90b-instruct-v1:0": { inferenceProfiles: ["us"], profileRequired: true },
  "meta.llama3-3-70b-instruct-v1:0": { inferenceProfiles: ["us"], profileRequired: true },
  "meta.llama4-scout-17b-instruct-v1:0": { inferenceProfiles: ["us"] },
  "meta.llama4-maverick-17b-instruct-v1:0": { inferenceProfiles: ["us"] },
};

// Meta Llama on Bedrock, from ../shared/design/models.md §3 (read 2026-11-25; sources
// there: AWS user-guide model cards (Llama 3.1 70B: 128K context, 4K output), the
// awslabs/startups lifecycle table (Llama 3.1 405B and 3.2 EOL 2026-07-07), LiteLLM
// 2026-07-24 and pydantic/genai-prices). `max_gen_len` is capped at 2,048 for Llama 2 and
// 3 (AWS user guide), 4,096 for 3.1 70B/405B, 3.2 and 3.3; Llama 4's 8,000 (one issue)
// vs 4,096 (LiteLLM) is unconfirmed, so the lower is used. System text goes in the
// template; Llama 3.1 and later get prompt-based tools; Llama 3.2 11B/90B and Llama 4 take
// `images` (base64, placed by `<|image|>` tokens: Meta's format, unconfirmed on Bedrock).
/** Meta models on Bedrock. */
export const metaModels: ModelInfo[] = [
  model("meta.llama2-13b-chat-v1", "Llama 2 Chat 13B", "meta-llama2", 4_096, 2_048, { endOfLife: "2024-11", successor: "meta.llama3-1-8b-instruct-v1:0" }),
  model("meta.llama2-70b-chat-v1", "Llama 2 Chat 70B", "meta-llama2", 4_096, 2_048, { endOfLife: "2024-11", successor: "meta.llama3-3-70b-instruct-v1:0" }),
  model("meta.llama3-8b-instruct-v1:0", "Llama 3 8B Instruct", "meta-llama3", 8_192, 2_048),
  model("meta.llama3-70b-instruct-v1:0", "Llama 3 70B Instruct", "meta-llama3", 8_192, 2_048),
  model("meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B Instruct", "meta-llama3", 128_000, 2_048),
  model("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B Instruct", "meta-llama3", 128_000, 4_096),
  model("meta.llama3-1-405b-instruct-v1:0", "Llama 3.1 405B Instruct", "meta-llama3", 128_000, 4_096, { endOfLife: "2026-07-07", successor: "meta.llama3-3-70b-instruct-v1:0" }),
  model("meta.llama3-2-1b-instruct-v1:0", "Llama 3.2 1B Instruct", "meta-llama3", 128_000, 4_096, { endOfLife: "2026-07-07", successor: "meta.llama3-1-8b-instruct-v1:0" }),
  model("meta.llama3-2-3b-instruct-v1:0", "Llama 3.2 3B Instruct", "meta-llama3", 128_000, 4_096, { endOfLife: "2026-07-07", successor: "meta.llama3-1-8b-instruct-v1:0" }),
  model("meta.llama3-2-11b-instruct-v1:0", "Llama 3.2 11B Vision Instruct", "meta-llama3", 128_000, 4_096, { endOfLife: "2026-07-07", successor: "meta.llama4-scout-17b-instruct-v1:0" }),
  model("meta.llama3-2-90b-instruct-v1:0", "Llama 3.2 90B Vision Instruct", "meta-llama3", 128_000, 4_096, { endOfLife: "2026-07-07", successor: "meta.llama4-maverick-17b-instruct-v1:0" }),
  model("meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct", "meta-llama3", 128_000, 4_096),
  model("meta.llama4-scout-17b-instruct-v1:0", "Llama 4 Scout 17B Instruct", "meta-llama4", 128_000, 4_096),
  model("meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick 17B Instruct", "meta-llama4", 128_000, 4_096),
];

for (const entry of metaModels) Object.assign(entry, profiles[entry.id]);
