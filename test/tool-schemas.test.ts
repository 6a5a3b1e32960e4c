/** Tools with a Standard Schema (zod 4) or JSON Schema on invoke and stream: the model sees JSON Schema, every call is checked and typed. */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { BedrockKitError, ValidationError, createClient, parseToolInput, toolJsonSchema, type StandardSchema, type ToolDefinition } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup({ maxRetries: 0 })));
afterAll(() => bedrock.close());

const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const nova = "us.amazon.nova-lite-v1:0";

const weather = {
  name: "get_weather",
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string(), days: z.coerce.number().int().default(1) }),
} as const;
const ticket = {
  name: "get_ticket",
  inputSchema: { type: "object", properties: { ticketId: { type: "string", pattern: "^T-[0-9]+$" } }, required: ["ticketId"] },
} as const;

/** A Standard Schema that answers asynchronously and cannot convert itself. */
const asyncCity: StandardSchema<unknown, { city: string }> = {
  "~standard": {
    version: 1,
    vendor: "custom",
    validate: async (value) => {
      const city = (value as { city?: unknown } | null)?.city;
      return typeof city === "string" ? { value: { city: city.toUpperCase() } } : { issues: [{ message: "city must be a string", path: ["city"] }] };
    },
  },
};

describe("tools with a Standard Schema on invoke", () => {
  it("sends the validator's JSON Schema, parses each call's input with it and types it by the tool's name", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "get_weather", input: { city: "Spokane", days: "3" } }, { name: "get_ticket", input: { ticketId: "T-42" } }] }]);
    const result = await fm.invoke({ modelId: claude, prompt: "Weather and ticket", tools: [weather, ticket] });
    const body = bedrock.requests.at(-1)!.body as { tools: { name: string; input_schema: Record<string, unknown> }[] };
    expect(body.tools[0]!.input_schema).toMatchObject({ type: "object", properties: { city: { type: "string" } }, required: ["city"] });
    expect(body.tools[0]!.input_schema).not.toHaveProperty("$schema");
    expect(body.tools[1]!.input_schema).toEqual(ticket.inputSchema);
    const [first, second] = result.toolCalls;
    expect(first).toMatchObject({ name: "get_weather", input: { city: "Spokane", days: 3 } });
    expect(first!.invalidInput).toBeUndefined();
    expect(second).toMatchObject({ name: "get_ticket", input: { ticketId: "T-42" } });
    for (const call of result.toolCalls) {
      if (call.invalidInput) continue;
      if (call.name === "get_weather") expectTypeOf(call.input).toEqualTypeOf<{ city: string; days: number }>();
      if (call.name === "get_ticket") expectTypeOf(call.input).toEqualTypeOf<unknown>();
    }
    const toolCallPart = result.content.find((part) => part.type === "tool-call");
    expect(toolCallPart).toMatchObject({ input: { city: "Spokane", days: 3 } });
  });

  it("marks input that does not fit with invalidInput (the problems, never the values) and keeps the model's input", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "get_weather", input: { town: promptMarker } }, { name: "get_ticket", input: { ticketId: 42 } }, { name: "delete_everything", input: {} }] }]);
    const result = await fm.invoke({ modelId: claude, prompt: "x", tools: [weather, ticket] });
    const [wrongWeather, wrongTicket, unknownTool] = result.toolCalls;
    expect(wrongWeather!.input).toEqual({ town: promptMarker });
    expect(wrongWeather!.invalidInput!.join(" ")).toContain("city");
    expect(wrongWeather!.invalidInput!.join(" ")).not.toContain(promptMarker);
    expect(wrongTicket!.invalidInput).toEqual(["/ticketId: expected string, got number"]);
    expect(unknownTool!.invalidInput).toEqual(["delete_everything is not one of the request's tools (get_weather, get_ticket)"]);
  });

  it("awaits a validator that answers with a promise", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "city", input: { city: "spokane" } }] }]);
    const tool = { name: "city", inputSchema: asyncCity, jsonSchema: { type: "object", properties: { city: { type: "string" } } } } as const;
    const result = await fm.invoke({ modelId: claude, prompt: "x", tools: [tool] });
    expect(result.toolCalls[0]!.input).toEqual({ city: "SPOKANE" });
    expect((bedrock.requests.at(-1)!.body as { tools: { input_schema: unknown }[] }).tools[0]!.input_schema).toEqual(tool.jsonSchema);
  });

  it("refuses a validator that cannot give its JSON Schema without jsonSchema, naming the field, before the network", async () => {
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: claude, prompt: "x", tools: [{ name: "city", inputSchema: asyncCity }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("tools[0].jsonSchema");
    const notASchema = await fm.invoke({ modelId: claude, prompt: "x", tools: [{ name: "city", inputSchema: "object" as never }] }).catch((caught: unknown) => caught);
    expect((notASchema as ValidationError).field).toBe("tools[0].inputSchema");
    expect(bedrock.requests.length).toBe(before);
  });

  it("works the same on another family (Nova's toolSpec)", async () => {
    bedrock.script(nova, [{ toolCalls: [{ name: "get_weather", input: { city: "Boise" } }] }]);
    const result = await fm.invoke({ modelId: nova, prompt: "x", tools: [weather] });
    const body = bedrock.requests.at(-1)!.body as { toolConfig: { tools: { toolSpec: { inputSchema: { json: Record<string, unknown> } } }[] } };
    expect(body.toolConfig.tools[0]!.toolSpec.inputSchema.json).toMatchObject({ type: "object", required: ["city"] });
    expect(result.toolCalls[0]!.input).toEqual({ city: "Boise", days: 1 });
  });
});

