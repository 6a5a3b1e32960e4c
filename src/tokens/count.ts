/** `countTokens`: tokens of a text or of a whole request, for one model. */
import { adapters } from "../adapters/index.js";
import { ValidationError } from "../errors.js";
import type { ModelInfo } from "../models/model-info.js";
import { describeModel, resolveModel } from "../models/registry.js";
import { normalizeRequest } from "../validate.js";
import { exactTokenizer } from "./exact.js";
import type { InvokeRequest } from "../types.js";
import { coefficientsFor, estimateTextTokens, type EstimatorCoefficients } from "./estimator.js";
import { defaultTokenizer, type TokenizerChoice } from "./tokenizer.js";

/** What {@link countTokens} answers. */
export interface TokenCount {
  /** Input tokens of the text or request. */
  tokens: number;
  /** True when an exact offline tokenizer counted (Claude ≤ 2.1, Llama 2, Llama 3.x, Mistral 7B / Mixtral). */
  exact: boolean;
  /** Which counter answered, e.g. `llama3-tokenizer-js` or `estimate:large-vocabulary`. */
  tokenizer: string;
  /** For `fm.countTokens` estimates: the correction learned from Bedrock's counts of this client's calls. */
  calibration?: Calibration | undefined;
}

/** How an estimate was corrected with the input tokens Bedrock reported for earlier calls. */
export interface Calibration {
  /** Reported ÷ estimated tokens, weighted towards recent calls, kept within 0.5–2. */
  ratio: number;
  /** Calls the ratio was learned from. */
  observations: number;
}

/** A request as `countTokens` and `fm.estimate` take it (the model ID comes separately). */
export type CountableRequest = Omit<InvokeRequest, "modelId" | "signal">;

/** Tokens a chat API adds around each message (role markers, separators). */
const perMessageOverhead = 4;
/** A vision model's tokens for one image of about a megapixel (Claude: width × height / 750). */
const perImageTokens = 1_600;

/** The counters a family's adapter declares, or the default for families without a text adapter. */
function familyTokenizer(family: string): TokenizerChoice {
  return adapters.get(family)?.tokenizer ?? defaultTokenizer;
}

/** A model's counters: its family's, with the exact tokenizer its catalog row names, if any. */
function tokenizerOf(model: ModelInfo): TokenizerChoice {
  const choice = familyTokenizer(model.family);
  return model.exactTokenizer === undefined ? choice : { ...choice, exact: model.exactTokenizer };
}

/** The estimator's count of a request's input tokens for a family. */
export function estimateRequestTokens(request: CountableRequest, family: string): number {
  return requestTokens(request, coefficientsFor(familyTokenizer(family).estimator));
}

/** The text of a string or structured system (cache points carry none). */
export function systemText(system: NonNullable<InvokeRequest["system"]>): string {
  if (typeof system === "string") return system;
  return system.map((part) => (part.type === "text" ? part.text : "")).join("\n\n");
}

function requestTokens(request: CountableRequest, coefficients: EstimatorCoefficients): number {
  const count = (text: string): number => estimateTextTokens(text, coefficients);
  let tokens = request.system === undefined ? 0 : count(systemText(request.system)) + perMessageOverhead;
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
      else if (part.type === "tool-result") tokens += count(part.content);
      else if (part.type === "reasoning") tokens += count(part.text);
    }
  }
  for (const tool of request.tools ?? []) tokens += count(JSON.stringify(tool));
  return tokens;
}

/**
 * Input tokens of a text or a request for a model. Exact where an offline tokenizer exists
 * and its optional package is installed (a request is counted as the rendered prompt that
 * goes on the wire, template tokens included); otherwise the estimator's count of the
 * text, system text, tool definitions, tool calls and results, images and per-message
 * framing. Throws `UnknownModelError` for an ID nobody recognises.
 *
 * ```ts
 * await countTokens("amazon.nova-lite-v1:0", "How many tokens is this?"); // { tokens: 7, exact: false, tokenizer: "estimate:large-vocabulary" }
 * ```
 */
export async function countTokens(modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
  const resolved = describeModel(modelId);
  const tokenizer = await exactTokenizer(tokenizerOf(resolved.model).exact);
  if (tokenizer) {
    const prompt = typeof textOrRequest === "string" ? textOrRequest : renderedPrompt(modelId, textOrRequest);
    if (prompt !== undefined) return { tokens: tokenizer.count(prompt), exact: true, tokenizer: tokenizer.name };
  }
  return countTokensNow(modelId, textOrRequest);
}

/** The prompt text a templated family sends for a request (what Bedrock tokenizes), or undefined. */
function renderedPrompt(modelId: string, request: CountableRequest): string | undefined {
  const resolved = resolveModel(modelId);
  const native = resolved.adapter.toNativeBody(normalizeRequest({ ...request, modelId }, resolved), resolved.model, { stream: false });
  const prompt = (native.body as { prompt?: unknown }).prompt;
  return typeof prompt === "string" ? prompt : undefined;
}

/** The synchronous counter behind {@link countTokens}. */
export function countTokensNow(modelId: string, textOrRequest: string | CountableRequest): TokenCount {
  const { model } = describeModel(modelId);
  const coefficients = coefficientsFor(tokenizerOf(model).estimator);
  const tokenizer = `estimate:${coefficients.name}`;
  if (typeof textOrRequest === "string") return { tokens: estimateTextTokens(textOrRequest, coefficients), exact: false, tokenizer };
  if (typeof textOrRequest !== "object" || textOrRequest === null) {
    throw new ValidationError("Invalid textOrRequest: expected a string or a request object", { field: "textOrRequest", modelId });
  }
  return { tokens: requestTokens(textOrRequest, coefficients), exact: false, tokenizer };
}
