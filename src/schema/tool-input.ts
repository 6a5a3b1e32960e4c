/**
 * Tool inputs checked against their tool's schema: a JSON Schema (the keywords of
 * `json-schema.ts`) or a Standard Schema validator, whose output replaces the input.
 * @module
 */
import type { ToolDefinition } from "../types.js";
import { validateJsonSchema } from "./json-schema.js";
import { describeIssues, isStandardSchema, standardJsonSchema, type StandardResult, type StandardSchema } from "./standard-schema.js";

/** A tool input that passed its checks. */
export interface AcceptedToolInput<Input> {
  /** Discriminator. */
  ok: true;
  /** The input as the tool gets it (a Standard Schema's output, or the input itself for a JSON Schema). */
  value: Input;
}

/** A tool input that failed its checks. */
export interface RejectedToolInput {
  /** Discriminator. */
  ok: false;
  /** One line per problem, each naming where in the input (never the input's values). */
  problems: string[];
}

/** What {@link parseToolInput} answers. */
export type ToolInputCheck<Input> = AcceptedToolInput<Input> | RejectedToolInput;

/** Checks one input: synchronously, unless the tool's validator answers with a promise. */
export type ToolInputChecker = (input: unknown) => ToolInputCheck<unknown> | Promise<ToolInputCheck<unknown>>;

function fromStandardResult(result: StandardResult<unknown>): ToolInputCheck<unknown> {
  return result.issues ? { ok: false, problems: describeIssues(result.issues) } : { ok: true, value: result.value };
}

/** The checker of a tool's input schema (as the user gave it, before conversion to JSON Schema). */
export function toolInputChecker(schema: Record<string, unknown> | StandardSchema): ToolInputChecker {
  if (isStandardSchema(schema)) {
    const validate = schema["~standard"].validate;
    return (input) => {
      const result = validate(input);
      return result instanceof Promise ? result.then(fromStandardResult) : fromStandardResult(result);
    };
  }
  return (input) => {
    const problems = validateJsonSchema(input, schema);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input };
  };
}

/**
 * Checks a tool call's input against its tool's `inputSchema`, as the client does for every
 * tool call of an answer: a Standard Schema validator parses it (its output is the value),
 * a JSON Schema checks it (the value is the input itself; `type`, `enum`, `const`,
 * `properties`, `required`, `additionalProperties`, `items`, length, pattern, range,
 * `anyOf`/`oneOf`/`allOf` and `nullable` are checked, other keywords not). Use it in your own
 * tool loop, e.g. on a stream's `tool-call` events when a validator answers asynchronously.
 *
 * ```ts
 * const check = await parseToolInput(weatherTool, call.input);
 * if (!check.ok) console.log(check.problems);
 * ```
 */
export async function parseToolInput<Input = unknown>(tool: Pick<ToolDefinition<string, Input>, "inputSchema">, input: unknown): Promise<ToolInputCheck<Input>> {
  return (await toolInputChecker(tool.inputSchema)(input)) as ToolInputCheck<Input>;
}

/**
 * The JSON Schema the model sees for a tool: its `inputSchema` when that is a JSON Schema;
 * for a Standard Schema validator, `jsonSchema` if given, else the validator's own (Standard
 * JSON Schema, draft-07). A validator that cannot convert itself without a `jsonSchema` is a
 * `ValidationError` naming `field`.
 */
export function toolJsonSchema(tool: Pick<ToolDefinition, "inputSchema" | "jsonSchema">, field = "inputSchema"): Record<string, unknown> {
  if (!isStandardSchema(tool.inputSchema)) return tool.inputSchema;
  return tool.jsonSchema ?? standardJsonSchema(tool.inputSchema, field);
}
