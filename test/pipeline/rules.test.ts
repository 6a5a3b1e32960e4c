/**
 * Every cross-cutting rule of the call pipeline, for every operation: policy and budget
 * refusals before any request, budget release on failure, ledger totals, attempt counts
 * after retries, one callId per call, one audit line per call, and no prompt text or
 * secret in events.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError, ModelNotAllowedError, auditLog, createClient, verifyAuditLog, type BedrockKitEvent, type ClientOptions } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { promptMarker, secretAccessKey } from "../helpers.js";

type Client = ReturnType<typeof createClient>;

interface OperationCase {
  name: string;
  operation: BedrockKitEvent["operation"];
  modelId: string;
  /** The wire operation of its requests in the offline Bedrock's log. */
  wire: "invoke" | "stream";
  /** Runs one call whose input carries the prompt marker (with `extra` fields on its request); resolves to its cost in USD. */
  run(fm: Client, modelId: string, extra?: { maxUsd?: number }): Promise<number | undefined>;
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
// Long enough that the worst case (one token per UTF-8 byte) of every operation exceeds a $0.000001 budget.
const markedText = `${promptMarker} ${"the circuit to the exchange is down again ".repeat(40)}`;

const operations: OperationCase[] = [
  {
    name: "invoke",
    operation: "invoke",
    modelId: "anthropic.claude-3-haiku-20240307-v1:0",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.invoke({ ...extra, modelId, prompt: markedText, system: promptMarker, maxTokens: 50 })).cost?.totalUsd,
  },
  {
    name: "stream",
    operation: "stream",
    modelId: "amazon.nova-lite-v1:0",
    wire: "stream",
    run: async (fm, modelId, extra = {}) => (await fm.stream({ ...extra, modelId, prompt: markedText, system: promptMarker, maxTokens: 50 }).result).cost?.totalUsd,
  },
  {
    name: "stream of a model without native streaming (Jurassic-2)",
    operation: "stream",
    modelId: "ai21.j2-mid-v1",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.stream({ ...extra, modelId, prompt: markedText, maxTokens: 50 }).result).cost?.totalUsd,
  },
  {
    name: "embed (texts)",
    operation: "embed",
    modelId: "amazon.titan-embed-text-v2:0",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.embed({ ...extra, modelId, texts: [markedText] })).cost?.totalUsd,
  },
  {
    name: "embed (images)",
    operation: "embed",
    modelId: "amazon.titan-embed-image-v1",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.embed({ ...extra, modelId, texts: [markedText], images: [png] })).cost?.totalUsd,
  },
  {
    name: "generateImage",
    operation: "generateImage",
    modelId: "amazon.nova-canvas-v1:0",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.generateImage({ ...extra, modelId, prompt: `${promptMarker} a rack of routers`, negativePrompt: promptMarker })).cost?.totalUsd,
  },
  {
    name: "rerank",
    operation: "rerank",
    modelId: "amazon.rerank-v1:0",
    wire: "invoke",
    run: async (fm, modelId, extra = {}) => (await fm.rerank({ ...extra, modelId, query: promptMarker, documents: [markedText, `${promptMarker} routers`], topN: 1 })).cost?.totalUsd,
  },
];

let bedrock: LocalBedrock;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
});
afterAll(() => bedrock.close());

