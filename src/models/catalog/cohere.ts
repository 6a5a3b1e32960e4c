import type { ModelCapabilities, ModelInfo } from "../model-info.js";

const command: ModelCapabilities = { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false };
const commandR: ModelCapabilities = { ...command, system: true, tools: true };

// Cohere text models on Bedrock, from ../shared/design/models.md §4 (read 2026-11-25;
// sources there: LiteLLM 2026-07-24 for context and output limits, epam/ai-dial-adapter-bedrock#310
// quoting AWS's EOL table (Command, Command Light EOL 2025-08-12), the awslabs/startups
// lifecycle table (Command R, R+ EOL 2026-08-19)).
/** Cohere models on Bedrock. */
export const cohereModels: ModelInfo[] = [
  { id: "cohere.command-text-v14", provider: "cohere", family: "cohere-command", name: "Command", contextWindow: 4_096, maxOutputTokens: 4_096, capabilities: command, deprecated: { endOfLife: "2025-08-12", successor: "cohere.command-r-v1:0" } },
  { id: "cohere.command-light-text-v14", provider: "cohere", family: "cohere-command", name: "Command Light", contextWindow: 4_096, maxOutputTokens: 4_096, capabilities: command, deprecated: { endOfLife: "2025-08-12", successor: "cohere.command-r-v1:0" } },
  { id: "cohere.command-r-v1:0", provider: "cohere", family: "cohere-chat", name: "Command R", contextWindow: 128_000, maxOutputTokens: 4_000, capabilities: commandR, deprecated: { endOfLife: "2026-08-19" } },
  { id: "cohere.command-r-plus-v1:0", provider: "cohere", family: "cohere-chat", name: "Command R+", contextWindow: 128_000, maxOutputTokens: 4_000, capabilities: commandR, deprecated: { endOfLife: "2026-08-19" } },
];
