/**
 * Checks a request before the network and turns it into the adapters' normalized form.
 * Messages name the field and the allowed values, never the prompt text.
 */
import type { NativeTool, NormalizedRequest } from "./adapters/adapter.js";
import type { GuardrailSettings } from "./transport/index.js";
import { ValidationError } from "./errors.js";
import { allModels } from "./models/catalog/index.js";
import type { ResolvedModel } from "./models/registry.js";
import { isRecord } from "./encoding.js";
import type { ContentPart, InvokeRequest, Message, ToolChoice } from "./types.js";
import { isPlainObject, toJsonCopy } from "./validate-json.js";
import { isStandardSchema, standardJsonSchema } from "./schema/standard-schema.js";
import { checkCachePointPart, checkReasoning, checkReasoningPart, checkSystem } from "./validate-features.js";

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const partTypes = new Set(["text", "image", "tool-call", "tool-result", "reasoning", "cache-point"]);

function fail(field: string, message: string, modelId: string | undefined): never {
  throw new ValidationError(`Invalid ${field}: ${message}`, { field, modelId });
}

function familiesWith(capability: "tools" | "images"): string {
  const families = new Set(allModels().filter((model) => model.capabilities[capability]).map((model) => model.family));
  return [...families].join(", ");
}

/** Throws {@link ValidationError} unless `modelId` is a non-empty string. */
export function checkModelId(request: InvokeRequest): void {
  if (typeof request !== "object" || request === null) fail("request", "expected an object", undefined);
  if (typeof request.modelId !== "string" || request.modelId.trim() === "") {
    fail("modelId", "a Bedrock model ID, inference-profile ID or ARN is required", undefined);
  }
}

/**
 * True for an AbortSignal of any realm (a vm context, another copy of Node's globals):
 * a boolean `aborted` and the two listener methods the client calls.
 */
function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<AbortSignal>;
  return typeof candidate.aborted === "boolean" && typeof candidate.addEventListener === "function" && typeof candidate.removeEventListener === "function";
}

/**
 * Throws {@link ValidationError} (field `signal`) unless `signal` is undefined or an
 * AbortSignal. Call it before the signal is used, inside the call's promise, so that a
 * bad signal rejects the call (and a stream's `result`) instead of throwing a TypeError.
 */
export function checkSignal(signal: unknown, modelId: unknown): void {
  if (signal === undefined || isAbortSignal(signal)) return;
  fail("signal", "expected an AbortSignal, such as new AbortController().signal or AbortSignal.timeout(ms)", typeof modelId === "string" ? modelId : undefined);
}

/** Each index of `array`, holes included (forEach and some skip holes). */
function eachIndex(array: readonly unknown[], visit: (item: unknown, index: number) => void): void {
  for (let index = 0; index < array.length; index++) visit(array[index], index);
}

function checkRange(
  field: "temperature" | "topP",
  value: number | undefined,
  range: readonly [number, number] | undefined,
  modelId: string,
): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(field, "expected a finite number", modelId);
  if (range && (value < range[0] || value > range[1])) {
    fail(field, `${value} is outside ${range[0]}–${range[1]} for ${modelId}`, modelId);
  }
}

/** topK: a whole number of candidate tokens, within the family's range (at least 1 where the family states none). */
function checkTopK(value: number | undefined, range: readonly [number, number] | undefined, modelId: string): void {
  if (value === undefined) return;
  const [minimum, maximum] = range ?? [1, Number.MAX_SAFE_INTEGER];
  const allowed = range ? `an integer from ${minimum} to ${maximum} for ${modelId}` : "an integer of 1 or more";
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) fail("topK", `expected ${allowed}`, modelId);
}

