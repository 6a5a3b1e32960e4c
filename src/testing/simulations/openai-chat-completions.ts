/**
 * The offline Bedrock's OpenAI Chat Completions models (OpenAI gpt-oss, Qwen3): validate
 * bodies against OpenAI's "Create chat completion" fields as AWS's "OpenAI models" page
 * points to them, and answer deterministically.
 *
 * Wire facts restated here (read 2026-11-30):
 * - AWS Bedrock User Guide, "OpenAI models": the InvokeModel body is OpenAI's chat
 *   completion request (`model` optional, `stream` false on InvokeModel, token limit in
 *   `max_completion_tokens`); on InvokeModel the reasoning comes first, in `<reasoning>` tags,
 *   before the text content. Whether streams carry the tags the same way is not documented ⚠️:
 *   this simulation streams them inside the content deltas.
 * - OpenAI "Create chat completion" / "The chat completion chunk object": roles `system`,
 *   `developer`, `user`, `assistant`, `tool`; `tool_choice` `auto` | `none` | `required` |
 *   `{ type: "function", function: { name } }`; `reasoning_effort` `low` | `medium` | `high`;
 *   streamed tool calls as fragments keyed by `index` (id and name first, then arguments).
 * - Recorded `chat.completion.chunk` streams of `openai.gpt-oss-20b-1:0` and
 *   `qwen.qwen3-32b-v1:0` (langchain-ai/langchain-aws `libs/aws/tests/unit_tests/llms/test_bedrock.py`
 *   @0434c7f): chunk fields, a last chunk with an empty `delta` and `finish_reason`.
 * - Moonshot Kimi K2 Thinking takes the same body without `stop`, with `temperature` 0–1 and
 *   without `tool_choice: "required"`, and also writes `<reasoning>` tags (BerriAI/litellm
 *   `litellm/llms/bedrock/chat/invoke_transformations/amazon_moonshot_transformation.py`).
 *   Its InvokeModel body holds one `<reasoning>` block before the answer; its stream wraps each
 *   reasoning delta in its own tags (`<reasoning> … word</reasoning><reasoning>.\n …</reasoning> 2`),
 *   as recorded on 2026-05-16 (jparkerweb/bedrock-wrapper @2173035 `test-models-output.txt`).
 *   Its tool calls come as OpenAI `tool_calls` (as simulated here), or at times as Kimi's
 *   native tool-call tokens inside the reasoning with `finish_reason: "stop"` (frames captured
 *   live in Bike4Mind/bike4mind `b4m-core/llm-adapters/src/bedrockBackend/base.sharedIndexText.test.ts`
 *   @1565fb3); this simulation never answers so unless scripted with those chunks.
 * - Google Gemma 3, Kimi K2.5, MiniMax M2.x, NVIDIA Nemotron and Z.AI GLM take the chat body by
 *   their bare IDs: `{ messages, max_tokens, temperature, stop }` answered in
 *   `choices[0].message.content` and streamed in `choices[0].delta.content` in a recorded run of
 *   2026-05-16 (jparkerweb/bedrock-wrapper @2173035 `test-models-output.txt`); a non-OpenAI
 *   image part (`{ type: "image", source: { type: "base64", … } }`) in the first message was
 *   refused for Gemma 3, Qwen3 VL and Kimi K2.5 (and Mistral Large 3, Ministral 3) with the
 *   same OpenAI-style error body, the same column for the same body,
 *   `{"error":{"code":"validation_error","message":"Failed to deserialize the JSON body into the
 *   target type: ?[0]: Invalid 'messages': Invalid 'content': value did not match any expected
 *   variant at line 1 column 247118","param":null,"type":"invalid_request_error"}}` as the
 *   exception's message (its `test-vision-models-output.txt`, 2026-04-15). This simulation
 *   answers every part that is neither `text` nor `image_url` so, in both families; that `?[n]`
 *   counts messages and that the column is where the `content` value ends are inferred ⚠️.
 *   Which of them reason, and in which field, is not recorded; these simulated models write
 *   no reasoning.
 */
