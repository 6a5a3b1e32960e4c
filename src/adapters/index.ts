/** Text family → adapter. Adding a text family adds one line here (embedding-index.ts and image-index.ts for the others). */
import type { ModelAdapter } from "./adapter.js";
import { ai21J2 } from "./ai21-j2.js";
import { ai21Jamba } from "./ai21-jamba.js";
import { amazonNova } from "./amazon-nova.js";
import { amazonTitanText } from "./amazon-titan-text.js";
import { anthropicMessages } from "./anthropic-messages.js";
import { anthropicText } from "./anthropic-text.js";
import { cohereChat } from "./cohere-chat.js";
import { cohereCommand } from "./cohere-command.js";
import { metaLlama2 } from "./meta-llama2.js";
import { metaLlama3 } from "./meta-llama3.js";
import { metaLlama4 } from "./meta-llama4.js";
import { mistralChat } from "./mistral-chat.js";
import { mistralPrompt } from "./mistral-prompt.js";
import { deepSeekR1 } from "./deepseek-r1.js";
import { openAiChat } from "./openai-chat.js";
import { writerPalmyra } from "./writer-palmyra.js";
import { twelveLabsPegasus } from "./twelvelabs-pegasus.js";
import { moonshotKimi } from "./moonshot-kimi.js";

/** Every adapter bedrock-kit ships, by family name. */
export const adapters: ReadonlyMap<string, ModelAdapter> = new Map<string, ModelAdapter>([
  [anthropicMessages.family, anthropicMessages],
  [anthropicText.family, anthropicText],
  [amazonTitanText.family, amazonTitanText],
  [amazonNova.family, amazonNova],
  [metaLlama2.family, metaLlama2],
  [metaLlama3.family, metaLlama3],
  [metaLlama4.family, metaLlama4],
  [mistralPrompt.family, mistralPrompt],
  [mistralChat.family, mistralChat],
  [ai21J2.family, ai21J2],
  [ai21Jamba.family, ai21Jamba],
  [cohereCommand.family, cohereCommand],
  [cohereChat.family, cohereChat],
  [openAiChat.family, openAiChat],
  [deepSeekR1.family, deepSeekR1],
  [writerPalmyra.family, writerPalmyra],
  [twelveLabsPegasus.family, twelveLabsPegasus],
  [moonshotKimi.family, moonshotKimi],
]);
