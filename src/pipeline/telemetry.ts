/**
 * OpenTelemetry spans and metrics for calls, when the application has `@opentelemetry/api`
 * installed and set up (an optional peer, loaded on the first call once it is registered):
 * one span per call with the GenAI semantic conventions' attributes (OpenTelemetry
 * "Semantic conventions for generative AI", gen_ai.* attributes and the span name
 * "{operation} {model}", read 2026-11-30) plus bedrock-kit's cost and call ID, and the
 * GenAI client metrics `gen_ai.client.operation.duration` (seconds) and
 * `gen_ai.client.token.usage` (tokens, by `gen_ai.token.type`) plus
 * `bedrock_kit.client.cost` (USD). Never prompt or response text.
 */
import type { Attributes, Counter, Histogram, Span, Tracer } from "@opentelemetry/api";
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
  // Not GenAI operations of the conventions: bedrock-kit's own names.
  batch: "batch",
  customization: "customization",
};

/** A call's prompt and answer as span attributes (JSON strings), only when the client opted in. */
export interface SpanContent {
  /** `gen_ai.system_instructions`. */
  system: string | undefined;
  /** `gen_ai.input.messages`. */
  input: string;
  /** `gen_ai.output.messages`. */
  output: string;
}

/** What a finished call adds to its span. */
export interface SpanFacts {
  content?: SpanContent | undefined;
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

/** The instruments bedrock-kit records calls with. */
interface Instruments {
  duration: Histogram;
  tokens: Histogram;
  cost: Counter;
}

/** What `@opentelemetry/api` gives bedrock-kit once loaded. */
interface LoadedTelemetry {
  tracer: Tracer;
  errorStatus: number;
  instruments: Instruments;
}

let loading: Promise<LoadedTelemetry | undefined> | undefined;

/**
 * The bucket boundaries the GenAI semantic conventions advise for the two client
 * histograms (seconds; tokens), read 2026-11-30.
 */
const durationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** The tracer and meter of `@opentelemetry/api`, loaded once per process; undefined when the package is not installed. */
export function loadTracer(): Promise<LoadedTelemetry | undefined> {
  loading ??= import("@opentelemetry/api").then(
    (api) => {
      const meter = api.metrics.getMeter("bedrock-kit");
      return {
        tracer: api.trace.getTracer("bedrock-kit"),
        errorStatus: api.SpanStatusCode.ERROR,
        instruments: {
          duration: meter.createHistogram("gen_ai.client.operation.duration", { unit: "s", description: "GenAI operation duration.", advice: { explicitBucketBoundaries: durationBuckets } }),
          tokens: meter.createHistogram("gen_ai.client.token.usage", { unit: "{token}", description: "Number of input and output tokens used.", advice: { explicitBucketBoundaries: tokenBuckets } }),
          cost: meter.createCounter("bedrock_kit.client.cost", { unit: "USD", description: "Dollar cost of bedrock-kit calls at the client's prices." }),
        },
      };
    },
    () => undefined,
  );
  return loading;
}

/** Starts a call's span; its end also records the call's metrics. */
export function startCallSpan(loaded: LoadedTelemetry, scope: CallScope): CallSpan {
  const operation = genAiOperations[scope.operation];
  // Low-cardinality attributes only (no call ID, no request ID) on metrics.
  const metricAttributes: Attributes = { "gen_ai.operation.name": operation, "gen_ai.provider.name": "aws.bedrock", "gen_ai.request.model": scope.modelId };
  const { instruments } = loaded;
  const recordDuration = (attributes: Attributes): void => instruments.duration.record((performance.now() - scope.startedAt) / 1000, attributes);
  const span: Span = loaded.tracer.startSpan(`${operation} ${scope.modelId}`, {
    kind: 2, // SpanKind.CLIENT
    attributes: {
      "gen_ai.operation.name": operation,
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": scope.modelId,
      "bedrock_kit.call_id": scope.callId,
    },
  });
  // The origin is checked after the span starts (a bad one fails the span), so it is set at the end.
  const setOrigin = (): void => {
    const origin = scope.origin;
    if (!origin) return;
    span.setAttribute("bedrock_kit.origin.kind", origin.kind);
    span.setAttribute("bedrock_kit.origin.run_id", origin.runId);
    if (origin.name !== undefined) span.setAttribute("bedrock_kit.origin.name", origin.name);
    if (origin.step !== undefined) span.setAttribute("bedrock_kit.origin.step", origin.step);
  };
  return {
    succeed(facts) {
      setOrigin();
      if (facts.inputTokens !== undefined) span.setAttribute("gen_ai.usage.input_tokens", facts.inputTokens);
      if (facts.outputTokens !== undefined) span.setAttribute("gen_ai.usage.output_tokens", facts.outputTokens);
      if (facts.finishReason !== undefined) span.setAttribute("gen_ai.response.finish_reasons", [facts.finishReason]);
      if (facts.costUsd !== undefined) span.setAttribute("bedrock_kit.cost_usd", facts.costUsd);
      if (facts.requestId !== undefined) span.setAttribute("aws.request_id", facts.requestId);
      if (facts.content) {
        if (facts.content.system !== undefined) span.setAttribute("gen_ai.system_instructions", facts.content.system);
        span.setAttribute("gen_ai.input.messages", facts.content.input);
        span.setAttribute("gen_ai.output.messages", facts.content.output);
      }
      span.setAttribute("bedrock_kit.attempts", scope.requests);
      span.end();
      recordDuration(metricAttributes);
      if (facts.inputTokens !== undefined) instruments.tokens.record(facts.inputTokens, { ...metricAttributes, "gen_ai.token.type": "input" });
      if (facts.outputTokens !== undefined && operation !== "embeddings") instruments.tokens.record(facts.outputTokens, { ...metricAttributes, "gen_ai.token.type": "output" });
      if (facts.costUsd !== undefined) instruments.cost.add(facts.costUsd, metricAttributes);
    },
    fail(error) {
      setOrigin();
      span.setAttribute("error.type", error.code);
      span.setAttribute("bedrock_kit.attempts", scope.requests);
      if (error.requestId) span.setAttribute("aws.request_id", error.requestId);
      span.setStatus({ code: loaded.errorStatus, message: error.name });
      span.end();
      recordDuration({ ...metricAttributes, "error.type": error.code });
    },
  };
}
