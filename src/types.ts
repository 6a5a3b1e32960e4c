/**
 * The public request and result shapes shared by every model family.
 * @module
 */
import type { StandardOutput, StandardSchema } from "./schema/standard-schema.js";

/** A plain text part of a message or of a result. */
export interface TextPart {
  /** Discriminator. */
  type: "text";
  /** The text itself. */
  text: string;
}

/** An image in a user message. `data` is raw bytes or a base64 string. */
export interface ImagePart {
  /** Discriminator. */
  type: "image";
  /** The image bytes, or the same bytes as a base64 string. */
  data: Uint8Array | string;
  /** For example `image/png`, `image/jpeg`, `image/gif`, `image/webp`. */
  mediaType: string;
}

/** A tool call made by the model (in results), or echoed back in an assistant message. */
export interface ToolCallPart extends ToolCall {
  /** Discriminator. */
  type: "tool-call";
}

/** A complete tool call: the model wants `name` run with `input`. */
export interface ToolCall {
  /** The model's own call ID (Claude: `toolu_bdrk_…`); the tool result refers to it. */
  id: string;
  /** The name of one of the request's tools. */
  name: string;
  /** The arguments, parsed from the model's JSON, then by the tool's Standard Schema validator if it has one. */
  input: unknown;
  /**
   * Set when the input does not fit the tool's schema (or names no tool of the request): one
   * line per problem, each naming where in the input; `input` is then as the model gave it.
   */
  invalidInput?: string[] | undefined;
}

/** The answer to a tool call, sent back in a user message. */
export interface ToolResultPart {
  /** Discriminator. */
  type: "tool-result";
  /** The `id` of the {@link ToolCallPart} this answers. */
  toolCallId: string;
  /** What the tool returned, as text (JSON is fine). */
  content: string;
  /** True when the tool failed and `content` describes the failure. */
  isError?: boolean | undefined;
}

/**
 * The model's reasoning ("thinking"), in results and echoed back in assistant messages:
 * Claude thinking blocks, Nova 2 `reasoningContent`, DeepSeek R1 `<think>`, gpt-oss
 * `<reasoning>`. Send the parts of an assistant turn back unchanged: Claude requires its
 * signed blocks verbatim in a tool loop. Models without reasoning ignore these parts.
 */
export interface ReasoningPart {
  /** Discriminator. */
  type: "reasoning";
  /** The reasoning text ("" for a redacted block). */
  text: string;
  /** The model's signature over the text (Claude), to be sent back as it came. */
  signature?: string | undefined;
  /** The encrypted content of a redacted block (Claude `redacted_thinking.data`, Nova `redactedContent`), sent back as it came. */
  redacted?: string | undefined;
}

/**
 * A prompt-cache checkpoint: everything before it (tools, system, messages) may be cached
 * by Bedrock and read back by later calls at the cache price (Claude `cache_control`, Nova
 * `cachePoint`). A model without a prompt cache drops it with a warning.
 */
export interface CachePointPart {
  /** Discriminator. */
  type: "cache-point";
}

/** One part of a message's content. */
export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart | ReasoningPart | CachePointPart;

/** One part of a structured `system`: text, or a prompt-cache checkpoint after the text before it. */
export type SystemPart = TextPart | CachePointPart;

/**
 * Reasoning ("thinking") for models that have it. `budgetTokens` is the most tokens the
 * model may think for (Claude `budget_tokens`; below `maxTokens`); `effort` is the coarse
 * setting for models that take only that (Claude adaptive thinking, Nova 2, gpt-oss).
 * Give either or both; each family sends what it takes and warns about the rest.
 */
export interface ReasoningOptions {
  /** How hard the model thinks. */
  effort?: "low" | "medium" | "high" | "max" | undefined;
  /** The most tokens the model may spend thinking, where the model takes a budget. */
  budgetTokens?: number | undefined;
}

/** One turn of a conversation. There is no system role: use {@link InvokeRequest.system}. */
export interface Message {
  /** Who speaks: the user (and tool results), or the model. */
  role: "user" | "assistant";
  /** Plain text, or parts (text, images, tool calls, tool results). */
  content: string | ContentPart[];
}

