/**
 * Shared pieces of the offline Bedrock's simulated models: the contract each family's
 * simulation fulfils, and deterministic text, token counts and tool inputs.
 * Same request in, same answer out.
 */
import type { ModelInfo } from "../models/model-info.js";

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A simulated model's answer, in the family's native shapes. */
export interface SimulatedAnswer {
  /** The InvokeModel response body. */
  body: Record<string, unknown>;
  /** The stream's model chunks, in order; the server adds the invocation metrics to the last. */
  chunks: Record<string, unknown>[];
  /** A last chunk whose JSON is a string, sent after the metrics chunk (vLLM's `"[DONE]"`, recorded for Writer Palmyra). */
  closingChunk?: string | undefined;
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache reads, when the request had cache points (the server adds Bedrock's header and metric). */
  cacheReadInputTokens?: number | undefined;
  /** Prompt-cache writes, when the request had cache points. */
  cacheWriteInputTokens?: number | undefined;
}

/**
 * One offline Bedrock's prompt cache: the prefixes written by earlier requests (kept for the
 * server's life; Bedrock's five-minute expiry is not simulated).
 */
export class PromptCache {
  readonly #prefixes = new Set<string>();

  /**
   * Reads and writes for a request whose cache points end the given prefixes (shortest
   * first): the longest cached prefix is read, the rest up to the last cache point is
   * written. A prefix under `minimumTokens` is not cached (Bedrock answers without caching).
   */
  account(prefixes: string[], minimumTokens: number): { read: number; write: number } {
    const tokens = prefixes.map(countSimulatedTokens);
    let read = 0;
    for (let index = prefixes.length - 1; index >= 0; index--) {
      if (this.#prefixes.has(prefixes[index] ?? "")) {
        read = tokens[index] ?? 0;
        break;
      }
    }
    const last = prefixes.length - 1;
    const lastTokens = tokens[last] ?? 0;
    let write = 0;
    if (last >= 0 && lastTokens >= minimumTokens && !this.#prefixes.has(prefixes[last] ?? "")) write = lastTokens - read;
    for (const [index, prefix] of prefixes.entries()) if ((tokens[index] ?? 0) >= minimumTokens) this.#prefixes.add(prefix);
    return { read, write };
  }
}

/** What a simulation may keep between requests to one offline Bedrock. */
export interface SimulationSession {
  promptCache: PromptCache;
}

/**
 * The simulated signature of a reasoning text: a hash the simulation can check when the
 * text comes back (Bedrock's are opaque and checked server-side too).
 */
export function signReasoning(text: string): string {
  return `sig_${hashText(text).toString(36)}${hashText(`${text.length}:${text}`).toString(36)}`;
}

/**
 * What Converse does for a family's models. Source: Bedrock User Guide, "Supported models and
 * model features" for Converse and Converse tool use (read 2026-11-30): Claude 3+, Nova and
 * Llama 3+ serve Converse and ConverseStream; "toolChoice … supported only by Anthropic
 * Claude 3 and Amazon Nova models"; Claude thinking and Nova reasoning come back as a
 * reasoning block.
 */
export interface ConverseSupport {
  /** `any` and `{ tool }` tool choices are taken; false: only `auto`. */
  readonly forcedToolChoice: boolean;
  /** Answers can carry a reasoning block. */
  readonly reasoning: boolean;
}

/** One family's simulated model (`simulations/<family>.ts`). */
export interface ModelSimulation {
  readonly family: string;
  /** Bedrock's `ValidationException` message for a body it would reject, or undefined. */
  validate(body: unknown, model: ModelInfo): string | undefined;
  /** The deterministic answer; `session` (absent for CountTokens) carries the server's prompt cache. */
  answer(body: Record<string, unknown>, model: ModelInfo, session?: SimulationSession): SimulatedAnswer;
  /**
   * True when Bedrock reports this family's stream validation errors as an exception
   * frame inside an HTTP 200 (recorded for Claude v2), not as an HTTP 400.
   */
  readonly streamValidationAsFrame?: boolean | undefined;
  /**
   * True when Bedrock's CountTokens serves the family. Source: Bedrock User Guide "count
   * tokens" page via ../shared/design/tokenizers.md §"Bedrock CountTokens" (Claude 3+ models only; read 2026-11-25).
   */
  readonly countsTokens?: boolean | undefined;
  /** How Bedrock's Converse serves the family; absent: Converse refuses its models. */
  readonly converse?: ConverseSupport | undefined;
  /** What {@link ModelSimulation.render} can render; absent: only raw native steps can be scripted. */
  readonly scripting?: ScriptSupport | undefined;
  /** Renders a scripted reply into the family's native body and stream chunks. */
  render?(reply: ReplyPlan, body: Record<string, unknown>, model: ModelInfo, session?: SimulationSession): SimulatedAnswer;
}

/** The message Bedrock gives for a key the model's schema does not allow. */
function extraneousKeyMessage(key: string): string {
  return `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`;
}

/** The message Bedrock gives for a missing required key. */
function missingKeyMessage(key: string): string {
  return `Malformed input request: #: required key [${key}] not found, please reformat your input and try again.`;
}

/** Checks keys against a schema's allowed and required lists; returns Bedrock's message for the first problem. */
export function checkKeys(body: Record<string, unknown>, allowed: readonly string[], required: readonly string[]): string | undefined {
  for (const key of required) if (!(key in body)) return missingKeyMessage(key);
  for (const key of Object.keys(body)) if (!allowed.includes(key)) return extraneousKeyMessage(key);
  return undefined;
}

/** Checks a prompt body's `prompt` (a string) and `stop` (an array of at most `maxStops`), in Bedrock's words (DeepSeek R1, Mistral's prompt models). */
export function checkPromptAndStops(body: Record<string, unknown>, maxStops: number): string | undefined {
  if (typeof body.prompt !== "string") return "Malformed input request: #/prompt: expected type: String, please reformat your input and try again.";
  if (body.stop !== undefined && (!Array.isArray(body.stop) || body.stop.length > maxStops)) {
    return `Malformed input request: #/stop: expected maximum item count: ${maxStops}, please reformat your input and try again.`;
  }
  return undefined;
}

/** Checks an optional number field's type and inclusive range. */
export function checkNumber(
  body: Record<string, unknown>,
  key: string,
  minimum: number,
  maximum: number,
  integer = false,
): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || (integer && !Number.isInteger(value))) {
    return `Malformed input request: #/${key}: expected type: ${integer ? "Integer" : "Number"}, found: ${typeof value}, please reformat your input and try again.`;
  }
  if (value < minimum) return `Malformed input request: #/${key}: ${value} is not greater or equal to ${minimum}, please reformat your input and try again.`;
  if (value > maximum) return `Malformed input request: #/${key}: ${value} is not less or equal to ${maximum}, please reformat your input and try again.`;
  return undefined;
}

