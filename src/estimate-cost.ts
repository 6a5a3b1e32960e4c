/** `estimateCost`: the cost of a given number of tokens, before or after a call. */
import { ValidationError } from "./errors.js";
import { describeModel } from "./models/describe.js";
import type { Cost } from "./types.js";
import { batchPriceLookup, costOfUsage, lookUpPrices, toCost, type PriceOverrides } from "./pricing/cost.js";

/** What {@link estimateCost} takes. */
export interface CostQuery {
  /** Model ID, inference-profile ID (priced by its profile) or ARN. */
  modelId: string;
  /** Input tokens (not counting cache reads and writes). */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Prompt-cache reads, priced where the model caches. */
  cacheReadInputTokens?: number | undefined;
  /** Prompt-cache writes, priced where the model caches. */
  cacheWriteInputTokens?: number | undefined;
  /** The calling Region for a bare model ID. Default: `AWS_REGION`, then `us-east-1`. */
  region?: string | undefined;
  /** Prices to use instead of the table, as in `createClient({ pricing })`. */
  pricing?: PriceOverrides | undefined;
  /** Price as batch inference (Nova, Llama 3.1 / 3.3 / 4 where AWS lists batch prices; undefined elsewhere). */
  batch?: boolean | undefined;
}

function checkCount(field: string, value: unknown): void {
  if (value === undefined && field.startsWith("cache")) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`Invalid ${field}: expected a whole number of tokens, 0 or more`, { field });
  }
}

/**
 * The cost of a number of tokens for a model, from bedrock-kit's price table (or `pricing`).
 * Undefined when no price is known for the model, profile or Region; never a guess.
 * Throws `UnknownModelError` for an ID nobody recognises, `ValidationError` for bad counts.
 *
 * ```ts
 * estimateCost({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", inputTokens: 1_000, outputTokens: 500 });
 * // { inputUsd: 0.0011, outputUsd: 0.00275, totalUsd: 0.00385 }
 * ```
 */
export function estimateCost(query: CostQuery): Cost | undefined {
  checkCount("inputTokens", query.inputTokens);
  checkCount("outputTokens", query.outputTokens);
  checkCount("cacheReadInputTokens", query.cacheReadInputTokens);
  checkCount("cacheWriteInputTokens", query.cacheWriteInputTokens);
  const { parsed } = describeModel(query.modelId);
  const lookup = lookUpPrices(parsed, query.region ?? process.env.AWS_REGION ?? "us-east-1", query.pricing);
  const prices = (query.batch ? batchPriceLookup(lookup, parsed.requested) : lookup).prices;
  if (!prices) return undefined;
  const cost = costOfUsage(query, prices);
  return typeof cost === "string" ? undefined : toCost(cost);
}
