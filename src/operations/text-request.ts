/**
 * The prepare step of every text operation (invoke, stream, estimate, countTokens):
 * validate and normalize the request, encode it with the family's adapter, check the
 * context window, look up prices. Pure: no network.
 */
import { toolChecksOf, type ToolChecks } from "./tool-call-checks.js";
import type { ResponseContext } from "../adapters/adapter.js";
import { ValidationError } from "../errors.js";
import { checkProfile } from "../models/profiles.js";
import { resolveModel, type ResolvedModel } from "../models/registry.js";
import type { ClientContext } from "../pipeline/context.js";
import type { CallTarget } from "../pipeline/run-call.js";
import { costOfUsage, lookUpPrices, type PicoCost, type PriceLookup } from "../pricing/cost.js";
import { countTokensNow, estimateRequestTokens } from "../tokens/count.js";
import type { InvokeRequest, Warning } from "../types.js";
import type { GuardrailSettings } from "../transport/index.js";
import { checkGuardrail, checkModelId, normalizeRequest } from "../validate.js";
import { gateFeatures } from "../validate-features.js";
import { checkRequestBytes, policyLimit } from "./request-limits.js";

/** A text model resolved for a call. */
export type TextTarget = ResolvedModel & CallTarget;

/** A text request ready for the wire. */
export interface PreparedText {
  target: TextTarget;
  /** The native body, JSON. */
  body: string;
  warnings: Warning[];
  /** Stop sequences the client enforces itself (the model cannot take them on the wire). */
  emulatedStops: string[] | undefined;
  /** True when the body is for InvokeModelWithResponseStream. */
  nativeStream: boolean;
  /** What the adapter's decoders need from the request. */
  responseContext: ResponseContext;
  /** The prices that apply to this call, or why none do. */
  prices: PriceLookup;
  /** The most input tokens the body can be: its UTF-8 bytes (+1,000 with tools, for hidden tool prompts). */
  worstCaseInputTokens: number;
  /** `maxTokens`, or the model's maximum output. */
  maxOutputTokens: number;
  /** The estimator's input tokens, for calibration (bodies up to 128 KiB, to keep calls cheap). */
  estimatedInputTokens: number | undefined;
  /** The request's guardrail, as InvokeModel's headers take it. */
  guardrail: GuardrailSettings | undefined;
  /** The estimated input plus `maxTokens`, when the context window might not hold them (undefined: it surely does). */
  contextOverflow: { inputTokens: number; window: number } | undefined;
  /** The checkers of the request's tools, for the answer's tool calls (undefined without tools). */
  toolChecks: ToolChecks | undefined;
}

/** Requests with bodies up to this many characters are estimated for calibration (about 1 ms at most). */
const calibrationLimit = 128 * 1024;

/** Tokens Bedrock may add for tool use that the body does not show (Claude's tool system prompt is a few hundred). */
const hiddenToolTokens = 1_000;

/** Checks the request's model ID and resolves it (profiles and ARNs included). */
export function resolveText(context: ClientContext, request: InvokeRequest): TextTarget {
  checkModelId(request);
  const resolved = resolveModel(request.modelId);
  checkProfile(resolved, context.region);
  return { ...resolved, requested: resolved.parsed.requested, baseModelId: resolved.parsed.baseModelId };
}

