/**
 * Checks a request before the network and turns it into the adapters' normalized form.
 * Messages name the field and the allowed values, never the prompt text.
 */
import type { NormalizedRequest } from "./adapters/adapter.js";
import { ValidationError } from "./errors.js";
import { allModels } from "./models/catalog/index.js";
import type { ResolvedModel } from "./models/registry.js";
import type { ContentPart, InvokeRequest, Message } from "./types.js";

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const partTypes = new Set(["text", "image", "tool-call", "tool-result"]);

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

function checkRange(
  field: "temperature" | "topP" | "topK",
  value: number | undefined,
  range: readonly [number, number] | undefined,
  modelId: string,
): void {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value)) fail(field, "expected a number", modelId);
  if (range && (value < range[0] || value > range[1])) {
    fail(field, `${value} is outside ${range[0]}–${range[1]} for ${modelId}`, modelId);
  }
}

function checkPart(part: ContentPart, where: string, modelId: string, seenCallIds: Set<string>, resolved: ResolvedModel): void {
  if (typeof part !== "object" || part === null || !partTypes.has(part.type)) {
    fail(where, 'each part needs a type of "text", "image", "tool-call" or "tool-result"', modelId);
  }
  const capabilities = resolved.model.capabilities;
  switch (part.type) {
    case "text":
      if (typeof part.text !== "string") fail(`${where}.text`, "expected a string", modelId);
      return;
    case "image":
      if (!capabilities.images) {
        fail(where, `${modelId} does not take images; families that do: ${familiesWith("images")}`, modelId);
      }
      if (typeof part.mediaType !== "string" || !part.mediaType.startsWith("image/")) {
        fail(`${where}.mediaType`, "expected an image MIME type such as image/png", modelId);
      }
      if (typeof part.data !== "string" && !(part.data instanceof Uint8Array)) {
        fail(`${where}.data`, "expected a Uint8Array or a base64 string", modelId);
      }
      return;
    case "tool-call":
      if (!capabilities.tools) fail(where, `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
      if (typeof part.id !== "string" || typeof part.name !== "string") {
        fail(where, "a tool-call part needs a string id and name", modelId);
      }
      seenCallIds.add(part.id);
      return;
    case "tool-result":
      if (!capabilities.tools) fail(where, `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
      if (!seenCallIds.has(part.toolCallId)) {
        fail(`${where}.toolCallId`, "a tool result must answer a tool-call part of an earlier assistant message", modelId);
      }
      if (typeof part.content !== "string") fail(`${where}.content`, "expected a string", modelId);
      return;
  }
}

function checkMessages(messages: Message[], modelId: string, resolved: ResolvedModel): void {
  if (!Array.isArray(messages) || messages.length === 0) fail("messages", "at least one message is required", modelId);
  if (messages[0]?.role !== "user") fail("messages[0].role", 'the conversation must start with a "user" message', modelId);
  const seenCallIds = new Set<string>();
  messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role !== "user" && message.role !== "assistant") {
      fail(`${where}.role`, 'expected "user" or "assistant" (system text goes in `system`)', modelId);
    }
    if (typeof message.content === "string") return;
    if (!Array.isArray(message.content) || message.content.length === 0) {
      fail(`${where}.content`, "expected a string or a non-empty array of parts", modelId);
    }
    message.content.forEach((part, partIndex) =>
      checkPart(part, `${where}.content[${partIndex}]`, modelId, seenCallIds, resolved),
    );
  });
}

function checkTools(request: InvokeRequest, modelId: string, resolved: ResolvedModel): void {
  const { tools, toolChoice } = request;
  if (tools === undefined || tools.length === 0) {
    if (typeof toolChoice === "object" || toolChoice === "any") fail("toolChoice", "needs tools to choose from", modelId);
    return;
  }
  if (!resolved.model.capabilities.tools) {
    fail("tools", `${modelId} has no tools; families that do: ${familiesWith("tools")}`, modelId);
  }
  const names = new Set<string>();
  tools.forEach((tool, index) => {
    if (typeof tool.name !== "string" || !toolNamePattern.test(tool.name)) {
      fail(`tools[${index}].name`, "use 1–64 letters, digits, _ or -", modelId);
    }
    if (names.has(tool.name)) fail(`tools[${index}].name`, `${tool.name} is defined twice`, modelId);
    names.add(tool.name);
    if (typeof tool.inputSchema !== "object" || tool.inputSchema === null) {
      fail(`tools[${index}].inputSchema`, "expected a JSON Schema object", modelId);
    }
  });
  if (toolChoice === undefined || toolChoice === "auto" || toolChoice === "any" || toolChoice === "none") return;
  if (typeof toolChoice !== "object" || !names.has(toolChoice.name)) {
    fail("toolChoice", `expected "auto", "any", "none" or { name } of a defined tool (${[...names].join(", ")})`, modelId);
  }
}

/**
 * Validates a request against the resolved model and returns the adapters' form.
 * Throws {@link ValidationError} naming the field and the allowed values.
 */
export function normalizeRequest(request: InvokeRequest, resolved: ResolvedModel): NormalizedRequest {
  const modelId = request.modelId;
  const hasPrompt = request.prompt !== undefined;
  const hasMessages = request.messages !== undefined;
  if (hasPrompt === hasMessages) fail("prompt", "give exactly one of `prompt` or `messages`", modelId);
  if (hasPrompt && typeof request.prompt !== "string") fail("prompt", "expected a string", modelId);
  const messages: Message[] = hasPrompt ? [{ role: "user", content: request.prompt as string }] : (request.messages as Message[]);
  checkMessages(messages, modelId, resolved);
  if (request.system !== undefined && typeof request.system !== "string") fail("system", "expected a string", modelId);

  const { maxTokens } = request;
  const maximum = resolved.model.maxOutputTokens;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > maximum)) {
    fail("maxTokens", `expected an integer from 1 to ${maximum} for ${modelId}`, modelId);
  }
  const ranges = resolved.adapter.parameterRanges;
  checkRange("temperature", request.temperature, ranges.temperature, modelId);
  checkRange("topP", request.topP, ranges.topP, modelId);
  checkRange("topK", request.topK, ranges.topK, modelId);
  if (
    request.stopSequences !== undefined &&
    (!Array.isArray(request.stopSequences) || request.stopSequences.some((stop) => typeof stop !== "string" || stop === ""))
  ) {
    fail("stopSequences", "expected an array of non-empty strings", modelId);
  }
  checkTools(request, modelId, resolved);
  if (request.native !== undefined && (typeof request.native !== "object" || request.native === null)) {
    fail("native", "expected an object of extra native body fields", modelId);
  }
  return {
    messages,
    system: request.system,
    maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences: request.stopSequences,
    tools: request.tools,
    toolChoice: request.toolChoice,
    native: request.native,
  };
}