/** FNV-1a, 32 bits: a stable seed from text. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A small deterministic pseudo-random generator (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentences the simulated models answer with, picked by the request's hash. */
const sentences = [
  "This is a simulated answer from the offline Bedrock.",
  "The link between the two sites dropped after a fibre cut.",
  "Traffic moved to the backup path within seconds.",
  "Engineers restored the primary circuit and routes are stable again.",
  "Latency rose briefly for customers in the north region.",
  "The router logs show the session flapping before it recovered.",
  "Monitoring continues and no further action is needed right now.",
  "A maintenance window is planned to replace the damaged segment.",
  "Check the interface counters if the problem comes back.",
  "The same question always gets the same answer here.",
];

/** Input tokens as the simulation counts them: about four characters a token, at least one. */
export function countSimulatedTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** How a simulated generation ended. */
export interface Generation {
  /** The text pieces, one a token; joined they are the answer. */
  pieces: string[];
  ending: "end" | "max_tokens" | "stop_sequence";
  /** The stop sequence that ended it, if one did. */
  stopSequence: string | undefined;
}

/**
 * Deterministic text for a seed: two to four sentences, one token a word, cut at `maxTokens` and before the first
 * stop sequence (which is not included, as Bedrock's models do).
 */
export function generateText(seed: string, maxTokens: number, stopSequences: readonly string[] = [], prefix = ""): Generation {
  const random = seededRandom(hashText(seed));
  const words: string[] = [];
  const sentenceCount = 2 + Math.floor(random() * 3);
  for (let index = 0; index < sentenceCount; index++) {
    words.push(...(sentences[Math.floor(random() * sentences.length)] ?? "").split(" "));
  }
  const pieces: string[] = [];
  let text = "";
  for (const [index, word] of words.entries()) {
    const piece = (index === 0 ? prefix : " ") + word;
    const candidate = text + piece;
    const stop = stopSequences.find((sequence) => candidate.includes(sequence));
    if (stop !== undefined) {
      const rest = candidate.indexOf(stop) - text.length;
      if (rest > 0) pieces.push(piece.slice(0, rest));
      return { pieces, ending: "stop_sequence", stopSequence: stop };
    }
    if (pieces.length === maxTokens) return { pieces, ending: "max_tokens", stopSequence: undefined };
    pieces.push(piece);
    text = candidate;
  }
  return { pieces, ending: "end", stopSequence: undefined };
}

