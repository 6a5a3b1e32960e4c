/** `fm.invoke`: one InvokeModel per attempt, decoded by the family's adapter. */
import type { ContentPart, GuardrailOutcome, InvokeRequest, InvokeResult } from "../types.js";
import { textSpanContent } from "./span-content.js";
import { fallbackCandidates, runWithFallbacks, type CandidateCall } from "../pipeline/fallback.js";
import { structuredCall, type StructuredCall } from "./structured-output.js";
import { ServiceError } from "../errors.js";
import { describePricing, priceUsage, type Spent } from "../pipeline/accounting.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import type { EventFields } from "../pipeline/observers.js";
import { runCall, type CallPlan } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { buildResult, guardrailIntervened, pickUsage, type UsageOrder } from "./result.js";
import { StopSequenceCutter } from "./stop-sequences.js";
import { checkToolParts } from "./tool-call-checks.js";
import { checkContextWindow, noPriceReason, prepareText, rateLimitTokens, resolveText, worstCaseCost, type PreparedText, type TextTarget } from "./text-request.js";

const utf8Decoder = new TextDecoder();
const invokeUsageOrder: UsageOrder = ["body", "headers"];

/** The model ID a call reports before its request is checked (bounded: an ID can be any string). */
export function requestedModelId(request: unknown): string {
  const modelId = (request as { modelId?: unknown } | null | undefined)?.modelId;
  if (typeof modelId !== "string") return "";
  return modelId.length > 200 ? `${modelId.slice(0, 200)}…` : modelId;
}

/** The error for an answer that is not the model's format. */
export function malformed(scope: CallScope, detail: string, body: string | undefined, requestId: string | undefined): ServiceError {
  return new ServiceError(`The ${scope.operation} of ${scope.modelId} got an answer that is not the model's format: ${detail}`, {
    code: "MalformedResponse",
    modelId: scope.modelId,
    operation: scope.operation,
    requestId,
    body: body === undefined ? undefined : redactAnswer(body),
  });
}

/** Longest non-JSON answer an error keeps (a proxy's error page, say). */
const keptAnswerCharacters = 500;

/**
 * An answer as an error may keep it: its JSON shape with every string replaced by its
 * length (a model's text never lands in an error), or the start of an answer that is not
 * JSON at all.
 */
function redactAnswer(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.length > keptAnswerCharacters ? `${body.slice(0, keptAnswerCharacters)}…` : body;
  }
  return JSON.stringify(parsed, (_key, value: unknown) => (typeof value === "string" ? `<${value.length} characters>` : value));
}

/** Cuts an answer's content at the first client-side stop sequence; later parts are dropped. */
function cutContent(content: ContentPart[], stops: string[] | undefined): { content: ContentPart[]; matched: string | undefined } {
  if (!stops) return { content, matched: undefined };
  const cutter = new StopSequenceCutter(stops);
  const kept: ContentPart[] = [];
  for (const part of content) {
    if (part.type !== "text") {
      kept.push(part);
      continue;
    }
    const text = cutter.push(part.text) + (cutter.matched === undefined ? cutter.flush() : "");
    if (text !== "") kept.push({ type: "text", text });
    if (cutter.matched !== undefined) break;
  }
  return { content: kept, matched: cutter.matched };
}

/** Sets a result's cost from its usage (or a warning saying why there is none). */
export function priceResult(prepared: PreparedText, result: InvokeResult): InvokeResult {
  result.cost = describePricing(priceUsage(prepared.prices, result.usage), result.warnings);
  return result;
}

/** What a finished text call spent, and its `response` event. */
export function textOutcome(prepared: PreparedText, result: InvokeResult): { spent: Spent; event: EventFields } {
  const estimated = prepared.estimatedInputTokens;
  return {
    spent: {
      modelId: result.modelId,
      usage: result.usage,
      cost: priceUsage(prepared.prices, result.usage).cost,
      estimate: estimated === undefined ? undefined : { modelId: prepared.target.model.id, inputTokens: estimated },
    },
    event: {
      usage: result.usage,
      stopReason: result.stopReason,
      ...(result.cost ? { cost: result.cost } : {}),
      ...(result.requestId ? { requestId: result.requestId } : {}),
    },
  };
}

