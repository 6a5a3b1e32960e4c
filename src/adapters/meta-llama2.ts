/**
 * Meta Llama 2 Chat: Meta's `[INST]` / `<<SYS>>` template (bedrock-formats.md §4.5; AWS's
 * example uses `<s>[INST] … [/INST]`), on the shared Llama body.
 */
import type { Message } from "../types.js";
import { textOf } from "./shared/conversation.js";
import { llamaAdapter } from "./shared/meta-llama.js";

/**
 * `<s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {assistant} </s><s>[INST] {user} [/INST]`;
 * a final assistant message is left open as a prefill.
 */
export function renderLlama2Prompt(messages: Message[], system: string | undefined): string {
  let prompt = "";
  let first = true;
  for (const message of messages) {
    const text = textOf(message.content);
    if (message.role === "user") {
      const systemBlock = first && system !== undefined ? `<<SYS>>\n${system}\n<</SYS>>\n\n` : "";
      prompt += `<s>[INST] ${systemBlock}${text} [/INST]`;
      first = false;
    } else {
      prompt += ` ${text}`;
      if (message !== messages[messages.length - 1]) prompt += " </s>";
    }
  }
  return prompt;
}

/** The Llama 2 Chat adapter. */
export const metaLlama2 = llamaAdapter("meta-llama2", renderLlama2Prompt, { estimator: "small-vocabulary", exact: "llama2" });
