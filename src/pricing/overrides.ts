/** Checks `createClient({ pricing })` before any call. */
import { ValidationError } from "../errors.js";
import type { PriceOverrides } from "./cost.js";

const priceFields = ["inputPer1k", "outputPer1k", "cacheReadPer1k", "cacheWritePer1k"] as const;

/** Throws {@link ValidationError} naming the field unless every override has non-negative prices. */
export function checkPriceOverrides(overrides: PriceOverrides | undefined): void {
  if (overrides === undefined) return;
  if (typeof overrides !== "object" || overrides === null) {
    throw new ValidationError("Invalid pricing: expected an object of prices by model ID", { field: "pricing" });
  }
  for (const [modelId, prices] of Object.entries(overrides)) {
    for (const field of priceFields) {
      const value = (prices as unknown as Record<string, unknown> | null)?.[field];
      const required = field === "inputPer1k" || field === "outputPer1k";
      if (value === undefined && !required) continue;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new ValidationError(`Invalid pricing["${modelId}"].${field}: expected a non-negative number of USD per 1,000 tokens`, {
          field: `pricing.${modelId}.${field}`,
        });
      }
    }
  }
}
