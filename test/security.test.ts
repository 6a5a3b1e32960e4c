import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockKitError, type BedrockKitEvent } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, secretAccessKey, setup } from "./helpers.js";

let bedrock: LocalBedrock;
const events: BedrockKitEvent[] = [];
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup({ onEvent: (event) => events.push(event), maxRetries: 1 })));
afterAll(() => bedrock.close());

function serializeError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    parts.push(JSON.stringify(current), String(current), (current as Error).stack ?? "");
    if (BedrockKitError.isInstance(current)) parts.push(JSON.stringify({ ...(current as object) }));
  }
  return parts.join("\n");
}

describe("no secret and no prompt text in errors or events", () => {
  it("holds across successes, retries, Bedrock rejections, bad input, policy and stream failures", async () => {
    const system = `${promptMarker} system`;
    const caught: unknown[] = [];
    const attempt = (promise: Promise<unknown>) => promise.catch((error: unknown) => caught.push(error));

    await fm.invoke({ modelId: haiku, prompt: promptMarker, system });
    bedrock.throttle(1);
    await fm.invoke({ modelId: haiku, prompt: promptMarker });
    await attempt(fm.invoke({ modelId: haiku, prompt: promptMarker, native: { extra: promptMarker } }));
    await attempt(fm.invoke({ modelId: haiku, prompt: promptMarker, temperature: 9 }));
    await attempt(fm.invoke({ modelId: haiku, messages: [{ role: "user", content: [{ type: "tool-result", toolCallId: promptMarker, content: promptMarker }] }] }));
    bedrock.addFault({ type: "http-error", status: 403, errorType: "AccessDeniedException", message: "User is not authorized" });
    await attempt(fm.invoke({ modelId: haiku, prompt: promptMarker }));
    bedrock.addFault({ type: "exception-frame", afterChunks: 4, exceptionType: "modelStreamErrorException", operation: "stream" });
    await attempt(fm.stream({ modelId: haiku, prompt: promptMarker, system }).result);
    await fm.stream({ modelId: haiku, prompt: promptMarker, system }).result;

    expect(caught).toHaveLength(5);
    expect(events.map((event) => event.type)).toContain("retry");
    expect(events.filter((event) => event.type === "error").length).toBe(5);
    const text = [JSON.stringify(events), ...caught.map(serializeError)].join("\n");
    expect(text).not.toContain(secretAccessKey);
    expect(text).not.toContain(promptMarker);
  });
});
