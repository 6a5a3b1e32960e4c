/** `ChatBedrockKit`: a LangChain chat model over `fm.invoke` and `fm.stream`. */
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from "@langchain/core/language_models/base";
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import type { SerializableSchema } from "@langchain/core/utils/standard_schema";
import type { ZodV3Like, ZodV4Like } from "@langchain/core/utils/types";
import {
  ValidationError,
  type BedrockKitClient,
  type GuardrailOptions,
  type InvokeRequest,
  type ModelId,
  type ReasoningOptions,
  type ToolChoice,
  type ToolDefinition,
} from "../index.js";
import { aiMessageOf, convertMessages, isPlainObject, reasoningKwargsOf, responseMetadataOf, usageMetadataOf } from "./messages.js";

/** What `new ChatBedrockKit(...)` takes: the client, the model and default request settings. */
export interface ChatBedrockKitInput extends BaseChatModelParams {
  /** The bedrock-kit client every call goes through (its budget, policy, ledger, audit log and retries apply). */
  client: BedrockKitClient;
  /** The Bedrock model ID, inference-profile ID or ARN. */
  model: ModelId;
  /** Upper bound on generated tokens per call. */
  maxTokens?: number | undefined;
  /** Sampling temperature. */
  temperature?: number | undefined;
  /** Nucleus sampling (0–1). */
  topP?: number | undefined;
  /** Only the K most likely tokens are sampled. */
  topK?: number | undefined;
  /** Text that ends generation (LangChain's `stop` call option adds to these). */
  stopSequences?: string[] | undefined;
  /** Reasoning ("thinking") where the model has it. */
  reasoning?: ReasoningOptions | undefined;
  /** A Bedrock guardrail for every call. */
  guardrail?: GuardrailOptions | undefined;
  /** Models to try next when this one is throttled or unavailable. */
  fallbackModelIds?: ModelId[] | undefined;
  /** The most each call may cost, in dollars: a call whose worst case is more is refused before any request (`InvokeRequest.maxUsd`). */
  maxUsd?: number | undefined;
}

/** What a call of `ChatBedrockKit` takes besides LangChain's own options: the tools `bindTools` set. */
export interface ChatBedrockKitCallOptions extends BaseChatModelCallOptions {
  /** Tools in any form LangChain accepts (tools, `{ name, description, schema }`, OpenAI function definitions). */
  tools?: BindToolsInput[] | undefined;
}

/** What `withStructuredOutput(schema, { includeRaw: true })` gives. */
export interface StructuredOutputWithRaw<RunOutput> {
  /** The model's message, with its usage and cost. */
  raw: BaseMessage;
  /** The tool input, parsed and validated by the schema (null when parsing failed). */
  parsed: RunOutput;
}

/** A tool whose input schema is JSON Schema (what LangChain's converter gives). */
type JsonSchemaTool = ToolDefinition & { inputSchema: Record<string, unknown> };

/**
 * Tool lists already converted, by the array `bindTools` was given: a bound model sends the
 * same tools on every call, and LangChain's conversion (a Zod schema to JSON Schema) is
 * not free.
 */
const convertedTools = new WeakMap<BindToolsInput[], JsonSchemaTool[]>();

/** LangChain tools (any accepted form) as bedrock-kit tool definitions, converted once per list. */
function toolDefinitions(tools: BindToolsInput[], modelId: string): JsonSchemaTool[] {
  const known = convertedTools.get(tools);
  if (known && known.length === tools.length) return known;
  const definitions = tools.map((tool, index) => {
    const converted = convertToOpenAITool(tool as Parameters<typeof convertToOpenAITool>[0]);
    const { name, description, parameters } = converted.function;
    if (typeof name !== "string") throw new ValidationError(`Invalid tools[${index}]: a tool needs a name`, { field: `tools[${index}]`, modelId });
    if (parameters !== undefined && !isPlainObject(parameters)) {
      throw new ValidationError(`Invalid tools[${index}]: its schema is neither a Zod or Standard Schema nor a JSON Schema object`, { field: `tools[${index}]`, modelId });
    }
    const definition: JsonSchemaTool = { name, inputSchema: parameters ?? { type: "object", properties: {} } };
    if (description !== undefined) definition.description = description;
    return definition;
  });
  convertedTools.set(tools, definitions);
  return definitions;
}

/** LangChain's `tool_choice` in bedrock-kit's terms. */
function toolChoiceOf(choice: unknown, modelId: string): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === "auto" || choice === "any" || choice === "none") return choice;
  if (choice === "required") return "any";
  if (typeof choice === "string") return { name: choice };
  if (isPlainObject(choice)) {
    if (typeof choice.name === "string") return { name: choice.name };
    if (isPlainObject(choice.function) && typeof choice.function.name === "string") return { name: choice.function.name };
  }
  throw new ValidationError("Invalid tool_choice: expected auto, any, required, none, a tool name or { type: \"function\", function: { name } }", { field: "tool_choice", modelId });
}

