import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const j2: ModelCapabilities = { streaming: false, system: false, tools: false, images: false, embeddings: false, imageGeneration: false };
const jamba: ModelCapabilities = { ...j2, streaming: true, system: true };

function model(id: string, name: string, family: string, contextWindow: number, maxOutputTokens: number, capabilities: ModelCapabilities, deprecated?: ModelInfo["deprecated"]): ModelInfo {
  const info: ModelInfo = { id, provider: "ai21", family, name, contextWindow, maxOutputTokens, capabilities };
  if (deprecated) info.deprecated = deprecated;
  return info;
}

// AI21 Labs on Bedrock, from ../shared/design/models.md §5 (read 2026-11-25; sources there:
// AWS user guide `models-supported` and the awslabs/startups lifecycle table (Jamba 1.5
// EOL 2026-11-26), an EOL notice for Jamba-Instruct (langchain4j#2532), LiteLLM) and
// bedrock-formats.md §4.9–4.10: J2 has no streaming and maxTokens up to 8,191; Jamba takes
// max_tokens up to 4,096 and temperature up to 2. Tools: Jamba 1.5 only.
/** AI21 models on Bedrock. */
export const ai21Models: ModelInfo[] = [
  model("ai21.j2-mid-v1", "Jurassic-2 Mid", "ai21-j2", 8_191, 8_191, j2),
  model("ai21.j2-ultra-v1", "Jurassic-2 Ultra", "ai21-j2", 8_191, 8_191, j2),
  model("ai21.jamba-instruct-v1:0", "Jamba-Instruct", "ai21-jamba", 70_000, 4_096, jamba, { endOfLife: "2025-08", successor: "ai21.jamba-1-5-mini-v1:0" }),
  model("ai21.jamba-1-5-mini-v1:0", "Jamba 1.5 Mini", "ai21-jamba", 256_000, 4_096, { ...jamba, tools: true }, { endOfLife: "2026-11-26" }),
  model("ai21.jamba-1-5-large-v1:0", "Jamba 1.5 Large", "ai21-jamba", 256_000, 4_096, { ...jamba, tools: true }, { endOfLife: "2026-11-26" }),
];
