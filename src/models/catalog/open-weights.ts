import type { ModelCapabilities, ModelInfo } from "../model-info.js";
import { chat, model } from "./more-providers.js";

const vision: ModelCapabilities = { ...chat, images: true };
const visionWithoutTools: ModelCapabilities = { ...vision, tools: false };

// Google Gemma 3, Moonshot Kimi K2.5, MiniMax M2.x, NVIDIA Nemotron and Z.AI GLM on Bedrock (read 2026-11-30).
// Body: the OpenAI Chat Completions request on InvokeModel and InvokeModelWithResponseStream, by
// their bare IDs (on demand). Recorded: jparkerweb/bedrock-wrapper @2173035 sends each of these IDs
// `{ messages, max_tokens, temperature, stop }` (`bedrock-wrapper.js` `buildInvokeRequest`, model
// table `bedrock-models.js`) and its run of 2026-05-16 against Bedrock (`test-models-output.txt`)
// read every answer from `choices[0].message.content` and every stream from
// `choices[0].delta.content`; its vision run of 2026-04-15 (`test-vision-models-output.txt`) shows
// Bedrock refusing a non-OpenAI image part for Gemma 3 and Kimi K2.5 with an OpenAI-schema error
// ("Invalid 'messages': Invalid 'content': value did not match any expected variant"). That
// `max_completion_tokens` (what the `openai-chat` codec sends, AWS "OpenAI models") is honoured as
// `max_tokens` is, and that tools and OpenAI `image_url` parts work on InvokeModel, follow from
// that schema but were not recorded ⚠️ — except Kimi's tools: Bike4Mind's live check of both Kimi
// IDs on InvokeModel (us-east-2, Bike4Mind/bike4mind PR #1089, 2026-07-29, read 2026-11-30)
// found `tools` accepted and answered with `finish_reason: "tool_calls"` and an OpenAI
// `tool_calls` array, streamed as a header delta and argument fragments (frames captured from
// K2 Thinking; see src/adapters/moonshot-kimi.ts). Kimi K2.5 takes the `moonshot-kimi` body (Moonshot's
// limits: no `stop`, temperature 0–1; BerriAI/litellm
// `litellm/llms/bedrock/chat/invoke_transformations/amazon_moonshot_transformation.py`) ⚠️ assumed
// from Kimi K2 Thinking.
// Context windows, output limits, modalities and tool calling: anomalyco/models.dev
// `providers/amazon-bedrock/models/*.toml` @f3fc692 (2026-07-02) ⚠️, except where AWS's model card
// was read through a quote: GLM 4.7 and 4.7 Flash 203,000 / 4,096 (AWS model cards as quoted in
// braintrustdata/braintrust-proxy#699, 2026); Nemotron Nano 3 30B 256K / 8K (AWS model card as
// quoted in anomalyco/models.dev#6822, 2026-09-11); MiniMax M2.5 196,608 / 98,304 and GLM 5
// 202,752 / 101,376 (ListFoundationModels metadata, anomalyco/models.dev#1272, 2026-03-25; the
// MiniMax M2.5 card's 1M is wrong there). None of these takes a documented reasoning option, so
// `reasoning` is not set; a `reasoning_content` field in an answer is still read as reasoning.
// Nemotron Nano 9B v2 writes its thinking into the answer text, closed by `</think>` (recorded
// in the same run), which is left in `text`.
/** Open-weight chat models Bedrock serves with the OpenAI Chat Completions body. */
export const openWeightModels: ModelInfo[] = [
  model("google.gemma-3-4b-it", "google", "openai-chat", "Gemma 3 4B IT", 128_000, 4_096, vision),
  model("google.gemma-3-12b-it", "google", "openai-chat", "Gemma 3 12B IT", 131_072, 8_192, visionWithoutTools),
  model("google.gemma-3-27b-it", "google", "openai-chat", "Gemma 3 27B IT", 202_752, 8_192, vision),
  model("moonshotai.kimi-k2.5", "moonshotai", "moonshot-kimi", "Kimi K2.5", 262_143, 16_000, vision),
  model("minimax.minimax-m2", "minimax", "openai-chat", "MiniMax M2", 204_608, 128_000, chat),
  model("minimax.minimax-m2.1", "minimax", "openai-chat", "MiniMax M2.1", 204_800, 131_072, chat),
  model("minimax.minimax-m2.5", "minimax", "openai-chat", "MiniMax M2.5", 196_608, 98_304, chat),
  model("nvidia.nemotron-super-3-120b", "nvidia", "openai-chat", "Nemotron 3 Super 120B A12B", 262_144, 131_072, chat),
  model("nvidia.nemotron-nano-12b-v2", "nvidia", "openai-chat", "Nemotron Nano 12B v2 VL", 128_000, 4_096, vision),
  model("nvidia.nemotron-nano-9b-v2", "nvidia", "openai-chat", "Nemotron Nano 9B v2", 128_000, 4_096, chat),
  model("nvidia.nemotron-nano-3-30b", "nvidia", "openai-chat", "Nemotron Nano 3 30B", 262_144, 8_192, chat),
  model("zai.glm-4.7", "zai", "openai-chat", "GLM 4.7", 203_000, 4_096, chat),
  model("zai.glm-4.7-flash", "zai", "openai-chat", "GLM 4.7 Flash", 203_000, 4_096, chat),
  model("zai.glm-5", "zai", "openai-chat", "GLM 5", 202_752, 101_376, chat),
];
