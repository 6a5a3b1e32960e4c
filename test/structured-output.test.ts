/** responseFormat: structured output through a forced tool or JSON instructions, validated by a Standard Schema. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { BedrockKitError, ValidationError, createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup({ maxRetries: 0 })));
afterAll(() => bedrock.close());

const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const status = z.object({ region: z.string(), eta: z.string() });

describe("responseFormat", () => {
  it("answers through a forced tool on a model with tools, validated by a zod schema", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "json", input: { region: "Spokane", eta: "16:45" } }] }]);
    const result = await fm.invoke({ modelId: claude, prompt: "Status of the Spokane outage?", responseFormat: { schema: status } });
    expect(result.object).toEqual({ region: "Spokane", eta: "16:45" });
    const body = bedrock.requests.at(-1)!.body as { tools: { name: string; input_schema: { properties: Record<string, unknown> } }[]; tool_choice: unknown };
    expect(body.tool_choice).toEqual({ type: "tool", name: "json" });
    expect(Object.keys(body.tools.at(-1)!.input_schema.properties)).toEqual(["region", "eta"]);
    bedrock.assertScriptsConsumed();
  });

  it("answers in JSON on a model without tools, with a plain JSON Schema", async () => {
    bedrock.script("ai21.j2-mid-v1", [{ text: '```json\n{"region": "Spokane", "eta": "16:45"}\n```' }]);
    const result = await fm.invoke({ modelId: "ai21.j2-mid-v1", prompt: "Status?", responseFormat: { schema: { type: "object", properties: { region: { type: "string" } } } } });
    expect(result.object).toEqual({ region: "Spokane", eta: "16:45" });
    expect(JSON.stringify(bedrock.requests.at(-1)!.body)).toContain("Answer with only a JSON value");
  });

  it("fails with StructuredOutputInvalid, naming the issues and not the answer, when it does not match", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "json", input: { region: promptMarker } }] }]);
    const error = await fm.invoke({ modelId: claude, prompt: "Status?", responseFormat: { schema: status } }).catch((caught: unknown) => caught);
    expect(BedrockKitError.isInstance(error)).toBe(true);
    expect((error as BedrockKitError).code).toBe("StructuredOutputInvalid");
    expect((error as Error).message).toContain("eta");
    expect((error as Error).message).not.toContain(promptMarker);
  });

  it("refuses a schema that is neither JSON Schema nor a Standard Schema, before the network", async () => {
    const before = bedrock.requests.length;
    const error = await fm.invoke({ modelId: claude, prompt: "x", responseFormat: { schema: "object" as never } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("responseFormat.schema");
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("responseFormat on a stream", () => {
  it("streams the forced tool's call and sets result.object once it is checked", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "json", input: { region: "Spokane", eta: "16:45" } }] }]);
    const stream = fm.stream({ modelId: claude, prompt: "Status of the Spokane outage?", responseFormat: { schema: status } });
    const events: string[] = [];
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === "finish") expect(event.result.object).toEqual({ region: "Spokane", eta: "16:45" });
    }
    expect(events).toContain("tool-call");
    expect(events.at(-1)).toBe("finish");
    const result = await stream.result;
    expect(result.object).toEqual({ region: "Spokane", eta: "16:45" });
    const request = bedrock.requests.at(-1)!;
    expect(request.operation).toBe("stream");
    expect((request.body as { tool_choice: unknown }).tool_choice).toEqual({ type: "tool", name: "json" });
    bedrock.assertScriptsConsumed();
  });

  it("streams JSON text on a model without tools and parses it at the end", async () => {
    const titan = "amazon.titan-text-express-v1";
    bedrock.script(titan, [{ text: '{"region": "Spokane", "eta": "16:45"}' }]);
    const stream = fm.stream({ modelId: titan, prompt: "Status?", responseFormat: { schema: { type: "object", properties: { region: { type: "string" } }, required: ["region"] } } });
    let text = "";
    for await (const delta of stream.textStream) text += delta;
    expect(JSON.parse(text)).toEqual({ region: "Spokane", eta: "16:45" });
    expect((await stream.result).object).toEqual({ region: "Spokane", eta: "16:45" });
    expect(JSON.stringify(bedrock.requests.at(-1)!.body)).toContain("Answer with only a JSON value");
  });

  it("rejects the stream with StructuredOutputInvalid (operation stream) when the answer does not match", async () => {
    bedrock.script(claude, [{ toolCalls: [{ name: "json", input: { region: promptMarker } }] }]);
    const stream = fm.stream({ modelId: claude, prompt: "Status?", responseFormat: { schema: status } });
    const error = await stream.result.catch((caught: unknown) => caught);
    expect((error as BedrockKitError).code).toBe("StructuredOutputInvalid");
    expect((error as BedrockKitError).operation).toBe("stream");
    expect((error as Error).message).not.toContain(promptMarker);
  });

  it("refuses a non-object schema before the network", async () => {
    const before = bedrock.requests.length;
    const error = await fm.stream({ modelId: claude, prompt: "x", responseFormat: { schema: { type: "array" } } }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("responseFormat.schema");
    expect(bedrock.requests.length).toBe(before);
  });
});
