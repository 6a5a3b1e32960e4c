import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

/** Things passed as `signal` that are not AbortSignals. */
const notSignals: [string, unknown][] = [
  ["an empty object", {}],
  ["a string", "abort"],
  ["an object that says it is aborted", { aborted: true }],
  ["an object with addEventListener only", { aborted: false, addEventListener: () => undefined }],
];

function expectSignalError(error: unknown): void {
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toBe("signal");
  expect((error as Error).message).toContain("AbortSignal");
}

describe("a signal that is not an AbortSignal", () => {
  it.each(notSignals)("invoke: %s is a ValidationError, before the network", async (_label, signal) => {
    const before = bedrock.requests.length;
    expectSignalError(await fm.invoke({ modelId: haiku, prompt: "hi", signal: signal as AbortSignal }).catch((caught: unknown) => caught));
    expect(bedrock.requests.length).toBe(before);
  });

  it.each(notSignals)("stream: %s does not throw; its result rejects with a ValidationError", async (_label, signal) => {
    const before = bedrock.requests.length;
    let stream: ReturnType<typeof fm.stream> | undefined;
    expect(() => (stream = fm.stream({ modelId: haiku, prompt: "hi", signal: signal as AbortSignal }))).not.toThrow();
    expectSignalError(await stream!.result.catch((caught: unknown) => caught));
    expect(bedrock.requests.length).toBe(before);
  });

  it.each(notSignals)("embed and generateImage: %s is a ValidationError, before the network", async (_label, signal) => {
    const before = bedrock.requests.length;
    const embedding = fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["hi"], signal: signal as AbortSignal });
    expectSignalError(await embedding.catch((caught: unknown) => caught));
    const image = fm.generateImage({ modelId: "amazon.nova-canvas-v1:0", prompt: "a cabinet", signal: signal as AbortSignal });
    expectSignalError(await image.catch((caught: unknown) => caught));
    expect(bedrock.requests.length).toBe(before);
  });

  it("accepts an AbortSignal-shaped object from another realm, and it still aborts the call", async () => {
    const real = new AbortController();
    const foreign = {
      get aborted() {
        return real.signal.aborted;
      },
      addEventListener: real.signal.addEventListener.bind(real.signal),
      removeEventListener: real.signal.removeEventListener.bind(real.signal),
    };
    const result = await fm.invoke({ modelId: haiku, prompt: "hi", signal: foreign as unknown as AbortSignal });
    expect(result.text).not.toBe("");
    real.abort();
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", signal: foreign as unknown as AbortSignal })).rejects.toMatchObject({ code: "Aborted" });
  });
});
