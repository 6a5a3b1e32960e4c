import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, ValidationError, type BedrockKitClient } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { createAgent, functionTool, type AgentOptions } from "../../src/agents/index.js";
import { claude, ticketSchema, ticketTool } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: BedrockKitClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  fm = createClient(bedrock.clientOptions);
});
afterAll(() => bedrock.close());

function refusal(make: () => unknown): [string | undefined, string] {
  try {
    make();
  } catch (error) {
    if (ValidationError.isInstance(error)) return [error.field, error.message];
    throw error;
  }
  throw new Error("expected a ValidationError");
}

const agentWith = (options: Partial<AgentOptions>) => () => createAgent({ client: fm, modelId: claude, ...options });

describe("createAgent refuses bad options with a ValidationError naming the field", () => {
  it.each([
    ["a tool name Bedrock would reject", { tools: [{ name: "get$status", inputSchema: ticketSchema }] }, "tools[0].name", "1–64 letters"],
    ["a tool name over 64 characters", { tools: [{ name: "x".repeat(65), inputSchema: ticketSchema }] }, "tools[0].name", "1–64 letters"],
    ["a duplicate tool name", { tools: [ticketTool(), { name: "get_ticket_status", inputSchema: ticketSchema }] }, "tools[1].name", "defined twice"],
    ["a schema that is not an object schema", { tools: [{ name: "lookup", inputSchema: { type: "string" } }] }, "tools[0].inputSchema", 'type "object"'],
    ["maxSteps 0", { maxSteps: 0 }, "maxSteps", "1 or more"],
    ["maxSteps -1", { maxSteps: -1 }, "maxSteps", "1 or more"],
    ["maxSteps 1.5", { maxSteps: 1.5 }, "maxSteps", "1 or more"],
    ["maxToolCalls 0", { maxToolCalls: 0 }, "maxToolCalls", "1 or more"],
    ["maxUsd 0", { maxUsd: 0 }, "maxUsd", "above 0"],
    ["maxUsd Infinity", { maxUsd: Number.POSITIVE_INFINITY }, "maxUsd", "finite"],
    ["a model without native tools", { modelId: "anthropic.claude-v2:1" }, "modelId", "families that have it: anthropic-messages, amazon-nova"],
    ["no client", { client: undefined as unknown as BedrockKitClient }, "client", "createClient"],
  ] as const)("%s", (_name, options, field, words) => {
    const [refusedField, message] = refusal(agentWith(options as Partial<AgentOptions>));
    expect(refusedField).toBe(field);
    expect(message).toContain(words);
  });

  it("refuses functionTool options with a non-object schema, and a Standard Schema that cannot give its JSON Schema", () => {
    expect(refusal(() => functionTool({ name: "x", inputSchema: { type: "array" } }))).toEqual(["inputSchema", expect.stringContaining('type "object"')]);
    const opaque = { "~standard": { version: 1 as const, vendor: "custom", validate: (value: unknown) => ({ value }) } };
    expect(refusal(() => functionTool({ name: "x", inputSchema: opaque }))).toEqual(["jsonSchema", expect.stringContaining("pass jsonSchema")]);
    expect(functionTool({ name: "x", inputSchema: opaque, jsonSchema: { type: "object", properties: {} } }).inputSchema).toEqual({ type: "object", properties: {} });
  });

  it("refuses bad invoke input before any model request", async () => {
    const agent = createAgent({ client: fm, modelId: claude, tools: [ticketTool()] });
    const fieldOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (ValidationError.isInstance(error) ? error.field : error));
    expect(await fieldOf(agent.invoke({ input: "" }))).toBe("input");
    expect(await fieldOf(agent.invoke({ input: "hi", sessionId: "has spaces" }))).toBe("sessionId");
    expect(await fieldOf(agent.invoke({ input: "hi", sessionAttributes: { tier: 3 as unknown as string } }))).toBe("sessionAttributes.tier");
    expect(await fieldOf(agent.invoke({ input: "hi", signal: "soon" as unknown as AbortSignal }))).toBe("signal");
    expect(await fieldOf(agent.resume(undefined as never))).toBe("request");
    expect(bedrock.requests).toHaveLength(0);
  });
});
