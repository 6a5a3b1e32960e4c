/**
 * createClient(): options → one client context → the public methods. Wiring only: every
 * method is an operation module running through the one call pipeline (src/pipeline/).
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { AuditLog } from "./audit/audit-log.js";
import type { EventHandler, Logger } from "./events.js";
import { createRateLimiter, type RateLimitOptions } from "./pipeline/rate-limit.js";
import { applyGuardrail, type ApplyGuardrailRequest, type ApplyGuardrailResult } from "./operations/apply-guardrail.js";
import { checkPolicy } from "./operations/check-policy.js";
import { countTokens } from "./operations/count-tokens.js";
import type { EmbedRequest, EmbedResult } from "./operations/embed.js";
import type { RerankRequest, RerankResult } from "./operations/rerank.js";
import type { BatchApi } from "./jobs/batch.js";
import type { CustomizationApi } from "./jobs/customization.js";
import type { JobSettings } from "./jobs/aws-clients.js";
import { mapRequests, type MapOptions, type MapOutcome } from "./operations/map.js";
import { estimate, type CallEstimate } from "./operations/estimate.js";
import type { ImageRequest, ImageResult } from "./operations/generate-image.js";
import { invoke } from "./operations/invoke.js";
import { stream } from "./operations/stream.js";
import { Accounting } from "./pipeline/accounting.js";
import type { ClientContext } from "./pipeline/context.js";
import { createObservers } from "./pipeline/observers.js";
import { checkClientOptions } from "./options.js";
import { createModelPolicy, type ModelPatterns, type PolicyOperation } from "./pipeline/policy.js";
import type { RetryDelay } from "./pipeline/retry.js";
import { Budget } from "./pricing/budget.js";
import type { PriceOverrides } from "./pricing/cost.js";
import type { CostReport } from "./pricing/ledger.js";
import { checkPriceOverrides } from "./pricing/overrides.js";
import type { BedrockStream } from "./stream.js";
import type { CountableRequest, TokenCount } from "./tokens/count.js";
import { defaultRegion, resolveRegion } from "./region.js";
import { createTransport, type Transport } from "./transport/index.js";
import type { InvokeRequest, InvokeResult, ToolCallOf, ToolDefinition } from "./types.js";

/** Options of {@link createClient}. Every one is optional. */
export interface ClientOptions {
  /**
   * AWS Region. Default, as the AWS SDK finds it: `AWS_REGION`, then the `region` of the AWS
   * profile (`AWS_PROFILE` or `default`, in `~/.aws/config` or `AWS_CONFIG_FILE`), then
   * `us-east-1` (with `bedrockRuntime`: that client's Region). Calls are signed for it and
   * priced in it.
   */
  region?: string | undefined;
  /** Default: the AWS SDK's credential provider chain (environment, profile, SSO, instance role …). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Replaces the whole origin: a VPC endpoint, a proxy, or the offline Bedrock's `url` (the job operations' control plane goes there too). */
  endpoint?: string | undefined;
  /**
   * The S3 endpoint of `fm.batch` and `fm.customization` (path-style addressing): an
   * S3-compatible server, such as a local one in tests. Default: the AWS SDK's (which
   * honours `AWS_ENDPOINT_URL_S3`).
   */
  s3Endpoint?: string | undefined;
  /**
   * A `BedrockRuntimeClient` you built. It is used with its own handler and retry settings,
   * so bedrock-kit's `maxRetries` defaults to 0 with it (set `maxAttempts: 1` on your
   * client before raising `maxRetries`, or retries multiply). bedrock-kit adds two
   * middlewares to its stack (named `bedrockKit…`): one reads the token-count headers, one
   * hands successful stream bodies to bedrock-kit's event-stream decoder.
   */
  bedrockRuntime?: BedrockRuntimeClient | undefined;
  /** Retries of retryable errors (throttling, 5xx, model timeouts, network resets). Default 3 (0 with `bedrockRuntime`). */
  maxRetries?: number | undefined;
  /** Backoff between retries (full jitter). Default `{ baseMs: 100, maxMs: 5000 }`. */
  retryDelay?: RetryDelay | undefined;
  /**
   * invoke: the whole call, retries included. stream: the longest wait for the first chunk
   * or between two chunks. Ends the call with `ModelTimeoutError` (code `ClientTimeout`).
   * Default 60000.
   */
  timeoutMs?: number | undefined;
  /**
   * Glob patterns (`*`, `?`) over model IDs; any other model is refused with
   * `ModelNotAllowedError` before a request. An array applies to every operation; an object
   * (`{ invoke, stream, embed, image, rerank, countTokens, estimate, batch, customization }`) sets lists per operation,
   * and an operation without an entry is not restricted. A profile ID or ARN is judged by
   * its foundation model too.
   */
  allowModels?: ModelPatterns | undefined;
  /**
   * Limits on every `invoke` and `stream` call, as policy (refused before any request with
   * `ValidationError` code `PolicyLimit`, a `denied` audit line): `maxTokens`, the most
   * output a call may ask for (a call that names none is sent with this limit, with a
   * warning); `maxRequestBytes`, the largest native body.
   */
  limits?: CallLimits | undefined;
  /**
   * Glob patterns of models refused before a request, checked after `allowModels`, for
   * every operation (an array) or per operation (an object, as `allowModels`). The error's
   * `rule` names the pattern that refused.
   */
  denyModels?: ModelPatterns | undefined;
  /**
   * A spending limit: each call reserves its worst-case cost before any request (its
   * native body's UTF-8 bytes as input tokens, `maxTokens` or the model's maximum as
   * output) and settles to its real cost; a call that does not fit throws
   * `BudgetExceededError`. Models without a known price cannot run under a budget.
   */
  budget?: BudgetOptions | undefined;
  /**
   * Prices by model ID (as requested, or the base model ID), USD per 1,000 tokens, used
   * instead of bedrock-kit's table: custom models, negotiated prices, other Regions.
   */
  pricing?: PriceOverrides | undefined;
  /** Audit hook: request, response, retry and error events, without prompt text or credentials. */
  onEvent?: EventHandler | undefined;
  /**
   * Client-side rate limits per model ID, like Bedrock's quotas: `{ requestsPerMinute,
   * tokensPerMinute }` (token buckets refilled continuously; a request holds its estimated
   * input plus its output allowance until its usage is known), or `"adaptive"` to learn the
   * rate from throttling as the AWS SDK's adaptive retry mode does. A call waits for its
   * turn, never past its own timeout or signal; the wait is `queuedMs` on its request event.
   */
  rateLimit?: RateLimitOptions | undefined;
  /**
   * A logger (`console` works): requests at `debug`, finished calls at `info` (latency,
   * tokens, cost), retries at `warn`, failures and refusals at `error`; each call gets one
   * line of text and the event. Never prompt or response text, never credentials.
   */
  logger?: Logger | undefined;
  /**
   * A tamper-evident log of every call (`auditLog({ path })`): one hash-chained JSON line per
   * call with its operation, model, request and call IDs, tokens, cost and outcome
   * (`success`, `error`, `denied`), never prompt text or credentials. A call ends when its
   * line is on disk.
   */
  audit?: AuditLog | undefined;
  /**
   * OpenTelemetry spans, one per call, with the GenAI semantic conventions' attributes
   * (operation, model, tokens, finish reason) plus cost and call ID, never prompt or
   * response text. On by default once the application has set OpenTelemetry up
   * (`@opentelemetry/api`, an optional peer, is loaded only then); `false` turns them off.
   */
  telemetry?: boolean | TelemetryOptions | undefined;
}

