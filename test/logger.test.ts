/** The `logger` option: one line per event at the event's level, with no prompt text or secret. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient, type BedrockKitEvent, type ClientOptions } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey } from "./helpers.js";

let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

interface Line {
  level: string;
  message: string;
  event: BedrockKitEvent;
}

function recordingLogger(lines: Line[], levels = ["debug", "info", "warn", "error"]): NonNullable<ClientOptions["logger"]> {
  return Object.fromEntries(levels.map((level) => [level, (message: string, event: BedrockKitEvent) => lines.push({ level, message, event })]));
}

function client(options: ClientOptions): ReturnType<typeof createClient> {
  return createClient({ ...bedrock.clientOptions, credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey }, retryDelay: { baseMs: 1, maxMs: 2 }, ...options });
}

describe("logger", () => {
  it("logs requests at debug, retries at warn, the finished call at info, with tokens and cost", async () => {
    const lines: Line[] = [];
    bedrock.throttle(1, haiku);
    const result = await client({ logger: recordingLogger(lines) }).invoke({ modelId: haiku, prompt: promptMarker, system: promptMarker });
    expect(lines.map((line) => line.level)).toEqual(["debug", "warn", "debug", "info"]);
    const done = lines.at(-1)!;
    expect(done.message).toContain(`bedrock-kit invoke ${haiku}`);
    expect(done.message).toContain(`${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`);
    expect(done.event).toMatchObject({ type: "response", callId: lines[0]!.event.callId });
    expect(lines[1]!.message).toContain("ThrottlingException");
    expect(JSON.stringify(lines)).not.toContain(promptMarker);
    expect(JSON.stringify(lines)).not.toContain(secretAccessKey);
  });

  it("logs a refusal and a failure at error, and skips the levels the logger lacks", async () => {
    const lines: Line[] = [];
    const refused = client({ logger: recordingLogger(lines, ["error"]), denyModels: ["anthropic.*"] });
    await refused.invoke({ modelId: haiku, prompt: promptMarker }).catch(() => undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe("error");
    expect(lines[0]!.message).toContain("ModelNotAllowed");
    expect(lines[0]!.message).not.toContain(promptMarker);
  });

  it("is called for every operation (rerank too), and a logger that throws breaks nothing", async () => {
    const lines: Line[] = [];
    const throwing = { info: (message: string, event: BedrockKitEvent) => { lines.push({ level: "info", message, event }); throw new Error("disk full"); } };
    const fm = client({ logger: throwing });
    await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: [promptMarker] });
    await fm.rerank({ modelId: "amazon.rerank-v1:0", query: promptMarker, documents: ["a", "b"] });
    expect(lines.map((line) => line.event.operation)).toEqual(["embed", "rerank"]);
  });

  it("refuses a logger without the usual methods at createClient", () => {
    expect(() => createClient({ logger: {} as never })).toThrow(ValidationError);
    expect(() => createClient({ logger: { info: "yes" } as never })).toThrow(/logger/);
  });
});
