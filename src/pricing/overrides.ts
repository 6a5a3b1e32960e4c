/** Checks prices given by users: `createClient({ pricing })` and `registerModel({ pricing })`. */
import { ValidationError } from "../errors.js";
import type { PriceOverrides } from "./cost.js";
import type { TokenPrices } from "./table.js";

const priceFields = ["inputPer1k", "outputPer1k", "cacheReadPer1k", "cacheWritePer1k"] as const;

/**
 * Throws {@link ValidationError} naming the field (`<fieldPrefix>.inputPer1k`, …) unless
 * `prices` has non-negative input and output prices and, where given, cache prices.
 */
export function checkTokenPrices(prices: TokenPrices, label: string, fieldPrefix: string): void {
  for (const field of priceFields) {
    const value = (prices as unknown as Record<string, unknown> | null)?.[field];
    const required = field === "inputPer1k" || field === "outputPer1k";
    if (value === undefined && !required) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ValidationError(`Invalid ${label}.${field}: expected a non-negative number of USD per 1,000 tokens`, { field: `${fieldPrefix}.${field}` });
    }
  }
}

/** Throws {@link ValidationError} naming the field unless every override has non-negative prices. */
export function checkPriceOverrides(overrides: PriceOverrides | undefined): void {
  if (overrides === undefined) return;
  if (typeof overrides !== "object" || overrides === null) {
    throw new ValidationError("Invalid pricing: expected an object of prices by model ID", { field: "pricing" });
  }
  for (const [modelId, prices] of Object.entries(overrides)) checkTokenPrices(prices, `pricing["${modelId}"]`, `pricing.${modelId}`);
}
