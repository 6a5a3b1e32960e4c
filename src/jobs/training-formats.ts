/**
 * The training-data formats Bedrock's fine-tuning takes, by base model, and which base
 * models it can customize. Each checker returns the problems of one parsed JSONL record;
 * problems name fields and never quote the data.
 */
import { isRecord } from "../encoding.js";
import { ValidationError } from "../errors.js";

/** The format of a customizable base model's training records. */
export type TrainingFormat = "prompt-completion" | "claude-messages" | "bedrock-conversation" | "prompt-completion-or-conversation";

/**
 * Base models fine-tuning serves, by their customization ID (the ID with its context-window
 * suffix, which CreateModelCustomizationJob takes as `baseModelIdentifier`), and the format
 * of their records. Sources, read 2026-11-30: AWS User Guide "Customize a model with
 * fine-tuning in Amazon Bedrock" (Nova Micro/Lite/Pro, Claude 3 Haiku, Llama 3.1 8B/70B,
 * 3.2 1B/3B/11B/90B, 3.3 70B); Titan Text G1 Lite and Express with the IDs
 * ListFoundationModels gives for FINE_TUNING (`amazon.titan-text-lite-v1:0:4k`,
 * `amazon.titan-text-express-v1:0:8k`). Formats: User Guide "Prepare data for fine-tuning
 * text-to-text models" (`{prompt, completion}`, and the Converse format with `schemaVersion`
 * `bedrock-conversation-2024`), Amazon Nova User Guide "Fine-tuning Amazon Nova models"
 * (the Converse format), Claude cookbook "Finetuning Claude 3 Haiku on Bedrock" (`{system?,
 * messages}` with string contents).
 */
export const trainingFormats: Readonly<Record<string, TrainingFormat>> = {
  "amazon.titan-text-lite-v1:0:4k": "prompt-completion",
  "amazon.titan-text-express-v1:0:8k": "prompt-completion",
  "anthropic.claude-3-haiku-20240307-v1:0:200k": "claude-messages",
  "amazon.nova-micro-v1:0:128k": "bedrock-conversation",
  "amazon.nova-lite-v1:0:300k": "bedrock-conversation",
  "amazon.nova-pro-v1:0:300k": "bedrock-conversation",
  "meta.llama3-1-8b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-1-70b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-2-1b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-2-3b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-2-11b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-2-90b-instruct-v1:0:128k": "prompt-completion-or-conversation",
  "meta.llama3-3-70b-instruct-v1:0:128k": "prompt-completion-or-conversation",
};

/**
 * The customization ID of a base model: as given when fine-tuning knows it, or the one
 * whose ID without the context-window suffix (and for Titan Text, the version) is the given
 * ID (`amazon.nova-micro-v1:0` → `amazon.nova-micro-v1:0:128k`), or a foundation-model ARN's. Undefined when fine-tuning
 * does not serve the model.
 */
export function customizationId(baseModelId: string): string | undefined {
  const id = baseModelId.replace(/^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]*::foundation-model\//, "");
  if (trainingFormats[id]) return id;
  // Titan Text's catalog IDs carry no version (`amazon.titan-text-express-v1`), their customization IDs do (`…-v1:0:8k`).
  return Object.keys(trainingFormats).find((known) => known.replace(/:\d+k$/, "") === id || known.replace(/:\d+:\d+k$/, "") === id);
}

/** The customization ID of a base model, or a `ValidationError` naming `baseModelId` and the models fine-tuning serves. */
export function requireCustomizationId(baseModelId: unknown, operation?: "customization"): string {
  const id = typeof baseModelId === "string" ? customizationId(baseModelId) : undefined;
  if (id !== undefined) return id;
  throw new ValidationError(`Invalid baseModelId: fine-tuning does not serve ${typeof baseModelId === "string" ? baseModelId : "that model"}; it serves ${Object.keys(trainingFormats).join(", ")}`, {
    field: "baseModelId",
    ...(operation ? { operation } : {}),
  });
}

/** The problems of a `{prompt, completion}` record. */
function promptCompletion(record: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ["prompt", "completion"]) {
    if (typeof record[key] !== "string" || (record[key] as string).trim() === "") problems.push(`"${key}" must be a non-empty string`);
  }
  const extra = Object.keys(record).filter((key) => key !== "prompt" && key !== "completion");
  if (extra.length > 0) problems.push(`unexpected keys ${extra.map((key) => `"${key}"`).join(", ")} (only "prompt" and "completion")`);
  return problems;
}

/** Roles alternate from `user` and end with `assistant`, at least two messages. */
function turnProblems(roles: unknown[]): string[] {
  if (roles.length < 2) return ['"messages" needs at least two messages (user, then assistant)'];
  const problems: string[] = [];
  roles.forEach((role, index) => {
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (role !== expected) problems.push(`messages[${index}].role must be "${expected}" (roles alternate, starting with "user")`);
  });
  if (roles[roles.length - 1] !== "assistant") problems.push('the last message must be from "assistant"');
  return problems;
}

/** The problems of a Claude 3 Haiku record: `{system?: string, messages: [{role, content: string}]}`. */
function claudeMessages(record: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const extra = Object.keys(record).filter((key) => key !== "system" && key !== "messages");
  if (extra.length > 0) problems.push(`unexpected keys ${extra.map((key) => `"${key}"`).join(", ")} (only "system" and "messages")`);
  if (record.system !== undefined && typeof record.system !== "string") problems.push('"system" must be a string');
  if (!Array.isArray(record.messages)) return [...problems, '"messages" must be an array'];
  record.messages.forEach((message, index) => {
    if (!isRecord(message)) problems.push(`messages[${index}] must be an object`);
    else if (typeof message.content !== "string" || message.content.trim() === "") problems.push(`messages[${index}].content must be a non-empty string`);
  });
  return [...problems, ...turnProblems(record.messages.map((message) => (isRecord(message) ? message.role : undefined)))];
}

/** The problems of a Converse-format record (`schemaVersion: "bedrock-conversation-2024"`, `system: [{text}]`, `messages: [{role, content: [{text}]}]`). */
function bedrockConversation(record: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (record.schemaVersion !== "bedrock-conversation-2024") problems.push('"schemaVersion" must be "bedrock-conversation-2024"');
  if (record.system !== undefined) {
    if (!Array.isArray(record.system) || record.system.some((block) => !isRecord(block) || typeof block.text !== "string")) problems.push('"system" must be an array of { text } blocks');
  }
  if (!Array.isArray(record.messages)) return [...problems, '"messages" must be an array'];
  record.messages.forEach((message, index) => {
    const content = isRecord(message) ? message.content : undefined;
    if (!Array.isArray(content) || content.length === 0 || content.some((block) => !isRecord(block))) {
      problems.push(`messages[${index}].content must be a non-empty array of content blocks`);
    } else if (!content.some((block) => isRecord(block) && typeof block.text === "string" && block.text.trim() !== "")) {
      problems.push(`messages[${index}].content has no { text } block with text`);
    }
  });
  return [...problems, ...turnProblems(record.messages.map((message) => (isRecord(message) ? message.role : undefined)))];
}

/** The problems of one parsed record in `format`. */
export function recordProblems(format: TrainingFormat, record: unknown): string[] {
  if (!isRecord(record)) return ["the line is not a JSON object"];
  switch (format) {
    case "prompt-completion":
      return promptCompletion(record);
    case "claude-messages":
      return claudeMessages(record);
    case "bedrock-conversation":
      return bedrockConversation(record);
    case "prompt-completion-or-conversation":
      return "schemaVersion" in record || "messages" in record ? bedrockConversation(record) : promptCompletion(record);
  }
}
