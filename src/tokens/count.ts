/** `countTokens`: tokens of a text or of a whole request, for one model. */
import { ValidationError } from "../errors.js";
import { describeModel } from "../models/registry.js";
import type { InvokeRequest } from "../types.js";
import { coefficientsFor, estimateTextTokens, type EstimatorCoefficients } from "./estimator.js";

/** What {@link countTokens} answers. */
export interface TokenCount {
  /** Input tokens of the text or request. */
  tokens: number;
  /** False: every count is the estimator's (exact offline tokenizers come later). */
  exact: boolean;
  /** Which counter answered, e.g. `estimate:large-vocabulary`. */
  tokenizer: string;
}

/** A request as `countTokens` and `fm.estimate` take it (the model ID comes separately). */
export type CountableRequest = Omit<InvokeRequest, "modelId" | "signal">;

/** Tokens a chat API adds around each message (role markers, separators). */
const perMessageOverhead = 4;
/** A vision model's tokens for one image of about a megapixel (Claude: width × height / 750). */
const perImageTokens = 1_600;

function requestTokens(request: CountableRequest, coefficients: EstimatorCoefficients): number {
  const count = (text: string): number => estimateTextTokens(text, coefficients);
  let tokens = request.system === undefined ? 0 : count(request.system) + perMessageOverhead;
  const messages = request.messages ?? (request.prompt === undefined ? [] : [{ role: "user" as const, content: request.prompt }]);
  for (const message of messages) {
    tokens += perMessageOverhead;
    if (typeof message.content === "string") {
      tokens += count(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text") tokens += count(part.text);
      else if (part.type === "image") tokens += perImageTokens;
      else if (part.type === "tool-call") tokens += count(`${part.name} ${JSON.stringify(part.input ?? {})}`);
      else tokens += count(part.content);
    }
  }
  for (const tool of request.tools ?? []) tokens += count(JSON.stringify(tool));
  return tokens;
}

/**
 * Estimated input tokens of a text or a request for a model: text, system text, tool
 * definitions, tool calls and results, images and per-message framing. Throws
 * `UnknownModelError` for an ID nobody recognises.
 *
 * ```ts
 * await countTokens("amazon.nova-lite-v1:0", "How many tokens is this?"); // { tokens: 7, exact: false, tokenizer: "estimate:large-vocabulary" }
 * ```
 */
export async function countTokens(modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
  return countTokensNow(modelId, textOrRequest);
}

/** The synchronous counter behind {@link countTokens}. */
export function countTokensNow(modelId: string, textOrRequest: string | CountableRequest): TokenCount {
  const { model } = describeModel(modelId);
  const coefficients = coefficientsFor(model.family);
  const tokenizer = `estimate:${coefficients.lettersPerToken === 6 ? "large" : "small"}-vocabulary`;
  if (typeof textOrRequest === "string") return { tokens: estimateTextTokens(textOrRequest, coefficients), exact: false, tokenizer };
  if (typeof textOrRequest !== "object" || textOrRequest === null) {
    throw new ValidationError("Invalid textOrRequest: expected a string or a request object", { field: "textOrRequest", modelId });
  }
  return { tokens: requestTokens(textOrRequest, coefficients), exact: false, tokenizer };
}
