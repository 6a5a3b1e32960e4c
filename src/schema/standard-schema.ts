/**
 * The parts of the Standard Schema and Standard JSON Schema specifications
 * (standardschema.dev, v1) that tools and structured output use: zod 4, valibot, ArkType
 * and others implement them, so a tool or a `responseFormat` can take their schemas
 * without bedrock-kit depending on any of them.
 * @module
 */
import { ValidationError } from "../errors.js";

/** A validator that implements Standard Schema v1 (`~standard.validate`), such as a zod 4 schema. */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaProperties<Input, Output>;
}

/** The `~standard` properties of a {@link StandardSchema}. */
export interface StandardSchemaProperties<Input = unknown, Output = Input> {
  /** The version of the specification: 1. */
  readonly version: 1;
  /** The library that made the schema, e.g. `zod`. */
  readonly vendor: string;
  /** Checks a value; the issues say what is wrong, or `value` is the parsed value. */
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** The schema's input and output types, for inference only (absent at run time). */
  readonly types?: StandardTypes<Input, Output> | undefined;
  /**
   * Standard JSON Schema: converts the schema to JSON Schema (zod 4.2 and later implement
   * it). Without it, give the tool a `jsonSchema` too.
   */
  readonly jsonSchema?: StandardJsonSchemaConverter | undefined;
}

/** The input and output types of a {@link StandardSchema}, for inference only. */
export interface StandardTypes<Input, Output> {
  /** What the schema accepts. */
  readonly input: Input;
  /** What validation produces. */
  readonly output: Output;
}

/** The Standard JSON Schema converter of a schema. */
export interface StandardJsonSchemaConverter {
  /** The JSON Schema of the values the schema accepts, for a target draft such as `draft-07`. */
  readonly input: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
}

/** Options of {@link StandardJsonSchemaConverter.input}. */
export interface StandardJsonSchemaOptions {
  /** The JSON Schema draft to produce. */
  readonly target: "draft-07" | "draft-2020-12" | (string & {});
}

/** What {@link StandardSchemaProperties.validate} returns. */
export type StandardResult<Output> = StandardSuccess<Output> | StandardFailure;

/** A value that passed validation. */
export interface StandardSuccess<Output> {
  /** The parsed value. */
  readonly value: Output;
  /** Absent on success. */
  readonly issues?: undefined;
}

/** A value that failed validation. */
export interface StandardFailure {
  /** What is wrong, one issue each. */
  readonly issues: ReadonlyArray<StandardIssue>;
}

/** One problem a {@link StandardSchema} found. */
export interface StandardIssue {
  /** The library's message. */
  readonly message: string;
  /** Where in the value, as keys or `{ key }` segments. */
  readonly path?: ReadonlyArray<PropertyKey | StandardPathSegment> | undefined;
}

/** A segment of a {@link StandardIssue.path}. */
export interface StandardPathSegment {
  /** The key of the segment. */
  readonly key: PropertyKey;
}

/** The parsed value type of a {@link StandardSchema}. */
export type StandardOutput<Schema extends StandardSchema> = NonNullable<Schema["~standard"]["types"]>["output"];

/** True when the value implements Standard Schema v1. */
export function isStandardSchema(value: unknown): value is StandardSchema {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const properties = (value as { "~standard"?: { version?: unknown; validate?: unknown } })["~standard"];
  return typeof properties === "object" && properties !== null && properties.version === 1 && typeof properties.validate === "function";
}

/**
 * The JSON Schema a Standard Schema gives of the values it accepts (draft-07, without its
 * `$schema` line), or a `ValidationError` naming `field` for a validator that cannot convert
 * itself (zod before 4.2, most others today), saying what to do instead (`remedy`). Converted
 * once per validator; callers that change the result copy it first.
 */
export function standardJsonSchema(schema: StandardSchema, field: string, modelId?: string, remedy = "pass jsonSchema, the JSON Schema the model sees"): Record<string, unknown> {
  const converter = schema["~standard"].jsonSchema;
  if (!converter || typeof converter.input !== "function") {
    throw new ValidationError(`Invalid ${field}: this ${schema["~standard"].vendor} validator cannot give its JSON Schema (zod 4.2 and later can); ${remedy}`, { field, modelId });
  }
  let converted = convertedSchemas.get(schema);
  if (!converted) {
    const { $schema: _draft, ...withoutDraft } = converter.input({ target: "draft-07" });
    converted = withoutDraft;
    convertedSchemas.set(schema, converted);
  }
  return converted;
}

/** Each validator's JSON Schema, converted once: an agent or a chat sends the same tools on every call. */
const convertedSchemas = new WeakMap<StandardSchema, Record<string, unknown>>();

/** The issues of a failed validation as one line each: `path: message`. */
export function describeIssues(issues: ReadonlyArray<StandardIssue>): string[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" && segment !== null ? segment.key : segment)).join(".");
    return path === "" ? issue.message : `${path}: ${issue.message}`;
  });
}
