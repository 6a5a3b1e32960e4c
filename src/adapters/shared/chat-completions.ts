/**
 * Reading OpenAI-style chat answers as Bedrock gives them: `choices[0].message` bodies, and
 * streams of `chat.completion.chunk` (`delta`), vLLM `text_completion` (`text`) or Mistral /
 * Jamba (`message` or `delta`) chunks whose tool calls arrive whole or as argument fragments
 * keyed by `index` (OpenAI gpt-oss, Qwen3, Kimi K2, Writer Palmyra, Mistral chat, AI21 Jamba).
 *
 * Stop reason: `finish_reason` first; vLLM's `stop_reason` (the stop string or integer
 * token id that fired) is read only when it is a string and no `finish_reason` is given
 * (../shared/research/review-wire-formats.md finding 1, read 2026-11-30).
 * Reasoning: a `reasoning_content` or `reasoning` string on the message or delta (vLLM's
 * reasoning parsers; Palmyra X5's AWS example body carries `reasoning_content: null`), and,
 * where the family names tags, inline tags at the start of the content (gpt-oss on
 * InvokeModel: AWS "OpenAI models" page, read 2026-11-30).
 */
import { isRecord } from "../../encoding.js";
import type { ContentPart } from "../../types.js";
import type { AdapterOutput, PartialUsage, StreamDecoder, StreamDelta } from "../adapter.js";
import { piecesToParts, TaggedReasoningSplitter, type ReasoningTags, type SplitPiece } from "./tagged-reasoning.js";

/** The choice fields a family's stop reason is read from, in order: the first that holds a string wins. */
export type ChatStopFields = readonly ["finish_reason" | "stop_reason", ...("finish_reason" | "stop_reason")[]];

/** How a family's chat answers are read. */
export interface ChatCompletionReading {
  /** Tags of reasoning written inline at the start of the content, if the family writes it so (several: whichever opens it). */
  reasoningTags?: ReasoningTags | readonly [ReasoningTags, ...ReasoningTags[]] | undefined;
  /**
   * Where the stop reason is (default `finish_reason`, then vLLM's `stop_reason`). Mistral's
   * chat chunks carry `stop_reason`; Jamba's vLLM `stop_reason` is the stop string that fired,
   * so Jamba reads only `finish_reason` (recorded Jamba chunk: lobehub/lobe-chat
   * `src/libs/agent-runtime/utils/streams/bedrock/ai21.ts` @5305c8d, 2024). A rebuilt stream
   * body names the first, and has no `object` member.
   */
  stopFields?: ChatStopFields | undefined;
  /** A reasoning block right after a closed one continues the reasoning (Kimi's per-delta blocks; see tagged-reasoning.ts). */
  joinReasoningBlocks?: boolean | undefined;
}

const defaultStopFields: ChatStopFields = ["finish_reason", "stop_reason"];

/** `choices[0]` of a body or chunk. */
export function firstChoice(body: unknown): Record<string, unknown> | undefined {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isRecord(choice) ? choice : undefined;
}

/** The stop reason of a choice: the first of `fields` that holds a string; numbers and nulls never count. */
function chatStopOf(choice: Record<string, unknown>, fields: ChatStopFields): string | undefined {
  for (const field of fields) {
    const raw = choice[field];
    if (typeof raw === "string") return raw;
  }
  return undefined;
}

/** OpenAI-style `usage`, when present. */
function readUsage(body: Record<string, unknown>): PartialUsage | undefined {
  if (!isRecord(body.usage)) return undefined;
  const usage: PartialUsage = {};
  if (typeof body.usage.prompt_tokens === "number") usage.inputTokens = body.usage.prompt_tokens;
  if (typeof body.usage.completion_tokens === "number") usage.outputTokens = body.usage.completion_tokens;
  return usage;
}

/** A reasoning string on a message or delta (`reasoning_content`, else `reasoning`). */
function reasoningField(message: Record<string, unknown>): string | undefined {
  if (typeof message.reasoning_content === "string") return message.reasoning_content;
  return typeof message.reasoning === "string" ? message.reasoning : undefined;
}

/** The text of a message's `content`: a string, or the text of an array of `{ type: "text", text }` parts. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
}

/** A tool call's `arguments` (a JSON string, or already an object) as its input. */
function parseArguments(raw: unknown): unknown {
  if (typeof raw !== "string") return raw ?? {};
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error("a tool call's arguments are not JSON");
  }
}

/** Reasoning, text and tool-call parts of a whole response message. */
function readMessage(message: Record<string, unknown>, reading: ChatCompletionReading): ContentPart[] {
  const pieces: SplitPiece[] = [];
  const reasoning = reasoningField(message);
  if (reasoning) pieces.push({ type: "reasoning", text: reasoning });
  const text = contentText(message.content);
  if (reading.reasoningTags) {
    const splitter = new TaggedReasoningSplitter(reading.reasoningTags, false, reading.joinReasoningBlocks === true);
    pieces.push(...splitter.push(text), ...splitter.flush());
  } else if (text !== "") pieces.push({ type: "text", text });
  const parts = piecesToParts(pieces);
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
    if (!isRecord(call) || !fn || typeof fn.name !== "string") throw new Error("a tool call has no function name");
    parts.push({ type: "tool-call", id: String(call.id), name: fn.name, input: parseArguments(fn.arguments) });
  }
  return parts;
}

/** A reader of chat response bodies: `choices[0].message` (or a completion's `text`), stop reason, usage. */
export function chatCompletionReader(reading: ChatCompletionReading): (body: unknown) => AdapterOutput {
  return (body) => {
    const choice = firstChoice(body);
    if (!isRecord(body) || !choice) throw new Error("the body has no choices[0]");
    const message = isRecord(choice.message) ? choice.message : typeof choice.text === "string" ? { content: choice.text } : undefined;
    if (!message) throw new Error("choices[0] has no message");
    return { content: readMessage(message, reading), rawStopReason: chatStopOf(choice, reading.stopFields ?? defaultStopFields), stopSequence: undefined, usage: readUsage(body) };
  };
}

