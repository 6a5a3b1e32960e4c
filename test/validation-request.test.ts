import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceError, ValidationError, createClient, type InvokeRequest } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, promptMarker, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const novaLite = "amazon.nova-lite-v1:0";
const user = { role: "user", content: promptMarker } as const;
const tool = { name: "lookup", inputSchema: { type: "object" } };

/** A request field set to something the type allows only through a cast (what JavaScript callers and bad JSON do). */
type LooseRequest = Record<string, unknown>;

/** The error a call rejects with, and whether any request reached the offline Bedrock. */
async function failure(request: LooseRequest): Promise<{ error: unknown; sent: number }> {
  const before = bedrock.requests.length;
  const error = await fm.invoke({ modelId: haiku, ...request } as unknown as InvokeRequest).catch((caught: unknown) => caught);
  return { error, sent: bedrock.requests.length - before };
}

function expectValidation(error: unknown, field: string): ValidationError {
  expect(error).toBeInstanceOf(ValidationError);
  const validation = error as ValidationError;
  expect(validation.field).toBe(field);
  expect(validation.message).toContain(field);
  expect(validation.message).not.toContain(promptMarker);
  return validation;
}

const cycle: Record<string, unknown> = { depth: 1 };
cycle.self = cycle;

const malformed: [string, LooseRequest, string][] = [
  ["tools that are not an array", { prompt: promptMarker, tools: "lookup" }, "tools"],
  ["tools of null", { prompt: promptMarker, tools: null }, "tools"],
  ["a null tool", { prompt: promptMarker, tools: [tool, null] }, "tools[1]"],
  // eslint-disable-next-line no-sparse-arrays
  ["a hole in tools", { prompt: promptMarker, tools: [, tool] }, "tools[0]"],
  ["a tool without a name", { prompt: promptMarker, tools: [{ inputSchema: {} }] }, "tools[0].name"],
  ["a tool name with a space", { prompt: promptMarker, tools: [{ name: "look up", inputSchema: {} }] }, "tools[0].name"],
  ["an inputSchema that is a string", { prompt: promptMarker, tools: [{ name: "lookup", inputSchema: "object" }] }, "tools[0].inputSchema"],
  ["an inputSchema that is an array", { prompt: promptMarker, tools: [{ name: "lookup", inputSchema: [] }] }, "tools[0].inputSchema"],
  ["an unknown toolChoice", { prompt: promptMarker, tools: [tool], toolChoice: "mandatory" }, "toolChoice"],
  ["a toolChoice of null", { prompt: promptMarker, tools: [tool], toolChoice: null }, "toolChoice"],
  ["a toolChoice that is a number", { prompt: promptMarker, tools: [tool], toolChoice: 1 }, "toolChoice"],
  ["an unknown toolChoice without tools", { prompt: promptMarker, toolChoice: "required" }, "toolChoice"],
  ["a toolChoice naming no tool", { prompt: promptMarker, tools: [tool], toolChoice: { name: "other" } }, "toolChoice"],
  ["a null message", { messages: [user, null] }, "messages[1]"],
  // eslint-disable-next-line no-sparse-arrays
  ["a hole in messages", { messages: [user, , user] }, "messages[1]"],
  ["a role that is a number", { messages: [user, { role: 1, content: "x" }] }, "messages[1].role"],
  ["content that is a number", { messages: [{ role: "user", content: 42 }] }, "messages[0].content"],
  ["content that is an object", { messages: [{ role: "user", content: { text: promptMarker } }] }, "messages[0].content"],
  ["a part of unknown type", { messages: [user, { role: "assistant", content: "ok" }, { role: "user", content: [{ type: "audio", text: promptMarker }] }] }, "messages[2].content[0]"],
  ["a null part", { messages: [{ role: "user", content: [{ type: "text", text: promptMarker }, null] }] }, "messages[0].content[1]"],
  // eslint-disable-next-line no-sparse-arrays
  ["a hole in the parts", { messages: [{ role: "user", content: [, { type: "text", text: promptMarker }] }] }, "messages[0].content[0]"],
  ["image data that is a number", { messages: [{ role: "user", content: [{ type: "image", mediaType: "image/png", data: 7 }] }] }, "messages[0].content[0].data"],
  ["a stop sequence hole", { prompt: promptMarker, stopSequences: ["a", , "b"] }, "stopSequences[1]"],
  ["native as an array", { prompt: promptMarker, native: [1, 2] }, "native"],
  ["native as a Map", { prompt: promptMarker, native: new Map([["top_k", 5]]) }, "native"],
  ["a BigInt in native", { prompt: promptMarker, native: { metadata: { user_id: 12n } } }, "native.metadata.user_id"],
  ["a cycle in native", { prompt: promptMarker, native: { metadata: cycle } }, "native.metadata.self"],
  ["a BigInt in an inputSchema", { prompt: promptMarker, tools: [{ name: "lookup", inputSchema: { type: "integer", maximum: 10n } }] }, "tools[0].inputSchema.maximum"],
  ["a cycle in an inputSchema", { prompt: promptMarker, tools: [{ name: "lookup", inputSchema: cycle }] }, "tools[0].inputSchema.self"],
  ["a topK of 0.5", { prompt: promptMarker, topK: 0.5 }, "topK"],
];

