/**
 * The offline Bedrock's Mistral chat model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.12) and answers deterministically, with whole tool calls.
 */
import { isRecord } from "../encoding.js";
import {
  checkKeys,
  checkNumber,
  countSimulatedTokens,
  generateText,
  hashText,
  planToolCall,
  type ModelSimulation,
} from "../testing/simulation.js";

const roles = new Set(["system", "user", "assistant", "tool"]);

function checkMessages(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return "Malformed input request: #/messages: expected minimum item count: 1, please reformat your input and try again.";
  let pendingCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || !roles.has(String(message.role))) return `Malformed input request: #/messages/${index}/role: expected one of system, user, assistant, tool, please reformat your input and try again.`;
    if (typeof message.content !== "string") return `Malformed input request: #/messages/${index}/content: expected type: String, please reformat your input and try again.`;
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

/** The simulated Mistral chat model. */
export const mistralChatSimulation: ModelSimulation = {
  family: "mistral-chat",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    const problem =
      checkKeys(body, ["messages", "tools", "tool_choice", "max_tokens", "temperature", "top_p"], ["messages"]) ??
      checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
      checkNumber(body, "temperature", 0, 1) ??
      checkNumber(body, "top_p", 0, 1);
    if (problem) return problem;
    if (body.tool_choice !== undefined && !["auto", "any", "none"].includes(String(body.tool_choice))) {
      return "Malformed input request: #/tool_choice: expected one of auto, any, none, please reformat your input and try again.";
    }
    if (body.tools !== undefined && (!Array.isArray(body.tools) || body.tools.some((tool) => !isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)))) {
      return "Malformed input request: #/tools: each tool needs type function and a function object, please reformat your input and try again.";
    }
    return checkMessages(body.messages);
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
    const plan = last.role === "user" ? planToolCall(tools, choice, String(last.content), false) : undefined;
    const inputTokens = countSimulatedTokens(seed);
    if (plan) {
      const call = { id: hashText(`${seed}:${plan.name}`).toString(36).padStart(9, "0").slice(0, 9), function: { name: plan.name, arguments: JSON.stringify(plan.input) } };
      const message = { role: "assistant", content: "", tool_calls: [call] };
      const outputTokens = 10 + countSimulatedTokens(call.function.arguments);
      return {
        body: { choices: [{ index: 0, message, stop_reason: "tool_calls" }] },
        chunks: [{ choices: [{ index: 0, message, stop_reason: "tool_calls" }] }],
        inputTokens,
        outputTokens,
      };
    }
    const generation = generateText(seed, typeof body.max_tokens === "number" ? body.max_tokens : 8_192, [], last.role === "tool" ? "Tool result received: " : "");
    const stopReason = generation.ending === "max_tokens" ? "length" : "stop";
    return {
      body: { choices: [{ index: 0, message: { role: "assistant", content: generation.pieces.join("") }, stop_reason: stopReason }] },
      chunks: [
        ...generation.pieces.map((piece) => ({ choices: [{ index: 0, message: { role: "assistant", content: piece }, stop_reason: null }] })),
        { choices: [{ index: 0, message: { role: "assistant", content: "" }, stop_reason: stopReason }] },
      ],
      inputTokens,
      outputTokens: generation.pieces.length,
    };
  },
};
