/**
 * Moonshot Kimi K2 Thinking and Kimi K2.5 (assumed to share K2 Thinking's limits ⚠️) on Bedrock:
 * the OpenAI Chat Completions body of the
 * `openai-chat` family, with Moonshot's limits — no `stop` on Bedrock (stop sequences are
 * applied client-side), `temperature` 0–1, no `tool_choice: "required"` — and its reasoning
 * in `<reasoning>` tags before the answer, read as the `openai-chat` codec reads gpt-oss's.
 *
 * Sources (read 2026-11-30): BerriAI/litellm
 * `litellm/llms/bedrock/chat/invoke_transformations/amazon_moonshot_transformation.py`
 * (InvokeModel with Moonshot's chat body; "Bedrock doesn't support stopSequences field for
 * this model"; temperature range [0, 1]; tool_choice without "required"; reasoning in
 * `<reasoning>` tags); `reasoning_effort` for `moonshot.` models: langchain-ai/langchain-aws
 * `libs/aws/langchain_aws/utils.py` `reasoning_effort_additional_fields` @0434c7f.
 * Recorded against Bedrock on 2026-05-16 (jparkerweb/bedrock-wrapper @2173035
 * `test-models-output.txt`, read 2026-11-30): K2 Thinking's InvokeModel answer is one
 * `<reasoning>` block, then the text; its stream wraps each reasoning delta in its own tags,
 * which the shared splitter joins (test/fixtures/moonshot-kimi/).
 */
import type { Warning } from "../types.js";
import type { ModelAdapter, NativeRequest, NormalizedRequest } from "./adapter.js";
import { openAiChat, type OpenAiChatBody } from "./openai-chat.js";

/** Kimi K2 Thinking and K2.5: the OpenAI chat body without `stop` and without a forced tool choice. */
export const moonshotKimi = {
  ...openAiChat,
  family: "moonshot-kimi",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },

  toNativeBody(request: NormalizedRequest, model): NativeRequest<OpenAiChatBody> {
    const warnings: Warning[] = [];
    const forced = request.toolChoice === "any" || typeof request.toolChoice === "object";
    if (forced) {
      warnings.push({ type: "unsupported", feature: "toolChoice", message: `${model.id} cannot be made to call a tool on Bedrock; the model decides (tool_choice "auto").` });
    }
    const encoded = openAiChat.toNativeBody({ ...request, stopSequences: undefined, toolChoice: forced ? "auto" : request.toolChoice }, model);
    const result: NativeRequest<OpenAiChatBody> = { body: encoded.body, warnings: [...encoded.warnings, ...warnings] };
    if (request.stopSequences?.length) {
      result.warnings.push({ type: "emulated", feature: "stopSequences", message: `${model.id} takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.` });
      result.emulatedStopSequences = request.stopSequences;
    }
    return result;
  },
} satisfies ModelAdapter<OpenAiChatBody>;
