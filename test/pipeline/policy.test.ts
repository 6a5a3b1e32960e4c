/** The model policy: allowModels and denyModels, for every operation or per operation, judged by the base model. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelNotAllowedError, ValidationError, auditLog, createClient, registerModel, type ClientOptions } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { haiku } from "../helpers.js";

let bedrock: LocalBedrock;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
});
afterAll(() => bedrock.close());

const client = (options: ClientOptions): ReturnType<typeof createClient> => createClient({ ...bedrock.clientOptions, ...options });

async function refusal(call: Promise<unknown>): Promise<ModelNotAllowedError> {
  const before = bedrock.requests.length;
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelNotAllowedError);
  expect(bedrock.requests.length).toBe(before);
  return error as ModelNotAllowedError;
}

describe("denyModels", () => {
  it("refuses a matching model before any request, naming the pattern", async () => {
    const fm = client({ denyModels: ["meta.llama2-*", "anthropic.claude-3-haiku-*"] });
    const error = await refusal(fm.invoke({ modelId: haiku, prompt: "hi" }));
    expect(error.rule).toBe('denyModels has "anthropic.claude-3-haiku-*"');
    expect(error.message).toContain("anthropic.claude-3-haiku-*");
    await expect(fm.invoke({ modelId: "amazon.nova-lite-v1:0", prompt: "hi" })).resolves.toMatchObject({ stopReason: "end_turn" });
  });

  it("judges a profile ID and an ARN by their foundation model", async () => {
    const fm = client({ denyModels: ["anthropic.*"] });
    await refusal(fm.invoke({ modelId: `us.${haiku}`, prompt: "hi" }));
    await refusal(fm.stream({ modelId: `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`, prompt: "hi" }).result);
  });

  it("is checked after allowModels", async () => {
    const fm = client({ allowModels: ["anthropic.*"], denyModels: ["anthropic.claude-v2*"] });
    await expect(fm.invoke({ modelId: haiku, prompt: "hi" })).resolves.toBeDefined();
    expect((await refusal(fm.invoke({ modelId: "anthropic.claude-v2:1", prompt: "hi" }))).rule).toContain("denyModels");
    expect((await refusal(fm.invoke({ modelId: "amazon.nova-lite-v1:0", prompt: "hi" }))).rule).toContain("allowModels");
  });
});

describe("per-operation policy", () => {
  it("restricts only the operations it names", async () => {
    const fm = client({ allowModels: { embed: ["amazon.titan-embed-*"] }, denyModels: { image: ["stability.*"], countTokens: ["anthropic.*"] } });
    await refusal(fm.embed({ modelId: "cohere.embed-english-v3", texts: ["a"] }));
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["a"] })).resolves.toBeDefined();
    const image = await refusal(fm.generateImage({ modelId: "stability.stable-diffusion-xl-v1", prompt: "a rack" }));
    expect(image.rule).toBe('denyModels.image has "stability.*"');
    await expect(fm.generateImage({ modelId: "amazon.titan-image-generator-v1", prompt: "a rack" })).resolves.toBeDefined();
    await refusal(fm.countTokens(haiku, { prompt: "hi" }));
    await expect(fm.invoke({ modelId: "cohere.command-r-v1:0", prompt: "hi" })).resolves.toBeDefined();
  });

  it("refuses a policy of the wrong shape at createClient, naming the field", () => {
    expect(() => createClient({ denyModels: "anthropic.*" as never })).toThrow(ValidationError);
    expect(() => createClient({ allowModels: { chat: ["x"] } as never })).toThrow(/allowModels\.chat/);
    expect(() => createClient({ denyModels: { invoke: [""] } })).toThrow(/denyModels\.invoke\[0\]/);
  });
});

describe("limits", () => {
  it("refuses more output than limits.maxTokens, and gives it to calls that name none", async () => {
    const fm = client({ limits: { maxTokens: 300 } });
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", maxTokens: 301 })).rejects.toMatchObject({ name: "ValidationError", code: "PolicyLimit", field: "maxTokens" });
    await expect(fm.stream({ modelId: haiku, prompt: "hi", maxTokens: 4000 }).result).rejects.toMatchObject({ code: "PolicyLimit" });
    expect(bedrock.requests.length).toBe(before);
    const result = await fm.invoke({ modelId: haiku, prompt: "hi" });
    expect((bedrock.requests.at(-1)!.body as { max_tokens: number }).max_tokens).toBe(300);
    expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "maxTokens" }));
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", maxTokens: 300 })).resolves.toBeDefined();
  });

  it("refuses a native body over limits.maxRequestBytes, and audits it as denied", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "bedrock-kit-limits-")), "audit.jsonl");
    const fm = client({ limits: { maxRequestBytes: 2_000 }, audit: auditLog({ path }) });
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: haiku, prompt: "word ".repeat(1_000) })).rejects.toMatchObject({ code: "PolicyLimit", field: "request" });
    expect(bedrock.requests.length).toBe(before);
    await expect(fm.invoke({ modelId: haiku, prompt: "short" })).resolves.toBeDefined();
    expect(readFileSync(path, "utf8").split("\n")[0]).toContain('"outcome":"denied"');
    expect(() => createClient({ limits: { maxTokens: 0 } })).toThrow(/limits\.maxTokens/);
  });

  it("applies limits.maxRequestBytes to every operation that sends a body: embed batches, images, rerank", async () => {
    const fm = client({ limits: { maxRequestBytes: 2_000 } });
    const before = bedrock.requests.length;
    const long = "word ".repeat(1_000);
    await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["short", long] })).rejects.toMatchObject({ code: "PolicyLimit", field: "request" });
    await expect(fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: long })).rejects.toMatchObject({ code: "PolicyLimit" });
    await expect(fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "q", documents: [long] })).rejects.toMatchObject({ code: "PolicyLimit" });
    expect(bedrock.requests.length).toBe(before);
  });

  it("judges a registered application-profile ARN by the model behind it, and refuses one that does not say under denyModels", async () => {
    const named = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/claude-team-a";
    const silent = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/unknown-team";
    registerModel({ id: named, family: "anthropic-messages", baseModelId: haiku });
    registerModel({ id: silent, family: "anthropic-messages" });
    const fm = client({ denyModels: ["anthropic.*"] });
    const before = bedrock.requests.length;
    const judged = await fm.invoke({ modelId: named, prompt: "hi" }).catch((error: unknown) => error);
    expect(judged).toBeInstanceOf(ModelNotAllowedError);
    expect((judged as ModelNotAllowedError).rule).toContain("anthropic.*");
    const unknown = await fm.invoke({ modelId: silent, prompt: "hi" }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ModelNotAllowedError);
    expect((unknown as Error).message).toContain("registerModel({ id, family, baseModelId })");
    expect(bedrock.requests.length).toBe(before);
    // Without a deny list the registered ARN is called as its family, and priced as the model behind it.
    const allowed = await client({ allowModels: ["anthropic.*"] }).invoke({ modelId: named, prompt: "hi" });
    expect(allowed.cost?.totalUsd).toBeGreaterThan(0);
  });
});