/**
 * A tool the model may call. `inputSchema` is a JSON Schema object, or a Standard Schema
 * validator (zod 4, valibot, ArkType …): the model sees its JSON Schema, every call's input is
 * parsed by it, and `toolCalls[n].input` is typed as its output (see {@link ToolCallOf}).
 */
export interface ToolDefinition<Name extends string = string, Input = unknown> {
  /** Letters, digits, `_` and `-`, 1 to 64 characters. */
  name: Name;
  /** What the tool does and when to use it; models choose tools by this text. */
  description?: string | undefined;
  /** A JSON Schema for the tool's input, normally `{ type: "object", properties, required }`, or a Standard Schema validator. */
  inputSchema: Record<string, unknown> | StandardSchema<unknown, Input>;
  /**
   * The JSON Schema the model sees, for a Standard Schema validator that cannot give its own
   * (Standard JSON Schema: zod 4.2 and later can). Ignored with a JSON Schema `inputSchema`.
   */
  jsonSchema?: Record<string, unknown> | undefined;
  /** Puts a prompt-cache checkpoint after this tool's definition (tools up to it may be cached). */
  cachePoint?: boolean | undefined;
}

/** The input type of a tool's calls: a Standard Schema's output, `unknown` for a JSON Schema. */
export type ToolInputOf<Tool> = Tool extends {
  /** The tool's input schema. */
  inputSchema: infer Schema;
}
  ? Schema extends StandardSchema
    ? StandardOutput<Schema>
    : unknown
  : unknown;

/** A tool call whose input fit its tool's schema: `input` is typed by the tool named `name`. */
export interface CheckedToolCall<Name extends string = string, Input = unknown> extends ToolCall {
  /** The name of one of the request's tools. */
  name: Name;
  /** The input, parsed by the tool's validator (or as the model gave it, for a JSON Schema). */
  input: Input;
  /** Absent: the input fit. */
  invalidInput?: undefined;
}

/** A tool call whose input did not fit its tool's schema (or named no tool of the request). */
export interface InvalidToolCall extends ToolCall {
  /** One line per problem, each naming where in the input. */
  invalidInput: string[];
}

/** One {@link CheckedToolCall} per tool (distributes over a union of tools). */
export type CheckedToolCallOf<Tool> = Tool extends ToolDefinition ? CheckedToolCall<Tool["name"], ToolInputOf<Tool>> : never;

/**
 * The tool calls of an answer to a request with `Tools`: a union discriminated by `name`,
 * each with its tool's input type, or an {@link InvalidToolCall} (test `invalidInput` first).
 *
 * ```ts
 * for (const call of result.toolCalls) {
 *   if (call.invalidInput) continue;          // the model's input did not fit the schema
 *   if (call.name === "get_weather") call.input.city; // typed by the tool's zod schema
 * }
 * ```
 */
export type ToolCallOf<Tools extends readonly ToolDefinition[]> = CheckedToolCallOf<Tools[number]> | InvalidToolCall;

/** How the model may use the tools: freely, must call one (`"required"` is the same as `"any"`), must not, or must call the named one. */
export type ToolChoice = "auto" | "any" | "required" | "none" | NamedToolChoice;

/** Forces the model to call the tool with this name. */
export interface NamedToolChoice {
  /** The name of one of the request's tools. */
  name: string;
}

/**
 * Text-model IDs that work as typed for `invoke` and `stream`, for autocompletion: the
 * catalog's models that had not reached their end of life on 2026-11-30, each in the form
 * Bedrock accepts (models served only through an inference profile appear with their
 * `us.` and `global.` profiles). Any other string (an older or newer model, another
 * profile, an ARN) type-checks too; `test/model-id-types.test.ts` keeps this list equal
 * to the catalog.
 */
