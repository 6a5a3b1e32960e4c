/**
 * The offline Bedrock's OpenAI-like chat models (Mistral chat, bedrock-formats.md §4.12;
 * AI21 Jamba, §4.10): validate bodies as Bedrock does and answer deterministically, with
 * whole tool calls. Mistral streams `message` chunks with `stop_reason`; Jamba streams
 * `delta` chunks with `finish_reason` and reports usage in the body.
 */
import {
  isRecord,
  checkKeys,
  checkNumber,
  countSimulatedTokens,
  generateText,
  hashText,
  planToolCall,
  textPieces,
  type ModelSimulation,
  type SimulatedAnswer,
} from "../kit.js";
import type { ModelInfo } from "../../models/model-info.js";

const roles = new Set(["system", "user", "assistant", "tool"]);

/**
 * Why a content array is malformed, or undefined. Mistral's vision models take `text` and
 * `image_url` chunks whose URL is a base64 data URL (Mistral chat completion content
 * chunks, as pwshBedrock @851e662 sends them to Pixtral Large on Bedrock; read 2026-11-30).
 */
function checkContentParts(content: unknown[], where: string): string | undefined {
  for (const [index, part] of content.entries()) {
    const path = `${where}/${index}`;
    if (isRecord(part) && part.type === "text" && typeof part.text === "string") continue;
    const url = isRecord(part) && part.type === "image_url" && isRecord(part.image_url) ? part.image_url.url : undefined;
    if (typeof url !== "string") return `Malformed input request: ${path}: expected a text or image_url chunk, please reformat your input and try again.`;
    if (!/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/.test(url)) return `Malformed input request: ${path}/image_url/url: expected a base64 image data URL, please reformat your input and try again.`;
  }
  return undefined;
}

/** The text of a message's content: the string, or its text chunks joined. */
function contentText(content: unknown): string {
  if (!Array.isArray(content)) return String(content);
  return content.map((part) => (isRecord(part) && part.type === "text" ? String(part.text) : "")).join("");
}

function checkMessages(messages: unknown, model: ModelInfo): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return "Malformed input request: #/messages: expected minimum item count: 1, please reformat your input and try again.";
  let pendingCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || !roles.has(String(message.role))) return `Malformed input request: #/messages/${index}/role: expected one of system, user, assistant, tool, please reformat your input and try again.`;
    if (Array.isArray(message.content) && message.role === "user" && model.capabilities.images) {
      const problem = checkContentParts(message.content, `#/messages/${index}/content`);
      if (problem) return problem;
    } else if (typeof message.content !== "string") return `Malformed input request: #/messages/${index}/content: expected type: String, please reformat your input and try again.`;
    if (message.role === "tool") {
      if (!pendingCallIds.has(String(message.tool_call_id))) return `Unexpected tool message: tool_call_id ${String(message.tool_call_id)} does not answer a tool call of the previous assistant message`;
      continue;
    }
    pendingCallIds = new Set(
      message.role === "assistant" && Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord).map((call) => String(call.id)) : [],
    );
  }
  return undefined;
}

/**
 * Native stop reasons of the OpenAI-like chat bodies (Mistral `stop_reason`, Jamba
 * `finish_reason`): `stop`, `length`, `tool_calls`.
 * Source: ../shared/design/bedrock-formats.md §4.10 and §4.12 (read 2026-11-25).
 */
const chatStopReasons = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" } as const;

/** A nine-character tool call ID, the shape Mistral requires (bedrock-formats.md §4.12, read 2026-11-25). */
function toolCallId(seed: string): string {
  return hashText(seed).toString(36).padStart(9, "0").slice(0, 9);
}

/** What differs between the chat families' simulations. */
export interface ChatSimulationOptions {
  family: string;
  /** The body keys the family accepts. */
  keys: string[];
  /** The upper bound of `temperature`. */
  maximumTemperature: number;
  /** Jamba's chunk and body shape (`delta`, `finish_reason`, usage) instead of Mistral's. */
  openAiShape: boolean;
}

