import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BedrockKitClient } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { createAgent } from "../../src/agents/index.js";
import { bodies, claude, commandR, mistralLarge, nova, offline, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => ({ bedrock, fm } = await offline()));
afterAll(() => bedrock.close());

const families = [
  ["Claude", claude],
  ["Nova", nova],
  ["Mistral Large", mistralLarge],
  ["Command R", commandR],
  ["Jamba 1.5", "ai21.jamba-1-5-large-v1:0"],
  ["Llama 3.1", "meta.llama3-1-70b-instruct-v1:0"],
  ["gpt-oss", "openai.gpt-oss-20b-1:0"],
  ["Qwen3", "qwen.qwen3-32b-v1:0"],
  ["Kimi K2", "moonshot.kimi-k2-thinking"],
  ["Llama 4", "meta.llama4-scout-17b-instruct-v1:0"],
] as const;

describe("the same agent on every family with native tools", () => {
  it.each(families)("%s: a scripted tool call, its result sent back in the family's format, then the answer", async (_name, modelId) => {
    bedrock.script(modelId, [{ toolCalls: [{ name: "get_ticket_status", input: { ticketId: "NET-4521" } }] }, { text: "NET-4521 is open." }]);
    const calls: string[] = [];
    const run = await createAgent({ client: fm, modelId, instruction: "Support.", tools: [ticketTool(calls)] }).invoke({ input: "Status of NET-4521?" });
    bedrock.assertScriptsConsumed();
    expect(run.status).toBe("completed");
    expect(run.text).toBe("NET-4521 is open.");
    expect(calls).toEqual(["NET-4521"]);
    expect(run.steps).toHaveLength(2);
    expect(run.cost?.totalUsd ?? 0).toBeGreaterThanOrEqual(0);
    // The second request carries the tool's output back to the model.
    expect(JSON.stringify(bodies(bedrock, modelId).at(-1))).toMatch(/status[\\"]*:[\\"]*open/);
  });

  it.each([["Claude", claude], ["Nova", nova], ["Command R", commandR]] as const)("%s: the simulated model's own tool call (no script) runs the loop offline", async (_name, modelId) => {
    const calls: string[] = [];
    const run = await createAgent({ client: fm, modelId, tools: [ticketTool(calls)] }).invoke({ input: "What is the ticket status of NET-4521?" });
    expect(run.status).toBe("completed");
    expect(calls).toHaveLength(1);
    expect(run.steps).toHaveLength(2);
  });
});
