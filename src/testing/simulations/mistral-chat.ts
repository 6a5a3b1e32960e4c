/** The offline Bedrock's Mistral chat model (bedrock-formats.md §4.12): `message` chunks, `stop_reason`, no usage in the body. */
import { chatSimulation } from "./openai-chat.js";

/** The simulated Mistral chat model. */
export const mistralChatSimulation = chatSimulation({
  family: "mistral-chat",
  keys: ["messages", "tools", "tool_choice", "max_tokens", "temperature", "top_p"],
  maximumTemperature: 1,
  openAiShape: false,
});
