import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { backoffDelay } from "../src/pipeline/retry.js";
import { ModelTimeoutError, StreamError, ThrottlingError, createClient, type BedrockKitEvent } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
beforeAll(async () => ({ bedrock } = await setup()));
afterAll(() => bedrock.close());

function client(options: Parameters<typeof createClient>[0] = {}) {
  return createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 5, maxMs: 20 }, ...options });
}

describe("backoffDelay", () => {
  it("grows exponentially with full jitter and stays under the cap", () => {
    expect(backoffDelay(0, { baseMs: 100 }, () => 0.999)).toBe(99);
    expect(backoffDelay(3, { baseMs: 100 }, () => 0.999)).toBe(799);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 2000 }, () => 0.999)).toBe(1998);
    expect(backoffDelay(2, { baseMs: 100 }, () => 0)).toBe(0);
  });
});

describe("retries", () => {
  it("retries throttling until it succeeds, once per attempt on the wire (the SDK does not retry too)", async () => {
    const events: BedrockKitEvent[] = [];
    bedrock.throttle(2);
    const before = bedrock.requests.length;
    const result = await client({ onEvent: (event) => events.push(event) }).invoke({ modelId: haiku, prompt: "retry me" });
    expect(result.text.length).toBeGreaterThan(0);
    expect(bedrock.requests.length - before).toBe(3);
    expect(events.map((event) => `${event.type}:${event.attempt}`)).toEqual([
      "request:1",
      "retry:1",
      "request:2",
      "retry:2",
      "request:3",
      "response:3",
    ]);
    expect(events.find((event) => event.type === "retry")).toMatchObject({ error: { code: "ThrottlingException", retryable: true }, delayMs: expect.any(Number) });
  });

  it("gives up after maxRetries with the last error", async () => {
    bedrock.throttle(10);
    const before = bedrock.requests.length;
    const error = await client({ maxRetries: 2 }).invoke({ modelId: haiku, prompt: "give up" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(bedrock.requests.length - before).toBe(3);
    bedrock.clearFaults();
  });

  it("sends exactly one request with maxRetries 0", async () => {
    bedrock.throttle(1);
    const before = bedrock.requests.length;
    await expect(client({ maxRetries: 0 }).invoke({ modelId: haiku, prompt: "once" })).rejects.toBeInstanceOf(ThrottlingError);
    expect(bedrock.requests.length - before).toBe(1);
  });

  it("does not retry a non-retryable error", async () => {
    bedrock.addFault({ type: "http-error", status: 403, errorType: "AccessDeniedException" });
    const before = bedrock.requests.length;
    await expect(client().invoke({ modelId: haiku, prompt: "denied" })).rejects.toMatchObject({ code: "AccessDeniedException" });
    expect(bedrock.requests.length - before).toBe(1);
  });

  it("retries a stream that fails before its first byte", async () => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 0, exceptionType: "throttlingException", operation: "stream" });
    bedrock.addFault({ type: "http-error", status: 503, errorType: "ServiceUnavailableException", operation: "stream" });
    const before = bedrock.requests.length;
    const result = await client().stream({ modelId: haiku, prompt: "stream retry" }).result;
    expect(result.text.length).toBeGreaterThan(0);
    expect(bedrock.requests.length - before).toBe(3);
  });

  it("never retries a stream after text was delivered", async () => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 5, exceptionType: "internalServerException", operation: "stream" });
    const before = bedrock.requests.length;
    const error = await client().stream({ modelId: haiku, prompt: "no second try" }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe("InternalServerException");
    expect(bedrock.requests.length - before).toBe(1);
  });

  it("leaves retries to a user-built BedrockRuntimeClient by default", async () => {
    const own = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
    bedrock.throttle(1);
    const before = bedrock.requests.length;
    await expect(createClient({ bedrockRuntime: own }).invoke({ modelId: haiku, prompt: "own client" })).rejects.toBeInstanceOf(ThrottlingError);
    expect(bedrock.requests.length - before).toBe(1);
    expect((await createClient({ bedrockRuntime: own }).invoke({ modelId: haiku, prompt: "own client" })).text.length).toBeGreaterThan(0);
  });
});

describe("timeouts", () => {
  it("ends an invoke that passes timeoutMs with ModelTimeoutError and frees its connection", async () => {
    const server = await startLocalBedrock();
    try {
      server.addFault({ type: "delay", ms: 2_000 });
      const started = performance.now();
      const error = await createClient({ ...server.clientOptions, timeoutMs: 100 }).invoke({ modelId: haiku, prompt: "slow" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelTimeoutError);
      expect(error).toMatchObject({ code: "ClientTimeout", retryable: false });
      expect(performance.now() - started).toBeLessThan(1_000);
      await expect.poll(() => server.openConnectionCount).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("ends a stream whose chunks stop coming for timeoutMs", async () => {
    bedrock.addFault({ type: "chunk-delay", ms: 300, operation: "stream" });
    const error = await client({ timeoutMs: 100 }).stream({ modelId: haiku, prompt: "stalled" }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelTimeoutError);
  });

  it("keeps a steady stream alive past timeoutMs as long as chunks keep coming", async () => {
    bedrock.addFault({ type: "chunk-delay", ms: 15, operation: "stream" });
    const result = await client({ timeoutMs: 150 }).stream({ modelId: haiku, prompt: "steady" }).result;
    expect(result.latencyMs).toBeGreaterThan(150);
  });
});

describe("a user-built BedrockRuntimeClient", () => {
  it("streams through its own (HTTP/2) handler with bedrock-kit's decoder, and aborts", async () => {
    const own = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
    const fm = createClient({ bedrockRuntime: own });
    const before = bedrock.requests.length;
    const result = await fm.stream({ modelId: haiku, prompt: "through your client" }).result;
    expect(result.text).toBe((await fm.invoke({ modelId: haiku, prompt: "through your client" })).text);
    expect(result.usage.source).toBe("metrics");
    expect(bedrock.requests.slice(before).map((request) => request.httpVersion)).toEqual(["2.0", "2.0"]);
    bedrock.addFault({ type: "chunk-delay", ms: 20, operation: "stream" });
    const stream = fm.stream({ modelId: haiku, prompt: "abort me" });
    setTimeout(() => stream.abort(), 60);
    await expect(stream.result).rejects.toMatchObject({ name: "AbortError" });
    own.destroy();
  });
});
