import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockKitError, EmbeddingError, ModelTimeoutError, ServiceError, ThrottlingError, createClient, type BedrockKitClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku } from "./helpers.js";

const accessKeyMarker = "AKIAMARKERACCESSKEY9";
const secretMarker = "SECRET-MARKER-never-printed";
const sessionTokenMarker = "SESSION-TOKEN-MARKER-never-printed";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({
    ...bedrock.clientOptions,
    credentials: { accessKeyId: accessKeyMarker, secretAccessKey: secretMarker, sessionToken: sessionTokenMarker },
    maxRetries: 0,
  });
});
afterAll(() => bedrock.close());

/** Everything a logger could print of an error, its cause chain included. */
function everythingPrintable(error: unknown): string {
  return [inspect(error, { showHidden: true, depth: Infinity, getters: true }), JSON.stringify(error), String(error)].join("\n");
}

describe("errors keep no signed request", () => {
  it.each([
    ["ThrottlingException", 429],
    [undefined, 503],
    ["ValidationException", 400],
  ] as const)("%s (HTTP %i): no credential in util.inspect with showHidden nor in JSON", async (errorType, status) => {
    bedrock.addFault({ type: "http-error", status, ...(errorType ? { errorType } : {}), message: "simulated failure" });
    const error = await fm.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught);
    expect(BedrockKitError.isInstance(error)).toBe(true);
    const printed = everythingPrintable(error);
    for (const marker of [accessKeyMarker, secretMarker, sessionTokenMarker]) expect(printed).not.toContain(marker);
    expect(printed).not.toContain("authorization");
  });

  it("still tells what Bedrock answered: status, request ID, exception name and message", async () => {
    bedrock.addFault({ type: "http-error", status: 429, errorType: "ThrottlingException", message: "Too many tokens" });
    const error = (await fm.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught)) as ThrottlingError;
    expect(error).toBeInstanceOf(ThrottlingError);
    const cause = error.cause as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe("ThrottlingException");
    expect(cause.message).toBe("Too many tokens");
    expect(cause.$metadata?.httpStatusCode).toBe(429);
    expect(cause.$metadata?.requestId).toBe(error.requestId);
    expect(Object.keys(cause)).not.toContain("$response");
  });
});

describe("a bare HTTP status (no x-amzn-ErrorType, as a proxy sends it) maps by HTTP semantics", () => {
  it.each([
    [408, ModelTimeoutError],
    [429, ThrottlingError],
    [500, ServiceError],
    [502, ServiceError],
    [503, ServiceError],
    [504, ServiceError],
  ] as const)("HTTP %i is a retryable %o", async (status, errorClass) => {
    bedrock.addFault({ type: "http-error", status, message: "proxy answer" });
    const error = await fm.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ retryable: true, statusCode: status });
  });

  it("retries a bare 408 and then succeeds", async () => {
    const retrying = createClient({ ...bedrock.clientOptions, maxRetries: 1, retryDelay: { baseMs: 1, maxMs: 2 } });
    bedrock.addFault({ type: "http-error", status: 408, message: "Request Timeout" });
    const result = await retrying.invoke({ modelId: haiku, prompt: "hi" });
    expect(result.text.length).toBeGreaterThan(0);
  });
});

describe("EmbeddingError", () => {
  it("is retryable when the failure behind it is (throttling), and not when it is not", async () => {
    const embedModel = "amazon.titan-embed-text-v2:0";
    bedrock.addFault({ type: "http-error", status: 429, errorType: "ThrottlingException", message: "slow down" });
    const throttled = await fm.embed({ modelId: embedModel, texts: ["one", "two"], concurrency: 1 }).catch((caught: unknown) => caught);
    expect(throttled).toBeInstanceOf(EmbeddingError);
    expect(throttled).toMatchObject({ retryable: true, code: "ThrottlingException", failedIndexes: [0] });

    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "bad text" });
    const rejected = await fm.embed({ modelId: embedModel, texts: ["one", "two"], concurrency: 1 }).catch((caught: unknown) => caught);
    expect(rejected).toBeInstanceOf(EmbeddingError);
    expect(rejected).toMatchObject({ retryable: false, code: "ValidationException" });
  });
});

describe("causes that aggregate errors", () => {
  it("drops the SDK's raw response from the errors of an AggregateError cause", () => {
    const sdkLike = Object.assign(new Error("throttled"), { name: "ThrottlingException", $response: { headers: { authorization: "AKIA-LEAK-MARKER" } }, $metadata: { httpStatusCode: 429 } });
    const error = new ServiceError("failed", { code: "Unknown", cause: new AggregateError([sdkLike], "several attempts failed") });
    const printed = inspect(error, { showHidden: true, depth: Infinity });
    expect(printed).not.toContain("AKIA-LEAK-MARKER");
    expect(printed).toContain("ThrottlingException");
  });
});
