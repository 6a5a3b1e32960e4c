/**
 * Names of the counters `countTokens` can use. Adapters and catalog rows declare which one a
 * model takes; src/tokens/ only knows the counters by these names, never by model family.
 */

/** A coefficient set of the token estimator (src/tokens/estimator.ts). */
export type EstimatorName = "large-vocabulary" | "small-vocabulary";

/** An exact offline tokenizer (src/tokens/exact.ts), by the vocabulary it implements. */
export type ExactTokenizerId = "claude-legacy" | "llama2" | "llama3" | "mistral-v1";

/** How a model's tokens are counted offline: always an estimator, and an exact tokenizer where one exists. */
export interface TokenizerChoice {
  /** The estimator coefficients, used when no exact tokenizer is named or its package is missing. */
  readonly estimator: EstimatorName;
  /** The exact tokenizer, when a public one matches the model's vocabulary. */
  readonly exact?: ExactTokenizerId | undefined;
}

/** For models whose family declares nothing (embedding and image models, unknown families). */
export const defaultTokenizer: TokenizerChoice = { estimator: "large-vocabulary" };
