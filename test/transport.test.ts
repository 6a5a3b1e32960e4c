import { createHash, createHmac } from "node:crypto";
import { BedrockRuntimeClient, InvokeModelCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceError, ThrottlingError, createClient, type BedrockKitClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { amzDate, haiku, startSkewedBedrock } from "./helpers.js";

const credentials = { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "transport-test-secret" };
const profileArn = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient({ endpoint: bedrock.url, region: "eu-west-1", credentials, maxRetries: 0 });
});
afterAll(() => bedrock.close());

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function hmac(key: Buffer | string, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/**
 * Recomputes a request's SigV4 signature from what arrived on the wire, written from the
 * AWS spec (IAM User Guide, "Create a signed AWS API request", read 2026-11-30): the
 * canonical URI of a non-S3 service encodes the already-encoded path once more, headers
 * are the signed ones, lower-cased and trimmed, the payload hash is SHA-256 of the body.
 */
function expectedSignature(request: LocalBedrock["requests"][number]): { actual: string | undefined; expected: string } {
  const authorization = String(request.headers.authorization);
  const [, accessKeyId, date, region, service] = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization) ?? [];
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? "";
  const actual = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
  const canonicalUri = encodeURIComponent(request.path).replace(/%2F/g, "/");
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => `${name}:${String(request.headers[name]).trim()}\n`)
    .join("");
  const canonicalRequest = ["POST", canonicalUri, "", canonicalHeaders, signedHeaders, sha256Hex(request.rawBody)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", String(request.headers["x-amz-date"]), scope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date ?? "");
  for (const part of [region ?? "", service ?? "", "aws4_request"]) key = hmac(key, part);
  expect(accessKeyId).toBe(credentials.accessKeyId);
  return { actual, expected: createHmac("sha256", key).update(stringToSign, "utf8").digest("hex") };
}

describe("the transport of bedrock-kit's own client", () => {
  it("signs invoke, stream and CountTokens requests, ARN model IDs included, so that SigV4 verification passes", async () => {
    const before = bedrock.requests.length;
    await fm.invoke({ modelId: haiku, prompt: "Sign this." });
    await fm.invoke({ modelId: profileArn, prompt: "Sign this ARN." });
    await fm.stream({ modelId: profileArn, prompt: "Sign this stream." }).result;
    expect(await fm.countTokens(haiku, { prompt: "Count this." })).toMatchObject({ exact: true });
    const sent = bedrock.requests.slice(before);
    expect(sent.map((request) => [request.operation, request.modelId])).toEqual([
      ["invoke", haiku],
      ["invoke", profileArn],
      ["stream", profileArn],
      ["countTokens", haiku],
    ]);
    for (const request of sent) {
      expect(request.path).not.toContain(":");
      expect(String(request.headers.authorization)).toMatch(/SignedHeaders=[^,]*host[^,]*x-amz-date/);
      expect(request.headers["x-amz-content-sha256"]).toBe(sha256Hex(request.rawBody));
      const { actual, expected } = expectedSignature(request);
      expect(actual).toBe(expected);
    }
  });

  it("sends a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) as a bearer token, as the AWS SDK does, instead of signing", async () => {
    const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
    process.env.AWS_BEARER_TOKEN_BEDROCK = "ABSKbedrock-api-key-for-tests";
    try {
      const keyed = createClient({ endpoint: bedrock.url, region: "eu-west-1", maxRetries: 0 });
      const before = bedrock.requests.length;
      await keyed.invoke({ modelId: haiku, prompt: "Key this." });
      await keyed.stream({ modelId: profileArn, prompt: "Key this stream." }).result;
      const sent = bedrock.requests.slice(before);
      expect(sent).toHaveLength(2);
      for (const request of sent) {
        expect(request.headers.authorization).toBe("Bearer ABSKbedrock-api-key-for-tests");
        expect(request.headers["x-amz-date"]).toBeUndefined();
      }
      // The AWS SDK's own client, on its own stack, sends the same header.
      const sdk = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "eu-west-1" });
      await sdk.send(new InvokeModelCommand({ modelId: haiku, body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }) }));
      expect(bedrock.requests.at(-1)!.headers.authorization).toBe("Bearer ABSKbedrock-api-key-for-tests");
      sdk.destroy();
      // Credentials given in code win over the key in the environment: SigV4, and no key on the wire.
      await createClient({ endpoint: bedrock.url, region: "eu-west-1", credentials, maxRetries: 0 }).invoke({ modelId: haiku, prompt: "Sign this." });
      expect(String(bedrock.requests.at(-1)!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIATESTKEY000000000\//);
      // So do the offline Bedrock's own client options (fake credentials): a real key never reaches its recorded requests.
      await createClient(bedrock.clientOptions).invoke({ modelId: haiku, prompt: "Offline." });
      expect(String(bedrock.requests.at(-1)!.headers.authorization)).not.toContain("ABSK");
      // Set but empty: the SDK still prefers the bearer scheme, and there is no key to send.
      process.env.AWS_BEARER_TOKEN_BEDROCK = "";
      const empty = createClient({ endpoint: bedrock.url, region: "eu-west-1", maxRetries: 0 });
      await expect(empty.invoke({ modelId: haiku, prompt: "No key." })).rejects.toMatchObject({ code: "TokenProviderError" });
    } finally {
      if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
    }
  });

  it("rejects with the AWS SDK's modelled exception as the cause, request ID and status kept", async () => {
    bedrock.throttle(1);
    const error = await fm.invoke({ modelId: haiku, prompt: "Throttle me." }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottlingError);
    const kitError = error as ThrottlingError;
    expect(kitError.cause).toBeInstanceOf(ThrottlingException);
    expect(kitError.statusCode).toBe(429);
    expect(kitError.requestId).toMatch(/\S/);
    expect((kitError.cause as ThrottlingException).$metadata.requestId).toBe(kitError.requestId);
  });

  it("names an error response without an error type `Unknown`, as the SDK does, and maps it by status", async () => {
    bedrock.addFault({ type: "http-error", status: 502, message: "bad gateway", operation: "stream" });
    const error = await fm.stream({ modelId: haiku, prompt: "Fail me." }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).retryable).toBe(true);
    // The cause is the SDK exception's log-safe copy (no raw request or response): its name and status stay.
    expect(((error as ServiceError).cause as Error).name).toBe("Unknown");
    expect(((error as ServiceError).cause as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(502);
  });
});

