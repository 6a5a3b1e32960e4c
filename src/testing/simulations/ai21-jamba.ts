/** The offline Bedrock's Jamba model (bedrock-formats.md §4.10): `delta` chunks, `finish_reason`, usage in the body. */
import { chatSimulation } from "./openai-chat.js";

/** The simulated Jamba model. */
export const ai21JambaSimulation = chatSimulation({
  family: "ai21-jamba",
  keys: ["messages", "max_tokens", "temperature", "top_p", "stop", "n", "frequency_penalty", "presence_penalty", "tools", "response_format", "documents"],
  maximumTemperature: 2,
  openAiShape: true,
});
