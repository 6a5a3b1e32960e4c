/**
 * What bedrock-kit knows about a model ID, with no adapter in sight: registered models,
 * catalog rows, inference profiles and ARNs (through model-id parsing), and family guesses
 * for IDs newer than the catalog. The registry adds the adapter on top; the offline Bedrock
 * (`bedrock-kit/testing`) uses this module alone, so its bundle carries no codec.
 */
import { UnknownModelError } from "../errors.js";
import type { Warning } from "../types.js";
import { allModels, findModel } from "./catalog/index.js";
import type { ModelCapabilities, ModelInfo } from "./model-info.js";
import { parseModelId, type ParsedModelId } from "./model-id.js";

/** A model ID's catalog entry (or registration, or family guess), before any adapter is chosen. */
export interface DescribedModel {
  parsed: ParsedModelId;
  model: ModelInfo;
  /** Lifecycle notes and guesses made for IDs the catalog does not list. */
  warnings: Warning[];
}

/** The models `registerModel` added, by exact ID, and a counter bumped on each registration. */
export interface SharedRegistrations {
  models: Map<string, ModelInfo>;
  version: number;
}

/**
 * Models added with `registerModel`, by the exact ID they were registered under.
 * Kept on `globalThis` so that every loaded copy of bedrock-kit (ESM and CJS builds, the
 * core and `bedrock-kit/testing`) sees the same registrations; `version` tells copies
 * when their resolution cache is stale.
 */
export const sharedRegistrations = ((globalThis as Record<symbol, unknown>)[Symbol.for("bedrock-kit.registered-models")] ??= {
  models: new Map<string, ModelInfo>(),
  version: 0,
}) as SharedRegistrations;
const registered = sharedRegistrations.models;

/** Capabilities of a model that can do none of them. */
export const noCapabilities: ModelCapabilities = {
  streaming: false,
  system: false,
  tools: false,
  images: false,
  embeddings: false,
  imageGeneration: false,
};

const llamaCapabilities: ModelCapabilities = { ...noCapabilities, streaming: true, system: true };

/**
 * Families by base-model-ID prefix (or pattern), first match wins, for IDs the catalog does not list.
 * Source: ../shared/design/bedrock-formats.md §4 "Family detection" (read 2026-11-25).
 */