export type ModelId =
  | "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  | "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
  | "us.anthropic.claude-opus-4-1-20250805-v1:0"
  | "us.anthropic.claude-haiku-4-5-20251001-v1:0"
  | "global.anthropic.claude-haiku-4-5-20251001-v1:0"
  | "us.anthropic.claude-opus-4-5-20251101-v1:0"
  | "global.anthropic.claude-opus-4-5-20251101-v1:0"
  | "us.anthropic.claude-opus-4-6-v1"
  | "global.anthropic.claude-opus-4-6-v1"
  | "us.anthropic.claude-sonnet-4-6"
  | "global.anthropic.claude-sonnet-4-6"
  | "us.anthropic.claude-opus-4-7"
  | "global.anthropic.claude-opus-4-7"
  | "us.anthropic.claude-opus-4-8"
  | "global.anthropic.claude-opus-4-8"
  | "us.anthropic.claude-sonnet-5"
  | "global.anthropic.claude-sonnet-5"
  | "us.anthropic.claude-opus-5"
  | "global.anthropic.claude-opus-5"
  | "us.anthropic.claude-opus-5-5"
  | "global.anthropic.claude-opus-5-5"
  | "amazon.nova-micro-v1:0"
  | "amazon.nova-lite-v1:0"
  | "amazon.nova-pro-v1:0"
  | "us.amazon.nova-2-lite-v1:0"
  | "global.amazon.nova-2-lite-v1:0"
  | "meta.llama3-8b-instruct-v1:0"
  | "meta.llama3-70b-instruct-v1:0"
  | "meta.llama3-1-8b-instruct-v1:0"
  | "meta.llama3-1-70b-instruct-v1:0"
  | "us.meta.llama3-3-70b-instruct-v1:0"
  | "meta.llama4-scout-17b-instruct-v1:0"
  | "meta.llama4-maverick-17b-instruct-v1:0"
  | "mistral.mistral-7b-instruct-v0:2"
  | "mistral.mixtral-8x7b-instruct-v0:1"
  | "mistral.mistral-small-2402-v1:0"
  | "mistral.mistral-large-2402-v1:0"
  | "mistral.mistral-large-2407-v1:0"
  | "us.mistral.pixtral-large-2502-v1:0"
  | "mistral.mistral-large-3-675b-instruct"
  | "mistral.magistral-small-2509"
  | "mistral.ministral-3-3b-instruct"
  | "mistral.ministral-3-8b-instruct"
  | "mistral.ministral-3-14b-instruct"
  | "mistral.devstral-2-123b"
  | "ai21.j2-mid-v1"
  | "ai21.j2-ultra-v1"
  | "openai.gpt-oss-20b-1:0"
  | "openai.gpt-oss-120b-1:0"
  | "openai.gpt-oss-safeguard-20b"
  | "openai.gpt-oss-safeguard-120b"
  | "qwen.qwen3-32b-v1:0"
  | "qwen.qwen3-235b-a22b-2507-v1:0"
  | "qwen.qwen3-coder-30b-a3b-v1:0"
  | "qwen.qwen3-coder-480b-a35b-v1:0"
  | "qwen.qwen3-next-80b-a3b"
  | "qwen.qwen3-vl-235b-a22b"
  | "us.deepseek.r1-v1:0"
  | "deepseek.v3-v1:0"
  | "deepseek.v3.2"
  | "us.writer.palmyra-x4-v1:0"
  | "us.writer.palmyra-x5-v1:0"
  | "us.twelvelabs.pegasus-1-2-v1:0"
  | "global.twelvelabs.pegasus-1-2-v1:0"
  | "moonshot.kimi-k2-thinking"
  | "google.gemma-3-4b-it"
  | "google.gemma-3-12b-it"
  | "google.gemma-3-27b-it"
  | "moonshotai.kimi-k2.5"
  | "minimax.minimax-m2"
  | "minimax.minimax-m2.1"
  | "minimax.minimax-m2.5"
  | "nvidia.nemotron-super-3-120b"
  | "nvidia.nemotron-nano-12b-v2"
  | "nvidia.nemotron-nano-9b-v2"
  | "nvidia.nemotron-nano-3-30b"
  | "zai.glm-4.7"
  | "zai.glm-4.7-flash"
  | "zai.glm-5"
  | (string & {});