import type { ModelInfo } from "../../models/model-info.js";
import {
  checkKeys,
  checkNumber,
  countSimulatedTokens,
  generateText,
  hashText,
  isRecord,
  planToolCall,
  splitJson,
  textPieces,
  type ModelSimulation,
  type SimulatedAnswer,
} from "../kit.js";

const allowedKeys = [
  "messages",
  "model",
  "stream",
  "max_completion_tokens",
  "max_tokens",
  "temperature",
  "top_p",
  "stop",
  "tools",
  "tool_choice",
  "reasoning_effort",
  "n",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "response_format",
  "parallel_tool_calls",
];
const roles = new Set(["system", "developer", "user", "assistant", "tool"]);
const finishReasons = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" } as const;

/** The simulated model's reasoning before it answers, as words (one token each). */
const reasoningWords = "The user wants a short status answer, so I reply plainly.".split(" ");

function malformed(path: string, detail: string): string {
  return `Malformed input request: #/${path}: ${detail}, please reformat your input and try again.`;
}

/**
 * The recorded refusal of a content part that is no OpenAI part (see the header), for message
 * `index`: the column is where that message's `content` value ends in the body's JSON text.
 */
function unmatchedContent(body: Record<string, unknown>, messages: Record<string, unknown>[], index: number): string {
  const prefix = JSON.stringify({ ...body, messages: messages.slice(0, index + 1) });
  const content = `"content":${JSON.stringify(messages[index]?.content)}`;
  const column = prefix.lastIndexOf(content) + content.length;
  const message = `Failed to deserialize the JSON body into the target type: ?[${index}]: Invalid 'messages': Invalid 'content': value did not match any expected variant at line 1 column ${column}`;
  return JSON.stringify({ error: { code: "validation_error", message, param: null, type: "invalid_request_error" } });
}

/** Checks the messages: roles, content shapes, images only for vision models, tool results answering calls. */
function checkMessages(body: Record<string, unknown>, model: ModelInfo): string | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return malformed("messages", "expected minimum item count: 1");
  let pendingCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || !roles.has(String(message.role))) return malformed(`messages/${index}/role`, "expected one of system, developer, user, assistant, tool");
    const content = message.content;
    if (message.role === "tool") {
      if (!pendingCallIds.has(String(message.tool_call_id))) return malformed(`messages/${index}/tool_call_id`, "does not answer a tool call of the previous assistant message");
      if (typeof content !== "string") return malformed(`messages/${index}/content`, "expected type: String");
      continue;
    }
    if (Array.isArray(content)) {
      if (message.role !== "user") return malformed(`messages/${index}/content`, "expected type: String");
      for (const [partIndex, part] of content.entries()) {
        const isText = isRecord(part) && part.type === "text" && typeof part.text === "string";
        const isImage = isRecord(part) && part.type === "image_url" && isRecord(part.image_url) && /^data:image\/[a-z]+;base64,/.test(String(part.image_url.url));
        if (isImage && !model.capabilities.images) return malformed(`messages/${index}/content/${partIndex}`, "this model takes text input only");
        if (!isText && !isImage) return unmatchedContent(body, messages.filter(isRecord), index);
      }
    } else if (typeof content !== "string" && !(message.role === "assistant" && content === null && Array.isArray(message.tool_calls))) {
      return malformed(`messages/${index}/content`, "expected type: String");
    }
    pendingCallIds = new Set(message.role === "assistant" && Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord).map((call) => String(call.id)) : []);
  }
  return undefined;
}

function checkTools(body: Record<string, unknown>, choices: readonly string[]): string | undefined {
  if (body.tools !== undefined && (!Array.isArray(body.tools) || body.tools.some((tool) => !isRecord(tool) || tool.type !== "function" || !isRecord(tool.function) || typeof tool.function.name !== "string"))) {
    return malformed("tools", "each tool needs type function and a function with a name");
  }
  const choice = body.tool_choice;
  if (choice === undefined || (typeof choice === "string" && choices.includes(choice))) return undefined;
  if (choices.includes("function") && isRecord(choice) && choice.type === "function" && isRecord(choice.function) && typeof choice.function.name === "string") return undefined;
  return malformed("tool_choice", `expected one of ${choices.join(", ")}`);
}