describe("malformed requests are ValidationErrors naming the field, before the network", () => {
  it.each(malformed)("%s", async (_label, request, field) => {
    const { error, sent } = await failure(request);
    expectValidation(error, field);
    expect(sent).toBe(0);
  });

  it("names the allowed toolChoice values", async () => {
    const { error } = await failure({ prompt: promptMarker, tools: [tool], toolChoice: "mandatory" });
    expect((error as Error).message).toContain('"auto", "any" (or "required"), "none" or { name }');
  });

  it.each([Infinity, -Infinity, -1, 0, 0.5, Number.NaN, "5"])("a topK of %s for a family without a stated range", async (topK) => {
    const { error, sent } = await failure({ modelId: novaLite, prompt: promptMarker, topK });
    expectValidation(error, "topK");
    expect((error as Error).message).toContain("an integer of 1 or more");
    expect(sent).toBe(0);
  });

  it.each([
    ["temperature", Infinity],
    ["temperature", Number.NaN],
    ["topP", -Infinity],
    ["maxTokens", Infinity],
    ["maxTokens", "100"],
  ])("a %s of %s", async (field, value) => {
    const { error, sent } = await failure({ prompt: promptMarker, [field]: value });
    expectValidation(error, field);
    expect(sent).toBe(0);
  });

  it("rejects the stream's result the same way, without a request", async () => {
    const before = bedrock.requests.length;
    const stream = fm.stream({ modelId: haiku, messages: [user, null] } as unknown as InvokeRequest);
    expectValidation(await stream.result.catch((caught: unknown) => caught), "messages[1]");
    expect(bedrock.requests.length).toBe(before);
  });
});

describe("user code that throws while the request is read", () => {
  it("a throwing getter in native: a ValidationError naming the field, with the user's error as cause", async () => {
    const mine = new Error("getter failed");
    const native = {
      get metadata(): never {
        throw mine;
      },
    };
    const { error, sent } = await failure({ prompt: promptMarker, native });
    expect(expectValidation(error, "native.metadata").cause).toBe(mine);
    expect(error).not.toBeInstanceOf(ServiceError);
    expect(sent).toBe(0);
  });

  it("a throwing toJSON in an inputSchema: the same", async () => {
    const mine = new RangeError("toJSON failed");
    const inputSchema = { type: "object", properties: { when: { toJSON: () => { throw mine; } } } };
    const { error, sent } = await failure({ prompt: promptMarker, tools: [{ name: "lookup", inputSchema }] });
    expect(expectValidation(error, "tools[0].inputSchema.properties.when").cause).toBe(mine);
    expect(sent).toBe(0);
  });

  it("a value with toJSON is sent as JSON.stringify would send it, read once", async () => {
    let reads = 0;
    const native = {
      get top_k(): { toJSON: () => number } {
        reads++;
        return { toJSON: () => 7 };
      },
    };
    const before = bedrock.requests.length;
    await fm.invoke({ modelId: haiku, prompt: "hi", native });
    expect(bedrock.requests.length).toBe(before + 1);
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ top_k: 7 });
    expect(reads).toBe(1);
  });
});
