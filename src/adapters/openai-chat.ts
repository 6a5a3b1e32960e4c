/**
 * The OpenAI Chat Completions body that Bedrock serves on InvokeModel for OpenAI gpt-oss,
 * Qwen3 and the open-weight models of src/models/catalog/open-weights.ts (Gemma 3, MiniMax,
 * Nemotron, GLM): `messages` (system, user, assistant with `tool_calls`, `tool`), `max_completion_tokens`,
 * `stop`, `temperature`, `top_p`, `tools`, `tool_choice`, `reasoning_effort`; answers as
 * `choices[0].message` with `finish_reason`, streams as `chat.completion.chunk` deltas.
 *
 * Sources (read 2026-11-30):
 * - AWS Bedrock User Guide, "OpenAI models" (model-parameters-openai): the InvokeModel body is
 *   OpenAI's "Create chat completion"; `max_completion_tokens` maps to Converse `maxTokens`;
 *   `model` may be omitted; `stream` must be false on InvokeModel (so it is never sent); on
 *   InvokeModel the model's reasoning comes in `<reasoning>` tags before the text content.
 * - langchain-ai/langchain-aws `libs/aws/tests/unit_tests/llms/test_bedrock.py` @0434c7f:
 *   recorded `chat.completion.chunk` streams of `openai.gpt-oss-20b-1:0` and
 *   `qwen.qwen3-32b-v1:0` (`delta`, `finish_reason`, metrics on the last chunk).
 * - `max_completion_tokens` on a recording: jparkerweb/bedrock-wrapper @2173035 sends gpt-oss
 *   20B and 120B `{ messages, max_completion_tokens, temperature }` on InvokeModel
 *   (`bedrock-models.js`, since its v2.4.5 of 2025-08-06) and its run of 2026-05-16
 *   (`test-models-output.txt`) was answered with `<reasoning>…</reasoning>Two` (fixture
 *   `openai-chat/gpt-oss-recorded-reasoning-response.json`). Against `max_tokens`: a Cherry
 *   Studio user reported Bedrock answering gpt-oss-120b with "The 'max_tokens' parameter is not
 *   supported, use 'max_completion_tokens' instead" (CherryHQ/cherry-studio#9655, 2025-08-29;
 *   that client streams gpt-oss with `max_tokens` on InvokeModelWithResponseStream,
 *   `AwsBedrockAPIClient.ts` @e038126), while langchain-aws @0434c7f sends it `max_tokens`
 *   (not recorded).
 * - `reasoning_effort` low | medium | high for gpt-oss: langchain-aws `utils.py`
 *   `reasoning_effort_additional_fields` and models.dev `openai.gpt-oss-*-1:0.toml`
 *   (`reasoning_options` effort low/medium/high).
 */
import type { ReasoningOptions, Warning } from "../types.js";
import type { ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { chatCompletionDecoder, chatCompletionReader, type ChatCompletionReading } from "./shared/chat-completions.js";
import { topKWarning } from "./shared/conversation.js";
import { mapChatStopReason, toChatMessages, toChatTools, type AssistantCallStyle, type ChatTool } from "./shared/openai-chat.js";

/** One part of a user message that carries images. */
export type OpenAiContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** One message of the body. */
export type OpenAiChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | OpenAiContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

/** A tool call as an assistant message carries it back. */
export interface OpenAiToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** OpenAI's `tool_choice`. */
export type OpenAiToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** The native InvokeModel body of the OpenAI chat family. */
export interface OpenAiChatBody {
  messages: OpenAiChatMessage[];
  max_completion_tokens?: number | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
  stop?: string[] | undefined;
  tools?: ChatTool[] | undefined;
  tool_choice?: OpenAiToolChoice | undefined;
  reasoning_effort?: "low" | "medium" | "high" | undefined;
  [extra: string]: unknown;
}

/** OpenAI's body types each tool call and sends `content: null` beside calls without text. */
const typedCalls: AssistantCallStyle = { typedCalls: true, nullContentWithCalls: true };

/** gpt-oss writes its reasoning inline on InvokeModel (AWS "OpenAI models", read 2026-11-30). */
const reading: ChatCompletionReading = { reasoningTags: { open: "<reasoning>", close: "</reasoning>" } };

/** `toolChoice` as OpenAI's `tool_choice` (`any` is OpenAI's `required`). */
function toToolChoice(choice: NormalizedRequest["toolChoice"]): OpenAiToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "object") return { type: "function", function: { name: choice.name } };
  return choice === "any" ? "required" : choice;
}

/** `reasoning` as `reasoning_effort`: `max` is sent as `high`, `budgetTokens` is not sent; each with a warning. */
function toReasoningEffort(reasoning: ReasoningOptions, modelId: string, warnings: Warning[]): OpenAiChatBody["reasoning_effort"] {
  if (reasoning.budgetTokens !== undefined) {
    warnings.push({ type: "unsupported", feature: "reasoning.budgetTokens", message: `${modelId} takes a reasoning effort (low, medium, high), not a token budget; it was not sent.` });
  }
  if (reasoning.effort === "max") {
    warnings.push({ type: "emulated", feature: "reasoning.effort", message: `${modelId} takes reasoning efforts low, medium and high; "max" was sent as "high".` });
    return "high";
  }
  return reasoning.effort;
}

/** OpenAI gpt-oss, Qwen3, Gemma 3, MiniMax, Nemotron, GLM: the OpenAI Chat Completions body on InvokeModel. */
export const openAiChat = {
  family: "openai-chat",
  // OpenAI "Create chat completion": temperature 0–2, top_p 0–1.
  parameterRanges: { temperature: [0, 2], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<OpenAiChatBody> {
    const warnings: Warning[] = [];
    const body: OpenAiChatBody = { messages: toChatMessages(request, typedCalls) as OpenAiChatMessage[] };
    if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    if (request.stopSequences?.length) body.stop = request.stopSequences;
    if (request.tools?.length) {
      body.tools = toChatTools(request.tools);
      const choice = toToolChoice(request.toolChoice);
      if (choice !== undefined) body.tool_choice = choice;
    }
    if (request.reasoning) {
      const effort = toReasoningEffort(request.reasoning, model.id, warnings);
      if (effort !== undefined) body.reasoning_effort = effort;
    }
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody: chatCompletionReader(reading),
  createStreamDecoder: chatCompletionDecoder(reading),
  mapStopReason: mapChatStopReason,
} satisfies ModelAdapter<OpenAiChatBody>;
