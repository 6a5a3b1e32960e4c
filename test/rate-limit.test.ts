/** Client-side rate limits per model ID, the adaptive mode, and fm.map over many requests. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, ModelTimeoutError, ValidationError, createClient, type BedrockKitEvent, type ClientOptions } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku, secretAccessKey } from "./helpers.js";

const nova = "amazon.nova-micro-v1:0";
let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

function client(options: ClientOptions): { fm: ReturnType<typeof createClient>; events: BedrockKitEvent[] } {
  const events: BedrockKitEvent[] = [];
  const fm = createClient({
    ...bedrock.clientOptions,
    credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey },
    retryDelay: { baseMs: 1, maxMs: 2 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { fm, events };
}

describe("rateLimit: requestsPerMinute", () => {
  it("lets a burst of the minute's quota through, then holds 64 concurrent callers to the rate", async () => {
    const { fm, events } = client({ rateLimit: { requestsPerMinute: 120 } }); // 2 a second after a burst of 120
    const startedAt = performance.now();
    await Promise.all(Array.from({ length: 124 }, () => fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 5 })));
    const elapsed = performance.now() - startedAt;
    // Four requests past the burst at 2 a second: about 2 s, never less than 1.9 s.
    expect(elapsed).toBeGreaterThan(1_900);
    expect(elapsed).toBeLessThan(6_000);
    const queued = events.filter((event) => event.type === "request" && event.queuedMs !== undefined).map((event) => event.queuedMs!);
    expect(queued.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...queued)).toBeGreaterThan(1_800);
  });

  it("limits each model ID on its own", async () => {
    const { fm, events } = client({ rateLimit: { requestsPerMinute: 1 } });
    await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 5 });
    await fm.invoke({ modelId: haiku, prompt: "hi", maxTokens: 5 });
    expect(events.filter((event) => event.type === "request" && event.queuedMs !== undefined)).toHaveLength(0);
  });

  it("ends a wait with the call's abort or timeout, and the next caller is not held by it", async () => {
    const { fm } = client({ rateLimit: { requestsPerMinute: 1 }, timeoutMs: 150 });
    await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 5 });
    const controller = new AbortController();
    const aborted = fm.invoke({ modelId: nova, prompt: "hi", signal: controller.signal }).catch((error: unknown) => error);
    setTimeout(() => controller.abort(), 20);
    expect(await aborted).toBeInstanceOf(AbortError);
    const timedOut = await fm.invoke({ modelId: nova, prompt: "hi" }).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(ModelTimeoutError);
    expect((timedOut as ModelTimeoutError).code).toBe("ClientTimeout");
  });
});

describe("rateLimit: tokensPerMinute", () => {
  it("holds the estimated input plus maxTokens, and gives back what the call did not use", async () => {
    const { fm, events } = client({ rateLimit: { tokensPerMinute: 1_000 } });
    // Each call holds about 400 tokens; the answers use far fewer, so the third does not wait for a refill.
    for (let call = 0; call < 4; call++) await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 400 });
    expect(events.filter((event) => event.type === "request" && (event.queuedMs ?? 0) > 100)).toHaveLength(0);
    // Two at once hold about 800; a third at once must wait for the first two to settle.
    const started = performance.now();
    await Promise.all([0, 1, 2].map(() => fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 400 })));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("lets a call larger than the whole bucket through once the bucket is full", async () => {
    const { fm } = client({ rateLimit: { tokensPerMinute: 100 } });
    const result = await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 500 });
    expect(result.text.length).toBeGreaterThan(0);
  });
});

describe('rateLimit: "adaptive"', () => {
  it("sends freely until Bedrock throttles, then paces the model's requests", async () => {
    const { fm, events } = client({ rateLimit: "adaptive", maxRetries: 3 });
    await Promise.all(Array.from({ length: 5 }, () => fm.invoke({ modelId: haiku, prompt: "hi", maxTokens: 5 })));
    expect(events.some((event) => event.queuedMs !== undefined)).toBe(false);
    bedrock.throttle(1, nova);
    // The throttled call's retry takes the learned rate's one-request burst; the next waits its turn.
    await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 5 });
    await fm.invoke({ modelId: nova, prompt: "hi", maxTokens: 5 });
    const paced = events.filter((event) => event.type === "request" && event.modelId === nova && event.queuedMs !== undefined);
    expect(paced.length).toBeGreaterThan(0);
  });
});

describe("rateLimit options", () => {
  it.each([
    ["a string other than adaptive", "fast", "rateLimit"],
    ["an empty object", {}, "rateLimit"],
    ["a zero rate", { requestsPerMinute: 0 }, "rateLimit.requestsPerMinute"],
    ["a rate that is not a number", { tokensPerMinute: "lots" }, "rateLimit.tokensPerMinute"],
  ])("refuses %s at createClient", (_name, rateLimit, field) => {
    const error = (() => {
      try {
        createClient({ rateLimit: rateLimit as never });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});

describe("fm.map", () => {
  it("keeps every outcome in request order, failures included, and reports progress", async () => {
    const { fm } = client({ maxRetries: 0 });
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId: haiku, times: 3 });
    const requests = Array.from({ length: 60 }, (_, index) => ({ modelId: index % 10 === 0 ? haiku : nova, prompt: `request ${index}`, maxTokens: 20 }));
    const progress: number[] = [];
    const outcomes = await fm.map(requests, { concurrency: 16, onProgress: (update) => progress.push(update.done) });
    expect(outcomes).toHaveLength(60);
    expect(outcomes.map((outcome) => outcome.index)).toEqual(requests.map((_, index) => index));
    expect(outcomes.every((outcome) => (outcome.result === undefined) !== (outcome.error === undefined))).toBe(true);
    expect(outcomes.filter((outcome) => outcome.error).length).toBe(3);
    expect(outcomes.filter((outcome) => outcome.error).every((outcome) => outcome.index % 10 === 0)).toBe(true);
    expect(progress).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
  });

  it("reads an async iterable as calls free up and never runs more than `concurrency` at once", async () => {
    const { fm, events } = client({});
    async function* generate() {
      for (let index = 0; index < 40; index++) yield { modelId: nova, prompt: `item ${index}`, maxTokens: 5 };
    }
    let inFlight = 0;
    let peak = 0;
    const tracked = createClient({ ...bedrock.clientOptions, credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey }, onEvent: (event) => {
      if (event.type === "request") peak = Math.max(peak, ++inFlight);
      if (event.type === "response" || event.type === "error") inFlight -= 1;
    } });
    const outcomes = await tracked.map(generate(), { concurrency: 4 });
    expect(outcomes.map((outcome) => outcome.result?.text.length ?? 0).every((length) => length > 0)).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
    expect(events).toHaveLength(0);
    await expect(fm.map(generate(), { concurrency: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});
