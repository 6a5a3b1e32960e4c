/**
 * The AI SDK's prompt (system, user, assistant and tool messages) as a bedrock-kit
 * conversation: system text, then alternating user and assistant messages.
 */
import type { LanguageModelV3Message, LanguageModelV3Prompt, LanguageModelV3ToolResultOutput, SharedV3ProviderOptions } from "@ai-sdk/provider";
import { ValidationError, type ContentPart, type Message, type SystemPart } from "../index.js";
import { isPlainObject, providerKey } from "./provider-options.js";

/** A bedrock-kit conversation made from an AI SDK prompt. */
export interface ConvertedPrompt {
  /** The system messages' text (parts when one of them asked for a cache point), or undefined. */
  system: string | SystemPart[] | undefined;
  /** The other messages, consecutive ones of the same role merged. */
  messages: Message[];
}

/** `providerOptions.bedrockKit.<name>` of a prompt part or message, when it is a string. */
function optionString(providerOptions: SharedV3ProviderOptions | undefined, name: string): string | undefined {
  const options = providerOptions?.[providerKey];
  const value = isPlainObject(options) ? options[name] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** True when a message or part asks for a prompt-cache checkpoint after it (`providerOptions.bedrockKit.cachePoint`). */
function wantsCachePoint(providerOptions: SharedV3ProviderOptions | undefined): boolean {
  const options = providerOptions?.[providerKey];
  return isPlainObject(options) && options.cachePoint === true;
}

/** A tool's value as JSON text; a value JSON cannot hold (a BigInt, a cycle) is a `ValidationError` naming the part. */
function jsonText(value: unknown, field: string, modelId: string): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch (error) {
    throw new ValidationError(`Invalid ${field}: the tool's output is not JSON-serialisable`, { field, modelId, cause: error });
  }
}

/** A tool's output as the text bedrock-kit sends back, and whether it reports a failure. */
function toolOutput(output: LanguageModelV3ToolResultOutput, field: string, modelId: string): { content: string; isError: boolean } {
  switch (output.type) {
    case "text":
      return { content: output.value, isError: false };
    case "json":
      return { content: jsonText(output.value, field, modelId), isError: false };
    case "error-text":
      return { content: output.value, isError: true };
    case "error-json":
      return { content: jsonText(output.value, field, modelId), isError: true };
    case "execution-denied":
      return { content: output.reason ?? "The tool call was not approved.", isError: true };
    case "content":
      return {
        content: output.value.map((part) => (part.type === "text" ? part.text : jsonText(part, field, modelId))).join("\n"),
        isError: false,
      };
  }
}

/** An image file part as a bedrock-kit image part; any other file is a `ValidationError`. */
function imagePart(data: Uint8Array | string | URL, mediaType: string, field: string, modelId: string): ContentPart {
  if (!mediaType.startsWith("image/")) {
    throw new ValidationError(`Invalid ${field}: bedrock-kit sends images only, not ${mediaType} files`, { field, modelId });
  }
  if (data instanceof URL) {
    throw new ValidationError(`Invalid ${field}: give the image's bytes, not a URL (the AI SDK downloads URLs for this provider)`, { field, modelId });
  }
  if (mediaType === "image/*") {
    // The AI SDK names the type of PNG, JPEG, GIF and WebP bytes itself; `image/*` means it did not recognise them.
    throw new ValidationError(`Invalid ${field}: the image is not PNG, JPEG, GIF or WebP (or give its media type)`, { field, modelId });
  }
  return { type: "image", data, mediaType };
}

/** The content parts of one AI SDK message other than a system message. */
function partsOf(message: Exclude<LanguageModelV3Message, { role: "system" }>, index: number, modelId: string): ContentPart[] {
  const parts: ContentPart[] = [];
  message.content.forEach((part, partIndex) => {
    const field = `prompt[${index}].content[${partIndex}]`;
    switch (part.type) {
      case "text":
        parts.push({ type: "text", text: part.text });
        break;
      case "file":
        parts.push(imagePart(part.data, part.mediaType, field, modelId));
        break;
      case "reasoning": {
        const reasoning: ContentPart = { type: "reasoning", text: part.text };
        const signature = optionString(part.providerOptions, "signature");
        const redacted = optionString(part.providerOptions, "redacted");
        if (signature !== undefined) reasoning.signature = signature;
        if (redacted !== undefined) reasoning.redacted = redacted;
        parts.push(reasoning);
        break;
      }
      case "tool-call":
        if (part.providerExecuted) break;
        parts.push({ type: "tool-call", id: part.toolCallId, name: part.toolName, input: part.input });
        break;
      case "tool-result": {
        const { content, isError } = toolOutput(part.output, `${field}.output`, modelId);
        parts.push(isError ? { type: "tool-result", toolCallId: part.toolCallId, content, isError } : { type: "tool-result", toolCallId: part.toolCallId, content });
        break;
      }
      case "tool-approval-response":
        break;
    }
    if (wantsCachePoint(part.providerOptions)) parts.push({ type: "cache-point" });
  });
  if (wantsCachePoint(message.providerOptions)) parts.push({ type: "cache-point" });
  // Reasoning goes first, as Claude requires of its thinking blocks (a stream ends redacted
  // blocks last, so the AI SDK may list them after the text).
  return message.role === "assistant" ? [...parts.filter((part) => part.type === "reasoning"), ...parts.filter((part) => part.type !== "reasoning")] : parts;
}

/**
 * Converts an AI SDK prompt. Tool results become user messages (where Bedrock's models
 * take them); consecutive messages of the same role are merged; tool calls the provider
 * executed are left out.
 */
export function convertPrompt(prompt: LanguageModelV3Prompt, modelId: string): ConvertedPrompt {
  const systemParts: SystemPart[] = [];
  let systemCachePoint = false;
  const messages: Message[] = [];
  prompt.forEach((message, index) => {
    if (message.role === "system") {
      systemParts.push({ type: "text", text: message.content });
      if (wantsCachePoint(message.providerOptions)) {
        systemParts.push({ type: "cache-point" });
        systemCachePoint = true;
      }
      return;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const parts = partsOf(message, index, modelId);
    if (parts.length === 0) return;
    const previous = messages.at(-1);
    if (previous && previous.role === role) (previous.content as ContentPart[]).push(...parts);
    else messages.push({ role, content: parts });
  });
  const system = systemParts.length === 0 ? undefined : systemCachePoint ? systemParts : systemParts.map((part) => (part.type === "text" ? part.text : "")).join("\n\n");
  return { system, messages };
}