/** One InvokeModel request and its decoded, priced result. */
async function invokeOnce(context: ClientContext, scope: CallScope, prepared: PreparedText): Promise<InvokeResult> {
  const response = await context.transport().invoke(prepared.target.requested, prepared.body, scope.signal, prepared.guardrail);
  const text = utf8Decoder.decode(response.body);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformed(scope, "the body is not JSON", text, response.requestId);
  }
  let output;
  try {
    output = prepared.target.adapter.fromNativeBody(raw, prepared.responseContext);
  } catch (error) {
    throw malformed(scope, (error as Error).message, text, response.requestId);
  }
  const cut = cutContent(output.content, prepared.emulatedStops);
  const checking = checkToolParts(cut.content, prepared.toolChecks);
  if (checking) await checking;
  const result = buildResult({
    resolved: prepared.target,
    content: cut.content,
    rawStopReason: output.rawStopReason,
    stopSequence: cut.matched ?? output.stopSequence,
    guardrail: guardrailIntervened(raw),
    emulatedStop: cut.matched !== undefined,
    usage: pickUsage({ body: output.usage, headers: response.headerUsage }, invokeUsageOrder),
    requestId: response.requestId,
    startedAt: scope.startedAt,
    raw,
    warnings: prepared.warnings,
  });
  if (prepared.guardrail) result.guardrail = guardrailOutcome(result, (raw as Record<string, unknown> | null)?.["amazon-bedrock-trace"]);
  return priceResult(prepared, result);
}

/** What the request's guardrail did, from the result's stop reason and Bedrock's trace. */
export function guardrailOutcome(result: InvokeResult, trace: unknown): GuardrailOutcome {
  return { intervened: result.stopReason === "guardrail_intervened", trace: trace ?? null };
}

/** The invoke plan for a prepared request (also how a stream of a model without native streaming runs). */
export function planInvoke(context: ClientContext, scope: CallScope, request: InvokeRequest, prepared: PreparedText): CallPlan<InvokeResult> {
  checkContextWindow(request, prepared);
  return {
    worstCase: worstCaseCost(prepared),
    noPriceReason: noPriceReason(prepared),
    tokensPerRequest: rateLimitTokens(prepared),
    spanContent: (result) => textSpanContent(request, result),
    execute: () => withRetries(scope, context.retries, context.observers, () => invokeOnce(context, scope, prepared)),
    finish: (result) => textOutcome(prepared, result),
  };
}

/** `fm.invoke(request)`. */
export function invoke(context: ClientContext, request: InvokeRequest): Promise<InvokeResult> {
  if (request?.responseFormat !== undefined) {
    let structured: StructuredCall;
    try {
      structured = structuredCall(request, "invoke");
    } catch (error) {
      return invokeOne(context, request, error).result;
    }
    return invokeUnstructured(context, structured.request).then((result) => structured.finish(result));
  }
  return invokeUnstructured(context, request);
}

/** An invoke with its fallback chain, if any. */
function invokeUnstructured(context: ClientContext, request: InvokeRequest): Promise<InvokeResult> {
  let candidates: string[] | undefined;
  try {
    candidates = fallbackCandidates(request?.modelId, request?.fallbackModelIds);
  } catch (error) {
    return invokeOne(context, request, error).result;
  }
  if (!candidates) return invokeOne(context, request).result;
  return runWithFallbacks(context, candidates, (modelId) => invokeOne(context, { ...request, modelId }));
}

/** One invoke call of one model; `invalid` fails it before anything else (a bad fallback chain, reported as the call's error). */
function invokeOne(context: ClientContext, request: InvokeRequest, invalid?: unknown): CandidateCall<InvokeResult> {
  const scope = new CallScope(requestedModelId(request), "invoke", context.timeoutMs);
  const result = runCall(context, scope, request, {
    resolve: () => {
      if (invalid !== undefined) throw invalid;
      return resolveText(context, request);
    },
    prepare: (target: TextTarget) => planInvoke(context, scope, request, prepareText(context, request, target, "invoke")),
  });
  return { scope, result };
}
