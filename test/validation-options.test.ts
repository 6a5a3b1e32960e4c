import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient, type ClientOptions } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku } from "./helpers.js";

let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

const secret = "SECRET-in-an-option-value";

/** The error createClient throws for `overrides` on top of a working offline setup. */
function creationError(overrides: Record<string, unknown>): unknown {
  try {
    createClient({ ...bedrock.clientOptions, ...overrides } as ClientOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

const badOptions: [string, Record<string, unknown>, string][] = [
  ["allowModels as a string", { allowModels: "anthropic.*" }, "allowModels"],
  ["an empty allowModels pattern", { allowModels: ["anthropic.*", ""] }, "allowModels[1]"],
  ["onEvent as a string", { onEvent: "log" }, "onEvent"],
  ["an endpoint that is not a URL", { endpoint: "not a url" }, "endpoint"],
  ["an endpoint of another scheme, with a password", { endpoint: `ftp://user:${secret}@example.com` }, "endpoint"],
  ["a region that is a number", { region: 5 }, "region"],
  ["a region with a space", { region: "us east 1" }, "region"],
  ["maxRetries of Infinity", { maxRetries: Infinity }, "maxRetries"],
  ["maxRetries as a string", { maxRetries: "3" }, "maxRetries"],
  ["retryDelay as a number", { retryDelay: 100 }, "retryDelay"],
  ["a negative retryDelay.baseMs", { retryDelay: { baseMs: -1 } }, "retryDelay.baseMs"],
  ["retryDelay.maxMs as a string", { retryDelay: { maxMs: "5s" } }, "retryDelay.maxMs"],
  ["retryDelay.maxMs past Node's longest timer", { retryDelay: { maxMs: 2 ** 31 } }, "retryDelay.maxMs"],
  ["timeoutMs past Node's longest timer", { timeoutMs: 2 ** 31 }, "timeoutMs"],
  ["timeoutMs of NaN", { timeoutMs: Number.NaN }, "timeoutMs"],
  ["a negative budget", { budget: { maxUsd: -1 } }, "budget.maxUsd"],
  ["a budget that is a number", { budget: 5 }, "budget"],
  ["credentials as a string", { credentials: secret }, "credentials"],
  ["credentials without a secret key", { credentials: { accessKeyId: secret } }, "credentials.secretAccessKey"],
  ["a secret key that is a number", { credentials: { accessKeyId: secret, secretAccessKey: 5 } }, "credentials.secretAccessKey"],
  ["a bedrockRuntime that is not a client", { bedrockRuntime: {} }, "bedrockRuntime"],
];

describe("createClient checks its options", () => {
  it.each(badOptions)("%s", (_label, overrides, field) => {
    const error = creationError(overrides);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).not.toContain(secret);
    expect(bedrock.requests).toHaveLength(0);
  });

  it("rejects options that are not an object", () => {
    expect(() => createClient(null as unknown as ClientOptions)).toThrow(ValidationError);
  });

  it("takes timeoutMs: Infinity as no timeout, and the longest timer Node has", async () => {
    for (const timeoutMs of [Infinity, 2 ** 31 - 1]) {
      const fm = createClient({ ...bedrock.clientOptions, timeoutMs, retryDelay: { baseMs: 0, maxMs: 2 ** 31 - 1 } });
      const result = await fm.invoke({ modelId: haiku, prompt: "hi" });
      expect(result.text).not.toBe("");
    }
  });
});
