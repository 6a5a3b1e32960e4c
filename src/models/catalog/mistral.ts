import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const prompt: ModelCapabilities = { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false };
const chat: ModelCapabilities = { ...prompt, system: true, tools: true };
const chatWithImages: ModelCapabilities = { ...chat, images: true };

function model(id: string, name: string, family: string, contextWindow: number, maxOutputTokens: number, capabilities: ModelCapabilities): ModelInfo {
  return { id, provider: "mistral", family, name, contextWindow, maxOutputTokens, capabilities };
}

// Mistral AI on Bedrock, from ../shared/design/models.md §6 (read 2026-11-25; LiteLLM
// 2026-07-24 and pydantic/genai-prices for context windows) and bedrock-formats.md §4.11–4.12
// (AWS "Mistral AI text completion" and "chat completion" pages): max_tokens up to 8,192
// for 7B, Large and Small, 4,096 for Mixtral; Small 2402 speaks the text-completion body
// (the chat page names only Mistral Large); Large 2402 accepts both and is served here by
// the chat body, which has tools. Lifecycle: unconfirmed for all, so none is marked.
// Mistral 7B and Mixtral 8x7B use Mistral's v1 vocabulary, which mistral-tokenizer-js
// implements (../shared/design/tokenizers.md §1, read 2026-11-25); the later models do not.
// Mistral's current models (read 2026-11-30): IDs, context windows and output limits from
// anomalyco/models.dev `providers/amazon-bedrock/models/mistral.*.toml` @f3fc692
// (2026-07-02); all speak the chat completion body (AWS "Pixtral Large (25.02) parameters and
// inference": "The Mistral AI chat completion API"; review-wire-formats.md finding 5).
// Pixtral Large is served through `us.`/`eu.` profiles only (AWS model card "Pixtral Large":
// geo inference IDs us./eu., no global; pwshBedrock `Imports.ps1` @851e662
// `InferenceProfile = $true`). Only Pixtral is marked as taking images: models.dev also
// lists image input for Large 3, Magistral Small and Ministral 3B, unconfirmed on AWS's pages.
/** Mistral models on Bedrock. */
export const mistralModels: ModelInfo[] = [
  { ...model("mistral.mistral-7b-instruct-v0:2", "Mistral 7B Instruct", "mistral-prompt", 32_000, 8_192, prompt), exactTokenizer: "mistral-v1" },
  { ...model("mistral.mixtral-8x7b-instruct-v0:1", "Mixtral 8x7B Instruct", "mistral-prompt", 32_000, 4_096, prompt), exactTokenizer: "mistral-v1" },
  model("mistral.mistral-small-2402-v1:0", "Mistral Small (24.02)", "mistral-prompt", 32_000, 8_192, prompt),
  model("mistral.mistral-large-2402-v1:0", "Mistral Large (24.02)", "mistral-chat", 32_000, 8_192, chat),
  model("mistral.mistral-large-2407-v1:0", "Mistral Large 2 (24.07)", "mistral-chat", 128_000, 8_192, chat),
  { ...model("mistral.pixtral-large-2502-v1:0", "Pixtral Large (25.02)", "mistral-chat", 128_000, 8_192, chatWithImages), inferenceProfiles: ["us", "eu"], profileRequired: true },
  model("mistral.mistral-large-3-675b-instruct", "Mistral Large 3", "mistral-chat", 256_000, 8_192, chat),
  model("mistral.magistral-small-2509", "Magistral Small 1.2 (25.09)", "mistral-chat", 128_000, 40_000, chat),
  model("mistral.ministral-3-3b-instruct", "Ministral 3 3B", "mistral-chat", 256_000, 8_192, chat),
  model("mistral.ministral-3-8b-instruct", "Ministral 3 8B", "mistral-chat", 128_000, 4_096, chat),
  model("mistral.ministral-3-14b-instruct", "Ministral 3 14B", "mistral-chat", 128_000, 4_096, chat),
  model("mistral.devstral-2-123b", "Devstral 2 123B", "mistral-chat", 256_000, 8_192, chat),
];
