/**
 * Meta Llama 4 (Scout, Maverick): Meta's Llama 4 template with `<|header_start|>` /
 * `<|header_end|>` and `<|eot|>` (bedrock-formats.md §4.6; Meta's format, not in the AWS
 * text read on 2026-11-25), on the shared Llama body.
 */
import { headerTemplate, llamaAdapter } from "./shared/meta-llama.js";

/** `<|begin_of_text|><|header_start|>user<|header_end|>\n\n{text}<|eot|>…<|header_start|>assistant<|header_end|>\n\n` */
export const renderLlama4Prompt = headerTemplate({ headerStart: "<|header_start|>", headerEnd: "<|header_end|>", endOfTurn: "<|eot|>" });

/** The Llama 4 adapter. */
export const metaLlama4 = llamaAdapter("meta-llama4", renderLlama4Prompt, { estimator: "large-vocabulary" });
