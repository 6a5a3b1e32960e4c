import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient, type InvokeRequest } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const titan = "amazon.titan-text-express-v1";

async function failure(request: Record<string, unknown>): Promise<{ error: unknown; sent: number }> {
  const before = bedrock.requests.length;
  const error = await fm.invoke({ modelId: haiku, ...request } as unknown as InvokeRequest).catch((caught: unknown) => caught);
  return { error, sent: bedrock.requests.length - before };
}

describe("reasoning, cache points and structured system: bad input is refused before the network", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an unknown effort", { prompt: promptMarker, reasoning: { effort: "extreme" } }, "reasoning.effort"],
    ["an empty reasoning option", { prompt: promptMarker, reasoning: {} }, "reasoning"],
    ["a fractional budget", { prompt: promptMarker, reasoning: { budgetTokens: 1.5 } }, "reasoning.budgetTokens"],
    ["a budget at maxTokens", { prompt: promptMarker, maxTokens: 2000, reasoning: { budgetTokens: 2000 } }, "reasoning.budgetTokens"],
    ["a system part of another type", { prompt: promptMarker, system: [{ type: "image", data: "", mediaType: "image/png" }] }, "system[0]"],
    ["a system of only a cache point", { prompt: promptMarker, system: [{ type: "cache-point" }] }, "system"],
    ["an empty system array", { prompt: promptMarker, system: [] }, "system"],
    ["reasoning in a user message", { messages: [{ role: "user", content: [{ type: "reasoning", text: promptMarker }] }] }, "messages[0].content[0]"],
    ["a reasoning part without text", { messages: [{ role: "user", content: "hi" }, { role: "assistant", content: [{ type: "reasoning" }] }, { role: "user", content: "go" }] }, "messages[1].content[0].text"],
    ["a tool cachePoint that is not a boolean", { prompt: promptMarker, tools: [{ name: "lookup", inputSchema: { type: "object" }, cachePoint: "yes" }] }, "tools[0].cachePoint"],
  ];
  it.each(cases)("%s", async (_name, request, field) => {
    const { error, sent } = await failure(request);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).not.toContain(promptMarker);
    expect(sent).toBe(0);
  });
});

describe("a model without the feature answers without it, with a warning", () => {
  it("drops reasoning and cache points for Titan Text and says so", async () => {
    const result = await fm.invoke({
      modelId: titan,
      system: [{ type: "text", text: "Be brief." }, { type: "cache-point" }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Hello" }, { type: "cache-point" }] },
        { role: "assistant", content: [{ type: "reasoning", text: "another model's thinking", signature: "sig" }, { type: "text", text: "Hi" }] },
        { role: "user", content: "Again" },
      ],
      reasoning: { effort: "low" },
    });
    expect(result.reasoning).toBe("");
    const features = result.warnings.map((warning) => warning.feature);
    expect(features).toContain("reasoning");
    expect(features).toContain("cache-point");
    const sent = bedrock.requests.at(-1)!.body as { inputText: string };
    expect(sent.inputText).toContain("Be brief.");
    expect(sent.inputText).not.toContain("another model's thinking");
  });
});