/** Embedding-model IDs that work as typed for `embed` (as of 2026-11-30); any other string type-checks too. */
export type EmbeddingModelId =
  | "amazon.titan-embed-text-v1"
  | "amazon.titan-embed-text-v2:0"
  | "amazon.titan-embed-image-v1"
  | "cohere.embed-english-v3"
  | "cohere.embed-multilingual-v3"
  | "cohere.embed-v4:0"
  | "amazon.nova-2-multimodal-embeddings-v1:0"
  | "us.twelvelabs.marengo-embed-2-7-v1:0"
  | "twelvelabs.marengo-embed-3-0-v1:0"
  | (string & {});

/** Image-model IDs that work as typed for `generateImage` (as of 2026-11-30); any other string type-checks too. */
export type ImageModelId =
  | "amazon.titan-image-generator-v1"
  | "stability.stable-diffusion-xl-v1"
  | "stability.sd3-large-v1:0"
  | "stability.stable-image-core-v1:0"
  | "stability.stable-image-ultra-v1:0"
  | "stability.sd3-5-large-v1:0"
  | "stability.stable-image-core-v1:1"
  | "stability.stable-image-ultra-v1:1"
  | (string & {});

/** Rerank-model IDs that work as typed for `rerank` (as of 2026-11-30); any other string type-checks too. */
export type RerankModelId =
  | "cohere.rerank-v3-5:0"
  | "amazon.rerank-v1:0"
  | (string & {});

/**
 * Who made a call, when it is a step of something larger: an agent's model request, or a
 * knowledge base's embedding or generation. Give it as a request's `origin`; it is never
 * sent to Bedrock, and it is copied onto every event of the call (`event.origin`), onto the
 * call's audit line and onto its OpenTelemetry span (`bedrock_kit.origin.*`), so a log can
 * group the calls of one run. It holds names and IDs only, never prompt text.
 */
export interface CallOrigin {
  /** What made the call: an agent (`bedrock-kit/agents`) or a knowledge base (`bedrock-kit/rag`). */
  kind: "agent" | "knowledge-base";
  /** The agent's or knowledge base's name, when it has one: 1–100 characters, no line breaks. */
  name?: string | undefined;
  /** The run the call belongs to (an agent's invocation ID): 1–100 letters, digits, `.`, `_`, `:` or `-`. */
  runId: string;
  /** The call's step within the run, from 0 (an agent step's `index`). */
  step?: number | undefined;
}

/**
 * What {@link BedrockKitClient.invoke} and {@link BedrockKitClient.stream} take. `Tools` is
 * the type of `tools`, inferred so that the answer's tool calls are typed by them.
 */
