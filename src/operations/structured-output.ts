/**
 * `responseFormat: { schema }` on invoke and stream: structured output. A model with tools answers
 * through a forced tool whose input schema is the schema (its input is the object); a model
 * without tools gets the schema in its system text and answers in JSON. The value comes back
 * as `result.object`, checked against the schema (parsed by it when it is a Standard Schema:
 * zod 4, valibot, ArkType …); an answer that is not JSON, or does not match, is a `BedrockKitError` with
 * code `StructuredOutputInvalid` (its message names the issues, never the answer's text).
 */
import { BedrockKitError, ValidationError } from "../errors.js";
import { describeModel } from "../models/describe.js";
import { isStandardSchema, standardJsonSchema } from "../schema/standard-schema.js";
import { toolInputChecker } from "../schema/tool-input.js";
import type { InvokeRequest, InvokeResult, ResponseFormat } from "../types.js";

/** The JSON Schema of a response format: given, or converted from a Standard Schema. */
function jsonSchemaOf(format: ResponseFormat, modelId: string): Record<string, unknown> {
  const schema: unknown = format.schema;
  if (isStandardSchema(schema)) return standardJsonSchema(schema, "responseFormat.schema", modelId, "pass a JSON Schema object instead");
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("Invalid responseFormat.schema: expected a JSON Schema object or a Standard Schema (zod, valibot, ArkType)", { field: "responseFormat.schema", modelId });
  }
  return schema as Record<string, unknown>;
}

/** The JSON in a text answer: the whole text, or a fenced block in it. */
function jsonIn(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  return JSON.parse((fenced ? fenced[1]! : text).trim());
}

function invalid(modelId: string, operation: "invoke" | "stream", detail: string): BedrockKitError {
  return new BedrockKitError(`The structured answer of ${modelId} ${detail}`, { code: "StructuredOutputInvalid", modelId, operation });
}

/** A request rewritten for structured output, and how to read its answer. */
export interface StructuredCall {
  request: InvokeRequest;
  /** Sets `result.object` from the answer, validated; throws `StructuredOutputInvalid` when it does not fit. */
  finish(result: InvokeResult): Promise<InvokeResult>;
}

/** Rewrites an invoke or stream request that has a `responseFormat`. */
export function structuredCall(request: InvokeRequest, operation: "invoke" | "stream"): StructuredCall {
  const format = request.responseFormat!;
  const modelId = request.modelId;
  if (typeof format !== "object" || format === null) throw new ValidationError("Invalid responseFormat: expected { schema, name? }", { field: "responseFormat", modelId });
  const inputSchema = jsonSchemaOf(format, modelId);
  // The same request must run on every model: a tool's input (the forced-tool path) is an object.
  if (inputSchema.type !== "object") {
    throw new ValidationError(`Invalid responseFormat.schema: structured output needs an object schema (type "object"), got ${JSON.stringify(inputSchema.type ?? "no type")}; wrap the value in an object`, { field: "responseFormat.schema", modelId });
  }
  const name = format.name ?? "json";
  let withTools = false;
  try {
    withTools = describeModel(modelId).model.capabilities.tools;
  } catch {
    // An unknown ID is refused by the call itself, with its own message.
  }
  const rewritten: InvokeRequest = withTools
    ? { ...request, tools: [...(request.tools ?? []), { name, description: "Give the final answer as this tool's input.", inputSchema }], toolChoice: { name } }
    : { ...request, system: `${typeof request.system === "string" ? `${request.system}\n\n` : ""}Answer with only a JSON value that matches this JSON Schema, and no other text:\n${JSON.stringify(inputSchema)}` };
  delete rewritten.responseFormat;
  return {
    request: rewritten,
    async finish(result) {
      let value: unknown;
      if (withTools) {
        const call = result.toolCalls.find((toolCall) => toolCall.name === name);
        if (!call) throw invalid(modelId, operation, `did not call the ${name} tool (stop reason ${result.stopReason})`);
        value = call.input;
      } else {
        try {
          value = jsonIn(result.text);
        } catch {
          throw invalid(modelId, operation, "is not JSON");
        }
      }
      const checked = await toolInputChecker(format.schema)(value);
      if (!checked.ok) throw invalid(modelId, operation, `does not match the schema: ${checked.problems.slice(0, 5).join("; ")}`);
      result.object = checked.value;
      return result;
    },
  };
}
