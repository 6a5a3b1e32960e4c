/**
 * `fm.stream`: InvokeModelWithResponseStream, chunks decoded as they arrive; a family
 * without native streaming is invoked once and its answer delivered as one delta.
 */
import { ServiceError, StreamError } from "../errors.js";
import { priceUsage } from "../pipeline/accounting.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallPlan } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { BedrockStream, type StreamSink } from "../stream.js";
import type { InvokeRequest, InvokeResult, Warning } from "../types.js";
import { textSpanContent } from "./span-content.js";
import { structuredCall, type StructuredCall } from "./structured-output.js";
import { fallbackCandidates, runWithFallbacks, type CandidateCall } from "../pipeline/fallback.js";
import { planInvoke, requestedModelId, textOutcome } from "./invoke.js";
import { StreamAssembler } from "./stream-assembler.js";
import { checkContextWindow, noPriceReason, prepareText, rateLimitTokens, resolveText, worstCaseCost, type PreparedText, type TextTarget } from "./text-request.js";

/** Resolves after pending microtasks and I/O callbacks have run. */
function yieldToConsumer(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A stream of a model without native streaming: one InvokeModel, its text as one delta and its tool calls as events. */
function planStreamByInvoke(context: ClientContext, scope: CallScope, request: InvokeRequest, prepared: PreparedText, sink: StreamSink): CallPlan<InvokeResult> {
  const warning: Warning = {
    type: "emulated",
    feature: "stream",
    message: `${scope.modelId} has no native streaming on Bedrock; it was invoked once and its answer delivered as one delta.`,
  };
  const plan = planInvoke(context, scope, request, { ...prepared, warnings: [...prepared.warnings, warning] });
  return {
    ...plan,
    execute: async () => {
      const result = await plan.execute();
      if (result.text !== "") sink.push({ type: "text", text: result.text });
      for (const toolCall of result.toolCalls) sink.push({ type: "tool-call", toolCall });
      return result;
    },
  };
}

/** One stream attempt: the request, then every chunk into the assembler. */
async function streamOnce(context: ClientContext, scope: CallScope, prepared: PreparedText, sink: StreamSink, attempts: { current?: StreamAssembler }): Promise<InvokeResult> {
  const response = await context.transport().invokeStream(prepared.target.requested, prepared.body, scope.signal, prepared.guardrail);
  const decoder = prepared.target.adapter.createStreamDecoder!(prepared.responseContext);
  const assembler = new StreamAssembler(prepared, scope, decoder, response, sink);
  attempts.current = assembler;
  try {
    for await (const batch of response.chunks) {
      scope.touch();
      let handedOver = false;
      for (const bytes of batch) {
        // Once per network read, a consumer that was waiting gets its event before
        // the rest of the read is decoded (time to first token), at one macrotask a read.
        if (assembler.accept(bytes) && !handedOver) {
          handedOver = true;
          await yieldToConsumer();
        }
      }
    }
    // An aborted HTTP/2 stream can end like a finished one: the signal says which it was.
    scope.throwIfStopped();
    assembler.flush();
    const checking = assembler.checking();
    if (checking) await checking;
    if (!assembler.finished) {
      throw new ServiceError(`The stream of ${scope.modelId} ended before the model's final event`, {
        code: "IncompleteStream",
        modelId: scope.modelId,
        operation: "stream",
        requestId: response.requestId,
      });
    }
    return assembler.result();
  } catch (error) {
    const kitError = scope.classify(error, response.requestId);
    // Output the user already has cannot be taken back: no retry, and the partial result
    // comes with the error. A stream the user stopped ends with their AbortError.
    if (!assembler.delivered || (scope.signal.aborted && !scope.timedOut)) throw kitError;
    throw new StreamError(`The stream of ${scope.modelId} failed after output began: ${kitError.message}`, {
      code: kitError.code,
      modelId: scope.modelId,
      operation: "stream",
      requestId: kitError.requestId,
      statusCode: kitError.statusCode,
      cause: kitError,
      partial: assembler.partialResult(),
    });
  }
}

function planStream(context: ClientContext, scope: CallScope, request: InvokeRequest, target: TextTarget, sink: StreamSink): CallPlan<InvokeResult> {
  const prepared = prepareText(context, request, target, "stream");
  if (!prepared.nativeStream) return planStreamByInvoke(context, scope, request, prepared, sink);
  checkContextWindow(request, prepared);
  const attempts: { current?: StreamAssembler } = {};
  return {
    worstCase: worstCaseCost(prepared),
    noPriceReason: noPriceReason(prepared),
    tokensPerRequest: rateLimitTokens(prepared),
    spanContent: (result) => textSpanContent(request, result),
    execute: () => withRetries(scope, context.retries, context.observers, () => streamOnce(context, scope, prepared, sink, attempts)),
    finish: (result) => textOutcome(prepared, result),
    // Bedrock bills what it generated: a stream that ended after output began (failed,
    // aborted or left) is recorded with its best known usage.
    spentOnFailure: () => {
      const assembler = attempts.current;
      if (!assembler?.delivered) return undefined;
      const partial = assembler.partialResult();
      return { modelId: partial.modelId, usage: partial.usage, cost: priceUsage(prepared.prices, partial.usage).cost };
    },
  };
}

/** One stream call of one model on `controller`; `invalid` fails it before anything else. */
function streamOne(context: ClientContext, request: InvokeRequest, sink: StreamSink, controller: AbortController, invalid?: unknown): CandidateCall<InvokeResult> {
  const scope = new CallScope(requestedModelId(request), "stream", context.timeoutMs, controller);
  const result = runCall(context, scope, request, {
    resolve: () => {
      if (invalid !== undefined) throw invalid;
      return resolveText(context, request);
    },
    prepare: (target: TextTarget) => planStream(context, scope, request, target, sink),
  });
  return { scope, result };
}

/**
 * A fallback candidate's own controller, stopped with the stream's: a candidate that timed
 * out aborts only itself, so the next one starts clean.
 */
function candidateController(stream: AbortController): AbortController {
  const candidate = new AbortController();
  if (stream.signal.aborted) candidate.abort(stream.signal.reason);
  else stream.signal.addEventListener("abort", () => candidate.abort(stream.signal.reason), { once: true });
  return candidate;
}

/**
 * `fm.stream(request)`: never throws; every failure rejects the iteration and `result`.
 * With `responseFormat`, the rewritten request streams (JSON text, or the forced tool's
 * call) and `result.object` is the checked value.
 */
export function stream(context: ClientContext, request: InvokeRequest): BedrockStream {
  const controller = new AbortController();
  return new BedrockStream((sink) => {
    let structured: StructuredCall | undefined;
    let candidates: string[] | undefined;
    let outcome: Promise<InvokeResult> | undefined;
    try {
      if (request?.responseFormat !== undefined) structured = structuredCall(request, "stream");
      candidates = fallbackCandidates(request?.modelId, request?.fallbackModelIds);
    } catch (error) {
      outcome = streamOne(context, request, sink, controller, error).result;
    }
    const sent = structured?.request ?? request;
    if (candidates) {
      // A stream falls back only before its first delta: output the user has cannot be taken back.
      outcome = runWithFallbacks(context, candidates, (modelId) => streamOne(context, { ...sent, modelId }, sink, candidateController(controller)), (error) => !StreamError.isInstance(error));
    } else {
      outcome ??= streamOne(context, sent, sink, controller).result;
    }
    (structured ? outcome.then((result) => structured.finish(result)) : outcome).then(
      (result) => sink.finish(result),
      (error: unknown) => sink.fail(error),
    );
  }, controller);
}