const familyPrefixes: [prefix: string | RegExp, family: string, capabilities: ModelCapabilities, maxOutputTokens: number][] = [
  [
    "anthropic.claude-v",
    "anthropic-text",
    { streaming: true, system: true, tools: false, images: false, embeddings: false, imageGeneration: false },
    4_096,
  ],
  [
    "anthropic.claude-instant",
    "anthropic-text",
    { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false },
    4_096,
  ],
  [
    "amazon.titan-text-",
    "amazon-titan-text",
    { streaming: true, system: false, tools: false, images: false, embeddings: false, imageGeneration: false },
    3_072,
  ],
  ["amazon.nova-canvas", "amazon-nova-canvas", { ...noCapabilities, imageGeneration: true }, 0],
  ["amazon.nova-reel", "amazon-nova-reel", noCapabilities, 0],
  // Any Nova embedding model, never the Nova chat family (review-wire-formats.md finding 5, read 2026-11-30).
  [/^amazon\.nova-[\w.-]*embed/, "amazon-nova-embed", { ...noCapabilities, embeddings: true, images: true }, 0],
  [
    "amazon.nova-",
    "amazon-nova",
    { streaming: true, system: true, tools: true, images: true, embeddings: false, imageGeneration: false },
    10_000,
  ],
  ["meta.llama2-", "meta-llama2", llamaCapabilities, 2_048],
  ["meta.llama3", "meta-llama3", { ...llamaCapabilities, tools: true }, 4_096],
  ["meta.llama4", "meta-llama4", { ...llamaCapabilities, tools: true }, 4_096],
  ["twelvelabs.marengo-embed-2", "twelvelabs-marengo", { ...noCapabilities, embeddings: true, images: true }, 0],
  ["twelvelabs.marengo-embed-", "twelvelabs-marengo-3", { ...noCapabilities, embeddings: true, images: true }, 0],
  ["cohere.embed-v4", "cohere-embed-v4", { ...noCapabilities, embeddings: true, images: true }, 0],
  ["cohere.embed-", "cohere-embed", { ...noCapabilities, embeddings: true }, 0],
  ["amazon.titan-embed-", "amazon-titan-embed-v2", { ...noCapabilities, embeddings: true }, 0],
  ["amazon.titan-image-", "amazon-titan-image", { ...noCapabilities, imageGeneration: true }, 0],
  ["stability.stable-diffusion-xl", "stability-sdxl", { ...noCapabilities, imageGeneration: true }, 0],
  ["stability.", "stability-image", { ...noCapabilities, imageGeneration: true }, 0],
  ["cohere.command-r", "cohere-chat", { ...llamaCapabilities, tools: true }, 4_000],
  ["cohere.command", "cohere-command", { ...noCapabilities, streaming: true }, 4_096],
  ["ai21.j2-", "ai21-j2", noCapabilities, 8_191],
  ["ai21.jamba-", "ai21-jamba", { ...llamaCapabilities, tools: true }, 4_096],
  ["mistral.mistral-large-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  // Mistral's current models speak the chat completion body (review-wire-formats.md finding 5, read 2026-11-30).
  ["mistral.pixtral-", "mistral-chat", { ...llamaCapabilities, tools: true, images: true }, 8_192],
  ["mistral.magistral-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["mistral.ministral-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["mistral.devstral-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["mistral.voxtral-", "mistral-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["mistral.", "mistral-prompt", { ...noCapabilities, streaming: true }, 8_192],
  [
    "anthropic.claude-",
    "anthropic-messages",
    { streaming: true, system: true, tools: true, images: true, embeddings: false, imageGeneration: false },
    64_000,
  ],
  // OpenAI gpt-oss, Qwen3, DeepSeek-R1, Writer Palmyra, TwelveLabs Pegasus, Kimi (src/models/catalog/more-providers.ts, read 2026-11-30).
  ["openai.gpt-oss-", "openai-chat", { ...llamaCapabilities, tools: true }, 16_384],
  ["qwen.qwen3-", "openai-chat", { ...llamaCapabilities, tools: true }, 16_384],
  ["deepseek.r1", "deepseek-r1", { ...llamaCapabilities, reasoning: true }, 32_768],
  // DeepSeek V3.x: R1's body with the hybrid template (src/models/catalog/more-providers.ts, read 2026-11-30).
  ["deepseek.v3", "deepseek-r1", { ...llamaCapabilities, reasoning: true }, 8_192],
  ["writer.palmyra-x", "writer-palmyra", llamaCapabilities, 8_192],
  ["twelvelabs.pegasus-", "twelvelabs-pegasus", { ...noCapabilities, streaming: true }, 4_096],
  ["moonshot.kimi-", "moonshot-kimi", { ...llamaCapabilities, tools: true, reasoning: true }, 16_000],
  // Gemma 3, Kimi K2.5, MiniMax, Nemotron, GLM (src/models/catalog/open-weights.ts, read 2026-11-30).
  // Gemma 4 is served on the OpenAI-compatible endpoints only (AWS model card), so only Gemma 3 is guessed.
  ["google.gemma-3-", "openai-chat", llamaCapabilities, 8_192],
  ["moonshotai.kimi-", "moonshot-kimi", { ...llamaCapabilities, tools: true }, 16_000],
  ["minimax.minimax-", "openai-chat", { ...llamaCapabilities, tools: true }, 8_192],
  ["nvidia.nemotron-", "openai-chat", { ...llamaCapabilities, tools: true }, 4_096],
  ["zai.glm-", "openai-chat", { ...llamaCapabilities, tools: true }, 4_096],
];

/**
 * IDs of models Bedrock serves through an operation or a body bedrock-kit does not speak,
 * refused by name before any family guess so that no chat or text-to-image body reaches them.
 * Sources (read 2026-11-30): AWS "Amazon Nova Sonic" (speech to speech over
 * InvokeModelWithBidirectionalStream only); AWS "Stability AI Image Services" (thirteen
 * editing and control services on InvokeModel, each taking an input image), their IDs as
 * listed by ListFoundationModels (`stability.stable-image-inpaint-v1:0`,
 * `stability.stable-outpaint-v1:0`, `stability.stable-fast-upscale-v1:0`,
 * `stability.stable-style-transfer-v1:0`, …).
 */
const refusedModels: [pattern: RegExp, reason: string][] = [
  [
    /^amazon\.nova-(2-)?sonic/,
    "a speech-to-speech model that Bedrock serves only over InvokeModelWithBidirectionalStream, which bedrock-kit does not call",
  ],
  // GLM 4.6 (read 2026-11-30): AWS's Z.AI model cards list GLM 4.7, 4.7 Flash and 5 only; a public
  // check of the live model lists in us-east-1 (a verify-readme.py over ListFoundationModels and the
  // bedrock-mantle model list, code index) finds `zai.glm-4.6` on the OpenAI-compatible endpoint only,
  // and another public client's Bedrock provider names it among the models InvokeModel and Converse do not serve.
  [
    /^zai\.glm-4\.6(?::|$)/,
    "a model Bedrock serves only on its OpenAI-compatible endpoint (bedrock-mantle), not on InvokeModel, which bedrock-kit calls",
  ],
  [
    /^stability\.stable-(?!image-core|image-ultra|diffusion-)/,
    "a Stability AI Image Services model (remove background, inpaint, outpaint, search and replace or recolor, erase, upscale, style guide or transfer, control sketch or structure); these edit an input image, and bedrock-kit does not call image-editing services yet",
  ],
];

/**
 * Characters of an unknown ID compared with the catalog. Catalog IDs are under 60
 * characters, so a longer input only costs time: a 100,000-character ID compared in full
 * blocked the event loop for over a second.
 */
const comparedLength = 200;

/** Levenshtein distance between two strings, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(left: string, right: string, limit: number): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    let rowMinimum = row;
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      const distance = Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution);
      current.push(distance);
      rowMinimum = Math.min(rowMinimum, distance);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The known model IDs closest to `modelId`, best first (ties in catalog order). Compares
 * at most the first 200 characters of `modelId`, and stops measuring a catalog ID once it
 * is farther than the current `count`-th best.
 */
function closestModelIds(modelId: string, count = 3): string[] {
  const compared = modelId.slice(0, comparedLength);
  const best: { id: string; distance: number }[] = [];
  for (const model of allModels()) {
    const limit = best.length < count ? Number.POSITIVE_INFINITY : (best[count - 1]?.distance ?? 0) - 1;
    const distance = editDistance(compared, model.id, limit);
    if (distance > limit) continue;
    const position = best.findIndex((entry) => entry.distance > distance);
    best.splice(position === -1 ? best.length : position, 0, { id: model.id, distance });
    best.length = Math.min(best.length, count);
  }
  return best.map((entry) => entry.id);
}

function lifecycleWarnings(model: ModelInfo, today = new Date().toISOString().slice(0, 10)): Warning[] {
  if (!model.deprecated) return [];
  const { endOfLife, successor } = model.deprecated;
  const state = endOfLife <= today ? `reached its end of life on Bedrock (${endOfLife})` : `is legacy on Bedrock, with end of life ${endOfLife}`;
  return [
    {
      type: "deprecated",
      feature: "modelId",
      message: `${model.id} ${state}${successor ? `; its successor is ${successor}` : ""}.`,
    },
  ];
}

/**
 * What bedrock-kit knows about a model ID, whether or not an adapter serves its family
 * yet (embedding and image models are described before they can be called). An ID the
 * catalog does not list but whose prefix names a known family is described as that
 * family, with a warning. Throws `UnknownModelError` otherwise.
 */
export function describeModel(modelId: string): DescribedModel {
  const parsed = parseModelId(modelId);
  const registeredModel = registered.get(modelId);
  if (registeredModel) {
    // An opaque ARN registered with the model behind it is judged (and priced) as that model.
    const behind = parsed.baseModelId ?? registeredModel.baseModelId;
    return { parsed: { ...parsed, baseModelId: behind, provider: parsed.provider ?? behind?.split(".")[0] }, model: registeredModel, warnings: [] };
  }
  const baseModelId = parsed.baseModelId;
  if (baseModelId === undefined) {
    throw new UnknownModelError(
      `${modelId} is a ${parsed.arnResourceType ?? "model"} ARN that does not name its base model; call registerModel({ id, family }) for it`,
      { modelId },
    );
  }
  const known = registered.get(baseModelId) ?? findModel(baseModelId);
  if (known) return { parsed, model: known, warnings: lifecycleWarnings(known) };

  const refusal = refusedModels.find(([pattern]) => pattern.test(baseModelId));
  if (refusal) throw new UnknownModelError(`${modelId} is ${refusal[1]}`, { modelId });
  const match = familyPrefixes.find(([prefix]) => (typeof prefix === "string" ? baseModelId.startsWith(prefix) : prefix.test(baseModelId)));
  if (!match) {
    const closeMatches = closestModelIds(baseModelId);
    throw new UnknownModelError(`Unknown model ID ${modelId}; closest known IDs: ${closeMatches.join(", ")}`, {
      modelId,
      closeMatches,
    });
  }
  const [, family, capabilities, maxOutputTokens] = match;
  const model: ModelInfo = {
    id: baseModelId,
    provider: parsed.provider ?? "unknown",
    family,
    name: baseModelId,
    contextWindow: 200_000,
    maxOutputTokens,
    capabilities,
  };
  // A newer ID most likely keeps the request rules of the family's newest catalog model
  // (the newest Claude models refuse temperature and top_p; thinking and caching carry on).
  // The newest under the same prefix first (a newer DeepSeek R1 keeps R1's template, not V3.x's).
  const kin = allModels().filter((known) => known.family === family && known.provider === model.provider);
  const prefix = match[0];
  const newest = kin.filter((known) => (typeof prefix === "string" ? known.id.startsWith(prefix) : prefix.test(known.id))).at(-1) ?? kin.at(-1);
  if (newest) inheritRequestRules(model, newest);
  const warning: Warning = {
    type: "estimated",
    feature: "modelId",
    message: `${baseModelId} is not in bedrock-kit's catalog; it is served as the ${family} family with that family's limits${newest ? ` and the request rules of ${newest.id}` : ""}.`,
  };
  return { parsed, model, warnings: [warning] };
}

/** Copies how a catalog model takes `reasoning` and which sampling options it refuses onto another model. */
export function inheritParameterRules(model: ModelInfo, from: ModelInfo): void {
  if (from.reasoningMode !== undefined) model.reasoningMode = from.reasoningMode;
  if (from.rejectedSampling !== undefined) model.rejectedSampling = from.rejectedSampling;
  if (from.temperatureOrTopP !== undefined) model.temperatureOrTopP = from.temperatureOrTopP;
}

/** Copies the reasoning, caching and sampling rules of a catalog model onto a guessed one. */
function inheritRequestRules(model: ModelInfo, newest: ModelInfo): void {
  const { reasoning, promptCaching } = newest.capabilities;
  model.capabilities = { ...model.capabilities, ...(reasoning ? { reasoning } : {}), ...(promptCaching ? { promptCaching } : {}) };
  inheritParameterRules(model, newest);
}

/**
 * The model behind an ID only if Bedrock itself would accept that ID, with no family
 * guesses: a registered ID; a catalog foundation-model ID, bare or in a
 * `foundation-model/` ARN; or a system inference profile (`us.`, `eu.`, `apac.`,
 * `global.` …, bare or in an `inference-profile/` ARN) whose prefix the catalog row lists.
 * Anything else (a truncated ID, an unlisted profile, an opaque ARN nobody registered) is
 * undefined: Bedrock answers it with "The provided model identifier is invalid."
 * Source: ../shared/design/bedrock-formats.md §1.2 (read 2026-11-25).
 */
export function describeAcceptedModel(modelId: string): DescribedModel | undefined {
  const parsed = parseModelId(modelId);
  const registeredModel = registered.get(modelId);
  if (registeredModel) return { parsed, model: registeredModel, warnings: [] };
  const { baseModelId, profilePrefix, arnResourceType } = parsed;
  if (baseModelId === undefined) return undefined;
  if (arnResourceType === "foundation-model" && profilePrefix !== undefined) return undefined;
  if (arnResourceType === "inference-profile" && profilePrefix === undefined) return undefined;
  const known = registered.get(baseModelId) ?? findModel(baseModelId);
  if (!known) return undefined;
  if (profilePrefix !== undefined && !(known.inferenceProfiles ?? []).includes(profilePrefix)) return undefined;
  return { parsed, model: known, warnings: [] };
}
