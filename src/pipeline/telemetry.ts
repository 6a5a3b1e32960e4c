/**
 * OpenTelemetry spans for calls, when the application has `@opentelemetry/api` installed
 * and set up (an optional peer, loaded on the first call once it is registered): one span per call with the GenAI semantic
 * conventions' attributes (OpenTelemetry "Semantic conventions for generative AI", gen_ai.*
 * attributes and the span name "{operation} {model}", read 2026-11-30) plus bedrock-kit's
 * cost and call ID. Never prompt or response text.
 */
import type { Span, Tracer } from "@opentelemetry/api";
import type { BedrockKitError } from "../errors.js";
import type { CallScope } from "./scope.js";

/** GenAI operation names by bedrock-kit operation. */
const genAiOperations: Record<CallScope["operation"], string> = {
  invoke: "chat",
  stream: "chat",
  embed: "embeddings",
  generateImage: "generate_content",
  rerank: "rerank",
  countTokens: "count_tokens",
  estimate: "estimate",
  applyGuardrail: "apply_guardrail",
};

/** What a finished call adds to its span. */
export interface SpanFacts {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  finishReason?: string | undefined;
  costUsd?: number | undefined;
  requestId?: string | undefined;
}

/** A call's span, or nothing when telemetry is off or unavailable. */
export interface CallSpan {
  succeed(facts: SpanFacts): void;
  fail(error: BedrockKitError): void;
}

/**
 * Where `@opentelemetry/api` 1.x keeps its global registrations (tracer provider, context
 * manager): `Symbol.for("opentelemetry.js.api.1")` on `globalThis`
 * (`@opentelemetry/api` `src/internal/global-utils.ts`, read 2026-11-30). It exists once an
 * application has set OpenTelemetry up; until then spans would go nowhere, so bedrock-kit
 * does not even load the package (that costs start-up time).
 */
const otelGlobalKey = Symbol.for("opentelemetry.js.api.1");

/** True when the application has registered OpenTelemetry globals in this process. */
export function telemetryRegistered(): boolean {
  return (globalThis as Record<symbol, unknown>)[otelGlobalKey] !== undefined;
}

let loading: Promise<{ tracer: Tracer; errorStatus: number } | undefined> | undefined;

/** The tracer of `@opentelemetry/api`, loaded once per process; undefined when the package is not installed. */
export function loadTracer(): Promise<{ tracer: Tracer; errorStatus: number } | undefined> {
  loading ??= import("@opentelemetry/api").then(
    (api) => ({ tracer: api.trace.getTracer("bedrock-kit"), errorStatus: api.SpanStatusCode.ERROR }),
    () => undefined,
  );
  return loading;
}

/** Starts a call's span. */
export function startCallSpan(loaded: { tracer: Tracer; errorStatus: number }, scope: CallScope): CallSpan {
  const operation = genAiOperations[scope.operation];
  const span: Span = loaded.tracer.startSpan(`${operation} ${scope.modelId}`, {
    kind: 2, // SpanKind.CLIENT
    attributes: {
      "gen_ai.operation.name": operation,
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": scope.modelId,
      "bedrock_kit.call_id": scope.callId,
    },
  });
  return {
    succeed(facts) {
      if (facts.inputTokens !== undefined) span.setAttribute("gen_ai.usage.input_tokens", facts.inputTokens);
      if (facts.outputTokens !== undefined) span.setAttribute("gen_ai.usage.output_tokens", facts.outputTokens);
      if (facts.finishReason !== undefined) span.setAttribute("gen_ai.response.finish_reasons", [facts.finishReason]);
      if (facts.costUsd !== undefined) span.setAttribute("bedrock_kit.cost_usd", facts.costUsd);
      if (facts.requestId !== undefined) span.setAttribute("aws.request_id", facts.requestId);
      span.setAttribute("bedrock_kit.attempts", scope.requests);
      span.end();
    },
    fail(error) {
      span.setAttribute("error.type", error.code);
      span.setAttribute("bedrock_kit.attempts", scope.requests);
      if (error.requestId) span.setAttribute("aws.request_id", error.requestId);
      span.setStatus({ code: loaded.errorStatus, message: error.name });
      span.end();
    },
  };
}