/** Validates and encodes a text request for its model. */
export function prepareText(context: ClientContext, asked: InvokeRequest, target: TextTarget, operation: "invoke" | "stream"): PreparedText {
  const { request, limitWarnings } = applyTokenLimit(context, asked, target);
  const gated = gateFeatures(normalizeRequest(request, target), target.model, target.requested);
  const normalized = gated.request;
  const guardrail = checkGuardrail(request.guardrail, target.requested);
  const { adapter, model } = target;
  // A stream of a model without native streaming is one InvokeModel.
  const nativeStream = operation === "stream" && adapter.createStreamDecoder !== undefined && model.capabilities.streaming;
  const problem = adapter.checkRequest?.(normalized, model);
  if (problem) throw new ValidationError(`Invalid ${problem.field}: ${problem.message}`, { field: problem.field, modelId: target.requested });
  const native = adapter.toNativeBody(normalized, model, { stream: nativeStream });
  const toolNames = normalized.toolChoice === "none" ? [] : (normalized.tools ?? []).map((tool) => tool.name);
  const body = JSON.stringify(native.body);
  checkRequestBytes(context, body, target.requested);
  return {
    target,
    body,
    warnings: [...target.warnings, ...limitWarnings, ...gated.warnings, ...native.warnings],
    emulatedStops: native.emulatedStopSequences?.length ? native.emulatedStopSequences : undefined,
    nativeStream,
    responseContext: { toolNames, reasoning: normalized.reasoning !== undefined, model },
    prices: lookUpPrices(target.parsed, context.region, context.pricing),
    worstCaseInputTokens: Buffer.byteLength(body, "utf8") + (toolNames.length > 0 ? hiddenToolTokens : 0),
    maxOutputTokens: request.maxTokens ?? model.maxOutputTokens,
    estimatedInputTokens: body.length <= calibrationLimit ? estimateRequestTokens(request, model.family) : undefined,
    contextOverflow: contextOverflow(request, target, body),
    toolChecks: toolChecksOf(request.tools),
    guardrail,
  };
}


/** The request under the client's `limits.maxTokens`: refused above it, given it when it names none. */
function applyTokenLimit(context: ClientContext, request: InvokeRequest, target: TextTarget): { request: InvokeRequest; limitWarnings: Warning[] } {
  const limit = context.limits.maxTokens;
  if (limit === undefined) return { request, limitWarnings: [] };
  if (typeof request.maxTokens === "number" && request.maxTokens > limit) {
    throw policyLimit("maxTokens", `${request.maxTokens} is over this client's limits.maxTokens of ${limit}`, target.requested);
  }
  if (request.maxTokens !== undefined) return { request, limitWarnings: [] };
  const maxTokens = Math.min(limit, target.model.maxOutputTokens || limit);
  return {
    request: { ...request, maxTokens },
    limitWarnings: [{ type: "emulated", feature: "maxTokens", message: `maxTokens was set to ${maxTokens} by this client's limits.maxTokens.` }],
  };
}

/** The estimate that overflows the context window, when it does. */
function contextOverflow(request: InvokeRequest, target: TextTarget, body: string): PreparedText["contextOverflow"] {
  const window = target.model.contextWindow;
  const output = request.maxTokens ?? 0;
  // The body's length bounds its tokens from above for the text in it; count only when it might not fit.
  if (window <= 0 || body.length + output <= window) return undefined;
  const inputTokens = countTokensNow(request.modelId, request).tokens;
  return inputTokens + output > window ? { inputTokens, window } : undefined;
}

/** Refuses, before the network, a request whose estimated input plus `maxTokens` exceeds the context window. */
export function checkContextWindow(request: InvokeRequest, prepared: PreparedText): void {
  const overflow = prepared.contextOverflow;
  if (!overflow) return;
  const output = request.maxTokens ?? 0;
  throw new ValidationError(
    `Invalid request: about ${overflow.inputTokens} input tokens + ${output} maxTokens exceed the ${overflow.window}-token context window of ${prepared.target.requested}`,
    { field: request.maxTokens === undefined ? "messages" : "maxTokens", modelId: prepared.target.requested },
  );
}

/** The cost of the body's worst-case input and the full output allowance: what a budget holds. */
export function worstCaseCost(prepared: PreparedText): PicoCost | undefined {
  const prices = prepared.prices.prices;
  if (!prices) return undefined;
  const cost = costOfUsage({ inputTokens: prepared.worstCaseInputTokens, outputTokens: prepared.maxOutputTokens }, prices);
  return typeof cost === "string" ? undefined : cost;
}

/** Why a prepared call has no price, when it has none. */
export function noPriceReason(prepared: PreparedText): string | undefined {
  return prepared.prices.prices ? undefined : prepared.prices.reason;
}

/** The tokens one request of a prepared call holds in the client's rate limit: estimated input plus the output allowance (as Bedrock's quotas count `max_tokens`). */
export function rateLimitTokens(prepared: PreparedText): number {
  return (prepared.estimatedInputTokens ?? prepared.worstCaseInputTokens) + prepared.maxOutputTokens;
}
