/** Defects of the call lifecycle found by trying the package (issue 9); each test failed before the pipeline. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, BudgetExceededError, StreamError, ValidationError, createClient, type BedrockKitEvent } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { encodeChunkFrame } from "../../src/testing/event-stream.js";
import { haiku, setup } from "../helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

function createClientWith(server: LocalBedrock, allowModels: string[]): ReturnType<typeof createClient> {
  return createClient({ ...server.clientOptions, allowModels });
}

/** Collects what the process reports while `body` runs: unhandled rejections and warnings. */
async function watchProcess(body: () => Promise<void>): Promise<{ rejections: unknown[]; warnings: Error[] }> {
  const rejections: unknown[] = [];
  const warnings: Error[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  const onWarning = (warning: Error): void => void warnings.push(warning);
  process.on("unhandledRejection", onRejection);
  process.on("warning", onWarning);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", onRejection);
    process.off("warning", onWarning);
  }
  return { rejections, warnings };
}

describe("streams", () => {
  it("reading textStream does not consume the stream", async () => {
    const stream = fm.stream({ modelId: haiku, prompt: "Is the link up?" });
    expect(stream.textStream).toBeDefined();
    let text = "";
    for await (const delta of stream.textStream) text += delta;
    expect(text).toBe((await stream.result).text);
    expect(text.length).toBeGreaterThan(0);
  });

  it("records a stream left after its first deltas, and settles the budget with it", async () => {
    const { bedrock: server, fm: client } = await setup({ budget: { maxUsd: 1 } });
    try {
      server.addFault({ type: "chunk-delay", ms: 5, operation: "stream" });
      const stream = client.stream({ modelId: haiku, prompt: "Describe the outage in detail.", maxTokens: 400 });
      let deltas = 0;
      for await (const event of stream) if (event.type === "text" && ++deltas === 3) break;
      await expect(stream.result).rejects.toBeInstanceOf(AbortError);
      const report = client.costs();
      expect(report.calls).toBe(1);
      expect(report.inputTokens).toBeGreaterThan(0);
      expect(report.outputTokens).toBeGreaterThan(0);
      expect(report.totalUsd).toBeGreaterThan(0);
      expect(report.budget?.spentUsd).toBeCloseTo(report.totalUsd, 12);
      expect(report.budget?.reservedUsd).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("stops streams aborted after output once the budget is spent", async () => {
    const { bedrock: server, fm: client } = await setup({ budget: { maxUsd: 0.0008 } });
    try {
      server.addFault({ type: "chunk-delay", ms: 1, operation: "stream", times: Infinity });
      let refused = 0;
      let aborted = 0;
      for (let index = 0; index < 40; index++) {
        const controller = new AbortController();
        const stream = client.stream({ modelId: haiku, prompt: "Describe the outage in detail.", maxTokens: 300, signal: controller.signal });
        try {
          let deltas = 0;
          for await (const event of stream) if (event.type === "text" && ++deltas === 20) controller.abort();
        } catch (error) {
          if (error instanceof BudgetExceededError) refused += 1;
          else if (error instanceof AbortError) aborted += 1;
          else throw error;
        }
      }
      const budget = client.costs().budget!;
      expect(aborted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(budget.spentUsd).toBeLessThanOrEqual(0.0008);
      expect(budget.spentUsd).toBeCloseTo(client.costs().totalUsd, 12);
    } finally {
      await server.close();
    }
  });

  it.each([haiku, "amazon.nova-lite-v1:0", "cohere.command-r-plus-v1:0", "meta.llama3-8b-instruct-v1:0"])("counts the output of a failed %s stream from the deltas delivered, marked partial", async (modelId) => {
    bedrock.addFault({ type: "exception-frame", afterChunks: 8, exceptionType: "modelStreamErrorException", operation: "stream" });
    const before = fm.costs();
    const error = (await fm.stream({ modelId, prompt: "Describe the outage in detail, step by step.", maxTokens: 300 }).result.catch((caught: unknown) => caught)) as StreamError;
    expect(error).toBeInstanceOf(StreamError);
    expect(error.partial.text.length).toBeGreaterThan(0);
    expect(error.partial.usage).toMatchObject({ partial: true });
    expect(error.partial.usage.outputTokens).toBeGreaterThan(0);
    expect(error.partial.usage.inputTokens).toBeGreaterThan(0);
    expect(error.partial.usage.source).not.toBe("none");
    expect(error.partial.cost?.totalUsd).toBeGreaterThan(0);
    expect(fm.costs().outputTokens - before.outputTokens).toBe(error.partial.usage.outputTokens);
  });
});

describe("signals", () => {
  it("refuses a signal that is not an AbortSignal, without throwing from stream() or an unhandled rejection", async () => {
    const { rejections } = await watchProcess(async () => {
      for (const signal of [{}, "abort", { aborted: true }]) {
        const request = { modelId: haiku, prompt: "hi", signal: signal as unknown as AbortSignal };
        await expect(fm.invoke(request)).rejects.toBeInstanceOf(ValidationError);
        let stream;
        expect(() => (stream = fm.stream(request))).not.toThrow();
        await expect(stream!.result).rejects.toMatchObject({ name: "ValidationError", field: "signal" });
        await expect(fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["a"], signal: signal as unknown as AbortSignal })).rejects.toBeInstanceOf(ValidationError);
      }
    });
    expect(rejections).toEqual([]);
  });

  it("sends nothing and emits no request event for an already-aborted signal", async () => {
    const events: BedrockKitEvent[] = [];
    const { bedrock: server, fm: client } = await setup({ onEvent: (event) => events.push(event) });
    try {
      await expect(client.invoke({ modelId: haiku, prompt: "hi", signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
      await expect(client.stream({ modelId: haiku, prompt: "hi", signal: AbortSignal.abort() }).result).rejects.toBeInstanceOf(AbortError);
      expect(server.requests).toHaveLength(0);
      expect(events.map((event) => event.type)).toEqual(["error", "error"]);
    } finally {
      await server.close();
    }
  });

  it("lets many calls share one AbortSignal without a MaxListenersExceededWarning", async () => {
    const controller = new AbortController();
    const { warnings } = await watchProcess(async () => {
      await Promise.all(Array.from({ length: 25 }, () => fm.invoke({ modelId: haiku, prompt: "hi", signal: controller.signal })));
    });
    expect(warnings.map((warning) => warning.name)).not.toContain("MaxListenersExceededWarning");
  });
});

describe("observers and timers", () => {
  it("ignores an async onEvent hook that rejects", async () => {
    const { bedrock: server, fm: client } = await setup({ onEvent: async () => Promise.reject(new Error("the audit sink is down")) });
    try {
      const { rejections } = await watchProcess(async () => {
        await client.invoke({ modelId: haiku, prompt: "hi" });
        await client.stream({ modelId: haiku, prompt: "hi" }).result;
      });
      expect(rejections).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("takes the longest timer Node honours, and Infinity, as no early timeout (longer ones are refused)", async () => {
    await expect(setup({ timeoutMs: 2 ** 31 })).rejects.toMatchObject({ name: "ValidationError", field: "timeoutMs" });
    for (const timeoutMs of [2 ** 31 - 1, Infinity]) {
      const { bedrock: server, fm: client } = await setup({ timeoutMs, retryDelay: { baseMs: 2 ** 31 - 1, maxMs: 2 ** 31 - 1 }, maxRetries: 1 });
      try {
        server.addFault({ type: "delay", ms: 30 });
        await expect(client.invoke({ modelId: haiku, prompt: "hi" })).resolves.toMatchObject({ stopReason: "end_turn" });
      } finally {
        await server.close();
      }
    }
  });
});

describe("estimate", () => {
  it("reports a request too large for the context window instead of throwing", async () => {
    const prompt = "The circuit to the exchange dropped again overnight. ".repeat(500);
    const estimate = await fm.estimate({ modelId: "amazon.titan-text-lite-v1", prompt, maxTokens: 2_000 });
    expect(estimate.fitsContextWindow).toBe(false);
    expect(estimate.inputTokens + 2_000).toBeGreaterThan(estimate.contextWindow);
    await expect(fm.invoke({ modelId: "amazon.titan-text-lite-v1", prompt, maxTokens: 2_000 })).rejects.toMatchObject({ field: "maxTokens" });
  });
});

describe("embeddings under a budget", () => {
  it("holds the per-image price of image embeddings, so a budget is never overspent", async () => {
    const { bedrock: server, fm: client } = await setup({ budget: { maxUsd: 0.0001 } });
    try {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
      await expect(client.embed({ modelId: "amazon.titan-embed-image-v1", images: [png, png, png, png, png] })).rejects.toBeInstanceOf(BudgetExceededError);
      expect(server.requests).toHaveLength(0);
      const one = await client.embed({ modelId: "amazon.titan-embed-image-v1", images: [png] });
      expect(client.costs().budget!.spentUsd).toBeCloseTo(one.cost!.totalUsd, 12);
      expect(client.costs().budget!.spentUsd).toBeLessThanOrEqual(0.0001);
    } finally {
      await server.close();
    }
  });
});

describe("countTokens through the pipeline", () => {
  it("pairs its CountTokens request with a response event, also when Bedrock declines and the count is local", async () => {
    const events: BedrockKitEvent[] = [];
    const { bedrock: server, fm: client } = await setup({ onEvent: (event) => events.push(event) });
    try {
      const exact = await client.countTokens(haiku, { prompt: "How many tokens is this?" });
      expect(exact).toMatchObject({ exact: true, tokenizer: "bedrock:CountTokens" });
      server.addFault({ type: "http-error", status: 400, errorType: "ValidationException", message: "The provided model doesn't support counting tokens.", operation: "countTokens" });
      const local = await client.countTokens(haiku, { prompt: "How many tokens is this?" });
      expect(local.exact).toBe(false);
      const calls = [...new Set(events.map((event) => event.callId))];
      expect(calls).toHaveLength(2);
      for (const callId of calls) {
        expect(events.filter((event) => event.callId === callId).map((event) => event.type)).toEqual(["request", "response"]);
      }
      expect(events.every((event) => event.operation === "countTokens")).toBe(true);
      const refused = createClientWith(server, ["cohere.*"]);
      await expect(refused.countTokens(haiku, "hi")).rejects.toMatchObject({ name: "ModelNotAllowedError" });
    } finally {
      await server.close();
    }
  });
});

describe("found in review", () => {
  it("a stream that times out after output began ends with a StreamError carrying the partial result", async () => {
    // A Bedrock that sends the start of a Claude answer, then stalls.
    const chunks = [
      { type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", model: haiku, content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } } },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello there" } },
    ];
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "stall-1" });
        chunks.forEach((chunk, index) => response.write(encodeChunkFrame(chunk, index)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "AKIATEST", secretAccessKey: "secret" }, timeoutMs: 200 });
      const stream = client.stream({ modelId: haiku, prompt: "hi" });
      let text = "";
      const error = await (async () => {
        for await (const delta of stream.textStream) text += delta;
      })().catch((caught: unknown) => caught);
      expect(text).toBe("Hello there");
      expect(error).toBeInstanceOf(StreamError);
      expect(error).toMatchObject({ code: "ClientTimeout", partial: { text: "Hello there", usage: { partial: true } } });
      expect(client.costs().calls).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("counts on error events only the requests sent: an abort during the backoff reports attempt 1", async () => {
    const events: BedrockKitEvent[] = [];
    const controller = new AbortController();
    const onEvent = (event: BedrockKitEvent): void => {
      events.push(event);
      // Stop the call while it waits to retry.
      if (event.type === "retry") setImmediate(() => controller.abort());
    };
    const { bedrock: server, fm: client } = await setup({ onEvent, retryDelay: { baseMs: 60_000, maxMs: 60_000 } });
    try {
      server.throttle(1);
      await expect(client.invoke({ modelId: haiku, prompt: "hi", signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
      expect(events.map((event) => [event.type, event.attempt])).toEqual([["request", 1], ["retry", 1], ["error", 1]]);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("keeps a bad request's ValidationError when the signal has aborted too", async () => {
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", maxTokens: -5, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "ValidationError", field: "maxTokens" });
  });

  it("asks for the Region again after a lookup failed", async () => {
    let lookups = 0;
    const bedrockRuntime = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      credentials: { accessKeyId: "AKIATEST", secretAccessKey: "secret" },
      region: async () => {
        lookups += 1;
        if (lookups === 1) throw new Error("the metadata service did not answer");
        return "us-east-1";
      },
    });
    const client = createClient({ bedrockRuntime });
    await expect(client.invoke({ modelId: haiku, prompt: "hi" })).rejects.toBeDefined();
    await expect(client.invoke({ modelId: haiku, prompt: "hi" })).resolves.toMatchObject({ stopReason: "end_turn" });
  });
});

describe("leaving a stream whose answer has already arrived", () => {
  it("neither crashes the process nor breaks the next calls on the kept-alive connection", async () => {
    const { rejections } = await watchProcess(async () => {
      for (let round = 0; round < 30; round++) {
        const stream = fm.stream({ modelId: haiku, prompt: "Is the link up?" });
        for await (const event of stream) if (event.type === "text") break;
        await stream.result.catch(() => undefined);
        const controller = new AbortController();
        await fm.invoke({ modelId: haiku, prompt: "hi", signal: controller.signal });
        controller.abort();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(rejections).toEqual([]);
    await expect(fm.invoke({ modelId: haiku, prompt: "still there?" })).resolves.toMatchObject({ stopReason: "end_turn" });
  });
});
