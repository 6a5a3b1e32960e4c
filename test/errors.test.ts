import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as errors from "../src/errors.js";
import {
  AccessDeniedError,
  BedrockKitError,
  ModelTimeoutError,
  ServiceError,
  StreamError,
  ThrottlingError,
  ValidationError,
  createClient,
  type BedrockKitClient,
} from "../src/index.js";
import type { LocalBedrock, StreamExceptionType } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup({ maxRetries: 0 })));
afterAll(() => bedrock.close());

const httpCases: [errorType: string | undefined, status: number, errorClass: typeof BedrockKitError, retryable: boolean][] = [
  ["ThrottlingException", 429, ThrottlingError, true],
  ["ServiceQuotaExceededException", 400, ThrottlingError, false],
  ["ModelNotReadyException", 429, ServiceError, true],
  ["ModelTimeoutException", 408, ModelTimeoutError, true],
  ["ValidationException", 400, ValidationError, false],
  ["AccessDeniedException", 403, AccessDeniedError, false],
  ["ResourceNotFoundException", 404, ValidationError, false],
  ["ModelErrorException", 424, ServiceError, false],
  ["InternalServerException", 500, ServiceError, true],
  ["ServiceUnavailableException", 503, ServiceError, true],
  [undefined, 502, ServiceError, true],
  [undefined, 403, AccessDeniedError, false],
];

describe("every Bedrock exception maps to a bedrock-kit error", () => {
  it.each(httpCases)("%s (HTTP %i) on invoke", async (errorType, status, errorClass, retryable) => {
    bedrock.addFault({ type: "http-error", status, ...(errorType ? { errorType } : {}), message: "simulated failure" });
    const error = await fm.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect(BedrockKitError.isInstance(error)).toBe(true);
    const kitError = error as BedrockKitError;
    expect(kitError.retryable).toBe(retryable);
    expect(kitError.code).toBe(errorType ?? "Unknown");
    expect(kitError.modelId).toBe(haiku);
    expect(kitError.operation).toBe("invoke");
    expect(kitError.statusCode).toBe(status);
    expect(kitError.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(kitError.message).toContain(`invoke of ${haiku}`);
    expect(kitError.cause).toBeDefined();
  });

  const frameCases: [StreamExceptionType, string, typeof BedrockKitError][] = [
    ["internalServerException", "InternalServerException", ServiceError],
    ["modelStreamErrorException", "ModelStreamErrorException", ServiceError],
    ["validationException", "ValidationException", ValidationError],
    ["throttlingException", "ThrottlingException", ThrottlingError],
    ["modelTimeoutException", "ModelTimeoutException", ModelTimeoutError],
    ["serviceUnavailableException", "ServiceUnavailableException", ServiceError],
  ];
  it.each(frameCases)("%s frame before any chunk", async (exceptionType, code, errorClass) => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 0, exceptionType, operation: "stream" });
    const error = await fm.stream({ modelId: haiku, prompt: "hi" }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as BedrockKitError).code).toBe(code);
    expect((error as BedrockKitError).operation).toBe("stream");
  });

  it("maps Claude v2's in-stream prompt validation frame to ValidationError with Bedrock's message", async () => {
    const error = await fm.stream({ modelId: "anthropic.claude-v2", prompt: "x", native: { prompt: "no template" } }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('Invalid prompt: prompt must start with "\n\nHuman:" turn');
  });

  it("wraps a corrupted CRC and a truncated frame after text in StreamError", async () => {
    for (const type of ["corrupt-crc", "truncate"] as const) {
      bedrock.addFault({ type, afterChunks: 5, operation: "stream" });
      const stream = fm.stream({ modelId: haiku, prompt: "broken bytes" });
      const error = await stream.result.catch((caught: unknown) => caught);
      expect(error, type).toBeInstanceOf(StreamError);
      expect((error as StreamError).partial.text.length, type).toBeGreaterThan(0);
      expect((error as StreamError).retryable).toBe(false);
    }
  });

  it("never passes off a stream that ended before the model's final event as complete", async () => {
    bedrock.addFault({ type: "end-early", afterChunks: 6, operation: "stream" });
    const error = await fm.stream({ modelId: haiku, prompt: "cut short" }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ code: "IncompleteStream" });
    expect((error as StreamError).partial.text.length).toBeGreaterThan(0);
  });

  it("maps a refused connection to a retryable network ServiceError", async () => {
    const closed = createClient({ endpoint: "http://127.0.0.1:9", region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxRetries: 0 });
    const error = await closed.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: "NetworkError", retryable: true });
  });

  it("returns a 200 body of the wrong shape as ServiceError with its shape attached, never its text", async () => {
    for (const [body, kept] of [
      ['{"generation":"a Llama answer","count":3}', '{"generation":"<14 characters>","count":3}'],
      ["<html>proxy error</html>", "<html>proxy error</html>"],
    ]) {
      bedrock.addFault({ type: "replace-body", body: body!, operation: "invoke" });
      const error = await fm.invoke({ modelId: haiku, prompt: "hi" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ code: "MalformedResponse", body: kept, retryable: false });
      expect(JSON.stringify(error)).not.toContain("a Llama answer");
    }
  });
});

describe("error identity across two copies of the package", () => {
  it("isInstance and instanceof match errors made by another loaded copy", async () => {
    vi.resetModules();
    const secondCopyPath = "../src/errors.js?copy=2";
    const secondCopy = (await import(/* @vite-ignore */ secondCopyPath)) as typeof errors;
    expect(secondCopy.ThrottlingError).not.toBe(errors.ThrottlingError);
    const foreign = new secondCopy.ThrottlingError("x", { code: "ThrottlingException", retryable: true });
    expect(errors.ThrottlingError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof errors.ThrottlingError).toBe(true);
    expect(foreign instanceof errors.BedrockKitError).toBe(true);
    expect(errors.ServiceError.isInstance(foreign)).toBe(false);
    expect(errors.BedrockKitError.isInstance(new Error("plain"))).toBe(false);
    expect(foreign.name).toBe("ThrottlingError");
  });
});