/** A tool call being assembled from stream fragments. */
interface ToolCallDraft {
  id: string;
  /** True once a fragment gave the call's own `id` (until then `id` is made up from the index). */
  idGiven: boolean;
  name: string;
  arguments: string;
}

/** A decoder factory for chat stream chunks: text and reasoning deltas, tool calls assembled whole, stop reason, usage. */
export function chatCompletionDecoder(reading: ChatCompletionReading): () => StreamDecoder {
  return () => new ChatCompletionDecoder(reading);
}

/** Decodes one chat stream; `raw()` rebuilds a `chat.completion` body. */
class ChatCompletionDecoder implements StreamDecoder {
  readonly #splitter: TaggedReasoningSplitter | undefined;
  readonly #stopFields: ChatStopFields;
  readonly #drafts = new Map<number, ToolCallDraft>();
  #text = "";
  #reasoning = "";
  #stopReason: string | undefined;

  constructor(reading: ChatCompletionReading) {
    this.#splitter = reading.reasoningTags && new TaggedReasoningSplitter(reading.reasoningTags, false, reading.joinReasoningBlocks === true);
    this.#stopFields = reading.stopFields ?? defaultStopFields;
  }

  push(chunk: Record<string, unknown>): StreamDelta[] {
    const deltas: StreamDelta[] = [];
    const choice = firstChoice(chunk);
    if (!choice && !isRecord(chunk.usage)) throw new Error("a chunk has no choices[0] and no usage");
    if (choice) {
      const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined;
      if (delta) {
        const reasoning = reasoningField(delta);
        if (reasoning) this.#emit([{ type: "reasoning", text: reasoning }], deltas);
        this.#content(contentText(delta.content), deltas);
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) this.#addFragment(call);
      }
      if (typeof choice.text === "string") this.#content(choice.text, deltas);
      const stop = chatStopOf(choice, this.#stopFields);
      if (stop !== undefined) {
        if (this.#splitter) this.#emit(this.#splitter.flush(), deltas);
        for (const draft of this.#drafts.values()) {
          deltas.push({ type: "tool-call", toolCall: { id: draft.id, name: draft.name, input: parseArguments(draft.arguments) } });
        }
        this.#stopReason = stop;
        deltas.push({ type: "stop", rawStopReason: stop, stopSequence: undefined });
      }
    }
    const usage = readUsage(chunk);
    if (usage) deltas.push({ type: "usage", usage });
    return deltas;
  }

  /** Tolerates vLLM's closing `"[DONE]"` string chunk (recorded for Writer Palmyra X5); any other string chunk is malformed. */
  pushString(chunk: string): StreamDelta[] {
    if (chunk !== "[DONE]") throw new Error("a chunk is a string other than [DONE]");
    return [];
  }

  raw(): unknown {
    const message: Record<string, unknown> = { role: "assistant", content: this.#text };
    if (this.#reasoning !== "") message.reasoning_content = this.#reasoning;
    if (this.#drafts.size > 0) {
      message.tool_calls = [...this.#drafts.values()].map((draft) => ({ id: draft.id, type: "function", function: { name: draft.name, arguments: draft.arguments } }));
    }
    const choices = [{ index: 0, message, [this.#stopFields[0]]: this.#stopReason ?? null }];
    // OpenAI's bodies name their object; Mistral's and Jamba's (a family's own stopFields) do not.
    return this.#stopFields === defaultStopFields ? { object: "chat.completion", choices } : { choices };
  }

  /** Content text through the inline-reasoning splitter, if the family has one. */
  #content(text: string, deltas: StreamDelta[]): void {
    if (text === "") return;
    this.#emit(this.#splitter ? this.#splitter.push(text) : [{ type: "text", text }], deltas);
  }

  #emit(pieces: SplitPiece[], deltas: StreamDelta[]): void {
    for (const piece of pieces) {
      if (piece.type === "reasoning") this.#reasoning += piece.text;
      else this.#text += piece.text;
      deltas.push({ type: piece.type, text: piece.text });
    }
  }

  /** Adds one streamed tool-call fragment: a new `index` opens a call, later fragments append to its arguments. */
  #addFragment(call: unknown): void {
    if (!isRecord(call)) throw new Error("a tool-call fragment is not an object");
    const fn = isRecord(call.function) ? call.function : {};
    const id = typeof call.id === "string" && call.id !== "" ? call.id : undefined;
    let index = typeof call.index === "number" ? call.index : this.#drafts.size;
    let draft = this.#drafts.get(index);
    // Another call's whole fragment under an index already taken (Mistral numbers each chunk's
    // calls from 0): a call of its own, not more arguments for the first.
    if (draft?.idGiven && id !== undefined && id !== draft.id) {
      index = Math.max(...this.#drafts.keys()) + 1;
      draft = undefined;
    }
    if (!draft) {
      draft = { id: `call_${index}`, idGiven: false, name: "", arguments: "" };
      this.#drafts.set(index, draft);
    }
    if (id !== undefined) {
      draft.id = id;
      draft.idGiven = true;
    }
    // OpenAI sends the name whole in a call's first fragment.
    if (typeof fn.name === "string" && draft.name === "") draft.name = fn.name;
    if (typeof fn.arguments === "string") draft.arguments += fn.arguments;
    else if (isRecord(fn.arguments)) draft.arguments = JSON.stringify(fn.arguments);
  }
}

