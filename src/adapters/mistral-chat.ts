/**
 * Mistral chat completion on Bedrock (Mistral Large 2402, Large 2 2407, and the current
 * models: Pixtral Large 25.02, Large 3, Magistral, Ministral 3, Devstral 2): OpenAI-like
 * `messages` with string content (a user turn with images: `text` and `image_url` chunks,
 * Pixtral), `tools`, `tool_choice`; `choices[0].message` out, with `stop_reason` (not
 * `finish_reason`) and whole tool calls in one stream chunk; Magistral's content chunks
 * (thinking, text) become a reasoning part and text.
 * Format: ../shared/design/bedrock-formats.md §4.12, from AWS's "Mistral AI chat
 * completion" page (read 2026-11-25) and "Pixtral Large (25.02) parameters and inference"
 * (read 2026-11-30).
 */
import { isRecord } from "../encoding.js";
import type { Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, StreamDecoder } from "./adapter.js";
import { toolChoiceNoneWarning, topKWarning } from "./shared/conversation.js";
import { chatCompletionDecoder, chatCompletionReader } from "./shared/chat-completions.js";
import { chatBodyBase, mapChatStopReason, toChatTools, type ChatBodyBase, type ChatTool } from "./shared/openai-chat.js";

/** The native InvokeModel body of Mistral chat completion. */
export interface MistralChatBody extends ChatBodyBase {
  tools?: ChatTool[] | undefined;
  tool_choice?: "auto" | "any" | "none" | undefined;
  [extra: string]: unknown;
}

/**
 * A body or chunk whose `choices[0].message.content` is a list of chunks, flattened: the
 * text chunks joined as the string content, the thinking chunks' text returned apart.
 * Magistral shows its reasoning this way on Mistral's chat completion API:
 * `[{type: "thinking", thinking: [{type: "text", text}]}, {type: "text", text}]`
 * (docs.mistral.ai "Reasoning"; the same two shapes handled in langchain4j/langchain4j
 * PR 4474; read 2026-11-30). Not yet seen in a Bedrock recording; string content passes
 * through untouched.
 */
function flattenContentChunks(body: unknown): { body: unknown; reasoning: string } {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  const message = isRecord(choice) ? choice.message : undefined;
  if (!isRecord(body) || !isRecord(choice) || !isRecord(message) || !Array.isArray(message.content)) return { body, reasoning: "" };
  const textOf = (parts: unknown): string => (Array.isArray(parts) ? parts.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("") : "");
  const chunks = message.content.filter(isRecord);
  const text = textOf(chunks.filter((chunk) => chunk.type === "text"));
  const reasoning = chunks.map((chunk) => (chunk.type === "thinking" ? textOf(chunk.thinking) : "")).join("");
  const flatChoice = { ...choice, message: { ...message, content: text } };
  return { body: { ...body, choices: [flatChoice, ...(body.choices as unknown[]).slice(1)] }, reasoning };
}

const readChatBody = chatCompletionReader({ stopFields: ["stop_reason", "finish_reason"] });
const createChatDecoder = chatCompletionDecoder({ stopFields: ["stop_reason", "finish_reason"] });

/** Mistral chat completion: messages with a system role, tools, whole streamed tool calls. */
export const mistralChat = {
  family: "mistral-chat",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<MistralChatBody> {
    const warnings: Warning[] = [];
    const body: MistralChatBody = { ...chatBodyBase(request) };
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    if (request.tools?.length) {
      if (request.toolChoice === "none") warnings.push({ ...toolChoiceNoneWarning });
      else {
        body.tools = toChatTools(request.tools);
        if (typeof request.toolChoice === "object") {
          warnings.push({
            type: "emulated",
            feature: "toolChoice",
            message: `${model.id} cannot be told which tool to call; it is sent "any" with only the named tool.`,
          });
          body.tools = body.tools.filter((tool) => tool.function.name === (request.toolChoice as { name: string }).name);
          body.tool_choice = "any";
        } else if (request.toolChoice) body.tool_choice = request.toolChoice;
      }
    }
    const result: NativeRequest<MistralChatBody> = { body: { ...body, ...request.native }, warnings };
    if (request.stopSequences?.length) {
      warnings.push({
        type: "emulated",
        feature: "stopSequences",
        message: `${model.id} chat takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.`,
      });
      result.emulatedStopSequences = request.stopSequences;
    }
    return result;
  },

  // Mistral on Bedrock answers with `stop_reason`.
  fromNativeBody(body: unknown): AdapterOutput {
    const flat = flattenContentChunks(body);
    const output = readChatBody(flat.body);
    return flat.reasoning === "" ? output : { ...output, content: [{ type: "reasoning", text: flat.reasoning }, ...output.content] };
  },

  createStreamDecoder(): StreamDecoder {
    const decoder = createChatDecoder();
    return {
      push(chunk) {
        const flat = flattenContentChunks(chunk);
        const deltas = decoder.push(flat.body as Record<string, unknown>);
        return flat.reasoning === "" ? deltas : [{ type: "reasoning", text: flat.reasoning }, ...deltas];
      },
      raw: () => decoder.raw(),
    };
  },

  mapStopReason: mapChatStopReason,
} satisfies ModelAdapter<MistralChatBody>;
