import { describe, expect, it } from "vitest";
import { functionTool } from "../../src/agents/index.js";

/** The problems the JSON Schema tool input check finds, through a tool's public parseInput. */
async function problems(schema: Record<string, unknown>, value: unknown): Promise<string[]> {
  const tool = functionTool({ name: "check", inputSchema: { type: "object", properties: { value: schema } } });
  const check = await tool.parseInput!({ value });
  return check.ok ? [] : check.problems;
}

describe("tool input checks against JSON Schema", () => {
  it.each([
    [{ type: "string" }, "a", []],
    [{ type: "string" }, 1, ["/value: expected string, got number"]],
    [{ type: "integer" }, 1.5, ["/value: expected integer, got number"]],
    [{ type: ["string", "null"] }, null, []],
    [{ type: "string", nullable: true }, null, []],
    [{ enum: ["low", "high"] }, "mid", ['/value: must be one of "low", "high"']],
    [{ const: 3 }, 4, ["/value: must be 3"]],
    [{ type: "number", minimum: 1, maximum: 3 }, 0, ["/value: must be 1 or more"]],
    [{ type: "number", exclusiveMaximum: 3 }, 3, ["/value: must be less than 3"]],
    [{ type: "string", minLength: 2, maxLength: 3, pattern: "^[A-Z]+$" }, "abcd", ["/value: must have 3 characters or fewer", "/value: must match ^[A-Z]+$"]],
    [{ type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 }, ["a", 2, "c"], ["/value: must have 2 items or fewer", "/value/1: expected string, got number"]],
    [{ type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false }, { b: 1 }, ["/value/a: is required", "/value/b: is not an allowed property"]],
    [{ type: "object", additionalProperties: { type: "number" } }, { b: "x" }, ["/value/b: expected number, got string"]],
    [{ anyOf: [{ type: "string" }, { type: "number" }] }, true, ["/value: matches none of the anyOf schemas"]],
    [{ oneOf: [{ type: "number" }, { type: "integer" }] }, 2, ["/value: matches more than one of the oneOf schemas"]],
    [{ allOf: [{ type: "number" }, { minimum: 5 }] }, 2, ["/value: must be 5 or more"]],
  ])("%j with %j", async (schema, value, expected) => {
    expect(await problems(schema, value)).toEqual(expected);
  });

  it("requires the top-level input to be an object", async () => {
    const tool = functionTool({ name: "check", inputSchema: { type: "object", properties: {} } });
    expect(await tool.parseInput!("text")).toEqual({ ok: false, problems: ["(input): expected object, got string"] });
  });
});
