/**
 * Prices given to `registerModel({ id, family, pricing })`, by the exact ID registered.
 * Kept on `globalThis`, as the registrations themselves are, so every loaded copy of
 * bedrock-kit (ESM and CJS builds) prices a model registered through any of them.
 */
import type { TokenPrices } from "./table.js";

/** The shared store, made on first use (no work at import, so nothing for tree-shaking to keep). */
function store(): Map<string, TokenPrices> {
  const holder = globalThis as Record<symbol, Map<string, TokenPrices> | undefined>;
  const key = Symbol.for("bedrock-kit.registered-prices");
  holder[key] ??= new Map();
  return holder[key];
}

/** Sets the prices of a registered model ID, or forgets them when `prices` is undefined. */
export function setRegisteredPrices(modelId: string, prices: TokenPrices | undefined): void {
  if (prices === undefined) store().delete(modelId);
  else store().set(modelId, { ...prices });
}

/** The prices registered for exactly this ID, if any. */
export function registeredPrices(modelId: string): TokenPrices | undefined {
  return store().get(modelId);
}
