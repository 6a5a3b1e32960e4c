/**
 * Cohere Command R and R+ (chat) on Bedrock: `message` + `chat_history` (USER / CHATBOT)
 * + `preamble`, tools as `parameter_definitions` with Python-style types, tool results as
 * `tool_results`, tool calls without IDs, stream events by `event_type`.
 * Format: ../shared/design/bedrock-formats.md §4.8, from AWS's "Cohere Command R and
 * Command R+ models" page (read 2026-11-25). Earlier tool rounds stay in `chat_history` as
 * `{"role":"TOOL","tool_results":[…]}` entries, as Cohere's v1 chat API takes them
 * (docs.cohere.com/v1/reference/chat `chat_history`, and /v1/docs/multi-step-tool-use, read 2026-11-30).
 */
import { isRecord } from "../encoding.js";
import type { NativeTool } from "./adapter.js";
import type { ContentPart, Message, StopReason, ToolCallPart, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, PartialUsage, StopDetail, StreamDecoder } from "./adapter.js";
import { partsOf, splitStopSequences, textOf, toolChoiceNoneWarning } from "./shared/conversation.js";

type CohereCall = { name: string; parameters: unknown };
type CohereToolResult = { call: CohereCall; outputs: unknown[] };
type CohereTurn =
  | { role: "USER" | "CHATBOT"; message: string; tool_calls?: CohereCall[] }
  | { role: "TOOL"; tool_results: CohereToolResult[] };
type CohereTool = { name: string; description: string; parameter_definitions: Record<string, { description?: string; type: string; required: boolean }> };

/** The native InvokeModel body of Command R / R+. */
export interface CohereChatBody {
  message: string;
  chat_history?: CohereTurn[] | undefined;
  preamble?: string | undefined;
  max_tokens?: number | undefined;
  temperature?: number | undefined;
  p?: number | undefined;
  k?: number | undefined;
  stop_sequences?: string[] | undefined;
  tools?: CohereTool[] | undefined;
  tool_results?: CohereToolResult[] | undefined;
  [extra: string]: unknown;
}

/** Bedrock takes at most this many stop sequences for Command R (Cohere's chat API). */
const maximumStopSequences = 5;

/** JSON Schema type → Cohere's Python-style parameter type. */
function cohereType(schema: unknown): string {
  const definition = isRecord(schema) ? schema : {};
  switch (definition.type) {
    case "integer":
      return "int";
    case "number":
      return "float";
    case "boolean":
      return "bool";
    case "array":
      return `List[${cohereType(definition.items)}]`;
    case "object":
      return "Dict";
    default:
      return "str";
  }
}

function toCohereTool(tool: NativeTool): CohereTool {
  const properties = isRecord(tool.inputSchema.properties) ? tool.inputSchema.properties : {};
  const required = Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required : [];
  const parameters: CohereTool["parameter_definitions"] = {};
  for (const [name, schema] of Object.entries(properties)) {
    const description = isRecord(schema) && typeof schema.description === "string" ? schema.description : undefined;
    parameters[name] = { ...(description === undefined ? {} : { description }), type: cohereType(schema), required: required.includes(name) };
  }
  return { name: tool.name, description: tool.description ?? tool.name, parameter_definitions: parameters };
}

/** A tool output as Cohere wants it: an object (JSON results as they are, other text wrapped). */
function toOutput(content: string): unknown {
  try {
    const parsed: unknown = JSON.parse(content);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Plain text is wrapped below.
  }
  return { result: content };
}

/** Cohere's calls carry no ID: bedrock-kit gives each one, stable within the answer. */
function callId(name: string, index: number): string {
  return `cohere_${index}_${name}`;
}

/**
 * The tool results of one user message, each paired with its call. Cohere's calls have no ID
 * and bedrock-kit's IDs repeat across rounds, so a result belongs to the latest call with its ID.
 */
function toToolResults(message: Message, calls: ReadonlyMap<string, ToolCallPart>): CohereToolResult[] {
  return partsOf(message.content).flatMap((part) => {
    if (part.type !== "tool-result") return [];
    const call = calls.get(part.toolCallId);
    return [{ call: { name: call?.name ?? "", parameters: call?.input ?? {} }, outputs: [toOutput(part.content)] }];
  });
}

/** The calls made before `messages[end]`, by ID; a later call replaces an earlier one with the same ID. */
function callsBefore(messages: Message[], end: number): Map<string, ToolCallPart> {
  const calls = new Map<string, ToolCallPart>();
  for (const message of messages.slice(0, end)) for (const part of partsOf(message.content)) if (part.type === "tool-call") calls.set(part.id, part);
  return calls;
}

