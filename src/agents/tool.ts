/**
 * Agent tools: what the model may call, how its input is checked, and who runs it.
 * @module
 */
import { parseToolInput, toolJsonSchema, ValidationError, type StandardOutput, type StandardSchema, type ToolInputCheck } from "../index.js";
import { isJsonObject } from "./json-object.js";

/** What a tool's `execute` gets besides its input. */
export interface ToolContext {
  /** The run's `sessionId`, or undefined for a run outside a session. */
  sessionId: string | undefined;
  /**
   * The session's attributes (the run's `sessionAttributes`, or those the session kept).
   * A tool may change them; the changes are kept in the session when the run ends.
   */
  sessionAttributes: Record<string, string>;
  /** The attributes of this turn only (`promptSessionAttributes`). */
  promptSessionAttributes: Record<string, string>;
  /** The model's ID of this call; the tool's result answers it. */
  toolCallId: string;
  /** Aborted when the tool's time is up or the run is aborted: pass it to `fetch` and the like. */
  signal: AbortSignal;
}

/**
 * A tool of an agent. Without `execute`, the tool returns control: a run whose model calls
 * it ends with `status: "awaiting-tool-results"` and resumes with the caller's results.
 * A plain `{ name, description, inputSchema }` object is such a tool.
 */
export interface AgentTool<Input = unknown> {
  /** Letters, digits, `_` and `-`, 1 to 64 characters, unique among the agent's tools. */
  name: string;
  /** What the tool does and when to use it; models choose tools by this text. */
  description?: string | undefined;
  /** The JSON Schema of the input, as the model sees it: an object schema (`type: "object"`). */
  inputSchema: Record<string, unknown>;
  /**
   * Runs the tool. A string result goes back to the model as it is, anything else as JSON.
   * A thrown error goes back as an error result (`isError`), its message as the content.
   */
  execute?(input: Input, context: ToolContext): unknown;
  /** Checks the model's input before `execute`; default: the JSON Schema validator on `inputSchema`. */
  parseInput?(input: unknown): ToolInputCheck<Input> | Promise<ToolInputCheck<Input>>;
  /** The most milliseconds `execute` may take; default the agent's `toolTimeoutMs`. */
  timeoutMs?: number | undefined;
}

/** Options of {@link functionTool} with a JSON Schema for the input. */
export interface JsonSchemaToolOptions<Input> {
  /** Letters, digits, `_` and `-`, 1 to 64 characters. */
  name: string;
  /** What the tool does and when to use it. */
  description?: string | undefined;
  /** A JSON Schema object schema; the model's input is checked against it before `execute`. */
  inputSchema: Record<string, unknown>;
  /** Runs the tool; without it the tool returns control to the caller. */
  execute?: ((input: Input, context: ToolContext) => unknown) | undefined;
  /** The most milliseconds `execute` may take; default the agent's `toolTimeoutMs`. */
  timeoutMs?: number | undefined;
}

/** Options of {@link functionTool} with a Standard Schema validator (zod 4, valibot, ArkType …) for the input. */
export interface StandardSchemaToolOptions<Schema extends StandardSchema> {
  /** Letters, digits, `_` and `-`, 1 to 64 characters. */
  name: string;
  /** What the tool does and when to use it. */
  description?: string | undefined;
  /** The validator: the model's input is parsed by it, and `execute` gets its output. */
  inputSchema: Schema;
  /**
   * The JSON Schema the model sees. Default: the validator's own (Standard JSON Schema, which
   * zod 4.2 and later implement); required for a validator that cannot convert itself.
   */
  jsonSchema?: Record<string, unknown> | undefined;
  /** Runs the tool with the parsed input; without it the tool returns control to the caller. */
  execute?: ((input: StandardOutput<Schema>, context: ToolContext) => unknown) | undefined;
  /** The most milliseconds `execute` may take; default the agent's `toolTimeoutMs`. */
  timeoutMs?: number | undefined;
}

/** Throws a `ValidationError` for a schema the model cannot be given: not a JSON object schema. */
export function checkObjectSchema(schema: unknown, field: string): Record<string, unknown> {
  if (!isJsonObject(schema) || schema.type !== "object") {
    throw new ValidationError(`Invalid ${field}: a tool's input schema must be a JSON Schema with type "object"`, { field });
  }
  return schema;
}

/**
 * A tool the agent runs itself: the model's input is checked (against the JSON Schema, or
 * parsed by the Standard Schema validator, whose output type `execute` gets), then
 * `execute(input, context)` runs. Invalid input, a thrown error and a timeout go back to
 * the model as an error result, never as a crash of the run.
 *
 * ```ts
 * const lookUp = functionTool({
 *   name: "get_ticket_status",
 *   description: "Looks up a support ticket by its ID",
 *   inputSchema: z.object({ ticketId: z.string() }),
 *   execute: async ({ ticketId }) => ({ ticketId, status: "open" }),
 * });
 * ```
 */
export function functionTool<Schema extends StandardSchema>(options: StandardSchemaToolOptions<Schema>): AgentTool<StandardOutput<Schema>>;
export function functionTool<Input = Record<string, unknown>>(options: JsonSchemaToolOptions<Input>): AgentTool<Input>;
export function functionTool(options: JsonSchemaToolOptions<unknown> | StandardSchemaToolOptions<StandardSchema>): AgentTool {
  if (!isJsonObject(options)) throw new ValidationError("Invalid functionTool options: expected { name, description, inputSchema, execute }", { field: "options" });
  if (options.execute !== undefined && typeof options.execute !== "function") throw new ValidationError("Invalid execute: expected a function", { field: "execute" });
  const tool: AgentTool = { name: options.name, inputSchema: {} };
  if (options.description !== undefined) tool.description = options.description;
  if (options.timeoutMs !== undefined) tool.timeoutMs = options.timeoutMs;
  if (options.execute) tool.execute = options.execute;
  const given = { inputSchema: options.inputSchema, jsonSchema: (options as Partial<StandardSchemaToolOptions<StandardSchema>>).jsonSchema };
  if (!isJsonObject(given.inputSchema) && typeof given.inputSchema !== "function") throw new ValidationError("Invalid inputSchema: expected a JSON Schema object or a Standard Schema validator (zod, valibot, ArkType)", { field: "inputSchema" });
  tool.inputSchema = checkObjectSchema(toolJsonSchema(given, "jsonSchema"), given.jsonSchema === undefined ? "inputSchema" : "jsonSchema");
  tool.parseInput = (input) => parseToolInput(given, input);
  return tool;
}

/** Options of {@link askUserTool}. */
export interface AskUserToolOptions {
  /** The tool's name; default `ask_user`. */
  name?: string | undefined;
  /** What the model reads about it; default: ask the user for information that is missing. */
  description?: string | undefined;
}

/** The input of the {@link askUserTool}. */
export interface AskUserInput {
  /** The question the model asks the user. */
  question: string;
}

/**
 * The ask-the-user tool (Bedrock Agents' `AMAZON.UserInput`): the model calls it with a
 * `question` when it lacks information; the run returns control (`awaiting-tool-results`,
 * the question in `pendingToolCalls[n].input.question`) and the user's answer, given to
 * `resume` as the result, goes back to the model.
 */
export function askUserTool(options: AskUserToolOptions = {}): AgentTool<AskUserInput> {
  return {
    name: options.name ?? "ask_user",
    description: options.description ?? "Asks the user a question when information you need to answer is missing; the user's reply is the result.",
    inputSchema: { type: "object", properties: { question: { type: "string", description: "The question for the user" } }, required: ["question"] },
  };
}
