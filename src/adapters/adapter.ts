/**
 * The contract every model-family adapter fulfils. Adapters are pure codecs: no I/O,
 * no AWS SDK import. The client owns the network, retries, timing and events.
 */
import type { ModelFamily, ModelInfo } from "../models/model-info.js";
import type { TokenizerChoice } from "../tokens/tokenizer.js";
import type { ContentPart, Message, PartialUsage, ReasoningOptions, StopReason, SystemPart, ToolChoice, Warning } from "../types.js";

export type { PartialUsage };

/** A tool as adapters encode it: its input schema is always a JSON Schema object (a Standard Schema is converted first). */
export interface NativeTool {
  name: string;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  cachePoint?: boolean | undefined;
}

/** A validated request with `prompt` turned into `messages`; what adapters encode. */
export interface NormalizedRequest {
  messages: Message[];
  /** The system text joined (cache points left out). */
  system: string | undefined;
  /** The system as parts, when the request gave parts (cache points kept in place); undefined for a string. */
  systemParts: SystemPart[] | undefined;
  /** Reasoning options; only set for models whose catalog entry has `capabilities.reasoning`. */
  reasoning: ReasoningOptions | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
  topP: number | undefined;
  topK: number | undefined;
  stopSequences: string[] | undefined;
  tools: NativeTool[] | undefined;
  /** `"required"` arrives as `"any"`. */
  toolChoice: Exclude<ToolChoice, "required"> | undefined;
  native: Record<string, unknown> | undefined;
}

/** What an adapter reads out of a native (non-stream) response body. */
export interface AdapterOutput {
  content: ContentPart[];
  rawStopReason: string | undefined;
  /** Which stop sequence ended generation, where the model says. */
  stopSequence: string | undefined;
  usage: PartialUsage | undefined;
}

/** One decoded piece of a stream, in order. */
export type StreamDelta =
  | { type: "text"; text: string }
  /** Reasoning text; `signature` closes the current reasoning part; `redacted` is a redacted block of its own. */
  | { type: "reasoning"; text: string; signature?: string; redacted?: string }
  | { type: "tool-call"; toolCall: { id: string; name: string; input: unknown } }
  | { type: "stop"; rawStopReason: string | undefined; stopSequence: string | undefined }
  | { type: "usage"; usage: PartialUsage };

/** Decodes one stream's chunks (each the parsed model JSON of one `chunk` event). */
export interface StreamDecoder {
  /** The deltas carried by one chunk. Throws a plain Error when a chunk is malformed. */
  push(chunk: Record<string, unknown>): StreamDelta[];
  /** The deltas of a chunk whose JSON is a string (vLLM's closing `"[DONE]"`); absent: such a chunk is malformed. */
  pushString?(chunk: string): StreamDelta[];
  /** The native response body rebuilt from the chunks so far (for `result.raw`). */
  raw(): unknown;
}

/** What besides the raw value decides the stop reason. */
export interface StopDetail {
  toolCallCount: number;
  stopSequence: string | undefined;
}

/** Inclusive numeric bounds of the sampling parameters a family accepts. */
export interface ParameterRanges {
  temperature?: readonly [number, number] | undefined;
  topP?: readonly [number, number] | undefined;
  topK?: readonly [number, number] | undefined;
}

/** What a decoder may need from the request: families with prompt-based tools parse calls out of text. */
export interface ResponseContext {
  /** Names of the tools the request offered (empty when none). */
  toolNames: string[];
  /** True when the encoded request kept a `reasoning` option (hybrid models such as DeepSeek V3.x then think before answering). */
  reasoning?: boolean | undefined;
  /** The model the body was encoded for, where a family's output depends on the model (DeepSeek-R1 and V3.x templates). */
  model?: ModelInfo | undefined;
}

/** Which operation the body is for (Cohere Command wants `stream: true` in a stream's body). */
export interface BodyMode {
  stream: boolean;
}

/** A request the model would refuse, found before the network: the field and why (with the allowed values). */
export interface RequestProblem {
  /** The request field, e.g. `reasoning.budgetTokens` or `messages[1].content[0]`. */
  field: string;
  /** What is wrong, naming the allowed values; never the prompt text. */
  message: string;
}

/** A native body, with what the adapter could not put in it. */
export interface NativeRequest<Body> {
  body: Body;
  warnings: Warning[];
  /** Stop sequences the model cannot take on the wire; the client cuts the text at them. */
  emulatedStopSequences?: string[] | undefined;
}

/** One model family's codec. Adding a family is one file implementing this and one registry line. */
export interface ModelAdapter<Body = unknown> {
  readonly family: ModelFamily;
  /** Sampling ranges Bedrock documents for this family; requests outside them fail before the network. */
  readonly parameterRanges: ParameterRanges;
  /** The first problem Bedrock would refuse the request for with this model (family rules beyond the shared checks); absent: none. */
  checkRequest?(request: NormalizedRequest, model: ModelInfo): RequestProblem | undefined;
  /** Encodes a request as the family's native InvokeModel body, with warnings for anything it could not honour. */
  toNativeBody(request: NormalizedRequest, model: ModelInfo, mode: BodyMode): NativeRequest<Body>;
  /** Reads a native response body. Throws a plain Error when the body is not this family's shape. */
  fromNativeBody(body: unknown, context: ResponseContext): AdapterOutput;
  /** Absent when the family has no native streaming. */
  createStreamDecoder?(context: ResponseContext): StreamDecoder;
  /** How `countTokens` counts this family offline: its estimator, and its exact tokenizer where one is public. */
  readonly tokenizer: TokenizerChoice;
  /** True when Bedrock's CountTokens operation counts this family's InvokeModel bodies. */
  readonly countsTokensRemotely?: boolean | undefined;
  /** Maps the model's own stop value onto bedrock-kit's {@link StopReason}. */
  mapStopReason(raw: string | undefined, detail: StopDetail): StopReason;
}
