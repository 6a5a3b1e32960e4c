import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError, ValidationError, countTokens, createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
beforeAll(async () => ({ bedrock } = await setup()));
afterAll(() => bedrock.close());

const options = () => ({ ...bedrock.clientOptions, region: "us-east-1" });

describe("budget", () => {
  it("never spends past maxUsd with 64 calls at once, refusing the rest before any request", async () => {
    // Price overrides make the arithmetic visible: $0.001 per 1K input, $0.002 per 1K output.
    const fm = createClient({ ...options(), budget: { maxUsd: 0.01 }, pricing: { [haiku]: { inputPer1k: 0.001, outputPer1k: 0.002 } } });
    const before = bedrock.requests.length;
    const outcomes = await Promise.allSettled(Array.from({ length: 64 }, (_, index) => fm.invoke({ modelId: haiku, prompt: `call ${index}`, maxTokens: 100 })));
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    const done = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(refused.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(0);
    for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(BudgetExceededError);
    expect(bedrock.requests.length - before).toBe(done.length);
    const report = fm.costs();
    expect(report.totalUsd).toBeLessThanOrEqual(0.01);
    expect(report.budget).toMatchObject({ maxUsd: 0.01, reservedUsd: 0 });
    expect(report.budget?.spentUsd).toBeCloseTo(report.totalUsd, 15);
    // With the holds released, a later call that fits what is left runs.
    const left = report.budget!.remainingUsd;
    const estimate = await fm.estimate({ modelId: haiku, prompt: "small", maxTokens: 1 });
    if (estimate.worstCaseCost!.totalUsd <= left) await expect(fm.invoke({ modelId: haiku, prompt: "small", maxTokens: 1 })).resolves.toBeDefined();
  });

  it("releases the hold of a failed call", async () => {
    const fm = createClient({ ...options(), budget: { maxUsd: 1 }, maxRetries: 0 });
    bedrock.addFault({ type: "http-error", status: 500, errorType: "InternalServerException" });
    await expect(fm.invoke({ modelId: haiku, prompt: "fails", maxTokens: 10 })).rejects.toMatchObject({ code: "InternalServerException" });
    expect(fm.costs().budget).toMatchObject({ spentUsd: 0, reservedUsd: 0, remainingUsd: 1 });
  });

  it("refuses a model without a price", async () => {
    const fm = createClient({ ...options(), budget: { maxUsd: 1 } });
    await expect(fm.invoke({ modelId: "anthropic.claude-opus-9-20300101-v1:0", prompt: "hi" })).rejects.toBeInstanceOf(BudgetExceededError);
  });
});

describe("estimate, countTokens and the context window", () => {
  it("estimates tokens and cost before a call without sending it", async () => {
    const fm = createClient(options());
    const before = bedrock.requests.length;
    const estimate = await fm.estimate({ modelId: haiku, system: "Be brief.", prompt: "Why did the circuit drop at noon?", maxTokens: 200 });
    expect(bedrock.requests.length).toBe(before);
    expect(estimate).toMatchObject({ modelId: haiku, maxOutputTokens: 200, contextWindow: 200_000, fitsContextWindow: true });
    expect(estimate.inputTokens).toBeGreaterThan(5);
    expect(estimate.worstCaseInputTokens).toBeGreaterThan(estimate.inputTokens);
    expect(estimate.worstCaseCost!.totalUsd).toBeGreaterThan(estimate.cost!.totalUsd);
    expect(estimate.cost!.outputUsd).toBeCloseTo((200 * 0.00125) / 1000, 15);
    const real = await fm.invoke({ modelId: haiku, system: "Be brief.", prompt: "Why did the circuit drop at noon?", maxTokens: 200 });
    expect(real.usage.inputTokens).toBeLessThanOrEqual(estimate.worstCaseInputTokens);
  });

  it("counts text and requests with the family's estimator", async () => {
    const text = await countTokens("amazon.nova-lite-v1:0", "The link between the two sites dropped after a fibre cut.");
    expect(text).toEqual({ tokens: expect.any(Number), exact: false, tokenizer: "estimate:large-vocabulary" });
    expect(text.tokens).toBeGreaterThan(8);
    expect(text.tokens).toBeLessThan(20);
    const request = await countTokens("amazon.titan-text-express-v1", { system: "Be brief.", messages: [{ role: "user", content: "Hello there" }] });
    expect(request).toMatchObject({ exact: false, tokenizer: "estimate:large-vocabulary" });
    expect(request.tokens).toBeGreaterThan(text.tokens / 4);
    await expect(countTokens("acme.nothing", "x")).rejects.toThrow(/Unknown model/);
  });

  it("refuses, before the network, input plus maxTokens beyond the context window", async () => {
    const fm = createClient(options());
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: "amazon.titan-text-lite-v1", prompt: "word ".repeat(3_000), maxTokens: 2_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/input tokens \+ 2000 maxTokens exceed the 4096-token context window/);
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("fm.countTokens", () => {
  it("asks Bedrock's CountTokens for Claude Messages requests, and counts locally elsewhere", async () => {
    const fm = createClient(options());
    const request = { system: "Be brief.", prompt: "Why did the circuit drop at noon?" };
    const remote = await fm.countTokens(haiku, request);
    expect(remote).toMatchObject({ exact: true, tokenizer: "bedrock:CountTokens" });
    expect(bedrock.requests.at(-1)?.path).toBe(`/model/${encodeURIComponent(haiku)}/count-tokens`);
    const invoked = await fm.invoke({ modelId: haiku, ...request });
    expect(remote.tokens).toBe(invoked.usage.inputTokens);
    expect(await fm.countTokens("amazon.nova-lite-v1:0", request)).toMatchObject({ exact: false });
    expect(await fm.countTokens(haiku, "plain text")).toMatchObject({ exact: false });
  });

  it("falls back to the local count when Bedrock declines, and refuses bad input before any request", async () => {
    const fm = createClient({ ...options(), maxRetries: 0 });
    bedrock.addFault({ type: "http-error", status: 403, errorType: "AccessDeniedException" });
    expect(await fm.countTokens(haiku, { prompt: "hi" })).toMatchObject({ exact: false });
    await expect(fm.countTokens(haiku, { prompt: "hi", temperature: 7 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("calibration", () => {
  it("corrects a model's estimates towards the counts Bedrock reported for this client's calls", async () => {
    const fm = createClient(options());
    const request = { prompt: "The link between the two sites dropped after a fibre cut; traffic moved to the backup path." };
    const before = await fm.countTokens("amazon.nova-lite-v1:0", request);
    expect(before.calibration).toBeUndefined();
    const reported: number[] = [];
    for (let index = 0; index < 3; index++) reported.push((await fm.invoke({ modelId: "us.amazon.nova-lite-v1:0", ...request })).usage.inputTokens);
    const after = await fm.countTokens("amazon.nova-lite-v1:0", request);
    expect(after.calibration).toEqual({ ratio: expect.any(Number), observations: 3 });
    expect(after.tokenizer).toMatch(/^estimate:large-vocabulary, calibrated ×[0-9.]+ from 3 calls$/);
    // The offline Bedrock's count is consistent, so the corrected estimate lands on it (within the 0.5–2 bounds).
    const ratio = reported[0]! / before.tokens;
    if (ratio >= 0.5 && ratio <= 2) expect(Math.abs(after.tokens - reported[0]!)).toBeLessThanOrEqual(1);
    // Another client learns nothing from this one.
    expect((await createClient(options()).countTokens("amazon.nova-lite-v1:0", request)).calibration).toBeUndefined();
  });
});
