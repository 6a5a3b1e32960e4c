/** What the catalog knows about one model. */

/** The request format a model speaks on InvokeModel; the registry maps each to one adapter. */
export type ModelFamily = "anthropic-messages" | "anthropic-text" | (string & {});

/** What the model's native InvokeModel API supports. */
export interface ModelCapabilities {
  /** Native InvokeModelWithResponseStream support. */
  streaming: boolean;
  system: boolean;
  tools: boolean;
  images: boolean;
  embeddings: boolean;
  imageGeneration: boolean;
}

/** Lifecycle facts for a model that is legacy or past its end of life. */
export interface Deprecation {
  /** ISO date (or month, where AWS's exact day was not read) the model stops or stopped answering on Bedrock. */
  endOfLife: string;
  /** A model ID to move to. */
  successor?: string;
}

/** One catalog entry. */
export interface ModelInfo {
  id: string;
  provider: string;
  family: ModelFamily;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: ModelCapabilities;
  deprecated?: Deprecation;
}