/** Builds one chat family's simulated model. */
export function chatSimulation(options: ChatSimulationOptions): ModelSimulation {
  const stopKey = options.openAiShape ? "finish_reason" : "stop_reason";
  const chunkKey = options.openAiShape ? "delta" : "message";
  const usageOf = (inputTokens: number, outputTokens: number): Record<string, unknown> =>
    options.openAiShape ? { usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens } } : {};
  /** The body and chunks of an answer: text pieces, then whole tool calls in one chunk. */
  const build = (pieces: string[], calls: { id: string; name: string; input: unknown }[], stopReason: string, inputTokens: number, outputTokens: number): SimulatedAnswer => {
    const toolCalls = calls.map((call) => ({ id: call.id, function: { name: call.name, arguments: JSON.stringify(call.input) } }));
    const message = { role: "assistant", content: pieces.join(""), ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
    const finalDelta = toolCalls.length > 0 ? { role: "assistant", content: "", tool_calls: toolCalls } : { role: "assistant", content: "" };
    return {
      body: { choices: [{ index: 0, message, [stopKey]: stopReason }], ...usageOf(inputTokens, outputTokens) },
      chunks: [
        ...pieces.map((piece) => ({ choices: [{ index: 0, [chunkKey]: { role: "assistant", content: piece }, [stopKey]: null }] })),
        { choices: [{ index: 0, [chunkKey]: finalDelta, [stopKey]: stopReason }], ...usageOf(inputTokens, outputTokens) },
      ],
      inputTokens,
      outputTokens,
    };
  };
  return {
    family: options.family,
    scripting: { toolCalls: "many", reasoning: false },

    render(reply, body) {
      const seed = JSON.stringify(body.messages);
      const calls = reply.toolCalls.map((call, index) => ({ ...call, id: toolCallId(`${seed}:${index}:${call.name}`) }));
      return build(textPieces(reply.text), calls, chatStopReasons[reply.stopReason], reply.inputTokens, reply.outputTokens);
    },

    validate(body, model) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const problem =
        checkKeys(body, options.keys, ["messages"]) ??
        checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
        checkNumber(body, "temperature", 0, options.maximumTemperature) ??
        checkNumber(body, "top_p", 0, 1);
      if (problem) return problem;
      if (body.tool_choice !== undefined && !["auto", "any", "none"].includes(String(body.tool_choice))) {
        return "Malformed input request: #/tool_choice: expected one of auto, any, none, please reformat your input and try again.";
      }
      if (body.tools !== undefined && (!Array.isArray(body.tools) || body.tools.some((tool) => !isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)))) {
        return "Malformed input request: #/tools: each tool needs type function and a function object, please reformat your input and try again.";
      }
      return checkMessages(body.messages, model);
    },

    answer(body) {
      const messages = (body.messages as Record<string, unknown>[]) ?? [];
      const last = messages[messages.length - 1] ?? {};
      const seed = JSON.stringify([messages, body.tools]);
      const tools = (Array.isArray(body.tools) ? body.tools.filter(isRecord) : []).map((tool) => {
        const fn = isRecord(tool.function) ? tool.function : {};
        return { name: String(fn.name), inputSchema: fn.parameters };
      });
      const choice = body.tool_choice === "any" || body.tool_choice === "none" ? body.tool_choice : "auto";
      const question = contentText(last.content);
      const plan = last.role === "user" ? planToolCall(tools, choice, question, false) : undefined;
      const inputTokens = countSimulatedTokens(seed);
      if (plan) {
        const outputTokens = 10 + countSimulatedTokens(JSON.stringify(plan.input));
        return build([], [{ ...plan, id: toolCallId(`${seed}:${plan.name}`) }], "tool_calls", inputTokens, outputTokens);
      }
      const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
      const generation = generateText(seed, typeof body.max_tokens === "number" ? body.max_tokens : 4_096, stops, last.role === "tool" ? "Tool result received: " : "");
      return build(generation.pieces, [], generation.ending === "max_tokens" ? "length" : "stop", inputTokens, generation.pieces.length);
    },
  };
}