export interface InvokeRequest<Tools extends readonly ToolDefinition[] = readonly ToolDefinition[]> {
  /** Foundation-model ID, inference-profile ID (`us.`, `eu.`, `apac.`, `global.` …) or ARN. */
  modelId: ModelId;
  /** Shorthand for one user message. Give either `prompt` or `messages`. */
  prompt?: string | undefined;
  /** The conversation so far, oldest first, starting with a user message. */
  messages?: Message[] | undefined;
  /** System instructions, sent in the model's own system slot; parts may carry prompt-cache checkpoints. */
  system?: string | SystemPart[] | undefined;
  /** Upper bound on generated tokens. Default: the model's default (4096 capped to its maximum for Claude). */
  maxTokens?: number | undefined;
  /** Sampling temperature; the allowed range depends on the model (Claude: 0–1). */
  temperature?: number | undefined;
  /** Nucleus sampling: only tokens within this cumulative probability (0–1). */
  topP?: number | undefined;
  /** Only the K most likely tokens are sampled (Claude: 0–500). */
  topK?: number | undefined;
  /** Text that ends generation when the model produces it. */
  stopSequences?: string[] | undefined;
  /** Tools the model may call; results come back as `toolCalls`, each input checked against its tool's schema. */
  tools?: Tools | undefined;
  /** Whether and which tool the model must call. Default `"auto"`. */
  toolChoice?: ToolChoice | undefined;
  /** Reasoning ("thinking") where the model has it; a model without it warns and answers without. */
  reasoning?: ReasoningOptions | undefined;
  /** Aborts the call; the call then rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Extra fields merged into the model's native body as they are (the caller answers for their validity). */
  native?: Record<string, unknown> | undefined;
  /**
   * Structured output: the answer as a value matching `schema`, in `result.object`.
   * Models with tools answer through a forced tool; others in JSON. A stream delivers the
   * answer as it comes (the forced tool's `tool-call` event, or JSON text) and sets
   * `result.object` once it is checked.
   */
  responseFormat?: ResponseFormat | undefined;
  /**
   * Models to try next, in order, when this one is throttled, fails on Bedrock's side
   * (5xx, `ModelNotReady`, network) or times out after its retries, or when the policy
   * refuses it: another model, or the same one through a cross-Region profile. Streams fall
   * back only before their first delta. `result.modelId` names the model that answered and
   * each skip is a `fallback` warning.
   */
  fallbackModelIds?: ModelId[] | undefined;
  /**
   * A Bedrock guardrail to apply to this call (sent as Bedrock's guardrail headers on
   * InvokeModel and InvokeModelWithResponseStream). An intervention ends the call with
   * `stopReason: "guardrail_intervened"`; `result.guardrail` carries Bedrock's trace.
   */
  guardrail?: GuardrailOptions | undefined;
  /** The agent or knowledge base this call is a step of, for events, the audit log and spans; never sent to Bedrock. */
  origin?: CallOrigin | undefined;
  /**
   * The most this call may cost, in dollars: a call whose worst case (what `fm.estimate`
   * reports as `worstCaseCost`) exceeds it is refused with `BudgetExceededError` before any
   * request, as is a call to a model without a price. Independent of the client's `budget`.
   */
  maxUsd?: number | undefined;
}

/**
 * What `responseFormat` takes: a JSON Schema object, or a Standard Schema validator (zod 4,
 * valibot, ArkType) that also validates the answer. `name` is the forced tool's name
 * (default `json`).
 */
export interface ResponseFormat {
  /** The shape of the answer. */
  schema: Record<string, unknown> | StandardSchema;
  /** The tool's name where the model answers through a tool. */
  name?: string | undefined;
}

/** Why generation ended, the same for every family. `rawStopReason` keeps the model's own value. */
export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "content_filtered"
  | "guardrail_intervened"
  | "unknown";

/** Token counts of one call, as Bedrock reported them. */
export interface Usage {
  /** Tokens Bedrock counted in the request (prompt, system text, tool definitions). */
  inputTokens: number;
  /** Tokens the model generated. */
  outputTokens: number;
  /** `inputTokens + outputTokens`. */
  totalTokens: number;
  /** Prompt-cache reads, where the model reports them. */
  cacheReadInputTokens?: number | undefined;
  /** Prompt-cache writes, where the model reports them. */
  cacheWriteInputTokens?: number | undefined;
  /**
   * Where the counts came from: the response body, the stream's invocation metrics, the
   * HTTP headers, or (`estimate`) the client's own count of a stream that ended early.
   */
  source: "body" | "metrics" | "headers" | "estimate" | "none";
  /**
   * True when the call ended before the model's last event (a stream aborted, left or
   * failed after output began): the counts are the best known, and Bedrock may bill more.
   */
  partial?: boolean | undefined;
}

/** Token counts found in a body, a stream or headers, before the client fills the rest. */
export type PartialUsage = Partial<Omit<Usage, "source" | "totalTokens" | "partial">>;

/** Dollar cost of one call. */
export interface Cost {
  /** Dollars for the input tokens. */
  inputUsd: number;
  /** Dollars for the output tokens. */
  outputUsd: number;
  /** `inputUsd + outputUsd`. */
  totalUsd: number;
}

