/**
 * The cost of a call from the usage Bedrock reported: which prices apply (model, profile,
 * Region, overrides), and exact arithmetic in integer picodollars.
 */
import type { ParsedModelId } from "../models/model-id.js";
import type { Cost, Usage, Warning } from "../types.js";
import { registeredPrices } from "./registered.js";
import { tablePrices, type PriceRow, type TokenPrices } from "./table.js";

/** Price overrides by model ID (requested or base), e.g. for custom models or negotiated prices. */
export type PriceOverrides = Record<string, TokenPrices>;

/** Picodollars (10⁻¹² USD) per token for a USD-per-1K price: exact integers for every table price. */
function picoPerToken(per1k: number): number {
  return Math.round(per1k * 1e9);
}

/** A cost in picodollars, kept exact, with its USD view. */
export interface PicoCost {
  inputPico: number;
  outputPico: number;
}

/** USD from picodollars. */
export function toCost(cost: PicoCost): Cost {
  return { inputUsd: cost.inputPico / 1e12, outputUsd: cost.outputPico / 1e12, totalUsd: (cost.inputPico + cost.outputPico) / 1e12 };
}

/** The prices that apply to a call, or why none do. */
export type PriceLookup = { prices: PriceRow; source: "override" | "registered" | "table" } | { prices: undefined; reason: string };

/**
 * Prices for a requested model ID: an override by requested or base ID first; then prices
 * given to `registerModel` for the requested or base ID; then the table's row for the base model, taking the profile's own prices where it has them, the
 * base prices for `us.`/`global.` profiles and bare IDs called from a US Region, and none
 * otherwise (a price the table does not have is never guessed).
 */
export function lookUpPrices(parsed: ParsedModelId, region: string, overrides: PriceOverrides | undefined): PriceLookup {
  const override = overrides?.[parsed.requested] ?? (parsed.baseModelId ? overrides?.[parsed.baseModelId] : undefined);
  if (override) return { prices: override, source: "override" };
  const registered = registeredPrices(parsed.requested) ?? (parsed.baseModelId ? registeredPrices(parsed.baseModelId) : undefined);
  if (registered) return { prices: registered, source: "registered" };
  const row = parsed.baseModelId ? tablePrices(parsed.baseModelId) : undefined;
  if (!row) return { prices: undefined, reason: `bedrock-kit has no price for ${parsed.requested}; pass createClient({ pricing }) or registerModel({ pricing }) to set one` };
  const prefix = parsed.profilePrefix;
  if (prefix !== undefined) {
    const variant = row.profiles?.[prefix];
    if (variant) {
      const unpriced = row.longContext ? { unpricedAbove: row.longContext.thresholdTokens } : {};
      return { prices: { ...variant, ...unpriced }, source: "table" };
    }
    if (prefix === "us" || prefix === "global") return { prices: row, source: "table" };
    return { prices: undefined, reason: `bedrock-kit has no price for the ${prefix}. profile of ${parsed.baseModelId}` };
  }
  if (region.startsWith("us-") && !region.startsWith("us-gov-")) return { prices: row, source: "table" };
  return { prices: undefined, reason: `bedrock-kit's prices are for US Regions; it has none for ${parsed.requested} in ${region}` };
}

/**
 * The batch-inference prices of a lookup: the table's batch row where AWS lists one, or why
 * there is none. Batch prices are never derived from on-demand ones, and overrides and
 * registered prices (on-demand by definition) do not apply.
 */
export function batchPriceLookup(lookup: PriceLookup, modelId: string): PriceLookup {
  if (lookup.prices && lookup.source === "table" && lookup.prices.batch) return { prices: lookup.prices.batch, source: "table" };
  if (!lookup.prices) return lookup;
  return { prices: undefined, reason: `bedrock-kit has no batch-inference price for ${modelId}` };
}

/**
 * The cost of the reported usage at `prices`, in picodollars; undefined (with the reason)
 * when the usage needs a price the row lacks (cache tokens, a long-context tier).
 */
export function costOfUsage(usage: Pick<Usage, "inputTokens" | "outputTokens" | "cacheReadInputTokens" | "cacheWriteInputTokens">, row: PriceRow): PicoCost | string {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const totalInput = usage.inputTokens + cacheRead + cacheWrite;
  if (row.unpricedAbove !== undefined && totalInput > row.unpricedAbove) return "the long-context price of this profile is not known";
  let prices: TokenPrices = row;
  if (row.longContext && totalInput > row.longContext.thresholdTokens) prices = row.longContext;
  if (cacheRead > 0 && prices.cacheReadPer1k === undefined) return "the price of prompt-cache reads is not known for this model";
  if (cacheWrite > 0 && prices.cacheWritePer1k === undefined) return "the price of prompt-cache writes is not known for this model";
  const inputPico =
    usage.inputTokens * picoPerToken(prices.inputPer1k) +
    cacheRead * picoPerToken(prices.cacheReadPer1k ?? 0) +
    cacheWrite * picoPerToken(prices.cacheWritePer1k ?? 0);
  return { inputPico, outputPico: usage.outputTokens * picoPerToken(prices.outputPer1k) };
}

/** The warning a result carries when its cost is undefined. */
export function noCostWarning(reason: string): Warning {
  return { type: "unsupported", feature: "cost", message: `cost is undefined: ${reason}.` };
}
