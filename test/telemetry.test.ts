/** OpenTelemetry spans and metrics for every call, with GenAI attributes and no content, through the real SDKs. */
import { SpanStatusCode, metrics, trace } from "@opentelemetry/api";
import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData, type SumMetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey, setup } from "./helpers.js";

const exporter = new InMemorySpanExporter();

/** A reader the test collects from on demand (cumulative totals). */
class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
const reader = new CollectingReader();
let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  ({ bedrock, fm } = await setup({ maxRetries: 1 }));
});
afterAll(async () => {
  trace.disable();
  metrics.disable();
  await bedrock.close();
});

describe("telemetry", () => {
  it("makes one span per call with the GenAI attributes, cost and call ID, and no prompt text", async () => {
    exporter.reset();
    bedrock.throttle(1, haiku);
    const result = await fm.invoke({ modelId: haiku, prompt: promptMarker, system: promptMarker });
    await fm.stream({ modelId: "amazon.nova-lite-v1:0", prompt: promptMarker }).result;
    await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: [promptMarker] });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual([`chat ${haiku}`, "chat amazon.nova-lite-v1:0", "embeddings amazon.titan-embed-text-v2:0"]);
    expect(spans[0]!.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": haiku,
      "gen_ai.usage.input_tokens": result.usage.inputTokens,
      "gen_ai.usage.output_tokens": result.usage.outputTokens,
      "gen_ai.response.finish_reasons": ["end_turn"],
      "bedrock_kit.cost_usd": result.cost!.totalUsd,
      "bedrock_kit.attempts": 2,
    });
    const serialized = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(serialized).not.toContain(promptMarker);
    expect(serialized).not.toContain(secretAccessKey);
  });

  it("puts a call's origin on its span as bedrock_kit.origin.* attributes", async () => {
    exporter.reset();
    await fm.invoke({ modelId: haiku, prompt: "hi", origin: { kind: "agent", name: "support", runId: "run-1", step: 4 } });
    await fm.invoke({ modelId: haiku, prompt: "hi" });
    const [marked, plain] = exporter.getFinishedSpans();
    expect(marked!.attributes).toMatchObject({ "bedrock_kit.origin.kind": "agent", "bedrock_kit.origin.name": "support", "bedrock_kit.origin.run_id": "run-1", "bedrock_kit.origin.step": 4 });
    expect(Object.keys(plain!.attributes).filter((name) => name.startsWith("bedrock_kit.origin"))).toEqual([]);
  });

  it("marks a failed call's span as an error with its code, and a refused one too", async () => {
    exporter.reset();
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request" });
    await fm.invoke({ modelId: haiku, prompt: "hi" }).catch(() => undefined);
    await createClient({ ...bedrock.clientOptions, denyModels: ["*"] }).invoke({ modelId: haiku, prompt: "hi" }).catch(() => undefined);
    const [failed, refused] = exporter.getFinishedSpans();
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.attributes["error.type"]).toBe("ValidationException");
    expect(refused!.attributes).toMatchObject({ "error.type": "ModelNotAllowed", "bedrock_kit.attempts": 0 });
  });

  it("makes no span with telemetry: false", async () => {
    exporter.reset();
    await createClient({ ...bedrock.clientOptions, telemetry: false }).invoke({ modelId: haiku, prompt: "hi" });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it("records the GenAI client metrics (duration, tokens by type) and the cost, without content or call IDs", async () => {
    const client = createClient({ ...bedrock.clientOptions, credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey } });
    const modelId = "amazon.nova-micro-v1:0";
    const first = await client.invoke({ modelId, prompt: promptMarker });
    const second = await client.stream({ modelId, prompt: promptMarker }).result;
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId });
    await client.invoke({ modelId, prompt: promptMarker }).catch(() => undefined);
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.filter((scope) => scope.scope.name === "bedrock-kit").flatMap((scope) => scope.metrics);
    const named = (name: string) => all.find((metric) => metric.descriptor.name === name)!;
    const forModel = <Point extends { attributes: Record<string, unknown> }>(points: Point[]) => points.filter((point) => point.attributes["gen_ai.request.model"] === modelId);

    const duration = forModel((named("gen_ai.client.operation.duration") as HistogramMetricData).dataPoints);
    expect(named("gen_ai.client.operation.duration").descriptor.unit).toBe("s");
    expect(duration.find((point) => point.attributes["error.type"] === undefined)!.value.count).toBe(2);
    expect(duration.find((point) => point.attributes["error.type"] === "ValidationException")!.value.count).toBe(1);

    const tokens = forModel((named("gen_ai.client.token.usage") as HistogramMetricData).dataPoints);
    const input = tokens.find((point) => point.attributes["gen_ai.token.type"] === "input")!;
    const output = tokens.find((point) => point.attributes["gen_ai.token.type"] === "output")!;
    expect(input.value.sum).toBe(first.usage.inputTokens + second.usage.inputTokens);
    expect(output.value.sum).toBe(first.usage.outputTokens + second.usage.outputTokens);
    expect(input.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "aws.bedrock" });

    const cost = forModel((named("bedrock_kit.client.cost") as SumMetricData).dataPoints);
    expect(cost[0]!.value).toBeCloseTo(first.cost!.totalUsd + second.cost!.totalUsd, 12);

    const serialized = JSON.stringify(all);
    expect(serialized).not.toContain(promptMarker);
    expect(serialized).not.toContain("call_id");
  });

  it("puts the prompt and answer on spans only with captureContent, in the conventions' message format", async () => {
    exporter.reset();
    const capturing = createClient({ ...bedrock.clientOptions, telemetry: { captureContent: true } });
    const result = await capturing.invoke({ modelId: haiku, system: "Be brief.", prompt: promptMarker });
    await fm.invoke({ modelId: haiku, prompt: promptMarker });
    const [captured, plain] = exporter.getFinishedSpans();
    expect(JSON.parse(captured!.attributes["gen_ai.input.messages"] as string)).toEqual([{ role: "user", parts: [{ type: "text", content: promptMarker }] }]);
    expect(JSON.parse(captured!.attributes["gen_ai.system_instructions"] as string)).toEqual([{ type: "text", content: "Be brief." }]);
    expect(JSON.parse(captured!.attributes["gen_ai.output.messages"] as string)).toEqual([{ role: "assistant", parts: [{ type: "text", content: result.text }], finish_reason: "end_turn" }]);
    expect(JSON.stringify(plain!.attributes)).not.toContain(promptMarker);
    expect(() => createClient({ telemetry: { captureContent: "yes" } as never })).toThrow(/telemetry/);
  });
});
