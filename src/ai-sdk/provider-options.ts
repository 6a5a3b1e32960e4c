/**
 * `providerOptions.bedrockKit` of an AI SDK call, read into bedrock-kit request fields:
 * only the fields the AI SDK has no setting for, each checked for its type.
 */
import type { SharedV3ProviderOptions } from "@ai-sdk/provider";
import { ValidationError, type GuardrailOptions, type ModelId, type ReasoningOptions } from "../index.js";

/** The key of bedrock-kit's entries in `providerOptions` and `providerMetadata`. */
export const providerKey = "bedrockKit";

/**
 * What a language-model call takes in `providerOptions.bedrockKit`: bedrock-kit request
 * fields that have no AI SDK setting.
 */
export interface BedrockKitLanguageModelOptions {
  /** Reasoning ("thinking") where the model has it: `{ effort }` and/or `{ budgetTokens }`. */
  reasoning?: ReasoningOptions | undefined;
  /** A Bedrock guardrail for the call. */
  guardrail?: GuardrailOptions | undefined;
  /** Models to try next when this one is throttled or unavailable (see `InvokeRequest.fallbackModelIds`). */
  fallbackModelIds?: ModelId[] | undefined;
  /** Extra fields merged into the model's native body. */
  native?: Record<string, unknown> | undefined;
  /** The most this call may cost, in dollars: refused before any request when its worst case is more (see `InvokeRequest.maxUsd`). */
  maxUsd?: number | undefined;
}

/** Whether a value is a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `providerOptions.bedrockKit` as an object (empty when absent); anything else is a `ValidationError`. */
export function bedrockKitOptions(providerOptions: SharedV3ProviderOptions | undefined, modelId: string): Record<string, unknown> {
  const options = providerOptions?.[providerKey];
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new ValidationError("Invalid providerOptions.bedrockKit: expected an object", { field: "providerOptions.bedrockKit", modelId });
  return options;
}

/** Reads the language-model fields of `providerOptions.bedrockKit`, checking their types. */
export function languageModelOptions(providerOptions: SharedV3ProviderOptions | undefined, modelId: string): BedrockKitLanguageModelOptions {
  const options = bedrockKitOptions(providerOptions, modelId);
  const result: BedrockKitLanguageModelOptions = {};
  const objectField = (name: "reasoning" | "guardrail" | "native"): Record<string, unknown> | undefined => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw new ValidationError(`Invalid providerOptions.bedrockKit.${name}: expected an object`, { field: `providerOptions.bedrockKit.${name}`, modelId });
    return value;
  };
  const reasoning = objectField("reasoning");
  if (reasoning) result.reasoning = reasoning as ReasoningOptions;
  const guardrail = objectField("guardrail");
  if (guardrail) result.guardrail = guardrail as unknown as GuardrailOptions;
  const native = objectField("native");
  if (native) result.native = native;
  const fallbackModelIds = options.fallbackModelIds;
  if (fallbackModelIds !== undefined) {
    if (!Array.isArray(fallbackModelIds) || fallbackModelIds.some((id) => typeof id !== "string")) {
      throw new ValidationError("Invalid providerOptions.bedrockKit.fallbackModelIds: expected an array of model IDs", { field: "providerOptions.bedrockKit.fallbackModelIds", modelId });
    }
    result.fallbackModelIds = fallbackModelIds as ModelId[];
  }
  // The client checks its value (a positive number, naming the field `maxUsd`); here only that it is one.
  if (options.maxUsd !== undefined) {
    if (typeof options.maxUsd !== "number") throw new ValidationError("Invalid providerOptions.bedrockKit.maxUsd: expected a number of dollars", { field: "providerOptions.bedrockKit.maxUsd", modelId });
    result.maxUsd = options.maxUsd;
  }
  return result;
}