/** Parses SigV4's `x-amz-date` (`20261130T061500Z`). */
describe("clock skew", () => {
  it("signs later requests by the clock of Bedrock's Date header, as the SDK does", async () => {
    // A Bedrock whose clock runs two hours ahead of this machine's.
    const skewMs = 2 * 60 * 60 * 1000;
    const { url, received, close } = await startSkewedBedrock(skewMs);
    try {
      const client = createClient({ endpoint: url, region: "us-east-1", credentials, maxRetries: 0 });
      await client.invoke({ modelId: haiku, prompt: "What time is it?" });
      await client.invoke({ modelId: haiku, prompt: "And now?" });
      const [first, second] = received.map((headers) => amzDate(headers) - Date.now());
      expect(Math.abs(first ?? Infinity)).toBeLessThan(60_000);
      expect(Math.abs((second ?? Infinity) - skewMs)).toBeLessThan(60_000);
    } finally {
      close();
    }
  });
});

describe("a user's bedrockRuntime client", () => {
  it("sends invoke and stream through its own middleware stack, and header usage still arrives", async () => {
    const own = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-west-2", credentials });
    own.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-user-stack"] = "ran";
        return next(args);
      },
      { step: "build", name: "userStackMarker" },
    );
    const client = createClient({ bedrockRuntime: own, maxRetries: 0 });
    const before = bedrock.requests.length;
    const result = await client.invoke({ modelId: "anthropic.claude-v2:1", prompt: "Through your stack." });
    await client.stream({ modelId: haiku, prompt: "Through your stack." }).result;
    const sent = bedrock.requests.slice(before);
    expect(sent.map((request) => [request.operation, request.headers["x-user-stack"]])).toEqual([
      ["invoke", "ran"],
      ["stream", "ran"],
    ]);
    expect(sent.every((request) => /\/us-west-2\/bedrock\//.test(String(request.headers.authorization)))).toBe(true);
    expect(result.usage.source).toBe("headers");
    own.destroy();
  });
});

describe("endpoints configured outside the code", () => {
  it("sends to AWS_ENDPOINT_URL_BEDROCK_RUNTIME when no endpoint option is given, as the SDK does", async () => {
    const before = bedrock.requests.length;
    const saved = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
    try {
      const client = createClient({ region: "us-east-1", credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "secret" } });
      await expect(client.invoke({ modelId: haiku, prompt: "hi" })).resolves.toMatchObject({ stopReason: "end_turn" });
      expect(bedrock.requests.length).toBe(before + 1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
      else process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = saved;
    }
  });
});
