/**
 * Scripted answers of the offline Bedrock: what a test makes a model say next, either as a
 * reply each family renders into its own native shapes, or as a raw native answer.
 */

/** How a scripted reply ended; each family renders it as its own native stop reason. */
export type ScriptedStopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";

/** A tool call in a scripted reply. */
export interface ScriptedToolCall {
  /** The tool's name, as the request offered it. */
  name: string;
  /** The tool's input. */
  input: Record<string, unknown>;
}

/** Token counts a scripted reply reports, instead of the simulation's own count. */
export interface ScriptedUsage {
  /** Input tokens, in the body, the token-count headers and the stream's invocation metrics. */
  inputTokens: number;
  /** Output tokens, likewise. */
  outputTokens: number;
}

/**
 * A reply the family's simulation renders into its native body and stream chunks (Claude
 * `tool_use` blocks, Nova `toolUse`, Command R `tool_calls`, Llama's JSON-in-text, …).
 * Every field is optional: `{}` is an empty answer that ended normally.
 */
export interface ScriptedReply {
  /** The answer text. */
  text?: string | undefined;
  /** Tool calls, after the text. Families without native tool calls refuse them when scripted. */
  toolCalls?: ScriptedToolCall[] | undefined;
  /** Reasoning before the answer (Claude `thinking`, Nova `reasoningContent`); other families refuse it. */
  reasoning?: string | undefined;
  /** Default: `tool_use` when there are tool calls, else `end_turn`. */
  stopReason?: ScriptedStopReason | undefined;
  /** Default: the simulation's count (about four characters a token). */
  usage?: ScriptedUsage | undefined;
}

/**
 * A raw native answer, served exactly as given, for shapes no reply can express (a
 * guardrail-blocked stream, a vLLM chunk with two stop fields). `native` answers
 * InvokeModel; `chunks` answers InvokeModelWithResponseStream, one chunk frame each and
 * nothing added (no invocation metrics). A string is sent byte for byte; an object as its
 * JSON. A step consumed by an operation it has no answer for fails that request with a
 * `ValidationException` naming the step.
 */
export interface ScriptedNativeAnswer {
  /** The InvokeModel response body. */
  native?: string | Record<string, unknown> | undefined;
  /** The stream's chunk payloads, in order. */
  chunks?: (string | Record<string, unknown>)[] | undefined;
}

/** One scripted answer: a reply to render, or a raw native answer. */
export type ScriptStep = ScriptedReply | ScriptedNativeAnswer;

/** True when a step is a raw native answer. */
export function isNativeStep(step: ScriptStep): step is ScriptedNativeAnswer {
  return "native" in step || "chunks" in step;
}

/** Scripted steps waiting per model ID, consumed in order. */
export class ScriptBook {
  readonly #steps = new Map<string, ScriptStep[]>();

  add(modelId: string, steps: readonly ScriptStep[]): void {
    this.#steps.set(modelId, [...(this.#steps.get(modelId) ?? []), ...steps]);
  }

  /** The next step for the model ID, removed from the book, or undefined. */
  take(modelId: string): ScriptStep | undefined {
    const steps = this.#steps.get(modelId);
    const step = steps?.shift();
    if (steps?.length === 0) this.#steps.delete(modelId);
    return step;
  }

  /** Returns a step to the front of the model ID's queue (its answer never reached the client). */
  putBack(modelId: string, step: ScriptStep): void {
    this.#steps.set(modelId, [step, ...(this.#steps.get(modelId) ?? [])]);
  }

  /** Throws an Error naming each model ID with steps left, and how many. */
  assertConsumed(): void {
    if (this.#steps.size === 0) return;
    const leftovers = [...this.#steps].map(([modelId, steps]) => `${modelId}: ${steps.length} step${steps.length === 1 ? "" : "s"} left`);
    throw new Error(`Scripted answers were not all consumed: ${leftovers.join("; ")}`);
  }

  clear(): void {
    this.#steps.clear();
  }
}
