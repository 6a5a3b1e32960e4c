/**
 * createClient(): options, policy, and the invoke / stream pipeline.
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { PartialUsage, ResponseContext, StreamDecoder } from "./adapters/adapter.js";
import { isRecord, parseJsonBytes, toBase64 } from "./encoding.js";
import {
  AbortError,
  BedrockKitError,
  BudgetExceededError,
  ContentFilteredError,
  EmbeddingError,
  ModelNotAllowedError,
  ModelTimeoutError,
  ServiceError,
  StreamError,
  ValidationError,
  toBedrockKitError,
  type Operation,
} from "./errors.js";
import type { BedrockKitEvent, EventHandler } from "./events.js";
import { checkProfile } from "./models/profiles.js";
import { countsTokensRemotely, describeModel, resolveEmbeddingModel, resolveImageModel, resolveModel, type ResolvedModel } from "./models/registry.js";
import type { ImageOutput } from "./adapters/image-adapter.js";
import { pricePerEmbeddedImage, pricePerImage } from "./pricing/images.js";
import type { EmbedItem, EmbeddingAdapter } from "./adapters/embedding-adapter.js";
import { createModelPolicy } from "./policy.js";
import {
  buildResult,
  guardrailIntervened,
  pickUsage,
  readInvocationMetrics,
  type UsageOrder,
  type UsageSources,
} from "./result.js";
import { backoffDelay, sleep, type RetryDelay } from "./retry.js";
import { costOfUsage, lookUpPrices, noCostWarning, toCost, type PicoCost, type PriceLookup, type PriceOverrides } from "./pricing/cost.js";
import { Budget, type Reservation } from "./pricing/budget.js";
import { CostLedger, type CostReport } from "./pricing/ledger.js";
import { Calibrator } from "./tokens/calibration.js";
import { countTokens, countTokensNow, estimateRequestTokens, type CountableRequest, type TokenCount } from "./tokens/count.js";
import { checkPriceOverrides } from "./pricing/overrides.js";
import { StopSequenceCutter } from "./stop-sequences.js";
import { BedrockStream, type StreamSink } from "./stream.js";
import { createTransport, type InvokeResponse, type ResponseMetadata, type Transport } from "./transport.js";
import type { ContentPart, Cost, InvokeRequest, InvokeResult, ModelId, Usage, Warning } from "./types.js";
import { checkModelId, normalizeRequest } from "./validate.js";

/** Options of {@link createClient}. Every one is optional. */
export interface ClientOptions {
  /** AWS Region. Default: `AWS_REGION`, then `us-east-1`. */
  region?: string;
  /** Default: the AWS SDK's credential provider chain (environment, profile, SSO, instance role …). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Replaces the whole origin: a VPC endpoint, a proxy, or the offline Bedrock's `url`. */
  endpoint?: string;
  /**
   * A `BedrockRuntimeClient` you built. It is used with its own handler and retry settings,
   * so bedrock-kit's `maxRetries` defaults to 0 with it (set `maxAttempts: 1` on your
   * client before raising `maxRetries`, or retries multiply). bedrock-kit adds two
   * middlewares to its stack (named `bedrockKit…`): one reads the token-count headers, one
   * hands successful stream bodies to bedrock-kit's event-stream decoder.
   */
  bedrockRuntime?: BedrockRuntimeClient;
  /** Retries of retryable errors (throttling, 5xx, model timeouts, network resets). Default 3 (0 with `bedrockRuntime`). */
  maxRetries?: number;
  /** Backoff between retries (full jitter). Default `{ baseMs: 100, maxMs: 5000 }`. */
  retryDelay?: RetryDelay;
  /**
   * invoke: the whole call, retries included. stream: the longest wait for the first chunk
   * or between two chunks. Ends the call with `ModelTimeoutError` (code `ClientTimeout`).
   * Default 60000.
   */
  timeoutMs?: number;
  /** Glob patterns (`*`, `?`) over model IDs; any other model is refused with `ModelNotAllowedError` before a request. */
  allowModels?: string[];
  /**
   * A spending limit: each call reserves its worst-case cost before any request (its
   * native body's UTF-8 bytes as input tokens, `maxTokens` or the model's maximum as
   * output) and settles to its real cost; a call that does not fit throws
   * `BudgetExceededError`. Models without a known price cannot run under a budget.
   */
  budget?: BudgetOptions;
  /**
   * Prices by model ID (as requested, or the base model ID), USD per 1,000 tokens, used
   * instead of bedrock-kit's table: custom models, negotiated prices, other Regions.
   */
  pricing?: PriceOverrides;
  /** Audit hook: request, response, retry and error events, without prompt text or credentials. */
  onEvent?: EventHandler;
}

/** A spending limit for a client (arrives with the price table). */
export interface BudgetOptions {
  /** Dollars the client may spend in all. */
  maxUsd: number;
}

