/**
 * The offline Bedrock's Command R / R+ model: validates bodies as Bedrock does
 * (bedrock-formats.md §4.8) and answers deterministically, with ID-less tool calls and the
 * `stream-start` … `stream-end` event sequence.
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

const keys = [
  "message",
  "chat_history",
  "preamble",
  "documents",
  "search_queries_only",
  "max_tokens",
  "temperature",
  "p",
  "k",
  "prompt_truncation",
  "frequency_penalty",
  "presence_penalty",
  "seed",
  "return_prompt",
  "tools",
  "tool_results",
  "stop_sequences",
  "raw_prompting",
];

function parameterSchema(definitions: unknown): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, definition] of Object.entries(isRecord(definitions) ? definitions : {})) {
    const type = isRecord(definition) ? String(definition.type) : "str";
    properties[name] = { type: type === "int" ? "integer" : type === "float" ? "number" : type === "bool" ? "boolean" : "string" };
    if (isRecord(definition) && definition.required === true) required.push(name);
  }
  return { type: "object", properties, required };
}

function checkBody(body: Record<string, unknown>, maxOutputTokens: number): string | undefined {
  const problem =
    checkKeys(body, keys, ["message"]) ??
    checkNumber(body, "max_tokens", 1, maxOutputTokens, true) ??
    checkNumber(body, "temperature", 0, 1) ??
    checkNumber(body, "p", 0.01, 0.99) ??
    checkNumber(body, "k", 0, 500);
  if (problem) return problem;
  if (typeof body.message !== "string") return "Malformed input request: #/message: expected type: String, please reformat your input and try again.";
  if (body.chat_history !== undefined) {
    if (!Array.isArray(body.chat_history)) return "Malformed input request: #/chat_history: expected type: JSONArray, please reformat your input and try again.";
    // A TOOL turn carries `tool_results` instead of a message (AWS "Cohere Command R and
    // Command R+ models" page, chat_history; bedrock-formats.md §4.8, read 2026-11-30).
    const validTurn = (turn: unknown): boolean =>
      isRecord(turn) &&
      (turn.role === "TOOL" ? Array.isArray(turn.tool_results) : ["USER", "CHATBOT", "SYSTEM"].includes(String(turn.role)) && typeof turn.message === "string");
    const bad = body.chat_history.findIndex((turn) => !validTurn(turn));
    if (bad >= 0) return `Malformed input request: #/chat_history/${bad}: role must be USER, CHATBOT or SYSTEM with a message string, or TOOL with tool_results, please reformat your input and try again.`;
  }
  if (body.tools !== undefined && (!Array.isArray(body.tools) || body.tools.some((tool) => !isRecord(tool) || typeof tool.name !== "string" || (tool.parameter_definitions !== undefined && !isRecord(tool.parameter_definitions))))) {
    return "Malformed input request: #/tools: each tool needs a name and parameter_definitions, please reformat your input and try again.";
  }
  if (body.tool_results !== undefined && (!Array.isArray(body.tool_results) || body.tool_results.some((result) => !isRecord(result) || !isRecord(result.call) || !Array.isArray(result.outputs)))) {
    return "Malformed input request: #/tool_results: each result needs a call and an outputs array, please reformat your input and try again.";
  }
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 5) {
    return "Malformed input request: #/stop_sequences: expected maximum item count: 5, please reformat your input and try again.";
  }
  return undefined;
}

/** The simulated Command R / R+ model. */
export const cohereChatSimulation: ModelSimulation = {
  family: "cohere-chat",

  validate(body, model) {
    if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
    return checkBody(body, model.maxOutputTokens);
  },

  answer(body): SimulatedAnswer {
    const seed = JSON.stringify([body.preamble, body.chat_history, body.message, body.tool_results]);
    const inputTokens = countSimulatedTokens(seed);
    const tools = (Array.isArray(body.tools) ? body.tools.filter(isRecord) : []).map((tool) => ({ name: String(tool.name), inputSchema: parameterSchema(tool.parameter_definitions) }));
    const answersTools = Array.isArray(body.tool_results) && body.tool_results.length > 0;
    const plan = planToolCall(tools, "auto", String(body.message), answersTools);
    const generationId = hashText(seed).toString(16);
    if (plan) return commandRAnswer(generationId, [], [{ name: plan.name, parameters: plan.input }], "COMPLETE", inputTokens, 10 + countSimulatedTokens(JSON.stringify(plan.input)));
    const stops = Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [];
    const generation = generateText(seed, typeof body.max_tokens === "number" ? body.max_tokens : 4_000, stops, answersTools ? "Tool result received: " : "");
    const finishReason = generation.ending === "max_tokens" ? "MAX_TOKENS" : generation.ending === "stop_sequence" ? "STOP_SEQUENCE" : "COMPLETE";
    return commandRAnswer(generationId, generation.pieces, [], finishReason, inputTokens, generation.pieces.length);
  },

  scripting: { toolCalls: "many", reasoning: false },
  render(reply, body) {
    const generationId = hashText(JSON.stringify([body.chat_history, body.message, body.tool_results])).toString(16);
    const toolCalls = reply.toolCalls.map((call) => ({ name: call.name, parameters: call.input }));
    return commandRAnswer(generationId, textPieces(reply.text), toolCalls, finishReasons[reply.stopReason], reply.inputTokens, reply.outputTokens);
  },
};

/**
 * Command R's `finish_reason` values; a tool-calling answer ends `COMPLETE`.
 * Source: ../shared/design/bedrock-formats.md §4.8 (read 2026-11-25).
 */
const finishReasons = { end_turn: "COMPLETE", tool_use: "COMPLETE", max_tokens: "MAX_TOKENS", stop_sequence: "STOP_SEQUENCE" } as const;

/** The body and the `stream-start` … `stream-end` events of an answer. */
function commandRAnswer(
  generationId: string,
  pieces: string[],
  toolCalls: { name: string; parameters: unknown }[],
  finishReason: string,
  inputTokens: number,
  outputTokens: number,
): SimulatedAnswer {
  const response: Record<string, unknown> = { response_id: `r-${generationId}`, generation_id: generationId, text: pieces.join(""), finish_reason: finishReason };
  if (toolCalls.length > 0) response.tool_calls = toolCalls;
  response.meta = { billed_units: { input_tokens: inputTokens, output_tokens: outputTokens } };
  const chunks: Record<string, unknown>[] = [
    { is_finished: false, event_type: "stream-start", generation_id: generationId },
    ...pieces.map((piece) => ({ is_finished: false, event_type: "text-generation", text: piece })),
  ];
  if (toolCalls.length > 0) chunks.push({ is_finished: false, event_type: "tool-calls-generation", text: pieces.join(""), tool_calls: toolCalls });
  chunks.push({ is_finished: true, event_type: "stream-end", finish_reason: finishReason, response });
  return { body: response, chunks, inputTokens, outputTokens };
}
