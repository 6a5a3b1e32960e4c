import type { ModelCapabilities, ModelInfo } from "../model-info.js";

/** A text chat model with tools and a system slot (the open-weight rows start from it too). */
export const chat: ModelCapabilities = { streaming: true, system: true, tools: true, images: false, embeddings: false, imageGeneration: false };
const reasoningChat: ModelCapabilities = { ...chat, reasoning: true };

/** One catalog row. */
export function model(id: string, provider: string, family: string, name: string, contextWindow: number, maxOutputTokens: number, capabilities: ModelCapabilities): ModelInfo {
  return { id, provider, family, name, contextWindow, maxOutputTokens, capabilities };
}

/** A model Bedrock serves only through the US cross-Region inference profile (`us.` + its ID). */
function usProfileOnly(info: ModelInfo): ModelInfo {
  return { ...info, inferenceProfiles: ["us"], profileRequired: true };
}

// OpenAI gpt-oss, Qwen3, DeepSeek-R1 and Writer Palmyra on Bedrock (read 2026-11-30).
// IDs, context windows, output limits, modalities and reasoning: anomalyco/models.dev
// `providers/amazon-bedrock/models/*.toml` @f3fc692 (2026-07-02); gpt-oss IDs and 128K context
// also AWS "OpenAI models"; R1's 32,768 output and us. profile AWS "DeepSeek models"; Palmyra
// X5's 1,040,000 input and 8,192 output AWS "Writer Palmyra X5". Regions: AWS "Supported
// foundation models" (models-supported): Palmyra X4/X5 (us-west-2) and R1 are marked "only
// through cross-Region inference"; gpt-oss and Qwen3 are on-demand.
// `reasoning` is set where the model takes a reasoning option (gpt-oss: `reasoning_effort`)
// or always reasons (R1); Qwen3 32B reasons by itself and its reasoning is read when the
// answer carries it, but it takes no setting. Qwen3 Next 80B and Qwen3 VL 235B answered the
// OpenAI body by their bare IDs, invoked and streamed, in a recorded run against Bedrock of
// 2026-05-16 (jparkerweb/bedrock-wrapper @2173035 `test-models-output.txt`, re-checked
// 2026-11-30). In that run gpt-oss 20B and 120B were sent `{ messages, max_completion_tokens,
// temperature }` (the keys the `openai-chat` codec sends) and answered on InvokeModel; the
// Qwen3 models were sent `max_tokens`, so `max_completion_tokens` for Qwen3 is not recorded ⚠️.
// The gpt-oss safeguard models are listed by models.dev on bedrock-runtime; that
// they take the same body as gpt-oss is assumed ⚠️ (no AWS page or recording read for them).
// Qwen3 VL's image input: models.dev modalities ⚠️ (that run sent images in another format).
// TwelveLabs Pegasus 1.2: AWS "TwelveLabs Pegasus 1.2" (4,096 output tokens; the input is a
// video of up to an hour and a prompt of up to 2,000 tokens, so no token window is checked:
// 0) and models-supported (every Region "only through cross-Region inference"). Profiles
// us., eu. and global.: a public client's table generated with `aws bedrock
// list-inference-profiles` in us-east-1, eu-central-1 and ap-northeast-1 (last updated
// 2026-03-18, code index, re-checked 2026-11-30); no apac. profile was listed.
// Kimi K2 Thinking: ID, 262,143 context, 16,000 output from models.dev; served on demand by
// its bare ID in public code (several projects call `moonshot.kimi-k2-thinking` in us-east-1).
// DeepSeek V3.1 (`deepseek.v3-v1:0`) and V3.2 (`deepseek.v3.2`), read 2026-11-30, in the
// `deepseek-r1` family (R1's `prompt` body, V3.x's template: see src/adapters/deepseek-r1.ts for
// the body's sources and what contradicts them ⚠️). Both are hybrid models, so `reasoning` turns
// their thinking mode on (DeepSeek's V3.1 model card; V3.2 assumed alike ⚠️: AWS's V3.2 card has
// no "Reasoning" line, where R1's says "Reasoning: Supported").
// - IDs: anomalyco/models.dev `providers/amazon-bedrock/models/deepseek.v3-v1:0.toml` and
//   `deepseek.v3.2.toml` @f3fc692 (2026-07-02); public callers use both bare IDs on demand
//   (V3.1 in us-east-2, us-west-2, eu-north-1, ap-south-1, ap-northeast-1; V3.2 in us-east-1,
//   us-west-2; code index). The `deepseek.v3.2-v1:0` spelling seen in two generated model lists
//   is not confirmed by any AWS page or recording and is not listed ⚠️. V3.1's `us.` profile is
//   contested (one public manifest calls `us.deepseek.v3-v1:0` from us-west-2, another project's
//   test asserts it is invalid on Bedrock), so no profile is listed ⚠️.
// - V3.2: 164K context ("164K", taken as models.dev's 163,840) and 8K output, launched
//   2025-12-01, end of life not before 2026-12-01, APIs Invoke, Converse and Chat Completions
//   (AWS model card model-card-deepseek-deepseek-v3-2, it_it translation, read 2026-11-30).
// - V3.1: AWS's model card was not read ⚠️; 163,840 context from models.dev (also Google
//   Vertex's DeepSeek-V3.1 page); output limit 32,768, the `max_tokens` limit AWS's "DeepSeek
//   models" page gives for the DeepSeek body (models.dev says 81,920 ⚠️); launch date and end of
//   life not read ⚠️ (models.dev's release_date 2025-09-18).
/** OpenAI, Qwen, DeepSeek, Writer, TwelveLabs and Moonshot models on Bedrock. */
export const moreProviderModels: ModelInfo[] = [
  model("openai.gpt-oss-20b-1:0", "openai", "openai-chat", "gpt-oss-20b", 128_000, 16_384, reasoningChat),
  model("openai.gpt-oss-120b-1:0", "openai", "openai-chat", "gpt-oss-120b", 128_000, 16_384, reasoningChat),
  model("openai.gpt-oss-safeguard-20b", "openai", "openai-chat", "gpt-oss-safeguard-20b", 128_000, 16_384, chat),
  model("openai.gpt-oss-safeguard-120b", "openai", "openai-chat", "gpt-oss-safeguard-120b", 128_000, 16_384, chat),
  model("qwen.qwen3-32b-v1:0", "qwen", "openai-chat", "Qwen3 32B (dense)", 16_384, 16_384, chat),
  model("qwen.qwen3-235b-a22b-2507-v1:0", "qwen", "openai-chat", "Qwen3 235B A22B 2507", 262_144, 131_072, chat),
  model("qwen.qwen3-coder-30b-a3b-v1:0", "qwen", "openai-chat", "Qwen3 Coder 30B A3B Instruct", 262_144, 131_072, chat),
  model("qwen.qwen3-coder-480b-a35b-v1:0", "qwen", "openai-chat", "Qwen3 Coder 480B A35B Instruct", 131_072, 65_536, chat),
  model("qwen.qwen3-next-80b-a3b", "qwen", "openai-chat", "Qwen3 Next 80B A3B Instruct", 262_000, 262_000, chat),
  model("qwen.qwen3-vl-235b-a22b", "qwen", "openai-chat", "Qwen3 VL 235B A22B Instruct", 262_000, 262_000, { ...chat, images: true }),
  usProfileOnly(model("deepseek.r1-v1:0", "deepseek", "deepseek-r1", "DeepSeek-R1", 128_000, 32_768, { ...chat, tools: false, reasoning: true })),
  { ...model("deepseek.v3-v1:0", "deepseek", "deepseek-r1", "DeepSeek-V3.1", 163_840, 32_768, { ...chat, tools: false, reasoning: true }), reasoningMode: "toggle" },
  { ...model("deepseek.v3.2", "deepseek", "deepseek-r1", "DeepSeek-V3.2", 163_840, 8_192, { ...chat, tools: false, reasoning: true }), reasoningMode: "toggle" },
  usProfileOnly(model("writer.palmyra-x4-v1:0", "writer", "writer-palmyra", "Palmyra X4", 122_880, 8_192, { ...chat, tools: false })),
  usProfileOnly(model("writer.palmyra-x5-v1:0", "writer", "writer-palmyra", "Palmyra X5", 1_040_000, 8_192, { ...chat, tools: false })),
  {
    ...model("twelvelabs.pegasus-1-2-v1:0", "twelvelabs", "twelvelabs-pegasus", "Pegasus 1.2", 0, 4_096, { ...chat, system: false, tools: false }),
    inferenceProfiles: ["us", "eu", "global"],
    profileRequired: true,
  },
  model("moonshot.kimi-k2-thinking", "moonshot", "moonshot-kimi", "Kimi K2 Thinking", 262_143, 16_000, reasoningChat),
];
