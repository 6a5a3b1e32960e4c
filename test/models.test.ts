import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnknownModelError, ValidationError, getModel, listModels, registerModel } from "../src/index.js";
import { parseModelId } from "../src/models/model-id.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

describe("model IDs", () => {
  it("parses profiles and ARNs down to the base model", () => {
    expect(parseModelId(`us.${haiku}`)).toMatchObject({ baseModelId: haiku, provider: "anthropic", profilePrefix: "us" });
    expect(parseModelId(`arn:aws:bedrock:us-east-1::foundation-model/${haiku}`)).toMatchObject({ baseModelId: haiku, arnResourceType: "foundation-model" });
    expect(parseModelId("arn:aws:bedrock:us-east-1:111122223333:inference-profile/eu.amazon.nova-lite-v1:0")).toMatchObject({
      baseModelId: "amazon.nova-lite-v1:0",
      profilePrefix: "eu",
    });
    expect(parseModelId("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3")).toMatchObject({
      baseModelId: undefined,
      arnResourceType: "application-inference-profile",
    });
  });
});

describe("getModel, listModels, registerModel", () => {
  it("answers for a profile ID with the base model's facts", () => {
    expect(getModel("global.anthropic.claude-haiku-4-5-20251001-v1:0")).toMatchObject({
      id: "anthropic.claude-haiku-4-5-20251001-v1:0",
      provider: "anthropic",
      family: "anthropic-messages",
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: { streaming: true, tools: true, images: true },
    });
    expect(getModel("amazon.titan-text-premier-v1:0")).toMatchObject({ maxOutputTokens: 3_072, capabilities: { system: false, tools: false } });
    expect(() => getModel("acme.unknown-model")).toThrow(UnknownModelError);
  });

  it("lists models by provider and family", () => {
    const amazon = listModels({ provider: "amazon" });
    expect(amazon.map((model) => model.id)).toContain("amazon.nova-pro-v1:0");
    expect(amazon.every((model) => model.provider === "amazon")).toBe(true);
    expect(listModels({ family: "anthropic-text" }).map((model) => model.id).sort()).toEqual(["anthropic.claude-instant-v1", "anthropic.claude-v2", "anthropic.claude-v2:1"]);
  });

  it("registers an application inference profile ARN, which then invokes and streams offline", async () => {
    const arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/kb-support";
    await expect(fm.invoke({ modelId: arn, prompt: "hi" })).rejects.toBeInstanceOf(UnknownModelError);
    expect(registerModel({ id: arn, family: "amazon-nova", name: "Support profile" })).toMatchObject({ provider: "amazon", maxOutputTokens: 65_535 });
    const result = await fm.invoke({ modelId: arn, prompt: "Is the circuit up?" });
    expect(result.modelId).toBe(arn);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({ schemaVersion: "messages-v1" });
    expect((await fm.stream({ modelId: arn, prompt: "Is the circuit up?" }).result).text).toBe(result.text);
  });

  it("takes a base model's limits, capabilities and rules from its foundation-model ARN, unless told otherwise", () => {
    const sonnet = getModel("anthropic.claude-sonnet-4-5-20250929-v1:0");
    const provisioned = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/sonnet45abc";
    const registered = registerModel({ id: provisioned, family: "anthropic-messages", baseModelId: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0" });
    expect(registered).toMatchObject({ contextWindow: sonnet.contextWindow, maxOutputTokens: sonnet.maxOutputTokens, capabilities: { reasoning: true }, reasoningMode: sonnet.reasoningMode });
    expect(registerModel({ id: provisioned, family: "anthropic-messages", baseModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0", maxOutputTokens: 4_096 }).maxOutputTokens).toBe(4_096);
  });

  it("refuses a family without an adapter", () => {
    expect(() => registerModel({ id: "my-model", family: "acme-format" })).toThrow(ValidationError);
  });
});

describe("unknown model IDs", () => {
  it("gives a newer Claude ID the request rules of the newest catalog Claude (no temperature, adaptive thinking)", async () => {
    const newest = listModels({ family: "anthropic-messages" }).at(-1)!;
    const guessed = getModel("anthropic.claude-opus-9");
    expect(guessed.rejectedSampling).toEqual(newest.rejectedSampling);
    expect(guessed.reasoningMode).toBe(newest.reasoningMode);
    expect(guessed.capabilities).toMatchObject({ reasoning: true, promptCaching: true });
    bedrock.addModel({ id: "anthropic.claude-opus-9", family: "anthropic-messages" });
    const result = await fm.invoke({ modelId: "anthropic.claude-opus-9", prompt: "hi", temperature: 0.2, maxTokens: 100 });
    expect(result.warnings.map((warning) => warning.feature)).toEqual(expect.arrayContaining(["modelId", "temperature"]));
    expect(bedrock.requests.at(-1)!.body).not.toHaveProperty("temperature");
  });

  it("suggests close matches for a typo", () => {
    const error = (() => {
      try {
        return getModel("anthropc.claude-3-haiku-20240307-v1:0");
      } catch (caught) {
        return caught;
      }
    })() as UnknownModelError;
    expect(error).toBeInstanceOf(UnknownModelError);
    expect(error.closeMatches[0]).toBe(haiku);
  });

  it("answers a 100,000-character ID quickly, with a message of bounded length", async () => {
    const huge = `acme.${"x".repeat(100_000)}`;
    const started = performance.now();
    const error = (() => {
      try {
        return getModel(huge);
      } catch (caught) {
        return caught;
      }
    })() as UnknownModelError;
    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(UnknownModelError);
    expect(elapsedMs).toBeLessThan(50);
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain(`${huge.slice(0, 200)}…`);
    expect(error.modelId).toBe(huge);
    expect(error.closeMatches).toHaveLength(3);

    const fromCall = await fm.invoke({ modelId: huge, prompt: "hi" }).catch((caught: unknown) => caught);
    expect(fromCall).toBeInstanceOf(UnknownModelError);
    expect((fromCall as Error).message.length).toBeLessThan(500);
  });
});

describe("inference profiles and end of life", () => {
  it("refuses a profile-only model's bare ID before the network, naming the profile for the client's Region", async () => {
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('use "us.anthropic.claude-haiku-4-5-20251001-v1:0"');
    expect(bedrock.requests.length).toBe(before);
    const { createClient } = await import("../src/index.js");
    const tokyo = createClient({ ...bedrock.clientOptions, region: "ap-northeast-1" });
    await expect(tokyo.invoke({ modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", prompt: "hi" })).rejects.toThrow('"jp.anthropic.claude-haiku-4-5-20251001-v1:0"');
    const frankfurt = createClient({ ...bedrock.clientOptions, region: "eu-central-1" });
    await expect(frankfurt.invoke({ modelId: "meta.llama3-3-70b-instruct-v1:0", prompt: "hi" })).rejects.toThrow('"us.meta.llama3-3-70b-instruct-v1:0"');
    expect((await fm.invoke({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", prompt: "hi" })).text.length).toBeGreaterThan(0);
  });

  it("answers a raw client's bare profile-only ID as Bedrock does", async () => {
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent("meta.llama3-3-70b-instruct-v1:0")}/invoke`, { method: "POST", body: '{"prompt":"hi"}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/on-demand throughput isn't supported/);
  });

  it("restates Bedrock's end-of-life answer with the catalog's date and successor", async () => {
    bedrock.addFault({ type: "http-error", status: 404, errorType: "ResourceNotFoundException", message: "This model version has reached the end of its life. Please refer to the AWS documentation for more details." });
    const error = await fm.invoke({ modelId: "anthropic.claude-3-sonnet-20240229-v1:0", prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "ModelEndOfLife", field: "modelId" });
    expect((error as Error).message).toBe(
      "anthropic.claude-3-sonnet-20240229-v1:0 has reached its end of life on Bedrock on 2026-07-30; move to anthropic.claude-sonnet-4-5-20250929-v1:0",
    );
  });
});

describe("embedding and image models", () => {
  it("are described by getModel and listed, and calling them is a clear error", async () => {
    expect(getModel("amazon.titan-embed-text-v2:0")).toMatchObject({ provider: "amazon", capabilities: { embeddings: true, streaming: false } });
    expect(getModel("stability.stable-image-ultra-v1:0")).toMatchObject({ provider: "stability", capabilities: { imageGeneration: true } });
    expect(listModels({ provider: "stability" })).toHaveLength(7);
    await expect(fm.invoke({ modelId: "cohere.embed-english-v3", prompt: "hi" })).rejects.toThrow("not a text model; call fm.embed for it");
    await expect(fm.invoke({ modelId: "amazon.nova-canvas-v1:0", prompt: "hi" })).rejects.toThrow("call fm.generateImage for it");
    await expect(fm.invoke({ modelId: "cohere.rerank-v3-5:0", prompt: "hi" })).rejects.toThrow("call fm.rerank for it");
  });
});
