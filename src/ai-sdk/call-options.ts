/**
 * An AI SDK call's options as one bedrock-kit request: settings, tools, tool choice and
 * JSON output, with an AI SDK warning for each setting bedrock-kit cannot send.
 */
import type { LanguageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import { getModel, type InvokeRequest, type ToolChoice, type ToolDefinition } from "../index.js";
import { convertPrompt } from "./prompt.js";
import { languageModelOptions } from "./provider-options.js";

/** The name of the tool that carries JSON output on models with tools. */
export const jsonToolName = "json";

/** A bedrock-kit request made from AI SDK call options. */
export interface PreparedCall {
  /** What `fm.invoke` or `fm.stream` gets. */
  request: InvokeRequest;
  /** AI SDK warnings about settings left out. */
  warnings: SharedV3Warning[];
  /** True when JSON output comes as a call of the forced `json` tool, to be turned into text. */
  jsonTool: boolean;
}

/** True when the catalog says the model calls tools natively (an unknown ID: false; invoke reports it). */
function hasTools(modelId: string): boolean {
  try {
    return getModel(modelId).capabilities.tools;
  } catch {
    return false;
  }
}

/** The AI SDK's tool choice in bedrock-kit's terms. */
function toolChoiceOf(choice: NonNullable<LanguageModelV3CallOptions["toolChoice"]>): ToolChoice {
  switch (choice.type) {
    case "auto":
      return "auto";
    case "none":
      return "none";
    case "required":
      return "any";
    case "tool":
      return { name: choice.toolName };
  }
}

/** The instruction added to the system text when a model without tools must answer in JSON. */
function jsonInstruction(schema: unknown): string {
  const shape = schema === undefined ? "" : ` matching this JSON Schema: ${JSON.stringify(schema)}`;
  return `Answer with one JSON value${shape}. Write only the JSON: no other text, no code fences.`;
}

/** Builds the request for a call of `modelId` with the AI SDK's options. */
export function prepareCall(modelId: string, options: LanguageModelV3CallOptions): PreparedCall {
  const warnings: SharedV3Warning[] = [];
  const { system, messages } = convertPrompt(options.prompt, modelId);
  const request: InvokeRequest = { modelId, messages };
  if (system !== undefined) request.system = system;
  if (options.maxOutputTokens !== undefined) request.maxTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) request.temperature = options.temperature;
  if (options.topP !== undefined) request.topP = options.topP;
  if (options.topK !== undefined) request.topK = options.topK;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) request.stopSequences = options.stopSequences;
  if (options.abortSignal !== undefined) request.signal = options.abortSignal;
  for (const setting of ["presencePenalty", "frequencyPenalty", "seed"] as const) {
    if (options[setting] !== undefined) warnings.push({ type: "unsupported", feature: setting, details: `bedrock-kit has no ${setting} setting; it was not sent.` });
  }
  // The AI SDK sets `user-agent` on every call itself; only headers the caller added are worth a warning.
  const headers = Object.entries(options.headers ?? {}).filter(([name, value]) => value !== undefined && name.toLowerCase() !== "user-agent");
  if (headers.length > 0) {
    warnings.push({ type: "unsupported", feature: "headers", details: "bedrock-kit signs its own requests; extra HTTP headers were not sent." });
  }

  const tools: ToolDefinition[] = [];
  for (const tool of options.tools ?? []) {
    if (tool.type === "provider") {
      warnings.push({ type: "unsupported", feature: `provider-defined tool ${tool.id}`, details: "bedrock-kit sends function tools only." });
      continue;
    }
    const definition: ToolDefinition = { name: tool.name, inputSchema: tool.inputSchema as Record<string, unknown> };
    if (tool.description !== undefined) definition.description = tool.description;
    tools.push(definition);
  }
  if (tools.length > 0) {
    request.tools = tools;
    if (options.toolChoice !== undefined) request.toolChoice = toolChoiceOf(options.toolChoice);
  }

  let jsonTool = false;
  const format = options.responseFormat;
  if (format?.type === "json") {
    // A tool's input is an object: a schema of another type (or none) is asked for in the system text instead.
    const objectSchema = format.schema === undefined || format.schema.type === "object";
    if (tools.length === 0 && objectSchema && hasTools(modelId)) {
      jsonTool = true;
      request.tools = [
        {
          name: jsonToolName,
          description: format.description ?? "Answer with the JSON value this tool's input describes.",
          inputSchema: (format.schema ?? { type: "object" }) as Record<string, unknown>,
        },
      ];
      request.toolChoice = { name: jsonToolName };
    } else {
      const instruction = jsonInstruction(format.schema);
      request.system = request.system === undefined ? instruction : typeof request.system === "string" ? `${request.system}\n\n${instruction}` : [...request.system, { type: "text", text: instruction }];
      warnings.push({ type: "compatibility", feature: "responseFormat", details: "JSON output is asked for in the system text; the AI SDK validates the answer." });
    }
  }

  const extra = languageModelOptions(options.providerOptions, modelId);
  if (extra.reasoning !== undefined) request.reasoning = extra.reasoning;
  if (extra.guardrail !== undefined) request.guardrail = extra.guardrail;
  if (extra.fallbackModelIds !== undefined) request.fallbackModelIds = extra.fallbackModelIds;
  if (extra.native !== undefined) request.native = extra.native;
  if (extra.maxUsd !== undefined) request.maxUsd = extra.maxUsd;
  return { request, warnings, jsonTool };
}
