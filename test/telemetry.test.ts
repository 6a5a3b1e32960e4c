/** OpenTelemetry spans for every call, with GenAI attributes and no content, through a real SDK exporter. */
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey, setup } from "./helpers.js";

const exporter = new InMemorySpanExporter();
let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  ({ bedrock, fm } = await setup({ maxRetries: 1 }));
});
afterAll(async () => {
  trace.disable();
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
});
