/**
 * The offline Bedrock's Llama models (2, 3.x, 4 share the body): validates bodies as
 * Bedrock does (bedrock-formats.md §4.5–4.6; no stop or top_k key) and answers
 * deterministically.
 */
import { isRecord, checkKeys, checkNumber, countSimulatedTokens, generateText, planToolCall, replyGeneration, type ConverseSupport, type Generation, type ModelSimulation, type SimulatedAnswer, type SimulatedTool } from "../kit.js";

/** The functions listed in a prompt's tool instructions (one JSON object a line, as the adapter writes them). */
function offeredTools(prompt: string): SimulatedTool[] {
  const start = prompt.indexOf("The functions:\n");
  if (start < 0) return [];
  const tools: SimulatedTool[] = [];
  for (const line of prompt.slice(start + "The functions:\n".length).split("\n")) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (isRecord(parsed) && typeof parsed.name === "string") tools.push({ name: parsed.name, inputSchema: parsed.parameters });
    } catch {
      break;
    }
  }
  return tools;
}

/** The text of the last turn and its role, from a header-style or [INST] prompt. */
function lastTurn(prompt: string): { role: string; text: string } {
  const match = /(?:<\|start_header_id\|>|<\|header_start\|>)(\w+)(?:<\|end_header_id\|>|<\|header_end\|>)\n\n((?:(?!<\|).|\n)*)(?:<\|eot_id\|>|<\|eot\|>)(?:<\|start_header_id\|>|<\|header_start\|>)assistant(?:<\|end_header_id\|>|<\|header_end\|>)\n\n$/.exec(prompt);
  return match ? { role: match[1] ?? "user", text: match[2] ?? "" } : { role: "user", text: prompt };
}

/** Llama's default output budget when `max_gen_len` is not sent (AWS user guide). */
const defaultMaxGenLength = 512;

/** Llama 3+ on Converse: only the `auto` tool choice, no reasoning block (see {@link ConverseSupport}). */
const llamaConverse: ConverseSupport = { forcedToolChoice: false, reasoning: false };

function llamaSimulation(family: string, converse?: ConverseSupport): ModelSimulation {
  return {
    family,
    converse,
    validate(body, model) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const allowed = model.capabilities.images ? ["prompt", "temperature", "top_p", "max_gen_len", "images"] : ["prompt", "temperature", "top_p", "max_gen_len"];
      const problem =
        checkKeys(body, allowed, ["prompt"]) ??
        checkNumber(body, "temperature", 0, 1) ??
        checkNumber(body, "top_p", 0, 1) ??
        checkNumber(body, "max_gen_len", 1, model.maxOutputTokens, true);
      if (problem) return problem;
      return typeof body.prompt === "string" ? undefined : "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
    },
    answer(body) {
      const prompt = String(body.prompt);
      const turn = lastTurn(prompt);
      const forced = /You must call (one of these functions|the function (\S+?))\./.exec(prompt);
      const choice = forced ? (forced[2] ? { name: forced[2] } : "any") : "auto";
      const plan = planToolCall(offeredTools(prompt), choice, turn.text, turn.role === "ipython");
      const generation = plan
        ? { pieces: [JSON.stringify({ name: plan.name, parameters: plan.input })], ending: "end" as const, stopSequence: undefined }
        : generateText(prompt, typeof body.max_gen_len === "number" ? body.max_gen_len : defaultMaxGenLength, [], turn.role === "ipython" ? "Tool result received: " : "");
      return llamaAnswer(generation, countSimulatedTokens(prompt), generation.pieces.length);
    },
    // Llama 3.1+ calls a tool by answering with one JSON object {"name", "parameters"} as its
    // whole text (Meta's Llama 3.1 model card, "JSON based tool calling"; bedrock-formats.md
    // §4.6, read 2026-11-25). Llama 2 has no tool calling.
    scripting: { toolCalls: family === "meta-llama2" ? "none" : "single", reasoning: false },
    render(reply) {
      const call = reply.toolCalls[0];
      const generation = call ? { pieces: [JSON.stringify({ name: call.name, parameters: call.input })], ending: "end" as const, stopSequence: undefined } : replyGeneration(reply);
      return llamaAnswer(generation, reply.inputTokens, reply.outputTokens);
    },
  };
}

function llamaAnswer(generation: Generation, inputTokens: number, outputTokens: number): SimulatedAnswer {
  const stopReason = generation.ending === "max_tokens" ? "length" : "stop";
  let count = 0;
  const chunks: Record<string, unknown>[] = generation.pieces.map((piece, index) => ({
    generation: piece,
    prompt_token_count: index === 0 ? inputTokens : null,
    generation_token_count: index === generation.pieces.length - 1 ? outputTokens : ++count,
    stop_reason: null,
  }));
  chunks.push({ generation: "", prompt_token_count: chunks.length === 0 ? inputTokens : null, generation_token_count: outputTokens, stop_reason: stopReason });
  return {
    body: { generation: generation.pieces.join(""), prompt_token_count: inputTokens, generation_token_count: outputTokens, stop_reason: stopReason },
    chunks,
    inputTokens,
    outputTokens,
  };
}

/** The simulated Llama 2 Chat model. */
export const metaLlama2Simulation = llamaSimulation("meta-llama2");
/** The simulated Llama 3.x model. */
export const metaLlama3Simulation = llamaSimulation("meta-llama3", llamaConverse);
/** The simulated Llama 4 model. */
export const metaLlama4Simulation = llamaSimulation("meta-llama4", llamaConverse);
