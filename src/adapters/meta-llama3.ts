/**
 * Meta Llama 3, 3.1, 3.2, 3.3: Meta's header-token chat template with two newlines after
 * every `<|end_header_id|>` (bedrock-formats.md §4.6, from Meta's `tokenizer_config.json`
 * chat template), on the shared Llama body.
 */
import { headerTemplate, llamaAdapter } from "./shared/meta-llama.js";

/** `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{text}<|eot_id|>…<|start_header_id|>assistant<|end_header_id|>\n\n` */
export const renderLlama3Prompt = headerTemplate({ headerStart: "<|start_header_id|>", headerEnd: "<|end_header_id|>", endOfTurn: "<|eot_id|>" });

/** The Llama 3.x adapter. */
export const metaLlama3 = llamaAdapter("meta-llama3", renderLlama3Prompt, { estimator: "large-vocabulary", exact: "llama3" });