describe("tools with a Standard Schema on stream", () => {
  it("parses each tool-call event's input as it arrives, and the result's", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "get_weather", input: { city: "Spokane", days: "2" } }] }]);
    const stream = fm.stream({ modelId: claude, prompt: "x", tools: [weather] });
    const events = [];
    for await (const event of stream) if (event.type === "tool-call") events.push(event.toolCall);
    expect(events).toEqual([expect.objectContaining({ name: "get_weather", input: { city: "Spokane", days: 2 } })]);
    const result = await stream.result;
    const [call] = result.toolCalls;
    if (call && !call.invalidInput) expectTypeOf(call.input).toEqualTypeOf<{ city: string; days: number }>();
    expect(call!.input).toEqual({ city: "Spokane", days: 2 });
  });

  it("applies a validator that answers with a promise to the result (the event carries the model's input)", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "city", input: { city: "boise" } }] }, { toolCalls: [{ name: "city", input: { city: 7 } }] }]);
    const tool = { name: "city", inputSchema: asyncCity, jsonSchema: { type: "object" } } as const;
    const stream = fm.stream({ modelId: claude, prompt: "x", tools: [tool] });
    const events = [];
    for await (const event of stream) if (event.type === "tool-call") events.push(event.toolCall);
    expect(events[0]!.input).toEqual({ city: "boise" });
    expect((await stream.result).toolCalls[0]!.input).toEqual({ city: "BOISE" });
    const failing = await fm.stream({ modelId: claude, prompt: "x", tools: [tool] }).result;
    expect(failing.toolCalls[0]!.invalidInput).toEqual(["city: city must be a string"]);
  });
});

describe("parseToolInput and toolJsonSchema", () => {
  it("check an input and give the JSON Schema the model sees, for your own tool loop", async () => {
    expect(await parseToolInput(weather, { city: "Spokane" })).toEqual({ ok: true, value: { city: "Spokane", days: 1 } });
    expect(await parseToolInput(ticket, {})).toEqual({ ok: false, problems: ["/ticketId: is required"] });
    expect(toolJsonSchema(weather)).toMatchObject({ type: "object", required: ["city"] });
    expect(toolJsonSchema(ticket)).toBe(ticket.inputSchema);
    expect(() => toolJsonSchema({ inputSchema: asyncCity })).toThrow(ValidationError);
    const typed: ToolDefinition<"get_weather", { city: string; days: number }> = weather;
    expect(typed.name).toBe("get_weather");
  });
});

describe("responseFormat with a plain JSON Schema", () => {
  it("refuses a schema that is not an object schema, before the network", async () => {
    const before = bedrock.requests.length;
    for (const schema of [{ type: "array", items: { type: "string" } }, z.array(z.string())]) {
      const error = await fm.invoke({ modelId: claude, prompt: "x", responseFormat: { schema } }).catch((caught: unknown) => caught);
      expect((error as ValidationError).field).toBe("responseFormat.schema");
    }
    expect(bedrock.requests.length).toBe(before);
  });

  it("checks the answer against the JSON Schema: StructuredOutputInvalid when it does not fit", async () => {
    const schema = { type: "object", properties: { region: { type: "string" }, eta: { type: "string" } }, required: ["region", "eta"] };
    bedrock.script(claude, [{ toolCalls: [{ name: "json", input: { region: promptMarker } }] }, { toolCalls: [{ name: "json", input: { region: "Spokane", eta: "16:45" } }] }]);
    const error = await fm.invoke({ modelId: claude, prompt: "x", responseFormat: { schema } }).catch((caught: unknown) => caught);
    expect(BedrockKitError.isInstance(error) && error.code).toBe("StructuredOutputInvalid");
    expect((error as Error).message).toContain("/eta: is required");
    expect((error as Error).message).not.toContain(promptMarker);
    expect((await fm.invoke({ modelId: claude, prompt: "x", responseFormat: { schema } })).object).toEqual({ region: "Spokane", eta: "16:45" });
  });
});
