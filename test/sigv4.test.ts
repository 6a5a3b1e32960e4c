import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { AwsCredentialIdentity, HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { RequestSigner, type UnsignedRequest } from "../src/transport/sigv4.js";

const plain: AwsCredentialIdentity = { accessKeyId: "AKIASIGV4TEST0000000", secretAccessKey: "sigv4-test-secret" };
const session: AwsCredentialIdentity = { accessKeyId: "ASIASIGV4TEST000000", secretAccessKey: "sigv4-session-secret", sessionToken: "session/token+with=odd chars" };

/** The headers the AWS SDK's own SigV4 signer (the one a `BedrockRuntimeClient` builds) writes for `request`. */
async function sdkHeaders(region: string, credentials: AwsCredentialIdentity, request: UnsignedRequest, signingDate: Date): Promise<Record<string, string>> {
  const client = new BedrockRuntimeClient({ region, credentials });
  const signer = await client.config.signer({ name: "sigv4", signingName: "bedrock", signingRegion: region, properties: {} });
  const signed = await signer.sign(
    { method: request.method, protocol: "https:", hostname: "bedrock-runtime.example", path: request.path, query: {}, headers: { ...request.headers }, body: request.body } as HttpRequest,
    { signingDate },
  );
  return signed.headers;
}

function request(path: string, extra: Record<string, string> = {}, body = '{"messages":[]}'): UnsignedRequest {
  return {
    method: "POST",
    path,
    headers: { host: "bedrock-runtime.example", "content-type": "application/json", accept: "application/json", "content-length": String(Buffer.byteLength(body)), ...extra },
    body,
  };
}

const cases: [string, UnsignedRequest][] = [
  ["a model ID", request("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke")],
  ["an inference-profile ARN", request("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-profile%2Feu.anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream")],
  ["an endpoint with a base path and a trailing slash", request("/proxy/bedrock/model/amazon.nova-micro-v1%3A0/invoke/")],
  ["dot, dot-dot and empty segments", request("/a/./b/../model//x%21y/invoke")],
  ["characters encodeURIComponent keeps", request("/guardrail/g-(1)*'!~/version/DRAFT/apply")],
  ["guardrail headers with spaces to fold", request("/model/m/invoke", { "x-amzn-bedrock-guardrailidentifier": "  gr-abc  def ", "x-amzn-bedrock-guardrailversion": "1", "x-amzn-bedrock-trace": "ENABLED" })],
  ["a body that is not ASCII", request("/model/m/invoke", {}, '{"prompt":"Grüße, 世界 🌍"}')],
  ["headers the SDK leaves unsigned", request("/model/m/invoke", { "user-agent": "bedrock-kit/0.1.0", "x-amzn-trace-id": "Root=1-abc", "proxy-authorization": "x", "sec-fetch-mode": "cors" })],
];

describe("bedrock-kit's SigV4 signer", () => {
  for (const [name, unsigned] of cases) {
    it(`writes the headers the AWS SDK's signer writes, in its order: ${name}`, async () => {
      for (const credentials of [plain, session]) {
        for (const signingDate of [new Date("2026-11-30T23:59:59.999Z"), new Date("2027-01-01T00:00:00Z")]) {
          const signer = new RequestSigner("eu-west-1", "bedrock", () => Promise.resolve(credentials));
          const ours = await signer.sign(unsigned, signingDate);
          const theirs = await sdkHeaders("eu-west-1", credentials, unsigned, signingDate);
          expect(Object.entries(ours)).toEqual(Object.entries(theirs));
        }
      }
    });
  }

  it("derives a new signing key when the day or the identity changes", async () => {
    let credentials = plain;
    const signer = new RequestSigner("us-east-1", "bedrock", () => Promise.resolve(credentials));
    const unsigned = request("/model/m/invoke");
    const days = [new Date("2026-11-30T12:00:00Z"), new Date("2026-12-01T12:00:00Z"), new Date("2026-12-01T12:00:00Z")];
    for (const [index, signingDate] of days.entries()) {
      if (index === 2) credentials = session;
      expect(await signer.sign(unsigned, signingDate)).toEqual(await sdkHeaders("us-east-1", credentials, unsigned, signingDate));
    }
  });

  it("refuses an identity without a key pair, with the SDK's message", async () => {
    const signer = new RequestSigner("us-east-1", "bedrock", () => Promise.resolve({ accessKeyId: "AKIA" } as AwsCredentialIdentity));
    await expect(signer.sign(request("/model/m/invoke"), new Date())).rejects.toThrow("Resolved credential object is not valid");
  });

  it("leaves the request's own headers untouched", async () => {
    const unsigned = request("/model/m/invoke");
    const before = { ...unsigned.headers };
    await new RequestSigner("us-east-1", "bedrock", () => Promise.resolve(plain)).sign(unsigned, new Date());
    expect(unsigned.headers).toEqual(before);
  });
});