/** A value that fits a JSON Schema, derived from a seed word: strings, numbers, enums, objects, arrays. */
function valueForSchema(schema: unknown, seedWord: string): unknown {
  if (typeof schema !== "object" || schema === null) return seedWord;
  const definition = schema as Record<string, unknown>;
  if (Array.isArray(definition.enum) && definition.enum.length > 0) return definition.enum[0];
  switch (definition.type) {
    case "integer":
    case "number":
      return hashText(seedWord) % 100;
    case "boolean":
      return true;
    case "array":
      return [valueForSchema(definition.items, seedWord)];
    case "object": {
      const properties = (definition.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(definition.required) ? (definition.required as string[]) : Object.keys(properties);
      const value: Record<string, unknown> = {};
      for (const name of required) value[name] = valueForSchema(properties[name], seedWord);
      return value;
    }
    default:
      return seedWord;
  }
}

/** The longest word of a text, used to fill tool inputs so that they relate to the question. */
function keyWord(text: string): string {
  const words = text.match(/[A-Za-z0-9][A-Za-z0-9-]*/g) ?? [];
  return words.reduce((best, word) => (word.length > best.length ? word : best), "") || "example";
}

/** A tool as the simulated models see it, whatever the family's wire shape. */
export interface SimulatedTool {
  name: string;
  inputSchema: unknown;
}

/** The simulated model's tool call. */
export interface ToolPlan {
  name: string;
  input: unknown;
}

/**
 * Whether a simulated model calls a tool: never after a tool result or with choice
 * `none`; the named tool for a forced choice; for `any`, a tool named in the question or
 * the first; for `auto`, only a tool named in the question (a part of its name of three or
 * more letters). The input fits the tool's schema, filled from the question's longest word.
 */
export function planToolCall(
  tools: SimulatedTool[],
  choice: "auto" | "any" | "none" | { name: string },
  lastUserText: string,
  answersToolResult: boolean,
): ToolPlan | undefined {
  if (tools.length === 0 || choice === "none" || answersToolResult) return undefined;
  const lowered = lastUserText.toLowerCase();
  const mentioned = tools.find((tool) =>
    tool.name.split(/[_-]/).some((part) => part.length >= 3 && lowered.includes(part.toLowerCase())),
  );
  let tool: SimulatedTool | undefined;
  if (typeof choice === "object") tool = tools.find((candidate) => candidate.name === choice.name);
  else if (choice === "any") tool = mentioned ?? tools[0];
  else tool = mentioned;
  return tool && { name: tool.name, input: valueForSchema(tool.inputSchema, keyWord(lastUserText)) };
}

/** Splits a tool call's JSON input into three stream fragments, as models stream it. */
export function splitJson(json: string): string[] {
  const third = Math.max(1, Math.ceil(json.length / 3));
  const parts: string[] = [];
  for (let index = 0; index < json.length; index += third) parts.push(json.slice(index, index + third));
  return parts;
}

/**
 * A deterministic embedding whose similarity means something: each word (and, more
 * lightly, each of its character trigrams) adds ±1 at hashed positions, so texts that
 * share words point the same way. Normalized to length 1 unless `normalize` is false.
 */
export function embedText(text: string, dimensions: number, normalize = true): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    const hash = hashText(feature);
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash & 0x80000000 ? -weight : weight);
  };
  for (const word of words) {
    add(`w:${word}`, 1);
    for (let index = 0; index + 3 <= word.length; index++) add(`t:${word.slice(index, index + 3)}`, 0.25);
  }
  if (!normalize) return vector.map((value) => Math.round(value * 1e6) / 1e6);
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => Math.round((value / length) * 1e6) / 1e6);
}

/** What a family's simulation may render from a scripted reply. */
export interface ScriptSupport {
  /** `many`: any number of calls beside text; `single`: one call and no text (JSON-in-text); `none`: no tool calls. */
  toolCalls: "many" | "single" | "none";
  /** True when the family has a native reasoning block. */
  reasoning: boolean;
}

/** A scripted reply with its defaults filled in, ready for a family to render. */
export interface ReplyPlan {
  text: string;
  reasoning: string | undefined;
  toolCalls: { name: string; input: Record<string, unknown> }[];
  stopReason: "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";
  inputTokens: number;
  outputTokens: number;
}

/** The text as stream pieces: one a word, each after the first with its leading space. */
export function textPieces(text: string): string[] {
  return text === "" ? [] : text.split(/(?= )/);
}

/** The reply's text as a {@link Generation}, for families that render text alone. */
export function replyGeneration(reply: ReplyPlan): Generation {
  const ending = reply.stopReason === "max_tokens" || reply.stopReason === "stop_sequence" ? reply.stopReason : "end";
  return { pieces: textPieces(reply.text), ending, stopSequence: undefined };
}
