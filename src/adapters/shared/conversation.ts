/** Conversation helpers shared by adapters whose APIs take role-tagged message lists. */
import { ValidationError } from "../../errors.js";
import type { ContentPart, Message, Warning } from "../../types.js";

/** For families with no portable "none" tool choice: the request goes without tool definitions. */
export const toolChoiceNoneWarning: Warning = {
  type: "emulated",
  feature: "toolChoice",
  message: 'toolChoice "none" is sent as a request without tool definitions.',
};

/** The parts of a message's content; a string is one text part. */
export function partsOf(content: Message["content"]): ContentPart[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

/** The text parts of a message's content, joined. */
export function textOf(content: Message["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/**
 * Encodes messages as `{ role, content: Block[] }` turns, merging consecutive messages of
 * the same role (Claude and Nova reject two turns of one role in a row).
 */
export function mergeTurns<Block>(
  messages: Message[],
  toBlock: (part: ContentPart) => Block,
): { role: "user" | "assistant"; content: Block[] }[] {
  const turns: { role: "user" | "assistant"; content: Block[] }[] = [];
  for (const message of messages) {
    const blocks = partsOf(message.content).map(toBlock);
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.content.push(...blocks);
    else turns.push({ role: message.role, content: blocks });
  }
  return turns;
}

/**
 * For completion models with no chat template (Jurassic-2, Cohere Command): system text
 * and turns joined as plain paragraphs, the last one the text to continue.
 */
export function renderPlainPrompt(messages: Message[], system: string | undefined): string {
  const parts = system === undefined ? [] : [system];
  for (const message of messages) parts.push(textOf(message.content));
  return parts.join("\n\n");
}

/** The warning for a `topK` the family has no field for. */
export function topKWarning(modelId: string): Warning {
  return { type: "unsupported", feature: "topK", message: `${modelId} has no topK; it was not sent.` };
}

/** The warning for system text and turns flattened into one completion prompt. */
export function plainPromptWarning(modelId: string, hasSystem: boolean): Warning {
  return {
    type: "emulated",
    feature: hasSystem ? "system" : "messages",
    message: `${modelId} is a completion model; the system text and turns are sent as plain paragraphs of one prompt.`,
  };
}

/**
 * Splits stop sequences at a family's limit: the first `maximum` go on the wire, the rest
 * are cut client-side (with a warning added to `warnings`).
 */
export function splitStopSequences(
  stops: string[] | undefined,
  maximum: number,
  modelId: string,
  warnings: Warning[],
): { native: string[]; emulated: string[] | undefined } {
  const all = stops ?? [];
  if (all.length <= maximum) return { native: all, emulated: undefined };
  warnings.push({
    type: "emulated",
    feature: "stopSequences",
    message: `${modelId} takes at most ${maximum} stop sequence${maximum === 1 ? "" : "s"} on Bedrock; bedrock-kit applies the rest to the text it returns.`,
  });
  return { native: all.slice(0, maximum), emulated: all.slice(maximum) };
}

/** Refuses more stop sequences than a model takes on the wire (its Bedrock page's limit), before the network. */
export function checkStopSequenceCount(stops: readonly string[] | undefined, maximum: number, modelId: string): void {
  const count = stops?.length ?? 0;
  if (count > maximum) {
    throw new ValidationError(`Invalid stopSequences: ${modelId} takes at most ${maximum} stop sequences on Bedrock (got ${count})`, { field: "stopSequences", modelId });
  }
}
