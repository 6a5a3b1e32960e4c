/** What the catalog knows about one model. */
import type { ModelPricing } from "../pricing/table.js";
import type { ExactTokenizerId } from "../tokens/tokenizer.js";

/**
 * The request format a model speaks on InvokeModel; the registry maps each to one adapter
 * (src/adapters/index.ts): text families, then embedding families, then image families.
 */
export type ModelFamily =
  | "anthropic-messages"
  | "anthropic-text"
  | "amazon-titan-text"
  | "amazon-nova"
  | "meta-llama2"
  | "meta-llama3"
  | "meta-llama4"
  | "mistral-prompt"
  | "mistral-chat"
  | "ai21-j2"
  | "ai21-jamba"
  | "cohere-command"
  | "cohere-chat"
  | "amazon-titan-embed"
  | "amazon-titan-embed-v2"
  | "amazon-titan-embed-image"
  | "cohere-embed"
  | "cohere-embed-v4"
  | "amazon-nova-embed"
  | "twelvelabs-marengo"
  | "twelvelabs-marengo-3"
  | "amazon-titan-image"
  | "amazon-nova-canvas"
  | "stability-sdxl"
  | "stability-image"
  | "cohere-rerank"
  | "amazon-rerank"
  | "openai-chat"
  | "deepseek-r1"
  | "writer-palmyra"
  | "twelvelabs-pegasus"
  | "moonshot-kimi"
  | (string & {});

/** What the model's native InvokeModel API supports. */
export interface ModelCapabilities {
  /** Native InvokeModelWithResponseStream support. */
  streaming: boolean;
  /** A native slot for system text (otherwise bedrock-kit emulates it, with a warning). */
  system: boolean;
  /** Native tool calling. */
  tools: boolean;
  /** Image input. */
  images: boolean;
  /** An embedding model. */
  embeddings: boolean;
  /** An image-generation model. */
  imageGeneration: boolean;
  /** The model can reason ("thinking") and takes the `reasoning` request option; absent means no. */
  reasoning?: boolean | undefined;
  /** Bedrock keeps a prompt cache for the model (cache-point parts are sent); absent means no. */
  promptCaching?: boolean | undefined;
  /** A rerank model (`fm.rerank`); absent means no. */
  rerank?: boolean | undefined;
}

/** Lifecycle facts for a model that is legacy or past its end of life. */
export interface Deprecation {
  /** ISO date (or month, where AWS's exact day was not read) the model stops or stopped answering on Bedrock. */
  endOfLife: string;
  /** A model ID to move to. */
  successor?: string | undefined;
}

/** One catalog entry. */
export interface ModelInfo {
  /** The base (foundation) model ID, or the registered ID. */
  id: string;
  /** e.g. `anthropic`, `amazon`. */
  provider: string;
  /** The request format, which picks the adapter. */
  family: ModelFamily;
  /** Display name, e.g. `Claude 3 Haiku`. */
  name: string;
  /** Input plus output tokens the model can hold. */
  contextWindow: number;
  /** The largest `maxTokens` the model accepts. */
  maxOutputTokens: number;
  /** What its native API supports. */
  capabilities: ModelCapabilities;
  /** Set when the model is legacy or past its end of life on Bedrock. */
  deprecated?: Deprecation | undefined;
  /** Region-group prefixes of the system inference profiles that serve it, e.g. `["us", "eu", "global"]`. */
  inferenceProfiles?: string[] | undefined;
  /**
   * For a registered ID (an application inference profile, a custom or provisioned
   * model): the foundation model behind it, by which the model policy judges it.
   */
  baseModelId?: string | undefined;
  /** True when Bedrock serves it only through an inference profile (the bare ID is refused). */
  profileRequired?: boolean | undefined;
  /** The exact offline tokenizer of this model when its family's adapter names none (or another). */
  exactTokenizer?: ExactTokenizerId | undefined;
  /**
   * How a reasoning model takes the `reasoning` option, where its family has more than one
   * way: `budget` (a token budget, e.g. Claude `thinking.type: "enabled"`), `adaptive` (an
   * effort level, a budget still accepted), `adaptive-only` (an effort level; a budget is refused),
   * `toggle` (thinking on or off in the prompt template, e.g. DeepSeek V3.x: no effort, no budget).
   */
  reasoningMode?: "budget" | "adaptive" | "adaptive-only" | "toggle" | undefined;
  /** Sampling options Bedrock refuses for this model whatever their value; bedrock-kit drops them with a warning. */
  rejectedSampling?: readonly ("temperature" | "topP" | "topK")[] | undefined;
  /** True when the model takes `temperature` or `topP` but refuses both together; bedrock-kit then drops `topP` with a warning. */
  temperatureOrTopP?: boolean | undefined;
  /**
   * On-demand prices in US Regions (`getModel` fills it): USD per 1,000 tokens, or
   * `{ perImage }` for image models (one 1024×1024 standard image), `{ perQuery }` for rerank
   * models (one call of up to 100 documents); undefined when unknown.
   */
  pricing?: ModelPricing | undefined;
}