/**
 * A LangChain chat model (`@langchain/core` 1.x `BaseChatModel`) for every Bedrock text
 * model bedrock-kit serves. `invoke`, `stream`, `batch`, `bindTools` and
 * `withStructuredOutput` work as with any LangChain chat model; each answer carries
 * `usage_metadata` and, in `response_metadata`, `costUsd`, `requestId`, `stopReason`,
 * `rawStopReason` and `usageSource`.
 */
export class ChatBedrockKit extends BaseChatModel<ChatBedrockKitCallOptions, AIMessageChunk> {
  /** The Bedrock model ID. */
  model: ModelId;
  /** Default upper bound on generated tokens. */
  maxTokens: number | undefined;
  /** Default sampling temperature. */
  temperature: number | undefined;
  /** Default nucleus sampling. */
  topP: number | undefined;
  /** Default top-K sampling. */
  topK: number | undefined;
  /** Default stop sequences. */
  stopSequences: string[] | undefined;
  /** Default reasoning options. */
  reasoning: ReasoningOptions | undefined;
  /** Default guardrail. */
  guardrail: GuardrailOptions | undefined;
  /** Default fallback models. */
  fallbackModelIds: ModelId[] | undefined;
  /** Each call's cost cap, in dollars. */
  maxUsd: number | undefined;
  readonly #client: BedrockKitClient;

  /** LangChain's name for the class, used in serialization and tracing. */
  static override lc_name(): string {
    return "ChatBedrockKit";
  }

  /** Makes the model; the client is required, and so is the model ID. */
  constructor(fields: ChatBedrockKitInput) {
    super(fields ?? ({} as ChatBedrockKitInput));
    const client = fields?.client;
    if (typeof client !== "object" || client === null || typeof client.invoke !== "function") {
      throw new ValidationError("Invalid client: expected a bedrock-kit client from createClient()", { field: "client" });
    }
    if (typeof fields.model !== "string" || fields.model.trim() === "") {
      throw new ValidationError("Invalid model: expected a Bedrock model ID, inference-profile ID or ARN", { field: "model" });
    }
    this.#client = client;
    this.model = fields.model;
    this.maxTokens = fields.maxTokens;
    this.temperature = fields.temperature;
    this.topP = fields.topP;
    this.topK = fields.topK;
    this.stopSequences = fields.stopSequences;
    this.reasoning = fields.reasoning;
    this.guardrail = fields.guardrail;
    this.fallbackModelIds = fields.fallbackModelIds;
    this.maxUsd = fields.maxUsd;
  }

  /** `bedrock-kit`. */
  override _llmType(): string {
    return "bedrock-kit";
  }

  /** The settings LangSmith records with a run. */
  override getLsParams(options: this["ParsedCallOptions"]): ReturnType<BaseChatModel["getLsParams"]> {
    const params: ReturnType<BaseChatModel["getLsParams"]> = { ls_provider: "bedrock-kit", ls_model_name: this.model, ls_model_type: "chat" };
    if (this.temperature !== undefined) params.ls_temperature = this.temperature;
    if (this.maxTokens !== undefined) params.ls_max_tokens = this.maxTokens;
    const stop = [...(this.stopSequences ?? []), ...(options.stop ?? [])];
    if (stop.length > 0) params.ls_stop = stop;
    return params;
  }

  /** The request settings of a call (without messages), for tracing. */
  override invocationParams(options?: this["ParsedCallOptions"]): Omit<InvokeRequest, "messages" | "prompt" | "system" | "signal"> {
    const request: Omit<InvokeRequest, "messages" | "prompt" | "system" | "signal"> = { modelId: this.model };
    if (this.maxTokens !== undefined) request.maxTokens = this.maxTokens;
    if (this.temperature !== undefined) request.temperature = this.temperature;
    if (this.topP !== undefined) request.topP = this.topP;
    if (this.topK !== undefined) request.topK = this.topK;
    const stop = [...(this.stopSequences ?? []), ...(options?.stop ?? [])];
    if (stop.length > 0) request.stopSequences = stop;
    if (this.reasoning !== undefined) request.reasoning = this.reasoning;
    if (this.guardrail !== undefined) request.guardrail = this.guardrail;
    if (this.fallbackModelIds !== undefined) request.fallbackModelIds = this.fallbackModelIds;
    if (this.maxUsd !== undefined) request.maxUsd = this.maxUsd;
    if (options?.tools !== undefined && options.tools.length > 0) {
      request.tools = toolDefinitions(options.tools, this.model);
      const choice = toolChoiceOf(options.tool_choice, this.model);
      if (choice !== undefined) request.toolChoice = choice;
    }
    return request;
  }

