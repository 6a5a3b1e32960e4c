/** Fallback chains: the same request goes to the next model after throttles, 5xx, timeouts or a policy refusal. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelNotAllowedError, StreamError, ValidationError, createClient, type BedrockKitEvent, type ClientOptions, type InvokeRequest } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey } from "./helpers.js";

const nova = "amazon.nova-lite-v1:0";
const micro = "amazon.nova-micro-v1:0";
let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

function client(options: ClientOptions = {}): { fm: ReturnType<typeof createClient>; events: BedrockKitEvent[] } {
  const events: BedrockKitEvent[] = [];
  const fm = createClient({
    ...bedrock.clientOptions,
    credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey },
    retryDelay: { baseMs: 1, maxMs: 2 },
    maxRetries: 1,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { fm, events };
}

const sent = (modelId: string): number => bedrock.requests.filter((request) => request.modelId === modelId).length;

describe("fallbackModelIds on invoke", () => {
  it("answers with the next model once the first is throttled past its retries, and says so", async () => {
    const { fm, events } = client();
    bedrock.addFault({ type: "http-error", status: 429, errorType: "ThrottlingException", message: "Too many requests", modelId: haiku, times: 2 });
    const before = sent(nova);
    const result = await fm.invoke({ modelId: haiku, prompt: promptMarker, fallbackModelIds: [nova] });
    expect(result.modelId).toBe(nova);
    expect(result.provider).toBe("amazon");
    expect(result.warnings[0]).toMatchObject({ type: "fallback", feature: "modelId" });
    expect(result.warnings[0]!.message).toContain(`${haiku} failed with ThrottlingException after 1 retries; the request went to ${nova}`);
    expect(sent(nova)).toBe(before + 1);
    const fallback = events.find((event) => event.type === "fallback")!;
    expect(fallback).toMatchObject({ modelId: haiku, nextModelId: nova, error: { code: "ThrottlingException" } });
    expect(events.filter((event) => event.type === "response").map((event) => event.modelId)).toEqual([nova]);
    expect(JSON.stringify(events)).not.toContain(promptMarker);
    expect(fm.costs().byModel[nova]?.calls).toBe(1);
  });

  it("goes down the chain past a 5xx and a timeout", async () => {
    const { fm } = client({ maxRetries: 0, timeoutMs: 200 });
    bedrock.addFault({ type: "http-error", status: 503, errorType: "ServiceUnavailableException", message: "down", modelId: haiku });
    bedrock.addFault({ type: "delay", ms: 1_000, modelId: micro });
    const result = await fm.invoke({ modelId: haiku, prompt: "hi", fallbackModelIds: [micro, nova] });
    expect(result.modelId).toBe(nova);
    expect(result.warnings.filter((warning) => warning.type === "fallback").map((warning) => warning.message)).toEqual([
      expect.stringContaining("ServiceUnavailableException"),
      expect.stringContaining("ClientTimeout"),
    ]);
  });

  it("skips a model the policy refuses without calling it", async () => {
    const { fm } = client({ denyModels: { invoke: ["anthropic.*"] } });
    const before = sent(haiku);
    const result = await fm.invoke({ modelId: haiku, prompt: "hi", fallbackModelIds: [nova] });
    expect(result.modelId).toBe(nova);
    expect(result.warnings[0]!.message).toContain("not allowed by this client's policy");
    expect(sent(haiku)).toBe(before);
  });

  it("does not fall back on an error another model cannot fix", async () => {
    const { fm } = client();
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId: haiku });
    const before = sent(nova);
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", fallbackModelIds: [nova] })).rejects.toMatchObject({ code: "ValidationException" });
    expect(sent(nova)).toBe(before);
  });

  it("throws the last model's error when every model fails", async () => {
    const { fm } = client({ denyModels: ["*"] });
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", fallbackModelIds: [nova] })).rejects.toBeInstanceOf(ModelNotAllowedError);
  });

  it.each([
    ["not an array", nova, "fallbackModelIds"],
    ["empty", [], "fallbackModelIds"],
    ["an empty ID", [""], "fallbackModelIds[0]"],
    ["the first model again", [haiku], "fallbackModelIds[0]"],
  ])("refuses a chain that is %s before the network", async (_name, fallbackModelIds, field) => {
    const { fm } = client();
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: haiku, prompt: promptMarker, fallbackModelIds } as unknown as InvokeRequest).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("fallbackModelIds on stream", () => {
  it("falls back before the first delta and streams the next model's answer", async () => {
    const { fm, events } = client({ maxRetries: 0 });
    bedrock.addFault({ type: "http-error", status: 429, errorType: "ThrottlingException", message: "slow down", modelId: haiku, operation: "stream" });
    const stream = fm.stream({ modelId: haiku, prompt: "hi", fallbackModelIds: [nova] });
    let text = "";
    for await (const event of stream) if (event.type === "text") text += event.text;
    const result = await stream.result;
    expect(result.modelId).toBe(nova);
    expect(text).toBe(result.text);
    expect(result.warnings[0]!.type).toBe("fallback");
    expect(events.some((event) => event.type === "fallback" && event.nextModelId === nova)).toBe(true);
  });

  it("does not fall back once output began", async () => {
    const { fm } = client({ maxRetries: 0 });
    bedrock.addFault({ type: "truncate", afterChunks: 3, modelId: haiku, operation: "stream" });
    const before = sent(nova);
    const error = await fm.stream({ modelId: haiku, prompt: "hi", maxTokens: 200, fallbackModelIds: [nova] }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamError);
    expect(sent(nova)).toBe(before);
  });
});