/** The client: one interface for every Bedrock model. */
export interface BedrockKitClient {
  /** Sends one request with InvokeModel and resolves to the normalized result. */
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  /**
   * Sends one request with InvokeModelWithResponseStream. The call starts at once; iterate
   * the returned stream for deltas or await its `result`. Errors (bad input included)
   * reject the iteration and `result`; this method itself never throws.
   */
  stream(request: InvokeRequest): BedrockStream;
  /**
   * Running totals of this client's calls: dollars (of the calls with a known price),
   * calls, input and output tokens, overall and by model ID. Failed streams that had begun
   * count too, since Bedrock bills them.
   */
  costs(): CostReport;
  /**
   * Embeds texts with an embedding model: batches of the model's size (Cohere 96, Titan 1)
   * sent with bounded concurrency and the client's retries, vectors in the texts' order.
   * If some texts fail, throws `EmbeddingError` carrying the vectors that were made.
   */
  embed(request: EmbedRequest): Promise<EmbedResult>;
  /**
   * Generates images: sizes are checked before the network (`ValidationError` lists the
   * model's sizes); images a content filter withheld are warnings, or a
   * `ContentFilteredError` when none is left.
   */
  generateImage(request: ImageRequest): Promise<ImageResult>;
  /**
   * Before a call: estimated input tokens, the worst-case input (the native body's UTF-8
   * bytes), the output allowance, whether it fits the context window, and the expected
   * and worst-case cost. Validates the request as a call would; sends nothing.
   */
  estimate(request: InvokeRequest): Promise<CallEstimate>;
  /**
   * Input tokens of a text or request for a model. For a request to a Claude Messages
   * model, asks Bedrock's CountTokens (exact, free) and falls back to the local count when
   * Bedrock declines; otherwise the local count of `countTokens` (exact where an offline
   * tokenizer is installed, else estimated).
   */
  countTokens(modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount>;
}

/** What {@link BedrockKitClient.embed} takes. */
export interface EmbedRequest {
  /** An embedding model: Titan Embeddings G1 / V2, Cohere Embed v3. */
  modelId: ModelId;
  /** The texts to embed, in order. Split into requests of the model's batch size. */
  texts?: string[];
  /**
   * Titan Multimodal Embeddings: images (bytes or base64) to embed. Alone, one vector per
   * image; with `texts` of the same length, one joint vector per text-and-image pair.
   */
  images?: (Uint8Array | string)[];
  /** Titan V2: 1024 (default), 512 or 256. */
  dimensions?: number;
  /** Titan V2: unit-length vectors (default true). */
  normalize?: boolean;
  /** Cohere: what the texts are for (default `search_document`). */
  inputType?: "search_document" | "search_query" | "classification" | "clustering";
  /** Cohere: what to do with texts over its limit. */
  truncate?: "NONE" | "START" | "END";
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Return `Float32Array`s (half the memory of number arrays). */
  float32?: boolean;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** The usage of an embedding call. */
export interface EmbedUsage {
  /** Input tokens Bedrock counted, summed over the requests. */
  inputTokens: number;
}

/** What {@link BedrockKitClient.embed} resolves to. */
export interface EmbedResult {
  /** One vector per text (or image, or pair), in order. */
  embeddings: number[][] | Float32Array[];
  /** Input tokens Bedrock counted, summed over the requests. */
  usage: EmbedUsage;
  /** From the usage and the price table; undefined without a price. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** Requests sent (one per batch, retries not counted). */
  requests: number;
  /** Options the model could not honour, lifecycle notes, why `cost` is undefined. */
  warnings: Warning[];
}

/** What {@link BedrockKitClient.generateImage} takes. */
export interface ImageRequest {
  /** Titan Image Generator, Nova Canvas, SDXL 1.0, SD3 Large, Stable Image Core or Ultra. */
  modelId: ModelId;
  /** What to draw. */
  prompt: string;
  /** What not to draw. */
  negativePrompt?: string;
  /** Default 1024; must be one of the model's sizes. */
  width?: number;
  /** Default 1024; must be one of the model's sizes. */
  height?: number;
  /** For repeatable images. */
  seed?: number;
  /** Images to make, default 1 (several requests for models that make one at a time). */
  count?: number;
  /** How closely to follow the prompt (Titan, Canvas, SDXL). */
  cfgScale?: number;
  /** Diffusion steps (SDXL). */
  steps?: number;
  /** Titan and Canvas: `standard` (default) or `premium`. */
  quality?: "standard" | "premium";
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** What {@link BedrockKitClient.generateImage} resolves to. */
export interface ImageResult {
  /** PNG bytes, one per image. */
  images: Uint8Array[];
  /** Each image's seed, where the model reports it. */
  seeds: (number | undefined)[];
  /** Per-image price × images; undefined without a price. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** Options the model could not honour, images a filter withheld, why `cost` is undefined. */
  warnings: Warning[];
}

/** What {@link BedrockKitClient.estimate} answers. */
export interface CallEstimate {
  /** As requested. */
  modelId: string;
  /** The estimator's count of the request's input tokens. */
  inputTokens: number;
  /** An upper bound of the input tokens: the native body's UTF-8 bytes (+1,000 with tools, for hidden tool prompts). */
  worstCaseInputTokens: number;
  /** `maxTokens`, or the model's maximum output when none is given. */
  maxOutputTokens: number;
  /** The model's context window in tokens. */
  contextWindow: number;
  /** False when the estimated input plus `maxTokens` exceeds the context window. */
  fitsContextWindow: boolean;
  /** Estimated input and the full output allowance at the model's price; undefined without a price. */
  cost: Cost | undefined;
  /** Worst-case input and the full output allowance: what a budget reserves. */
  worstCaseCost: Cost | undefined;
}

interface PreparedCall {
  resolved: ResolvedModel;
  body: string;
  warnings: Warning[];
  /** Stop sequences the client enforces itself (the model cannot take them on the wire). */
  emulatedStops: string[] | undefined;
  /** True when the body is for InvokeModelWithResponseStream. */
  nativeStream: boolean;
  /** What the adapter's decoders need from the request. */
  responseContext: ResponseContext;
  /** The prices that apply to this call, or why none do. */
  prices: PriceLookup;
  /** Whether the request offered tools (hidden tool prompts count in the worst case). */
  hasTools: boolean;
  /** `maxTokens` as requested. */
  maxTokens: number | undefined;
  /** The estimator's input tokens, for calibration (small requests only, to keep calls cheap). */
  estimatedInputTokens: number | undefined;
}

/** One call in progress: its signal, its deadline and its events. */
class CallScope {
  readonly controller = new AbortController();
  readonly startedAt = performance.now();
  timedOut = false;
  /** The model, once the request resolved it (for errors that need catalog facts). */
  resolved: ResolvedModel | undefined;
  /** The call's hold on the client's budget, when it has one. */
  reservation: Reservation | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort = (): void => this.controller.abort();