  /** The bedrock-kit request for messages and call options. */
  #request(messages: BaseMessage[], options: this["ParsedCallOptions"]): InvokeRequest {
    const converted = convertMessages(messages, this.model);
    const request: InvokeRequest = { ...this.invocationParams(options), messages: converted.messages };
    if (converted.system !== undefined) request.system = converted.system;
    if (options.signal !== undefined) request.signal = options.signal;
    return request;
  }

  /** Binds tools (and optionally `tool_choice`) to the model, as LangChain chat models do. */
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<ChatBedrockKitCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatBedrockKitCallOptions> {
    toolDefinitions(tools, this.model); // converted now: a bad tool is reported at bind time, and calls reuse the conversion
    return this.withConfig({ ...kwargs, tools } as Partial<ChatBedrockKitCallOptions>);
  }

  /** One `fm.invoke` call. */
  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const result = await this.#client.invoke(this.#request(messages, options));
    const message = aiMessageOf(result);
    return { generations: [{ text: result.text, message }], llmOutput: { tokenUsage: usageMetadataOf(result.usage), costUsd: result.cost?.totalUsd } };
  }

  /** One `fm.stream` call: text deltas as they come, each tool call whole, then usage and cost in the last chunk. */
  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const stream = this.#client.stream(this.#request(messages, options));
    let toolIndex = 0;
    for await (const event of stream) {
      if (event.type === "text") {
        const chunk = new ChatGenerationChunk({ text: event.text, message: new AIMessageChunk({ content: event.text }) });
        yield chunk;
        await runManager?.handleLLMNewToken(event.text, undefined, undefined, undefined, undefined, { chunk });
      } else if (event.type === "reasoning") {
        yield new ChatGenerationChunk({ text: "", message: new AIMessageChunk({ content: "", additional_kwargs: { reasoning_content: event.text } }) });
      } else if (event.type === "tool-call") {
        const { toolCall } = event;
        yield new ChatGenerationChunk({
          text: "",
          message: new AIMessageChunk({
            content: "",
            tool_call_chunks: [{ type: "tool_call_chunk", id: toolCall.id, name: toolCall.name, args: JSON.stringify(toolCall.input), index: toolIndex++ }],
          }),
        });
      } else {
        const { result } = event;
        // The reasoning text came in deltas; the last chunk adds the parts with their signatures.
        const kept = result.reasoning === "" ? {} : { bedrockKitReasoning: reasoningKwargsOf(result).bedrockKitReasoning };
        yield new ChatGenerationChunk({
          text: "",
          message: new AIMessageChunk({ content: "", usage_metadata: usageMetadataOf(result.usage), response_metadata: responseMetadataOf(result), additional_kwargs: kept }),
        });
      }
    }
  }

  /**
   * Structured output by a forced tool call: the model must call one tool whose input
   * schema is `outputSchema` (Zod, a Standard Schema or JSON Schema), and its input is the
   * result (with `includeRaw`, `{ raw, parsed }`).
   */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: SerializableSchema<RunOutput>, config?: StructuredOutputMethodOptions<false>): Runnable<BaseLanguageModelInput, RunOutput>;
  /** With `includeRaw: true`: the model's message beside the parsed value. */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: SerializableSchema<RunOutput>, config?: StructuredOutputMethodOptions<true>): Runnable<BaseLanguageModelInput, StructuredOutputWithRaw<RunOutput>>;
  /** A Zod 4 schema or JSON Schema. */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: ZodV4Like<RunOutput> | Record<string, any>, config?: StructuredOutputMethodOptions<false>): Runnable<BaseLanguageModelInput, RunOutput>;
  /** A Zod 4 schema or JSON Schema, with `includeRaw: true`. */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: ZodV4Like<RunOutput> | Record<string, any>, config?: StructuredOutputMethodOptions<true>): Runnable<BaseLanguageModelInput, StructuredOutputWithRaw<RunOutput>>;
  /** A Zod 3 schema or JSON Schema. */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: ZodV3Like<RunOutput> | Record<string, any>, config?: StructuredOutputMethodOptions<false>): Runnable<BaseLanguageModelInput, RunOutput>;
  /** A Zod 3 schema or JSON Schema, with `includeRaw: true`. */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(outputSchema: ZodV3Like<RunOutput> | Record<string, any>, config?: StructuredOutputMethodOptions<true>): Runnable<BaseLanguageModelInput, StructuredOutputWithRaw<RunOutput>>;
  override withStructuredOutput(outputSchema: unknown, config?: StructuredOutputMethodOptions<boolean>): Runnable<BaseLanguageModelInput, unknown> {
    // LangChain's own implementation binds the schema as a tool without forcing it; bedrock-kit forces it (`any` with one tool).
    const forcing = Object.create(this) as ChatBedrockKit;
    forcing.bindTools = (tools, kwargs) => {
      const [definition] = toolDefinitions(tools, this.model);
      if (definition?.inputSchema.type !== "object") {
        throw new ValidationError("Invalid outputSchema: structured output needs a schema of an object (a tool's input is an object)", { field: "outputSchema", modelId: this.model });
      }
      return this.bindTools(tools, { ...kwargs, tool_choice: "any" });
    };
    const base = BaseChatModel.prototype.withStructuredOutput as (this: ChatBedrockKit, schema: unknown, options?: StructuredOutputMethodOptions<boolean>) => Runnable<BaseLanguageModelInput, unknown>;
    return base.call(forcing, outputSchema, config);
  }
}