/** Validates one content part and returns it as the adapters get it (a tool call's `input` as a plain-JSON copy). */
function checkPart(part: unknown, where: string, role: Message["role"], modelId: string, seenCallIds: Set<string>, resolved: ResolvedModel): ContentPart {
  if (!isRecord(part) || typeof part.type !== "string" || !partTypes.has(part.type)) {
    fail(where, 'each part needs a type of "text", "image", "tool-call", "tool-result", "reasoning" or "cache-point"', modelId);
  }
  const capabilities = resolved.model.capabilities;
  const typed = part as unknown as ContentPart;
  switch (typed.type) {
    case "text":
      if (typeof typed.text !== "string") fail(`${where}.text`, "expected a string", modelId);
      return typed;
    case "image":
      if (!capabilities.images) {
        fail(where, `${modelId} does not take images; families that do: ${familiesWith("images")}`, modelId);
      }
      if (typeof typed.mediaType !== "string" || !typed.mediaType.startsWith("image/")) {
        fail(`${where}.mediaType`, "expected an image MIME type such as image/png", modelId);
      }
      if (typeof typed.data !== "string" && !(typed.data instanceof Uint8Array)) {
        fail(`${where}.data`, "expected a Uint8Array or a base64 string", modelId);
      }
      return typed;
    case "tool-call":
      if (!capabilities.tools) fail(where, `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
      if (typeof typed.id !== "string" || typeof typed.name !== "string") {
        fail(where, "a tool-call part needs a string id and name", modelId);
      }
      seenCallIds.add(typed.id);
      return { ...typed, input: toJsonCopy(typed.input, `${where}.input`, modelId) };
    case "tool-result":
      if (!capabilities.tools) fail(where, `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
      if (typeof typed.toolCallId !== "string" || !seenCallIds.has(typed.toolCallId)) {
        fail(`${where}.toolCallId`, "a tool result must answer a tool-call part of an earlier assistant message", modelId);
      }
      if (typeof typed.content !== "string") fail(`${where}.content`, "expected a string", modelId);
      if (typed.isError !== undefined && typeof typed.isError !== "boolean") fail(`${where}.isError`, "expected a boolean", modelId);
      return typed;
    case "reasoning":
      return checkReasoningPart(part, where, role, modelId);
    case "cache-point":
      return checkCachePointPart();
  }
}

/** Validates the conversation and returns it as the adapters get it. */
function checkMessages(messages: unknown, modelId: string, resolved: ResolvedModel): Message[] {
  if (!Array.isArray(messages) || messages.length === 0) fail("messages", "expected a non-empty array of messages", modelId);
  const seenCallIds = new Set<string>();
  const checked: Message[] = [];
  eachIndex(messages, (message, index) => {
    const where = `messages[${index}]`;
    if (!isRecord(message)) fail(where, "expected a message object { role, content }", modelId);
    if (message.role !== "user" && message.role !== "assistant") {
      fail(`${where}.role`, 'expected "user" or "assistant" (system text goes in `system`)', modelId);
    }
    if (index === 0 && message.role !== "user") fail("messages[0].role", 'the conversation must start with a "user" message', modelId);
    const content = message.content;
    if (typeof content === "string") {
      checked.push({ role: message.role, content });
      return;
    }
    if (!Array.isArray(content) || content.length === 0) {
      fail(`${where}.content`, "expected a string or a non-empty array of parts", modelId);
    }
    const parts: ContentPart[] = [];
    eachIndex(content, (part, partIndex) => parts.push(checkPart(part, `${where}.content[${partIndex}]`, message.role as Message["role"], modelId, seenCallIds, resolved)));
    checked.push({ role: message.role, content: parts });
  });
  return checked;
}

/** The JSON Schema the model sees for a tool: its own, or its Standard Schema validator's (or the `jsonSchema` given with it). */
function jsonSchemaOfTool(tool: Record<string, unknown>, where: string, modelId: string): unknown {
  const { inputSchema, jsonSchema } = tool;
  if (!isStandardSchema(inputSchema)) {
    if (!isRecord(inputSchema)) fail(`${where}.inputSchema`, "expected a JSON Schema object or a Standard Schema validator (zod 4, valibot, ArkType)", modelId);
    return inputSchema;
  }
  if (jsonSchema === undefined) return standardJsonSchema(inputSchema, `${where}.jsonSchema`, modelId);
  if (!isRecord(jsonSchema)) fail(`${where}.jsonSchema`, "expected a JSON Schema object", modelId);
  return jsonSchema;
}

/** Validates the tools and returns them as the adapters get them (each input schema as a plain-JSON copy of a JSON Schema). */
function checkTools(request: InvokeRequest, modelId: string, resolved: ResolvedModel): NativeTool[] | undefined {
  const { tools } = request;
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) fail("tools", "expected an array of { name, description?, inputSchema }", modelId);
  if (tools.length > 0 && !resolved.model.capabilities.tools) {
    fail("tools", `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
  }
  const names = new Set<string>();
  const checked: NativeTool[] = [];
  eachIndex(tools, (tool, index) => {
    const where = `tools[${index}]`;
    if (!isRecord(tool)) fail(where, "expected a tool object { name, description?, inputSchema }", modelId);
    if (typeof tool.name !== "string" || !toolNamePattern.test(tool.name)) {
      fail(`${where}.name`, "use 1–64 letters, digits, _ or -", modelId);
    }
    if (names.has(tool.name)) fail(`${where}.name`, `${tool.name} is defined twice`, modelId);
    names.add(tool.name);
    if (tool.description !== undefined && typeof tool.description !== "string") fail(`${where}.description`, "expected a string", modelId);
    if (tool.cachePoint !== undefined && typeof tool.cachePoint !== "boolean") fail(`${where}.cachePoint`, "expected a boolean", modelId);
    const inputSchema = toJsonCopy(jsonSchemaOfTool(tool, where, modelId), `${where}.inputSchema`, modelId);
    if (!isRecord(inputSchema)) fail(`${where}.inputSchema`, "expected a JSON Schema object", modelId);
    const native: NativeTool = { name: tool.name, inputSchema };
    if (tool.description !== undefined) native.description = tool.description;
    if (tool.cachePoint !== undefined) native.cachePoint = tool.cachePoint;
    checked.push(native);
  });
  return checked;
}

const toolChoiceValues = '"auto", "any" (or "required"), "none" or { name } of a defined tool';

/** Validates `toolChoice` against the tools it may choose from. */
function checkToolChoice(asked: unknown, tools: NativeTool[] | undefined, modelId: string): Exclude<ToolChoice, "required"> | undefined {
  // "required" (the OpenAI and AI SDK word) is "any": the model must call one of the tools.
  const toolChoice = asked === "required" ? "any" : asked;
  if (toolChoice === undefined || toolChoice === "auto" || toolChoice === "none") return toolChoice;
  const names = (tools ?? []).map((tool) => tool.name);
  if (toolChoice === "any" || (isRecord(toolChoice) && typeof toolChoice.name === "string")) {
    if (names.length === 0) fail("toolChoice", "needs tools to choose from", modelId);
    if (toolChoice === "any") return toolChoice;
    const name = (toolChoice as { name: string }).name;
    if (!names.includes(name)) fail("toolChoice", `expected the name of a defined tool (${names.join(", ")})`, modelId);
    return { name };
  }
  return fail("toolChoice", `expected ${toolChoiceValues}`, modelId);
}

/** Validates `native` and returns a plain-JSON copy of it. */
function checkNative(native: unknown, modelId: string): Record<string, unknown> | undefined {
  if (native === undefined) return undefined;
  if (!isPlainObject(native)) fail("native", "expected a plain object of extra native body fields", modelId);
  return toJsonCopy(native, "native", modelId) as Record<string, unknown>;
}

/**
 * Validates a request against the resolved model and returns the adapters' form.
 * Throws {@link ValidationError} naming the field and the allowed values, never the
 * prompt text. `native`, each tool's `inputSchema` and each tool call's `input` are
 * copied into plain JSON here (read once, as `JSON.stringify` reads them): a BigInt or a
 * cycle in them is a ValidationError naming the field, and an error thrown by a getter or
 * `toJSON` of yours comes back as a ValidationError naming the field with your error as
 * its `cause`.
 */
export function normalizeRequest(request: InvokeRequest, resolved: ResolvedModel): NormalizedRequest {
  const modelId = request.modelId;
  const hasPrompt = request.prompt !== undefined;
  const hasMessages = request.messages !== undefined;
  if (hasPrompt === hasMessages) fail("prompt", "give exactly one of `prompt` or `messages`", modelId);
  if (hasPrompt && typeof request.prompt !== "string") fail("prompt", "expected a string", modelId);
  const messages = checkMessages(hasPrompt ? [{ role: "user", content: request.prompt }] : request.messages, modelId, resolved);
  const system = checkSystem(request.system, modelId);

  const { maxTokens } = request;
  const maximum = resolved.model.maxOutputTokens;
  if (maxTokens !== undefined && (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > maximum)) {
    fail("maxTokens", `expected an integer from 1 to ${maximum} for ${modelId}`, modelId);
  }
  const ranges = resolved.adapter.parameterRanges;
  checkRange("temperature", request.temperature, ranges.temperature, modelId);
  checkRange("topP", request.topP, ranges.topP, modelId);
  checkTopK(request.topK, ranges.topK, modelId);
  const { stopSequences } = request;
  if (stopSequences !== undefined) {
    if (!Array.isArray(stopSequences)) fail("stopSequences", "expected an array of non-empty strings", modelId);
    eachIndex(stopSequences, (stop, index) => {
      if (typeof stop !== "string" || stop === "") fail(`stopSequences[${index}]`, "expected a non-empty string", modelId);
    });
  }
  const tools = checkTools(request, modelId, resolved);
  return {
    messages,
    system: system.text,
    systemParts: system.parts,
    reasoning: checkReasoning(request.reasoning, maxTokens, modelId),
    maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences,
    tools,
    toolChoice: checkToolChoice(request.toolChoice, tools, modelId),
    native: checkNative(request.native, modelId),
  };
}

/** Bedrock's guardrail version: `DRAFT` or a number (Bedrock API Reference, InvokeModel `guardrailVersion` pattern `(([1-9][0-9]{0,7})|(DRAFT))`, read 2026-11-30). */
export const guardrailVersionPattern = /^(([1-9][0-9]{0,7})|(DRAFT))$/;
const guardrailTraces = { enabled: "ENABLED", enabled_full: "ENABLED_FULL", disabled: "DISABLED" } as const;

/** Checks a request's `guardrail` and returns it as InvokeModel's headers take it. */
export function checkGuardrail(guardrail: unknown, modelId: string): GuardrailSettings | undefined {
  if (guardrail === undefined) return undefined;
  if (!isPlainObject(guardrail)) fail("guardrail", "expected { identifier, version, trace? }", modelId);
  const { identifier, version, trace } = guardrail;
  if (typeof identifier !== "string" || identifier.trim() === "" || identifier.length > 2048) fail("guardrail.identifier", "expected the guardrail's ID or ARN", modelId);
  if (version === undefined) fail("guardrail.version", 'Bedrock requires a version with the identifier: "DRAFT" or a number such as "1"', modelId);
  if (typeof version !== "string" || !guardrailVersionPattern.test(version)) fail("guardrail.version", 'expected "DRAFT" or a version number such as "1"', modelId);
  if (trace !== undefined && !(typeof trace === "string" && trace in guardrailTraces)) fail("guardrail.trace", 'expected "enabled", "enabled_full" or "disabled"', modelId);
  return { identifier, version, trace: trace === undefined ? undefined : guardrailTraces[trace as keyof typeof guardrailTraces] };
}