/** OpenTelemetry settings beyond on and off. */
export interface TelemetryOptions {
  /**
   * Put the prompt, system text and answer on invoke and stream spans as the GenAI
   * conventions' `gen_ai.input.messages`, `gen_ai.system_instructions` and
   * `gen_ai.output.messages` (default false: spans never carry content). Only for a
   * tracing backend you trust with your users' text.
   */
  captureContent?: boolean | undefined;
}

/** Per-client limits on calls (see {@link ClientOptions.limits}). */
export interface CallLimits {
  /** The most output tokens a call may ask for. */
  maxTokens?: number | undefined;
  /** The largest native request body, in UTF-8 bytes. */
  maxRequestBytes?: number | undefined;
}

/** A spending limit for a client (arrives with the price table). */
export interface BudgetOptions {
  /** Dollars the client may spend in all. */
  maxUsd: number;
}

/** The client: one interface for every Bedrock model. */
export interface BedrockKitClient {
  /**
   * Sends one request with InvokeModel and resolves to the normalized result. Each tool call
   * is checked against its tool's schema, and typed by it (see {@link ToolCallOf}).
   */
  invoke<const Tools extends readonly ToolDefinition[] = readonly ToolDefinition[]>(request: InvokeRequest<Tools>): Promise<InvokeResult<ToolCallOf<Tools>>>;
  /**
   * Sends one request with InvokeModelWithResponseStream. The call starts at once; iterate
   * the returned stream for deltas or await its `result`. Errors (bad input included)
   * reject the iteration and `result`; this method itself never throws.
   */
  stream<const Tools extends readonly ToolDefinition[] = readonly ToolDefinition[]>(request: InvokeRequest<Tools>): BedrockStream<ToolCallOf<Tools>>;
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
   * Orders documents by relevance to a query with a rerank model (Cohere Rerank 3.5,
   * Amazon Rerank 1.0) on InvokeModel: results best first, each with its index, score and
   * text; priced per query (one per 100 documents started). Policy, budget, retries,
   * events and the audit log apply as for every call.
   */
  rerank(request: RerankRequest): Promise<RerankResult>;
  /**
   * Many invoke calls with at most `concurrency` in flight (default 8), each through the
   * whole pipeline (rate limit, budget, retries, fallbacks): resolves once every request has
   * an outcome, `{ index, result }` or `{ index, error }`, in request order, so none is lost.
   * Takes an array or an (async) iterable, read as calls free up.
   */
  map(requests: Iterable<InvokeRequest> | AsyncIterable<InvokeRequest>, options?: MapOptions): Promise<MapOutcome[]>;
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
  /**
   * Bedrock's ApplyGuardrail: a guardrail's verdict on a user's input or a model's output,
   * without calling a model (`{ action, outputs, assessments, usage }`). Retries, events and
   * the audit log apply; the model policy does not (a guardrail is not a model).
   */
  applyGuardrail(request: ApplyGuardrailRequest): Promise<ApplyGuardrailResult>;
  /**
   * Judges a model by this client's `allowModels` and `denyModels` for an operation, as
   * every call does before its request, without sending anything: throws
   * `ModelNotAllowedError` (its `rule` names the pattern) or returns. For work that reaches
   * a model through another API, such as `managedKnowledgeBase`'s RetrieveAndGenerate
   * (judged as `invoke`, or `stream` for the streamed form), so that the same policy applies.
   */
  checkPolicy(operation: PolicyOperation, modelId: string): void;
  /**
   * Bedrock batch inference: `submit` writes the requests' native bodies to S3 and creates
   * the job, `get` resumes a job from its ARN; the job reports status, waits, and reads the
   * results back in request order at batch prices. Needs the optional peers
   * `@aws-sdk/client-bedrock` and `@aws-sdk/client-s3`.
   */
  readonly batch: BatchApi;
  /**
   * Bedrock model customization (fine-tuning): `submit` calls CreateModelCustomizationJob,
   * the job waits for the custom model. Needs the optional peer `@aws-sdk/client-bedrock`
   * (and `@aws-sdk/client-s3`, loaded with it).
   */
  readonly customization: CustomizationApi;
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
  const { maxRetries, timeoutMs, retryDelay, region: explicitRegion } = checkClientOptions(options);
  checkPriceOverrides(options.pricing);
  let transport: Transport | undefined;
  // AWS_REGION is read at once, as the SDK reads it first; only the profile needs a file read.
  // A user's BedrockRuntimeClient signs for its own Region, so prices and profiles follow it.
  let region = explicitRegion ?? (options.bedrockRuntime ? undefined : process.env.AWS_REGION || undefined);
  let lookup: Promise<unknown> | undefined;
  const context: ClientContext = {
    get region() {
      return region ?? defaultRegion;
    },
    regionLookup: () => {
      if (region !== undefined) return undefined;
      const bedrockRuntime = options.bedrockRuntime;
      lookup ??= (bedrockRuntime ? bedrockRuntime.config.region() : resolveRegion(undefined)).then(
        (found) => (region = found || defaultRegion),
        (error: unknown) => {
          lookup = undefined; // tried again on the next call
          throw error;
        },
      );
      return lookup;
    },
    pricing: options.pricing,
    retries: { maxRetries, retryDelay, rateLimiter: options.rateLimit === undefined ? undefined : createRateLimiter(options.rateLimit) },
    timeoutMs: timeoutMs === Infinity ? 0 : timeoutMs,
    policy: createModelPolicy(options.allowModels, options.denyModels),
    observers: createObservers(options.onEvent, options.logger),
    audit: options.audit,
    telemetry: options.telemetry !== false,
    captureContent: typeof options.telemetry === "object" && options.telemetry.captureContent === true,
    limits: options.limits ?? {},
    accounting: new Accounting(options.budget === undefined ? undefined : new Budget(options.budget?.maxUsd)),
    transport: () =>
      (transport ??= createTransport({
        region: context.region,
        credentials: options.credentials,
        endpoint: options.endpoint,
        bedrockRuntime: options.bedrockRuntime,
      })),
  };
  const jobSettings: JobSettings = { credentials: options.credentials, endpoint: options.endpoint, s3Endpoint: options.s3Endpoint };
  return {
    // Every tool call of a result is checked against its tool (operations/tool-call-checks.ts): the typing holds.
    invoke: <const Tools extends readonly ToolDefinition[]>(request: InvokeRequest<Tools>) => invoke(context, request) as Promise<InvokeResult<ToolCallOf<Tools>>>,
    stream: <const Tools extends readonly ToolDefinition[]>(request: InvokeRequest<Tools>) => stream(context, request) as BedrockStream<ToolCallOf<Tools>>,
    // Loaded on first use: an application that only invokes and streams neither loads nor
    // (with a code-splitting bundler) ships the embedding and image code.
    embed: (request) => import("./operations/embed.js").then((module) => module.embed(context, request)),
    generateImage: (request) => import("./operations/generate-image.js").then((module) => module.generateImage(context, request)),
    rerank: (request) => import("./operations/rerank.js").then((module) => module.rerank(context, request)),
    map: (requests, mapOptions) => mapRequests((request) => invoke(context, request), requests, mapOptions),
    estimate: (request) => estimate(context, request),
    countTokens: (modelId, textOrRequest) => countTokens(context, modelId, textOrRequest),
    applyGuardrail: (request) => applyGuardrail(context, request),
    checkPolicy: (operation, modelId) => checkPolicy(context, operation, modelId),
    costs: () => context.accounting.report(),
    // Loaded on first use, with the AWS SDK clients they need.
    batch: {
      submit: (request) => import("./jobs/batch.js").then((module) => module.submitBatch(context, jobSettings, request)),
      get: (jobArns) => import("./jobs/batch.js").then((module) => module.getBatch(context, jobSettings, jobArns)),
    },
    customization: {
      submit: (request) => import("./jobs/customization.js").then((module) => module.submitCustomization(context, jobSettings, request)),
      get: (jobArn) => import("./jobs/customization.js").then((module) => module.getCustomization(context, jobSettings, jobArn)),
    },
  };
}
