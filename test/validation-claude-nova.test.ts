/** Claude and Nova requests Bedrock would refuse are ValidationErrors before the network, naming the field and the allowed values. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient, InvokeRequest } from "../src/index.js";
import { ValidationError } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { promptMarker, readFixture, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const sonnet45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const tool = { name: "lookup_ticket", inputSchema: { type: "object", properties: { id: { type: "string" } } } };
const text = (value: string) => ({ type: "text" as const, text: value });
const cachePoint = { type: "cache-point" as const };

const cases: [string, InvokeRequest, string, RegExp][] = [
  ["a Claude thinking budget below 1,024", { modelId: sonnet45, prompt: promptMarker, reasoning: { budgetTokens: 1_000 } }, "reasoning.budgetTokens", /minimum thinking budget of 1024/],
  ["maxTokens that leaves no room for the effort's budget", { modelId: sonnet45, prompt: promptMarker, reasoning: { effort: "low" }, maxTokens: 1_000 }, "maxTokens", /above the thinking budget/],
  ["reasoning with toolChoice any", { modelId: sonnet45, prompt: promptMarker, reasoning: { effort: "low" }, tools: [tool], toolChoice: "any" }, "toolChoice", /"auto" or "none"/],
  ["reasoning with a named toolChoice", { modelId: sonnet45, prompt: promptMarker, reasoning: { budgetTokens: 2_048 }, tools: [tool], toolChoice: { name: "lookup_ticket" } }, "toolChoice", /cannot think while a tool is forced/],
  [
    "five Claude cache points",
    {
      modelId: sonnet45,
      system: [text("a"), cachePoint, text("b"), cachePoint],
      tools: [{ ...tool, cachePoint: true }],
      messages: [{ role: "user", content: [text(promptMarker), cachePoint, text("c"), cachePoint] }],
    },
    "cache-point",
    /at most 4 cache points per request.*has 5/,
  ],
  ["a Claude cache point first in a message", { modelId: sonnet45, messages: [{ role: "user", content: [cachePoint, text(promptMarker)] }] }, "messages[0].content[0]", /needs content before it/],
  ["a Claude cache point first in the system", { modelId: sonnet45, system: [cachePoint, text("rules")], prompt: promptMarker }, "system[0]", /needs system text before it/],
  [
    "a Claude cache point right after a thinking block",
    {
      modelId: sonnet45,
      messages: [
        { role: "user", content: promptMarker },
        { role: "assistant", content: [{ type: "reasoning", text: "x", signature: "sig_x" }, cachePoint, text("answer")] },
        { role: "user", content: "more" },
      ],
    },
    "messages[1].content[1]",
    /cannot cache a thinking block/,
  ],
  ["a Nova cache point first in a message", { modelId: "amazon.nova-lite-v1:0", messages: [{ role: "user", content: [cachePoint, text(promptMarker)] }] }, "messages[0].content[0]", /nothing available to cache/],
  [
    "five Nova cache points",
    {
      modelId: "amazon.nova-pro-v1:0",
      system: [text("a"), cachePoint, text("b"), cachePoint, text("c"), cachePoint],
      messages: [{ role: "user", content: [text(promptMarker), cachePoint, text("d"), cachePoint] }],
    },
    "cache-point",
    /at most 4 cache points/,
  ],
];

describe("Claude and Nova family checks", () => {
  it.each(cases)("refuses %s before the network", async (_name, request, field, message) => {
    const sent = bedrock.requests.length;
    const error = await fm.invoke(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain(promptMarker);
    expect(bedrock.requests.length).toBe(sent);
  });

  it("lets the same requests through once fixed", async () => {
    await fm.invoke({ modelId: sonnet45, prompt: "hi", reasoning: { budgetTokens: 1_024 } });
    await fm.invoke({ modelId: sonnet45, prompt: "hi", reasoning: { effort: "low" }, tools: [tool], toolChoice: "auto" });
    await fm.invoke({ modelId: sonnet45, system: [text("rules"), cachePoint], messages: [{ role: "user", content: [text("hi"), cachePoint] }] });
  });
});

describe("the offline Bedrock refuses what slips past (native fields) with Bedrock's recorded messages", () => {
  const recorded = JSON.parse(readFixture("bedrock-errors.json")) as Record<string, string>;
  const refusals: [string, InvokeRequest, string][] = [
    ["temperature on Opus 5", { modelId: "global.anthropic.claude-opus-5", prompt: "hi", native: { temperature: 0.5 } }, "opus5Temperature"],
    ["temperature with top_p on Sonnet 4.5", { modelId: sonnet45, prompt: "hi", temperature: 0.5, native: { top_p: 0.9 } }, "temperatureWithTopP"],
    ["top_p on Opus 5", { modelId: "global.anthropic.claude-opus-5", prompt: "hi", native: { top_p: 0.5 } }, "opus5TopP"],
    [
      "thinking with a forced tool",
      { modelId: sonnet45, prompt: "hi", tools: [tool], toolChoice: "any", maxTokens: 4_096, native: { thinking: { type: "enabled", budget_tokens: 2_048 } } },
      "thinkingWithForcedTool",
    ],
    ["maxTokens with Nova 2 effort high", { modelId: "us.amazon.nova-2-lite-v1:0", prompt: "hi", maxTokens: 100, native: { reasoningConfig: { type: "enabled", maxReasoningEffort: "high" } } }, "nova2HighEffortMaxTokens"],
    ["a Nova cache point with nothing before it", { modelId: "amazon.nova-lite-v1:0", prompt: "hi", native: { messages: [{ role: "user", content: [{ cachePoint: { type: "default" } }, { text: "hi" }] }] } }, "cachePointWithNothingBefore"],
  ];

  it.each(refusals)("%s", async (_name, request, key) => {
    const error = await fm.invoke(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(recorded[key]);
  });
});