/** Earlier turns as USER, CHATBOT (with its calls) and TOOL (with the results of the previous calls) entries. */
function toHistory(messages: Message[]): CohereTurn[] {
  const history: CohereTurn[] = [];
  messages.forEach((message, index) => {
    const parts = partsOf(message.content);
    if (message.role === "assistant") {
      const calls = parts.filter((part): part is ToolCallPart => part.type === "tool-call");
      const turn: CohereTurn = { role: "CHATBOT", message: textOf(message.content) };
      if (calls.length > 0) turn.tool_calls = calls.map((call) => ({ name: call.name, parameters: call.input ?? {} }));
      history.push(turn);
      return;
    }
    const results = toToolResults(message, callsBefore(messages, index));
    if (results.length > 0) history.push({ role: "TOOL", tool_results: results });
    const text = textOf(message.content);
    if (text !== "" || results.length === 0) history.push({ role: "USER", message: text });
  });
  return history;
}

function readCalls(value: unknown): ContentPart[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((call, index) => ({ type: "tool-call", id: callId(String(call.name), index), name: String(call.name), input: call.parameters ?? {} }));
}

function readUsage(body: Record<string, unknown>): PartialUsage | undefined {
  const units = isRecord(body.meta) && isRecord(body.meta.billed_units) ? body.meta.billed_units : undefined;
  if (!units) return undefined;
  const usage: PartialUsage = {};
  if (typeof units.input_tokens === "number") usage.inputTokens = units.input_tokens;
  if (typeof units.output_tokens === "number") usage.outputTokens = units.output_tokens;
  return usage;
}

function createDecoder(): StreamDecoder {
  let response: unknown;
  return {
    push(chunk) {
      switch (chunk.event_type) {
        case "text-generation":
          return typeof chunk.text === "string" && chunk.text !== "" ? [{ type: "text", text: chunk.text }] : [];
        case "tool-calls-generation":
          return readCalls(chunk.tool_calls).map((part) => ({ type: "tool-call", toolCall: { id: (part as ToolCallPart).id, name: (part as ToolCallPart).name, input: (part as ToolCallPart).input } }));
        case "stream-end": {
          response = chunk.response;
          const deltas: ReturnType<StreamDecoder["push"]> = [];
          const usage = isRecord(chunk.response) ? readUsage(chunk.response) : undefined;
          if (usage) deltas.push({ type: "usage", usage });
          deltas.push({ type: "stop", rawStopReason: typeof chunk.finish_reason === "string" ? chunk.finish_reason : undefined, stopSequence: undefined });
          return deltas;
        }
        default:
          return [];
      }
    },
    raw() {
      return response;
    },
  };
}

/** Command R / R+: `message`, `chat_history`, `preamble`, Cohere tools and tool results. */
export const cohereChat = {
  family: "cohere-chat",
  parameterRanges: { temperature: [0, 1], topP: [0.01, 0.99], topK: [0, 500] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<CohereChatBody> {
    const warnings: Warning[] = [];
    const messages = request.messages;
    const last = messages[messages.length - 1];
    const lastParts = last ? partsOf(last.content) : [];
    const answersTools = last?.role === "user" && lastParts.some((part) => part.type === "tool-result");
    const current = last?.role === "user" ? last : undefined;
    const body: CohereChatBody = { message: current ? textOf(current.content) : "" };
    const history = toHistory(current ? messages.slice(0, -1) : messages);
    if (history.length > 0) body.chat_history = history;
    if (request.system !== undefined) body.preamble = request.system;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.p = request.topP;
    if (request.topK !== undefined) body.k = request.topK;
    const stops = splitStopSequences(request.stopSequences, maximumStopSequences, model.id, warnings);
    if (stops.native.length > 0) body.stop_sequences = stops.native;
    if (request.tools?.length) {
      if (request.toolChoice === "none") warnings.push({ ...toolChoiceNoneWarning });
      else {
        body.tools = request.tools.map(toCohereTool);
        if (request.toolChoice !== undefined && request.toolChoice !== "auto") {
          warnings.push({ type: "unsupported", feature: "toolChoice", message: `${model.id} has no tool_choice; the model decides whether to call a tool.` });
        }
      }
    }
    if (answersTools && last) body.tool_results = toToolResults(last, callsBefore(messages, messages.length - 1));
    const result: NativeRequest<CohereChatBody> = { body: { ...body, ...request.native }, warnings };
    if (stops.emulated) result.emulatedStopSequences = stops.emulated;
    return result;
  },

  fromNativeBody(body: unknown): AdapterOutput {
    if (!isRecord(body) || typeof body.text !== "string") throw new Error("the body has no text");
    const content: ContentPart[] = body.text === "" ? [] : [{ type: "text", text: body.text }];
    content.push(...readCalls(body.tool_calls));
    return {
      content,
      rawStopReason: typeof body.finish_reason === "string" ? body.finish_reason : undefined,
      stopSequence: undefined,
      usage: readUsage(body),
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined, detail: StopDetail): StopReason {
    switch (raw) {
      case "COMPLETE":
        return detail.toolCallCount > 0 ? "tool_use" : "end_turn";
      case "MAX_TOKENS":
        return "max_tokens";
      case "STOP_SEQUENCE":
        return "stop_sequence";
      case "ERROR_TOXIC":
        return "content_filtered";
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<CohereChatBody>;