/** The text of a message's content (string or parts). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("") : "";
}

/** A tool call ID in OpenAI's `call_…` form, stable for a seed. */
function toolCallId(seed: string): string {
  return `call_${hashText(seed).toString(36)}`;
}

interface ChatReply {
  reasoning: string | undefined;
  text: string;
  calls: { id: string; name: string; input: unknown }[];
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
}

/** The content as gpt-oss writes it on InvokeModel: reasoning in tags, then the text. */
function taggedContent(reply: ChatReply): string {
  return (reply.reasoning === undefined ? "" : `<reasoning>${reply.reasoning}</reasoning>`) + reply.text;
}

/** The content deltas of a stream: the tagged content in pieces, or each reasoning piece in its own tags. */
function contentDeltas(reply: ChatReply, tagsEachReasoningDelta: boolean): string[] {
  if (!tagsEachReasoningDelta || reply.reasoning === undefined) return textPieces(taggedContent(reply));
  return [...textPieces(reply.reasoning).map((piece) => `<reasoning>${piece}</reasoning>`), ...textPieces(reply.text)];
}

/** The body and stream chunks of a reply. */
function render(reply: ChatReply, model: string, tagsEachReasoningDelta: boolean): SimulatedAnswer {
  const id = `chatcmpl-${hashText(JSON.stringify(reply)).toString(16)}`;
  const created = 1_764_460_800;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> => ({
    choices: [{ delta, finish_reason: finishReason, index: 0 }],
    created,
    id,
    model,
    object: "chat.completion.chunk",
  });
  const content = taggedContent(reply);
  const toolCalls = reply.calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.input) } }));
  const message: Record<string, unknown> = { role: "assistant", content: content === "" && toolCalls.length > 0 ? null : content };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const chunks: Record<string, unknown>[] = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of contentDeltas(reply, tagsEachReasoningDelta)) chunks.push(chunk({ content: piece }, null));
  for (const [index, call] of toolCalls.entries()) {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, null));
    for (const fragment of splitJson(call.function.arguments)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, null));
  }
  chunks.push(chunk({}, reply.finishReason));
  return {
    body: {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, finish_reason: reply.finishReason }],
      usage: { prompt_tokens: reply.inputTokens, completion_tokens: reply.outputTokens, total_tokens: reply.inputTokens + reply.outputTokens },
    },
    chunks,
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
  };
}

/** `tool_choice` as the kit's tool planner takes it. */
function plannerChoice(choice: unknown): "auto" | "any" | "none" | { name: string } {
  if (choice === "required") return "any";
  if (choice === "none") return "none";
  if (isRecord(choice) && isRecord(choice.function)) return { name: String(choice.function.name) };
  return "auto";
}

/** What differs between the families that take the OpenAI chat body. */
interface ChatCompletionsDialect {
  family: string;
  /** The upper bound of `temperature`. */
  maximumTemperature: number;
  /** False when the family takes no `stop` field. */
  takesStop: boolean;
  /** The `tool_choice` strings accepted; `function` stands for `{ type: "function", function: { name } }`. */
  toolChoices: readonly string[];
  /** True when the stream wraps each reasoning delta in its own tags (Kimi K2 Thinking). */
  tagsEachReasoningDelta: boolean;
}

