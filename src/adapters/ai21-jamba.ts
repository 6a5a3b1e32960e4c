/**
 * AI21 Jamba (Jamba-Instruct, 1.5 Mini, 1.5 Large) on Bedrock: OpenAI-like chat with a
 * system role, `stop`, usage in the body; tools on 1.5 only.
 * Format: ../shared/design/bedrock-formats.md §4.10, from AWS's "AI21 Labs Jamba models"
 * page (read 2026-11-25). `tool_choice` is not documented there, so it is not sent.
 */
import type { Warning } from "../types.js";
import type { ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { toolChoiceNoneWarning, topKWarning } from "./shared/conversation.js";
import { chatCompletionDecoder, chatCompletionReader } from "./shared/chat-completions.js";
import { chatBodyBase, mapChatStopReason, toChatTools, type ChatBodyBase, type ChatTool } from "./shared/openai-chat.js";

/** The native InvokeModel body of Jamba. */
export interface JambaBody extends ChatBodyBase {
  stop?: string[] | undefined;
  tools?: ChatTool[] | undefined;
  [extra: string]: unknown;
}

/** Jamba: chat messages with a system role, `stop`, OpenAI-style usage. */
export const ai21Jamba = {
  family: "ai21-jamba",
  parameterRanges: { temperature: [0, 2], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<JambaBody> {
    const warnings: Warning[] = [];
    const body: JambaBody = { ...chatBodyBase(request) };
    if (request.stopSequences?.length) body.stop = request.stopSequences;
    if (request.topK !== undefined) warnings.push(topKWarning(model.id));
    if (request.tools?.length) {
      if (request.toolChoice === "none") warnings.push({ ...toolChoiceNoneWarning });
      else {
        body.tools = toChatTools(request.tools);
        if (request.toolChoice !== undefined && request.toolChoice !== "auto") {
          warnings.push({
            type: "unsupported",
            feature: "toolChoice",
            message: `${model.id} documents no tool_choice on Bedrock; the model decides whether to call a tool.`,
          });
        }
      }
    }
    return { body: { ...body, ...request.native }, warnings };
  },

  // vLLM: `finish_reason` is the stop reason; `stop_reason` is the stop token that fired.
  fromNativeBody: chatCompletionReader({ stopFields: ["finish_reason"] }),

  createStreamDecoder: chatCompletionDecoder({ stopFields: ["finish_reason"] }),
  mapStopReason: mapChatStopReason,
} satisfies ModelAdapter<JambaBody>;