/** An option the model could not honour, a client-side emulation, or a lifecycle note. */
export interface Warning {
  /**
   * `unsupported`: an option was dropped; `emulated`: bedrock-kit did it client-side;
   * `deprecated`: a lifecycle note; `estimated`: a value was guessed (e.g. an ID not in the catalog);
   * `fallback`: a model of `fallbackModelIds` was skipped (feature `modelId`).
   */
  type: "unsupported" | "emulated" | "deprecated" | "estimated" | "fallback";
  /** The request field or feature concerned, e.g. `topK`. */
  feature: string;
  /** One sentence for people, naming the model and what happened. */
  message: string;
}

/** Provider names as they prefix Bedrock model IDs. */
export type Provider = "anthropic" | "amazon" | "meta" | "cohere" | "ai21" | "mistral" | "stability" | (string & {});

/** What invoke resolves to, and what a stream's `result` resolves to; `Call` types `toolCalls` (see {@link ToolCallOf}). */
export interface InvokeResult<Call extends ToolCall = ToolCall> {
  /** All text output joined. */
  text: string;
  /** The model's reasoning text joined ("" when it gave none). */
  reasoning: string;
  /** Text, reasoning and tool-call parts, in the order the model produced them. */
  content: ContentPart[];
  /** The tool calls among `content`, complete, parsed and checked against their tools' schemas. */
  toolCalls: Call[];
  /** Why generation ended, the same values for every family. */
  stopReason: StopReason;
  /** The model's own value, e.g. `end_turn`, `stop_sequence`. */
  rawStopReason: string | undefined;
  /** Token counts as Bedrock reported them; `usage.source` says from where. */
  usage: Usage;
  /** Undefined until the price table exists for the model. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** The provider of the model, e.g. `anthropic`. */
  provider: Provider;
  /** Client-measured, from the first attempt's start to the result. */
  latencyMs: number;
  /** `x-amzn-requestid` of the attempt that answered, when present. */
  requestId: string | undefined;
  /** The model's native response body, parsed (for streams: the final chunks merged by the adapter). */
  raw: unknown;
  /** Options the model could not honour, client-side emulation, lifecycle notes. */
  warnings: Warning[];
  /** Present when the request named a guardrail: whether it intervened, and Bedrock's trace when `trace` was enabled. */
  guardrail?: GuardrailOutcome | undefined;
  /** With `responseFormat`: the answer's value, checked against the schema (parsed by it when it is a Standard Schema). */
  object?: unknown | undefined;
}

/** A Bedrock guardrail for one call. */
export interface GuardrailOptions {
  /** The guardrail's ID or ARN. */
  identifier: string;
  /** Its version: `DRAFT` or a number such as `"1"` (required, as Bedrock requires it). */
  version: string;
  /** Bedrock's trace of the guardrail's assessment in the answer: `enabled`, `enabled_full` or `disabled` (default). */
  trace?: "enabled" | "enabled_full" | "disabled" | undefined;
}

/** What a guardrail did in a call. */
export interface GuardrailOutcome {
  /** True when the guardrail intervened (Bedrock's `amazon-bedrock-guardrailAction: INTERVENED`). */
  intervened: boolean;
  /** Bedrock's `amazon-bedrock-trace` (the guardrail's assessment), when the trace was enabled. */
  trace: unknown;
}

/** One event of a stream: a text or reasoning delta, a complete tool call, or the final result. */
export type StreamEvent = TextDeltaEvent | ReasoningDeltaEvent | ToolCallEvent | FinishEvent;

/** A piece of the model's reasoning, in order (before or between the answer's text). */
export interface ReasoningDeltaEvent {
  /** Discriminator. */
  type: "reasoning";
  /** The new reasoning text (a delta). */
  text: string;
}

/** A piece of the answer's text, in order. */
export interface TextDeltaEvent {
  /** Discriminator. */
  type: "text";
  /** The new text (a delta, not the text so far). */
  text: string;
}

/** A tool call, delivered once its input has fully arrived and parsed. */
export interface ToolCallEvent {
  /** Discriminator. */
  type: "tool-call";
  /** The complete call. */
  toolCall: ToolCall;
}

/** The last event of a successful stream. */
export interface FinishEvent {
  /** Discriminator. */
  type: "finish";
  /** The same shape invoke returns; also what the stream's `result` resolves to. */
  result: InvokeResult;
}