function client(options: ClientOptions = {}): { fm: Client; events: BedrockKitEvent[] } {
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

describe.each(operations)("the pipeline's rules for $name", (operationCase) => {
  const { modelId, run, operation, wire } = operationCase;
  const requestsFor = (): number => bedrock.requests.filter((request) => request.modelId === modelId && request.operation === wire).length;

  it("refuses a model outside allowModels before any request, with an error event", async () => {
    const { fm, events } = client({ allowModels: ["cohere.*"] });
    const before = requestsFor();
    const error = await run(fm, modelId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelNotAllowedError);
    expect((error as ModelNotAllowedError).message).toContain("allowModels");
    expect(requestsFor()).toBe(before);
    expect(events.map((event) => [event.type, event.operation])).toEqual([["error", operation]]);
  });

  it("refuses a call whose worst case does not fit the budget, before any request", async () => {
    const { fm, events } = client({ budget: { maxUsd: 0.000001 } });
    const before = requestsFor();
    await expect(run(fm, modelId)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(requestsFor()).toBe(before);
    expect(fm.costs().budget).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
    expect(events.map((event) => event.type)).toEqual(["error"]);
  });

  it("refuses a call whose worst case exceeds the request's own maxUsd before any request, and sends one that fits", async () => {
    const { fm, events } = client();
    const before = requestsFor();
    const error = await run(fm, modelId, { maxUsd: 0.000001 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).message).toContain("maxUsd");
    expect(requestsFor()).toBe(before);
    expect(events.map((event) => event.type)).toEqual(["error"]);
    expect(fm.costs().calls).toBe(0);

    const cost = await run(fm, modelId, { maxUsd: 5 });
    expect(cost).toBeGreaterThan(0);
    // A cap too large to count in picodollars caps nothing.
    await run(fm, modelId, { maxUsd: 1e300 });
    expect(requestsFor()).toBe(before + 2);
  });

  it("refuses a maxUsd that is not a positive number, naming the field, before any request", async () => {
    const { fm } = client();
    const before = requestsFor();
    for (const maxUsd of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
      await expect(run(fm, modelId, { maxUsd })).rejects.toMatchObject({ name: "ValidationError", field: "maxUsd" });
    }
    expect(requestsFor()).toBe(before);
  });

  it("releases the budget hold when the call fails, and records nothing", async () => {
    const { fm } = client({ budget: { maxUsd: 5 }, maxRetries: 0 });
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId });
    await expect(run(fm, modelId)).rejects.toMatchObject({ code: "ValidationException" });
    expect(fm.costs()).toMatchObject({ calls: 0, totalUsd: 0, budget: { spentUsd: 0, reservedUsd: 0, remainingUsd: 5 } });
  });

  it("records the call's exact cost in the ledger and settles the budget to it", async () => {
    const { fm } = client({ budget: { maxUsd: 5 } });
    const cost = await run(fm, modelId);
    expect(cost).toBeGreaterThan(0);
    const report = fm.costs();
    expect(report.calls).toBe(1);
    expect(report.totalUsd).toBeCloseTo(cost!, 15);
    expect(report.byModel[modelId]?.totalUsd).toBeCloseTo(cost!, 15);
    expect(report.budget?.spentUsd).toBeCloseTo(cost!, 12);
    expect(report.budget?.reservedUsd).toBe(0);
  });

  it("counts attempts after retries, and pairs every event of a call by callId", async () => {
    const { fm, events } = client({ maxRetries: 3 });
    bedrock.throttle(2, modelId);
    await run(fm, modelId);
    await run(fm, modelId);
    const callIds = [...new Set(events.map((event) => event.callId))];
    expect(callIds).toHaveLength(2);
    const first = events.filter((event) => event.callId === callIds[0]);
    expect(first.every((event) => event.operation === operation && event.modelId === modelId)).toBe(true);
    expect(first.filter((event) => event.type === "retry")).toHaveLength(2);
    expect(first.filter((event) => event.type === "request").map((event) => event.attempt).slice(0, 3)).toEqual([1, 2, 3]);
    expect(first.at(-1)).toMatchObject({ type: "response", attempt: 3 });
    expect(events.filter((event) => event.callId === callIds[1]).at(-1)).toMatchObject({ type: "response", attempt: 1 });
  });

  it("reports the attempts of a call that failed after its retries", async () => {
    const { fm, events } = client({ maxRetries: 2 });
    bedrock.throttle(3, modelId);
    await expect(run(fm, modelId)).rejects.toMatchObject({ code: "ThrottlingException" });
    expect(events.at(-1)).toMatchObject({ type: "error", attempt: 3 });
    expect(new Set(events.map((event) => event.callId)).size).toBe(1);
  });

  it("writes one audit line per call: success, denied by policy, error", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "bedrock-kit-rules-")), "audit.jsonl");
    const { fm } = client({ audit: auditLog({ path }), maxRetries: 0 });
    const { fm: refusing } = client({ audit: auditLog({ path }), allowModels: ["cohere.*"] });
    await run(fm, modelId);
    await run(refusing, modelId).catch(() => undefined);
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId });
    await run(fm, modelId).catch(() => undefined);
    const lines = readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { operation: string; outcome: string; modelId: string });
    const auditName = operation === "generateImage" ? "image" : operation;
    expect(lines.map((line) => [line.operation, line.outcome, line.modelId])).toEqual([
      [auditName, "success", modelId],
      [auditName, "denied", modelId],
      [auditName, "error", modelId],
    ]);
    expect(readFileSync(path, "utf8")).not.toContain(promptMarker);
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });

  it("keeps prompt text and secrets out of every event", async () => {
    const { fm, events } = client({ maxRetries: 1 });
    bedrock.throttle(1, modelId);
    await run(fm, modelId);
    bedrock.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "Malformed input request", modelId });
    await run(fm, modelId).catch(() => undefined);
    const serialized = JSON.stringify(events);
    expect(events.length).toBeGreaterThan(4);
    expect(serialized).not.toContain(promptMarker);
    expect(serialized).not.toContain(secretAccessKey);
  });
});