  constructor(
    readonly modelId: string,
    readonly operation: Operation,
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
    external?: AbortController,
  ) {
    if (external) this.controller = external;
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.controller.abort();
    else userSignal?.addEventListener("abort", this.#onUserAbort, { once: true });
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, timeoutMs);
      this.#timer.unref?.();
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Restarts the deadline (streams: time since the last chunk). */
  touch(): void {
    this.#timer?.refresh();
  }

  /** Turns anything thrown during the call into the error the user sees. */
  classify(error: unknown, requestId?: string): BedrockKitError {
    const context = { modelId: this.modelId, operation: this.operation, requestId };
    if (this.controller.signal.aborted && !(error instanceof StreamError)) {
      if (this.timedOut) {
        return new ModelTimeoutError(`The ${this.operation} of ${this.modelId} passed the client's timeoutMs`, {
          code: "ClientTimeout",
          modelId: this.modelId,
          operation: this.operation,
          requestId,
          cause: error,
        });
      }
      return new AbortError(`The ${this.operation} of ${this.modelId} was aborted`, { ...context, cause: error });
    }
    return endOfLifeError(toBedrockKitError(error, context), this.resolved);
  }

  end(): void {
    clearTimeout(this.#timer);
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }
}

/**
 * Bedrock's answer for a retired model ("This model version has reached the end of its
 * life", as ResourceNotFoundException or, from some SDK versions, ValidationException),
 * restated with the catalog's end-of-life date and successor.
 */
function endOfLifeError(error: BedrockKitError, resolved: ResolvedModel | undefined): BedrockKitError {
  if (!/end of (its )?life/i.test(error.message) || !["ResourceNotFoundException", "ValidationException"].includes(error.code)) return error;
  const facts = resolved?.model.deprecated;
  const date = facts ? ` on ${facts.endOfLife}` : "";
  const successor = facts?.successor ? `; move to ${facts.successor}` : "";
  return new ValidationError(`${error.modelId} has reached its end of life on Bedrock${date}${successor}`, {
    code: "ModelEndOfLife",
    field: "modelId",
    modelId: error.modelId,
    operation: error.operation,
    requestId: error.requestId,
    statusCode: error.statusCode,
    cause: error,
  });
}

function describeError(error: BedrockKitError): NonNullable<BedrockKitEvent["error"]> {
  return { name: error.name, code: error.code, message: error.message, retryable: error.retryable };
}

function malformed(scope: CallScope, detail: string, body: string | undefined, requestId: string | undefined): ServiceError {
  return new ServiceError(`The ${scope.operation} of ${scope.modelId} got an answer that is not the model's format: ${detail}`, {
    code: "MalformedResponse",
    modelId: scope.modelId,
    operation: scope.operation,
    requestId,
    body,
  });
}

const utf8Decoder = new TextDecoder();

const invokeUsageOrder: UsageOrder = ["body", "headers"];
// Streams: Bedrock's invocation metrics are what it bills; the model's own stream events
// can disagree with them (bedrock-formats.md §4.2 recorded 60 vs 41), so the metrics win.
const streamUsageOrder: UsageOrder = ["metrics", "body", "headers"];

/** Requests with bodies up to this many characters are estimated for calibration (about 1 ms at most). */
const calibrationLimit = 128 * 1024;

/** The things to embed: texts, images, or text-and-image pairs; throws `ValidationError` on anything else. */
function embedItems(texts: string[] | undefined, images: (Uint8Array | string)[] | undefined, modelId: string): EmbedItem[] {
  const validTexts = texts === undefined || (Array.isArray(texts) && texts.every((text) => typeof text === "string" && text !== ""));
  const validImages = images === undefined || (Array.isArray(images) && images.every((image) => image instanceof Uint8Array || (typeof image === "string" && image !== "")));
  if (!validTexts) throw new ValidationError("Invalid texts: expected an array of non-empty strings", { field: "texts", modelId });
  if (!validImages) throw new ValidationError("Invalid images: expected an array of image bytes or base64 strings", { field: "images", modelId });
  const count = Math.max(texts?.length ?? 0, images?.length ?? 0);
  if (count === 0) throw new ValidationError("Invalid texts: give at least one text (or image)", { field: "texts", modelId });
  if (texts && images && texts.length !== images.length) {
    throw new ValidationError("Invalid images: with texts, give one image per text (each pair makes one vector)", { field: "images", modelId });
  }
  return Array.from({ length: count }, (_, index) => {
    const item: EmbedItem = {};
    if (texts) item.text = texts[index]!;
    if (images) item.image = toBase64(images[index]!);
    return item;
  });
}

/** Tokens Bedrock may add for tool use that the body does not show (Claude's tool system prompt is a few hundred). */
const hiddenToolTokens = 1_000;

/** An upper bound of a body's input tokens: every token covers at least one UTF-8 byte of the text it encodes. */
function worstCaseInputTokens(body: string, hasTools: boolean): number {
  return Buffer.byteLength(body, "utf8") + (hasTools ? hiddenToolTokens : 0);
}

/** The cost of a call whose input is the body's worst case and whose output is the full allowance (what a budget reserves). */
function worstCaseCost(call: PreparedCall): PicoCost | undefined {
  const prices = call.prices.prices;
  if (!prices) return undefined;
  const usage = { inputTokens: worstCaseInputTokens(call.body, call.hasTools), outputTokens: call.maxTokens ?? call.resolved.model.maxOutputTokens };
  const cost = costOfUsage(usage, prices);
  return typeof cost === "string" ? undefined : cost;
}

/** Refuses, before the network, a request whose estimated input plus `maxTokens` exceeds the context window. */
function checkContextWindow(request: InvokeRequest, resolved: ResolvedModel, body: string): void {
  const window = resolved.model.contextWindow;
  const output = request.maxTokens ?? 0;
  // The body's length bounds its tokens from above for the text in it; count only when it might not fit.
  if (window <= 0 || body.length + output <= window) return;
  const input = countTokensNow(request.modelId, request).tokens;
  if (input + output > window) {
    throw new ValidationError(
      `Invalid request: about ${input} input tokens + ${output} maxTokens exceed the ${window}-token context window of ${resolved.parsed.requested}`,
      { field: request.maxTokens === undefined ? "messages" : "maxTokens", modelId: request.modelId },
    );
  }
}

/** Cuts an answer's content at the first client-side stop sequence; later parts are dropped. */
function cutContent(content: ContentPart[], stops: string[] | undefined): { content: ContentPart[]; matched: string | undefined } {
  if (!stops) return { content, matched: undefined };
  const cutter = new StopSequenceCutter(stops);
  const kept: ContentPart[] = [];
  for (const part of content) {
    if (part.type !== "text") {
      kept.push(part);
      continue;
    }
    const text = cutter.push(part.text) + (cutter.matched === undefined ? cutter.flush() : "");
    if (text !== "") kept.push({ type: "text", text });
    if (cutter.matched !== undefined) break;
  }
  return { content: kept, matched: cutter.matched };
}

/** Resolves after pending microtasks and I/O callbacks have run. */
function yieldToConsumer(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function mergeUsage(target: PartialUsage, update: PartialUsage): void {
  for (const key of Object.keys(update) as (keyof PartialUsage)[]) {
    const value = update[key];
    if (value !== undefined) target[key] = value;
  }
}

/**
 * Creates a client. Nothing is sent until the first call.
 *
 * ```ts
 * const fm = createClient({ region: "us-east-1" });
 * const result = await fm.invoke({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "Hello" });
 * console.log(result.text, result.usage);
 * ```
 */
export function createClient(options: ClientOptions = {}): BedrockKitClient {
  checkPriceOverrides(options.pricing);
  const budget = options.budget === undefined ? undefined : new Budget(options.budget?.maxUsd);
  const ledger = new CostLedger();
  const calibrator = new Calibrator();
  const picoCosts = new WeakMap<InvokeResult, PicoCost>();
  const maxRetries = options.maxRetries ?? (options.bedrockRuntime ? 0 : 3);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ValidationError("Invalid maxRetries: expected an integer of 0 or more", { field: "maxRetries" });
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    throw new ValidationError("Invalid timeoutMs: expected a positive number of milliseconds", { field: "timeoutMs" });
  }
  const retryDelay = options.retryDelay ?? {};
  const policy = createModelPolicy(options.allowModels);
  const onEvent = options.onEvent;
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  let transport: Transport | undefined;
  const getTransport = (): Transport =>
    (transport ??= createTransport({
      region: options.region,
      credentials: options.credentials,
      endpoint: options.endpoint,
      bedrockRuntime: options.bedrockRuntime,
    }));

  function emit(scope: CallScope, type: BedrockKitEvent["type"], attempt: number, fields: Partial<BedrockKitEvent> = {}): void {
    if (!onEvent) return;
    try {
      onEvent({ type, modelId: scope.modelId, operation: scope.operation, time: new Date().toISOString(), attempt, ...fields });
    } catch {
      // An audit hook must not break the call.
    }
  }

  /** Throws {@link ModelNotAllowedError} before any request when `allowModels` refuses the model. */
  function checkPolicy(modelId: string, baseModelId: string | undefined): void {
    if (!policy.allows(modelId, baseModelId)) {
      throw new ModelNotAllowedError(`${modelId} is not in this client's allowModels list`, { modelId });
    }
  }

  function prepare(request: InvokeRequest, operation: Operation): PreparedCall {
    checkModelId(request);
    const resolved = resolveModel(request.modelId);
    checkProfile(resolved, region);
    checkPolicy(request.modelId, resolved.parsed.baseModelId);
    const normalized = normalizeRequest(request, resolved);
    // A stream of a model without native streaming is one InvokeModel.
    const nativeStream = operation === "stream" && resolved.adapter.createStreamDecoder !== undefined && resolved.model.capabilities.streaming;
    const native = resolved.adapter.toNativeBody(normalized, resolved.model, { stream: nativeStream });
    const emulatedStops = native.emulatedStopSequences?.length ? native.emulatedStopSequences : undefined;
    const toolNames = normalized.toolChoice === "none" ? [] : (normalized.tools ?? []).map((tool) => tool.name);
    const body = JSON.stringify(native.body);
    checkContextWindow(request, resolved, body);
    const prices = lookUpPrices(resolved.parsed, region, options.pricing);
    return {
      resolved,
      body,
      warnings: [...resolved.warnings, ...native.warnings],
      emulatedStops,
      nativeStream,
      responseContext: { toolNames },
      prices,
      hasTools: toolNames.length > 0,
      maxTokens: request.maxTokens,
      estimatedInputTokens: body.length <= calibrationLimit ? estimateRequestTokens(request, resolved.model.family) : undefined,
    };
  }

  /** Waits before the next attempt, or rethrows when `error` ends the call. */
  async function backOffOrThrow(scope: CallScope, error: BedrockKitError, attempt: number): Promise<void> {
    if (!error.retryable || attempt > maxRetries) throw error;
    const delayMs = backoffDelay(attempt - 1, retryDelay);
    emit(scope, "retry", attempt, { delayMs, error: describeError(error), ...(error.requestId ? { requestId: error.requestId } : {}) });
    try {
      await sleep(delayMs, scope.signal);
    } catch (abortReason) {
      throw scope.classify(abortReason);
    }
  }

  function reportFailure(scope: CallScope, error: unknown, attempt: number): BedrockKitError {
    const kitError = BedrockKitError.isInstance(error) ? (error as BedrockKitError) : scope.classify(error);
    settle(scope, StreamError.isInstance(kitError) ? (kitError as StreamError).partial : undefined);
    emit(scope, "error", attempt, {
      latencyMs: Math.round(performance.now() - scope.startedAt),
      error: describeError(kitError),
      ...(kitError.requestId ? { requestId: kitError.requestId } : {}),
    });
    return kitError;
  }

  /** Sets a result's cost from its usage (or a warning saying why there is none). */
  function priceResult(call: PreparedCall, result: InvokeResult): InvokeResult {
    const lookup = call.prices;
    let reason: string | undefined;
    if (!lookup.prices) reason = lookup.reason;
    else if (result.usage.source === "none") reason = "Bedrock reported no token counts for this call";
    else {
      const cost = costOfUsage(result.usage, lookup.prices);
      if (typeof cost === "string") reason = cost;
      else {
        result.cost = toCost(cost);
        picoCosts.set(result, cost);
      }
    }
    if (reason !== undefined) result.warnings.push(noCostWarning(reason));
    return result;
  }

  /** Holds a call's worst-case cost on the budget, or refuses the call when it has no price. */
  function holdBudget(scope: CallScope, worstCase: PicoCost | undefined, reason: string | undefined): void {
    if (!budget) return;
    if (worstCase === undefined) {
      throw new BudgetExceededError(`A budget cannot cover ${scope.modelId} without its price${reason ? `: ${reason}` : ""}`, { modelId: scope.modelId });
    }
    scope.reservation = budget.reserve(BigInt(worstCase.inputPico + worstCase.outputPico), scope.modelId);
  }

  /** Ends a budget hold at `actual` (undefined: the call cost nothing). */
  function releaseBudget(scope: CallScope, actual: PicoCost | undefined): void {
    if (budget && scope.reservation) budget.settle(scope.reservation, actual && BigInt(actual.inputPico + actual.outputPico));
  }

  /** Ends a chat call's budget hold at its real cost (or, when that is unknown, the worst case). */
  function settle(scope: CallScope, result: InvokeResult | undefined): void {
    if (!budget || !scope.reservation) return;
    const cost = result && picoCosts.get(result);
    budget.settle(scope.reservation, result === undefined ? undefined : cost ? BigInt(cost.inputPico + cost.outputPico) : scope.reservation.pico);
  }

  function reserve(scope: CallScope, call: PreparedCall): void {
    if (budget) holdBudget(scope, worstCaseCost(call), call.prices.prices ? undefined : call.prices.reason);
  }

  function reportSuccess(scope: CallScope, result: InvokeResult, attempt: number, call?: PreparedCall): void {
    ledger.record(result.modelId, result.usage, picoCosts.get(result));
    if (call?.estimatedInputTokens !== undefined && result.usage.source !== "none") {
      const { inputTokens, cacheReadInputTokens = 0, cacheWriteInputTokens = 0 } = result.usage;
      calibrator.observe(call.resolved.model.id, call.estimatedInputTokens, inputTokens + cacheReadInputTokens + cacheWriteInputTokens);
    }
    settle(scope, result);
    emit(scope, "response", attempt, {
      latencyMs: result.latencyMs,
      usage: result.usage,
      stopReason: result.stopReason,
      ...(result.cost ? { cost: result.cost } : {}),
      ...(result.requestId ? { requestId: result.requestId } : {}),
    });
  }

  async function invokeOnce(scope: CallScope, call: PreparedCall): Promise<InvokeResult> {
    const modelId = call.resolved.parsed.requested;
    const response = await getTransport().invoke(modelId, call.body, scope.signal);
    const text = utf8Decoder.decode(response.body);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw malformed(scope, "the body is not JSON", text, response.requestId);
    }
    let output;
    try {
      output = call.resolved.adapter.fromNativeBody(raw, call.responseContext);
    } catch (error) {
      throw malformed(scope, (error as Error).message, text, response.requestId);
    }
    const cut = cutContent(output.content, call.emulatedStops);
    const result = buildResult({
      resolved: call.resolved,
      content: cut.content,
      rawStopReason: output.rawStopReason,
      stopSequence: cut.matched ?? output.stopSequence,
      guardrail: guardrailIntervened(raw),
      emulatedStop: cut.matched !== undefined,
      usage: pickUsage({ body: output.usage, headers: response.headerUsage }, invokeUsageOrder),
      requestId: response.requestId,
      startedAt: scope.startedAt,
      raw,
      warnings: call.warnings,
    });
    return priceResult(call, result);
  }

  /** InvokeModel with retries; `attempts.count` tells the caller how many were made. */
  async function invokeWithRetries(scope: CallScope, call: PreparedCall, attempts: { count: number }): Promise<InvokeResult> {
    for (attempts.count = 1; ; attempts.count++) {
      emit(scope, "request", attempts.count);
      try {
        const result = await invokeOnce(scope, call);
        reportSuccess(scope, result, attempts.count, call);
        return result;
      } catch (error) {
        await backOffOrThrow(scope, scope.classify(error, (error as { requestId?: string })?.requestId), attempts.count);
      }
    }
  }

  async function invoke(request: InvokeRequest): Promise<InvokeResult> {
    const scope = new CallScope(String(request?.modelId ?? ""), "invoke", timeoutMs, request?.signal);
    const attempts = { count: 1 };
    try {
      const call = prepare(request, "invoke");
      scope.resolved = call.resolved;
      reserve(scope, call);
      return await invokeWithRetries(scope, call, attempts);
    } catch (error) {
      throw reportFailure(scope, error, attempts.count);
    } finally {
      scope.end();
    }
  }

  /**
   * A stream of a model without native streaming (Jurassic-2): one InvokeModel, its text as
   * one delta and its tool calls as events, with an `emulated` warning.
   */
  async function streamByInvoke(scope: CallScope, call: PreparedCall, sink: StreamSink, attempts: { count: number }): Promise<void> {
    const warning: Warning = {
      type: "emulated",
      feature: "stream",
      message: `${scope.modelId} has no native streaming on Bedrock; it was invoked once and its answer delivered as one delta.`,
    };
    const result = await invokeWithRetries(scope, { ...call, warnings: [...call.warnings, warning] }, attempts);
    if (result.text !== "") sink.push({ type: "text", text: result.text });
    for (const toolCall of result.toolCalls) sink.push({ type: "tool-call", toolCall });
    sink.finish(result);
  }

  /** What one stream attempt has received so far. */
  class StreamAttempt {
    readonly content: ContentPart[] = [];
    readonly bodyUsage: PartialUsage = {};
    metrics: PartialUsage | undefined;
    rawStopReason: string | undefined;
    stopSequence: string | undefined;
    guardrail = false;
    delivered = false;
    /** Set when the model's own end-of-answer event (its stop reason) arrived. */
    finished = false;
    lastText: { type: "text"; text: string } | undefined;
    readonly cutter: StopSequenceCutter | undefined;

    constructor(
      readonly call: PreparedCall,
      readonly scope: CallScope,
      readonly decoder: StreamDecoder,
      readonly response: ResponseMetadata,
    ) {
      this.cutter = call.emulatedStops && new StopSequenceCutter(call.emulatedStops);
    }

    /** Adds text to the result and the sink; true when it woke a waiting consumer. */
    deliverText(text: string, sink: StreamSink): boolean {
      if (this.lastText) this.lastText.text += text;
      else {
        this.lastText = { type: "text", text };
        this.content.push(this.lastText);
      }
      this.delivered = true;
      return sink.push({ type: "text", text });
    }

    /** Delivers text a client-side stop sequence held back, once the stream has ended. */
    flush(sink: StreamSink): void {
      const rest = this.cutter?.flush();
      if (rest) this.deliverText(rest, sink);
    }

    result(): InvokeResult {
      const sources: UsageSources = { metrics: this.metrics, body: this.bodyUsage, headers: this.response.headerUsage };
      const result = buildResult({
        resolved: this.call.resolved,
        content: this.content,
        rawStopReason: this.rawStopReason,
        stopSequence: this.cutter?.matched ?? this.stopSequence,
        guardrail: this.guardrail,
        emulatedStop: this.cutter?.matched !== undefined,
        usage: pickUsage(sources, streamUsageOrder),
        requestId: this.response.requestId,
        startedAt: this.scope.startedAt,
        raw: this.decoder.raw(),
        warnings: this.call.warnings,
      });
      return priceResult(this.call, result);
    }

    /** Decodes one chunk into the result so far and the sink; true when an event woke a waiting consumer. */
    accept(bytes: Uint8Array, sink: StreamSink): boolean {
      let chunk: unknown;
      let deltas;
      try {
        chunk = parseJsonBytes(bytes);
        if (!isRecord(chunk)) throw new Error("a chunk is not a JSON object");
        deltas = this.decoder.push(chunk);
      } catch (error) {
        throw malformed(this.scope, (error as Error).message, utf8Decoder.decode(bytes), this.response.requestId);
      }
      const metrics = readInvocationMetrics(chunk);
      if (metrics) this.metrics = metrics;
      if (guardrailIntervened(chunk)) this.guardrail = true;
      let woke = false;
      for (const delta of deltas) {
        switch (delta.type) {
          case "text": {
            const text = this.cutter ? this.cutter.push(delta.text) : delta.text;
            if (text !== "") woke = this.deliverText(text, sink) || woke;
            break;
          }
          case "tool-call":
            this.lastText = undefined;
            this.content.push({ type: "tool-call", ...delta.toolCall });
            this.delivered = true;
            woke = sink.push(delta) || woke;
            break;
          case "stop":
            this.finished = true;
            this.rawStopReason = delta.rawStopReason;
            this.stopSequence = delta.stopSequence;
            break;
          case "usage":
            mergeUsage(this.bodyUsage, delta.usage);
            break;
        }
      }
      return woke;
    }
  }

  async function runStream(request: InvokeRequest, scope: CallScope, sink: StreamSink): Promise<void> {
    let attempt = 1;
    const attempts = { count: 1 };
    try {
      const call = prepare(request, "stream");
      scope.resolved = call.resolved;
      reserve(scope, call);
      const adapter = call.resolved.adapter;
      if (!call.nativeStream || !adapter.createStreamDecoder) {
        await streamByInvoke(scope, call, sink, attempts);
        return;
      }
      for (; ; attempt++) {
        emit(scope, "request", attempt);
        let state: StreamAttempt | undefined;
        try {
          const response = await getTransport().invokeStream(call.resolved.parsed.requested, call.body, scope.signal);
          state = new StreamAttempt(call, scope, adapter.createStreamDecoder(call.responseContext), response);
          for await (const batch of response.chunks) {
            scope.touch();
            let handedOver = false;
            for (const bytes of batch) {
              // Once per network read, a consumer that was waiting gets its event before
              // the rest of the read is decoded (time to first token), at one macrotask a read.
              if (state.accept(bytes, sink) && !handedOver) {
                handedOver = true;
                await yieldToConsumer();
              }
            }
          }
          // An aborted HTTP/2 stream can end like a finished one: the signal says which it was.
          if (scope.signal.aborted) throw new Error("The stream was aborted");
          state.flush(sink);
          if (!state.finished) {
            throw new ServiceError(`The stream of ${scope.modelId} ended before the model's final event`, {
              code: "IncompleteStream",
              modelId: scope.modelId,
              operation: "stream",
              requestId: response.requestId,
            });
          }
          const result = state.result();
          reportSuccess(scope, result, attempt, call);
          sink.finish(result);
          return;
        } catch (error) {
          const kitError = scope.classify(error, state?.response.requestId);
          if (state?.delivered && kitError.code !== "Aborted") {
            const partial = state.result();
            ledger.record(partial.modelId, partial.usage, picoCosts.get(partial));
            throw new StreamError(`The stream of ${scope.modelId} failed after output began: ${kitError.message}`, {
              code: kitError.code,
              modelId: scope.modelId,
              operation: "stream",
              requestId: kitError.requestId,
              statusCode: kitError.statusCode,
              cause: kitError,
              partial,
            });
          }
          await backOffOrThrow(scope, kitError, attempt);
        }
      }
    } catch (error) {
      sink.fail(reportFailure(scope, error, Math.max(attempt, attempts.count)));
    } finally {
      scope.end();
    }
  }

  function stream(request: InvokeRequest): BedrockStream {
    const controller = new AbortController();
    return new BedrockStream((sink) => {
      const scope = new CallScope(String(request?.modelId ?? ""), "stream", timeoutMs, request?.signal, controller);
      void runStream(request, scope, sink);
    }, controller);
  }

  /**
   * Bedrock's own count where it has one (the Claude Messages family, for requests), the
   * local count otherwise, and the local count whenever Bedrock declines.
   */
  /** The local count, corrected by what Bedrock reported for this client's earlier calls when it is an estimate. */
  async function countLocally(modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
    const count = await countTokens(modelId, textOrRequest);
    const calibration = count.exact ? undefined : calibrator.calibration(describeModel(modelId).model.id);
    if (!calibration) return count;
    return { ...count, tokens: Math.round(count.tokens * calibration.ratio), tokenizer: `${count.tokenizer}, calibrated ×${calibration.ratio} from ${calibration.observations} calls`, calibration };
  }

  async function countTokensRemotely(modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
    if (typeof textOrRequest === "string" || !countsTokensRemotely(modelId)) {
      return countLocally(modelId, textOrRequest);
    }
    // Bad input and the model policy fail here, before any request.
    const call = prepare({ ...textOrRequest, modelId }, "invoke");
    const scope = new CallScope(modelId, "countTokens", timeoutMs, undefined);
    try {
      const tokens = await getTransport().countTokens(call.resolved.parsed.requested, call.body, scope.signal);
      return { tokens, exact: true, tokenizer: "bedrock:CountTokens" };
    } catch (error) {
      // A call that ran out of time is the caller's to see; Bedrock declining or failing falls back to the local count.
      const kitError = scope.classify(error);
      if (kitError.code === "ClientTimeout") throw kitError;
      return countLocally(modelId, textOrRequest);
    } finally {
      scope.end();
    }
  }

  function estimate(request: InvokeRequest): CallEstimate {
    const call = prepare(request, "invoke");
    const { model } = call.resolved;
    const inputTokens = countTokensNow(request.modelId, request).tokens;
    const maxOutputTokens = request.maxTokens ?? model.maxOutputTokens;
    const fits = model.contextWindow <= 0 || inputTokens + (request.maxTokens ?? 0) <= model.contextWindow;
    const expected = call.prices.prices && costOfUsage({ inputTokens, outputTokens: maxOutputTokens }, call.prices.prices);
    return {
      modelId: request.modelId,
      inputTokens,
      worstCaseInputTokens: worstCaseInputTokens(call.body, call.responseContext.toolNames.length > 0),
      maxOutputTokens,
      contextWindow: model.contextWindow,
      fitsContextWindow: fits,
      cost: expected && typeof expected !== "string" ? toCost(expected) : undefined,
      worstCaseCost: ((worstCase) => worstCase && toCost(worstCase))(worstCaseCost(call)),
    };
  }

  /** One InvokeModel whose answer `decode` reads, with the client's retries. */
  async function invokeNative<Output>(scope: CallScope, modelId: string, body: string, decode: (body: unknown, response: InvokeResponse) => Output): Promise<Output> {
    for (let attempt = 1; ; attempt++) {
      emit(scope, "request", attempt);
      try {
        const response = await getTransport().invoke(modelId, body, scope.signal);
        const text = utf8Decoder.decode(response.body);
        try {
          return decode(JSON.parse(text), response);
        } catch (error) {
          throw malformed(scope, (error as Error).message, text, response.requestId);
        }
      } catch (error) {
        await backOffOrThrow(scope, scope.classify(error, (error as { requestId?: string })?.requestId), attempt);
      }
    }
  }

  /** One batch of texts through InvokeModel. */
  function embedBatch(scope: CallScope, modelId: string, body: string, count: number, adapter: EmbeddingAdapter): Promise<{ embeddings: number[][]; inputTokens: number }> {
    return invokeNative(scope, modelId, body, (native, response) => {
      const decoded = adapter.fromNativeBody(native, count);
      return { embeddings: decoded.embeddings, inputTokens: decoded.inputTokens ?? response.headerUsage?.inputTokens ?? 0 };
    });
  }

  async function generateImage(request: ImageRequest): Promise<ImageResult> {
    const scope = new CallScope(String(request?.modelId ?? ""), "generateImage", timeoutMs, request?.signal);
    try {
      const { modelId, prompt } = request ?? ({} as ImageRequest);
      if (typeof modelId !== "string" || modelId === "") throw new ValidationError("Invalid modelId: an image model ID is required", { field: "modelId" });
      if (typeof prompt !== "string" || prompt.trim() === "") throw new ValidationError("Invalid prompt: a non-empty prompt is required", { field: "prompt", modelId });
      const resolved = resolveImageModel(modelId);
      checkPolicy(modelId, resolved.parsed.baseModelId);
      const adapter = resolved.adapter;
      const width = request.width ?? 1024;
      const height = request.height ?? 1024;
      const sizeProblem = adapter.checkSize(width, height);
      if (sizeProblem) throw new ValidationError(`Invalid width/height: ${modelId} does not make ${width}x${height} images; ${sizeProblem}`, { field: "width", modelId });
      const count = request.count ?? 1;
      if (!Number.isInteger(count) || count < 1 || count > 10) throw new ValidationError("Invalid count: expected an integer from 1 to 10", { field: "count", modelId });
      const perImage = pricePerImage(resolved.parsed.baseModelId ?? "", width, height, request.quality);
      const pico = (images: number): PicoCost | undefined => (perImage === undefined ? undefined : { inputPico: 0, outputPico: images * Math.round(perImage * 1e12) });
      holdBudget(scope, pico(count), undefined);
      const warnings: Warning[] = [...resolved.warnings];
      const images: Uint8Array[] = [];
      const seeds: (number | undefined)[] = [];
      const withheld: string[] = [];
      const perRequest = Math.min(count, adapter.maxCount);
      for (let made = 0; made < count; made += perRequest) {
        const normalized = {
          prompt,
          negativePrompt: request.negativePrompt,
          width,
          height,
          seed: request.seed === undefined ? undefined : request.seed + made,
          count: Math.min(perRequest, count - made),
          cfgScale: request.cfgScale,
          steps: request.steps,
          quality: request.quality,
        };
        const native = adapter.toNativeBody(normalized, resolved.model);
        if (made === 0) warnings.push(...native.warnings);
        let output: ImageOutput;
        try {
          output = await invokeNative(scope, resolved.parsed.requested, JSON.stringify(native.body), (body) => adapter.fromNativeBody(body));
        } catch (error) {
          const kitError = scope.classify(error);
          if (!/blocked by our content filters/i.test(kitError.message)) throw kitError;
          output = { images: [], seeds: [], withheld: [kitError.message.replace(/^.*?: /, "")] };
        }
        images.push(...output.images);
        seeds.push(...output.seeds);
        withheld.push(...output.withheld);
      }
      const cost = pico(images.length);
      ledger.record(modelId, { inputTokens: 0, outputTokens: 0, totalTokens: 0, source: "none" }, cost);
      releaseBudget(scope, cost);
      if (images.length === 0 && withheld.length > 0) {
        throw new ContentFilteredError(`A content filter withheld every image of ${modelId}: ${withheld.join("; ")}`, { modelId, operation: "generateImage", reasons: withheld });
      }
      if (withheld.length > 0) warnings.push({ type: "unsupported", feature: "images", message: `${withheld.length} image(s) withheld by ${modelId}: ${withheld.join("; ")}` });
      if (!cost) warnings.push(noCostWarning(`bedrock-kit has no per-image price for ${modelId} at ${width}x${height}`));
      emit(scope, "response", 1, { latencyMs: Math.round(performance.now() - scope.startedAt), ...(cost ? { cost: toCost(cost) } : {}) });
      return { images, seeds, cost: cost && toCost(cost), modelId, warnings };
    } catch (error) {
      throw reportFailure(scope, error, 1);
    } finally {
      scope.end();
    }
  }

  async function embed(request: EmbedRequest): Promise<EmbedResult> {
    const scope = new CallScope(String(request?.modelId ?? ""), "embed", timeoutMs, request?.signal);
    try {
      const { modelId, texts, images } = request ?? ({} as EmbedRequest);
      if (typeof modelId !== "string" || modelId === "") throw new ValidationError("Invalid modelId: an embedding model ID is required", { field: "modelId" });
      const items = embedItems(texts, images, modelId);
      const resolved = resolveEmbeddingModel(modelId);
      checkPolicy(modelId, resolved.parsed.baseModelId);
      const adapter = resolved.adapter;
      if (images !== undefined && !adapter.images) {
        throw new ValidationError(`Invalid images: ${modelId} embeds texts only; amazon.titan-embed-image-v1 embeds images`, { field: "images", modelId });
      }
      if (request.dimensions !== undefined && !adapter.dimensions.includes(request.dimensions)) {
        throw new ValidationError(`Invalid dimensions: ${modelId} makes vectors of ${adapter.dimensions.join(", ")} values`, { field: "dimensions", modelId });
      }
      const concurrency = request.concurrency ?? 4;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new ValidationError("Invalid concurrency: expected an integer from 1 to 64", { field: "concurrency", modelId });
      }
      const embedOptions = { dimensions: request.dimensions, normalize: request.normalize, inputType: request.inputType, truncate: request.truncate };
      const batches: { start: number; items: EmbedItem[] }[] = [];
      for (let start = 0; start < items.length; start += adapter.maxBatch) batches.push({ start, items: items.slice(start, start + adapter.maxBatch) });
      const warnings = [...resolved.warnings, ...adapter.toNativeBody(batches[0]!.items, embedOptions, resolved.model).warnings];
      const prices = lookUpPrices(resolved.parsed, region, options.pricing);
      if (budget) {
        const bytes = items.reduce((sum, item) => sum + Buffer.byteLength(item.text ?? "", "utf8"), 0);
        const worst = prices.prices ? costOfUsage({ inputTokens: bytes, outputTokens: 0 }, prices.prices) : prices.reason;
        holdBudget(scope, typeof worst === "string" ? undefined : worst, typeof worst === "string" ? worst : undefined);
      }
      const vectors: (number[] | undefined)[] = new Array(items.length).fill(undefined);
      const failed: number[] = [];
      let firstFailure: BedrockKitError | undefined;
      let inputTokens = 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batches.length && !scope.signal.aborted) {
          const batch = batches[next++]!;
          try {
            const body = JSON.stringify(adapter.toNativeBody(batch.items, embedOptions, resolved.model).body);
            const result = await embedBatch(scope, resolved.parsed.requested, body, batch.items.length, adapter);
            result.embeddings.forEach((vector, offset) => (vectors[batch.start + offset] = vector));
            inputTokens += result.inputTokens;
          } catch (error) {
            firstFailure ??= scope.classify(error);
            batch.items.forEach((_, offset) => failed.push(batch.start + offset));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      const usage: Usage = { inputTokens, outputTokens: 0, totalTokens: inputTokens, source: "body" };
      const imageCount = items.filter((item) => item.image !== undefined).length;
      const perImage = pricePerEmbeddedImage(resolved.parsed.baseModelId ?? "");
      let cost = prices.prices ? costOfUsage(usage, prices.prices) : prices.reason;
      if (typeof cost !== "string" && imageCount > 0) {
        cost = perImage === undefined ? "the per-image price is not known" : { inputPico: cost.inputPico + imageCount * Math.round(perImage * 1e12), outputPico: 0 };
      }
      const pico = typeof cost === "string" ? undefined : cost;
      ledger.record(modelId, usage, pico);
      releaseBudget(scope, pico);
      if (firstFailure || scope.signal.aborted) {
        failed.sort((left, right) => left - right);
        const cause = firstFailure ?? scope.classify(new Error("aborted"));
        throw new EmbeddingError(`${failed.length} of ${items.length} inputs could not be embedded by ${modelId}: ${cause.message}`, {
          code: cause.code,
          modelId,
          operation: "embed",
          cause,
          embeddings: vectors,
          failedIndexes: failed,
        });
      }
      if (typeof cost === "string") warnings.push(noCostWarning(cost));
      const complete = vectors as number[][];
      emit(scope, "response", 1, { latencyMs: Math.round(performance.now() - scope.startedAt), usage, ...(pico ? { cost: toCost(pico) } : {}) });
      return {
        embeddings: request.float32 ? complete.map((vector) => Float32Array.from(vector)) : complete,
        usage: { inputTokens },
        cost: pico && toCost(pico),
        modelId,
        requests: batches.length,
        warnings,
      };
    } catch (error) {
      throw reportFailure(scope, error, 1);
    } finally {
      scope.end();
    }
  }

  return {
    invoke,
    stream,
    embed,
    generateImage,
    costs: () => (budget ? { ...ledger.report(), budget: budget.state() } : ledger.report()),
    estimate: async (request) => estimate(request),
    countTokens: countTokensRemotely,
  };
}