/** A simulated model of one dialect: models that reason write it first; tool calls stream in fragments. */
function chatCompletionsSimulation(dialect: ChatCompletionsDialect): ModelSimulation {
  const keys = dialect.takesStop ? allowedKeys : allowedKeys.filter((key) => key !== "stop");
  return {
    family: dialect.family,
    scripting: { toolCalls: "many", reasoning: true },

    validate(body, model) {
      if (!isRecord(body)) return "Malformed input request: #: expected type: JSONObject, please reformat your input and try again.";
      const problem =
        checkKeys(body, keys, ["messages"]) ??
        checkNumber(body, "max_completion_tokens", 1, model.maxOutputTokens, true) ??
        checkNumber(body, "max_tokens", 1, model.maxOutputTokens, true) ??
        checkNumber(body, "temperature", 0, dialect.maximumTemperature) ??
        checkNumber(body, "top_p", 0, 1);
      if (problem) return problem;
      if (body.model !== undefined && body.model !== model.id) return malformed("model", "must match the model ID of the request");
      if (body.stream !== undefined && typeof body.stream !== "boolean") return malformed("stream", "expected type: Boolean");
      if (body.stop !== undefined && (!Array.isArray(body.stop) || body.stop.some((stop) => typeof stop !== "string"))) return malformed("stop", "expected an array of strings");
      if (body.reasoning_effort !== undefined && !["low", "medium", "high"].includes(String(body.reasoning_effort))) return malformed("reasoning_effort", "expected one of low, medium, high");
      return checkTools(body, dialect.toolChoices) ?? checkMessages(body, model);
    },

    answer(body, model) {
      const messages = (body.messages as Record<string, unknown>[]) ?? [];
      const last = messages[messages.length - 1] ?? {};
      const seed = JSON.stringify([messages, body.tools]);
      const inputTokens = countSimulatedTokens(seed);
      const tools = (Array.isArray(body.tools) ? body.tools.filter(isRecord) : []).map((tool) => {
        const fn = isRecord(tool.function) ? tool.function : {};
        return { name: String(fn.name), inputSchema: fn.parameters };
      });
      const reasons = model.capabilities.reasoning === true;
      const maxTokens = typeof body.max_completion_tokens === "number" ? body.max_completion_tokens : typeof body.max_tokens === "number" ? body.max_tokens : 4_096;
      const reasoningBudget = reasons ? Math.min(reasoningWords.length, maxTokens) : 0;
      const reasoning = reasons ? reasoningWords.slice(0, reasoningBudget).join(" ") : undefined;
      if (reasoningBudget === maxTokens && reasons) {
        // The answer was cut while reasoning: the closing tag never came.
        const content = `<reasoning>${reasoning}`;
        return render({ reasoning: undefined, text: content, calls: [], finishReason: "length", inputTokens, outputTokens: maxTokens }, model.id, dialect.tagsEachReasoningDelta);
      }
      const plan = last.role === "user" ? planToolCall(tools, plannerChoice(body.tool_choice), contentText(last.content), false) : undefined;
      if (plan) {
        const outputTokens = reasoningBudget + 10 + countSimulatedTokens(JSON.stringify(plan.input));
        return render({ reasoning, text: "", calls: [{ ...plan, id: toolCallId(`${seed}:${plan.name}`) }], finishReason: "tool_calls", inputTokens, outputTokens }, model.id, dialect.tagsEachReasoningDelta);
      }
      const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
      const generation = generateText(seed, maxTokens - reasoningBudget, stops, last.role === "tool" ? "Tool result received: " : "");
      const finishReason = generation.ending === "max_tokens" ? "length" : "stop";
      return render({ reasoning, text: generation.pieces.join(""), calls: [], finishReason, inputTokens, outputTokens: reasoningBudget + generation.pieces.length }, model.id, dialect.tagsEachReasoningDelta);
    },

    render(reply, body, model) {
      const seed = JSON.stringify(body.messages);
      const calls = reply.toolCalls.map((call, index) => ({ ...call, id: toolCallId(`${seed}:${index}:${call.name}`) }));
      return render(
        { reasoning: reply.reasoning, text: reply.text, calls, finishReason: finishReasons[reply.stopReason], inputTokens: reply.inputTokens, outputTokens: reply.outputTokens },
        model.id,
        dialect.tagsEachReasoningDelta,
      );
    },
  };
}

/** The simulated OpenAI gpt-oss, Qwen3, Gemma 3, MiniMax, Nemotron and GLM models. */
export const openAiChatSimulation = chatCompletionsSimulation({ family: "openai-chat", maximumTemperature: 2, takesStop: true, toolChoices: ["auto", "none", "required", "function"], tagsEachReasoningDelta: false });

/** The simulated Moonshot Kimi K2 Thinking and Kimi K2.5. */
export const moonshotKimiSimulation = chatCompletionsSimulation({ family: "moonshot-kimi", maximumTemperature: 1, takesStop: false, toolChoices: ["auto", "none"], tagsEachReasoningDelta: true });
