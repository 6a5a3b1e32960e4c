/**
 * Every error bedrock-kit throws, and the one function that maps AWS SDK and network
 * errors onto them.
 * @module
 */
import type { InvokeResult } from "./types.js";

/** The operation an error happened in, named in its message. */
export type Operation = "invoke" | "stream" | "countTokens" | "estimate" | "embed" | "generateImage" | "rerank" | "applyGuardrail" | "batch" | "customization";

/**
 * The codes bedrock-kit's errors carry: Bedrock's exception names as Bedrock sends them, and
 * bedrock-kit's own (docs/errors-and-retries.md). Other strings can appear (an exception
 * Bedrock adds later keeps its name), so match the ones you handle and keep a default.
 */
export type BedrockKitErrorCode =
  | "ValidationException"
  | "AccessDeniedException"
  | "ResourceNotFoundException"
  | "ConflictException"
  | "ThrottlingException"
  | "ServiceQuotaExceededException"
  | "ModelTimeoutException"
  | "ModelNotReadyException"
  | "InternalServerException"
  | "ServiceUnavailableException"
  | "ModelErrorException"
  | "ModelStreamErrorException"
  | "CredentialsProviderError"
  | "TokenProviderError"
  | "InvalidRequest"
  | "PolicyLimit"
  | "UnknownModel"
  | "ModelNotAllowed"
  | "BudgetExceeded"
  | "ModelEndOfLife"
  | "ClientTimeout"
  | "Aborted"
  | "NetworkError"
  | "MalformedResponse"
  | "IncompleteStream"
  | "CorruptStream"
  | "StreamAlreadyIterated"
  | "ContentFiltered"
  | "MissingDependency"
  | "AuditLogFailed"
  | "BatchJobFailed"
  | "BatchJobNotFinished"
  | "BatchRecordFailed"
  | "BatchRecordMissing"
  | "CustomizationJobFailed"
  | "StructuredOutputInvalid"
  | (string & {});

/** Fields every {@link BedrockKitError} can carry. */
export interface BedrockKitErrorOptions {
  /** A stable machine-readable code: Bedrock's exception name, or one of bedrock-kit's own. */
  code: BedrockKitErrorCode;
  /** Whether the same request may succeed if sent again. Fixed at construction. */
  retryable?: boolean | undefined;
  /** The model ID as requested. */
  modelId?: string | undefined;
  /** Bedrock's `x-amzn-requestid`. */
  requestId?: string | undefined;
  /** The call the error belongs to. */
  operation?: Operation | undefined;
  /** HTTP status of the response that failed, where there was one. */
  statusCode?: number | undefined;
  /**
   * The underlying error (e.g. the AWS SDK's exception). Kept as a copy with its name,
   * message, stack, `code` and `$metadata` (status, request ID), never the raw HTTP request
   * or response, which hold signed headers.
   */
  cause?: unknown | undefined;
}

/** Model IDs longer than this are shortened, with an ellipsis, where a message echoes them. */
const echoedModelIdLimit = 200;

/** Shortens a model ID for a message: the first {@link echoedModelIdLimit} characters and `…`. */
function echoable(modelId: string): string {
  return modelId.length > echoedModelIdLimit ? `${modelId.slice(0, echoedModelIdLimit)}…` : modelId;
}

/** The `$metadata` fields of an AWS SDK exception that are worth keeping: all plain values. */
const keptMetadata = ["httpStatusCode", "requestId", "extendedRequestId", "cfId", "attempts", "totalRetryDelay"] as const;
/** Own fields of SDK and Node errors that are worth keeping, all plain values. */
const keptFields = ["code", "errno", "syscall", "$fault"] as const;

/**
 * A copy of a thrown value that keeps what explains it and drops what can leak: the AWS
 * SDK's exception holds `$response` (with the signed request, whose headers carry the
 * access key ID and session token); the copy keeps name, message, stack, `code`, `$fault`
 * and `$metadata` (status, request ID), and copies its own `cause` and the `errors` of an
 * AggregateError the same way. Errors that are not the SDK's (the user's own, from a
 * getter or `toJSON`) are kept as they are.
 */
function safeCause(cause: unknown, depth = 0): unknown {
  if (typeof cause !== "object" || cause === null || BedrockKitError.isInstance(cause) || !holdsSdkResponse(cause, depth)) return cause;
  const source = cause as Record<string, unknown> & { name?: unknown; message?: unknown; stack?: unknown; $metadata?: unknown };
  const nested = depth < 3 && source.cause !== undefined ? { cause: safeCause(source.cause, depth + 1) } : undefined;
  const copy = new Error(typeof source.message === "string" ? source.message : String(source.message ?? ""), nested) as Error & Record<string, unknown>;
  copy.name = typeof source.name === "string" ? source.name : "Error";
  if (typeof source.stack === "string") copy.stack = source.stack;
  for (const field of keptFields) {
    const value = source[field];
    if (typeof value === "string" || typeof value === "number") copy[field] = value;
  }
  if (typeof source.$metadata === "object" && source.$metadata !== null) {
    const metadata: Record<string, unknown> = {};
    for (const field of keptMetadata) {
      const value = (source.$metadata as Record<string, unknown>)[field];
      if (typeof value === "string" || typeof value === "number") metadata[field] = value;
    }
    copy.$metadata = metadata;
  }
  if (depth < 3 && Array.isArray(source.errors)) copy.errors = source.errors.map((inner: unknown) => safeCause(inner, depth + 1));
  return copy;
}

/**
 * True when the value, or an error in its `cause` chain or its `errors` (AggregateError),
 * is shaped like an AWS SDK exception (it can hold the signed request).
 */
function holdsSdkResponse(value: object, depth: number): boolean {
  if ("$response" in value || "$metadata" in value || "$fault" in value) return true;
  if (depth >= 3) return false;
  const { cause, errors } = value as { cause?: unknown; errors?: unknown };
  const inner = [cause, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((item) => typeof item === "object" && item !== null && holdsSdkResponse(item, depth + 1));
}

/** A class of the error family, as `isInstance` and `instanceof` see it. */
type ErrorClass = abstract new (...args: never[]) => BedrockKitError;

/**
 * The base of every error bedrock-kit throws. Check with `BedrockKitError.isInstance(error)`
 * (or `instanceof`): both work when the package is loaded twice (ESM and CommonJS) and
 * after a consumer's minifier renames the classes. `name` is always the class name, e.g.
 * `ValidationError`. Messages name the model and the operation; they never contain
 * credentials or prompt text, and the `cause` never holds the raw AWS request or response.
 */
export class BedrockKitError extends Error {
  /**
   * @internal Identifies the class across loaded copies of the package and minified
   * builds: `bedrock-kit.error.` and the class name, set literally on every class.
   */
  static readonly marker: string = "bedrock-kit.error.BedrockKitError";
  /** The class name, e.g. `ThrottlingError`; literal, so it survives minifiers. */
  override name: string = "BedrockKitError";
  /** Stable machine-readable code, e.g. `ThrottlingException` or `InvalidRequest` (see {@link BedrockKitErrorCode}). */
  readonly code: BedrockKitErrorCode;
  /** True when sending the same request again may succeed (throttling, 408, 429, 5xx, model timeouts). */
  readonly retryable: boolean;
  /** The model ID as requested, when known (in full; messages shorten IDs over 200 characters). */
  readonly modelId: string | undefined;
  /** Bedrock's `x-amzn-requestid`, when a response arrived. */
  readonly requestId: string | undefined;
  /** The operation (`invoke`, `stream`, `countTokens`, `embed`, `generateImage`), when the error belongs to a call. */
  readonly operation: Operation | undefined;
  /** HTTP status of the failing response, when there was one. */
  readonly statusCode: number | undefined;

  constructor(message: string, options: BedrockKitErrorOptions) {
    const shortMessage = options.modelId && options.modelId.length > echoedModelIdLimit ? message.replaceAll(options.modelId, echoable(options.modelId)) : message;
    super(shortMessage, options.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.modelId = options.modelId;
    this.requestId = options.requestId;
    this.operation = options.operation;
    this.statusCode = options.statusCode;
  }

  /**
   * True when `value` is an error of this class (or a subclass), from any loaded copy of
   * bedrock-kit. `BedrockKitError.isInstance(e)` matches every bedrock-kit error. On a
   * prototype it answers as `instanceof` does: `ValidationError.prototype` is a
   * `BedrockKitError`.
   */
  static isInstance<T extends BedrockKitError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    return isOfClass(this, value);
  }

  /** Makes `instanceof` behave like {@link BedrockKitError.isInstance}, across package copies. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isOfClass(this as unknown as ErrorClass, value);
  }

  /** A JSON form without the stack, safe to log: no credentials, no prompt text. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      modelId: this.modelId,
      requestId: this.requestId,
      operation: this.operation,
      statusCode: this.statusCode,
    };
  }
}

/** The marker a class declares itself, or undefined for classes outside the family. */
function ownMarker(candidate: unknown): string | undefined {
  if (typeof candidate !== "function" || !Object.hasOwn(candidate, "marker")) return undefined;
  const marker = (candidate as { marker?: unknown }).marker;
  return typeof marker === "string" && marker.startsWith("bedrock-kit.error.") ? marker : undefined;
}

/**
 * `instanceof` by marker: true when some prototype above `value` belongs to a class with
 * the same marker as `errorClass`, in whichever copy of the package made it. A user's own
 * subclass (no marker of its own) is checked as plain JavaScript would.
 */
function isOfClass(errorClass: ErrorClass, value: unknown): boolean {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  if (Object.prototype.isPrototypeOf.call(errorClass.prototype, value)) return true;
  const wanted = ownMarker(errorClass);
  if (wanted === undefined) return false;
  for (let prototype = Object.getPrototypeOf(value); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    if (Object.hasOwn(prototype, "constructor") && ownMarker(prototype.constructor) === wanted) return true;
  }
  return false;
}

/** The request is invalid: caught before the network where possible, or rejected by Bedrock (`ValidationException`). */
export class ValidationError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ValidationError";
  override name: string = "ValidationError";
  /** The request field at fault, when one is known (e.g. `temperature`). */
  readonly field: string | undefined;
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { code?: string; field?: string }) {
    super(message, { code: "InvalidRequest", ...options, retryable: false });
    this.field = options.field;
  }
}

/** The model ID is not recognised; `closeMatches` lists known IDs that look like it. */
export class UnknownModelError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.UnknownModelError";
  override name: string = "UnknownModelError";
  /** Known model IDs closest to the one given, best first. */
  readonly closeMatches: string[];
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { closeMatches?: string[] }) {
    super(message, { code: "UnknownModel", ...options, retryable: false });
    this.closeMatches = options.closeMatches ?? [];
  }
}

/** The client's model policy (`allowModels`, `denyModels`) refused the model; no request was sent. */
export class ModelNotAllowedError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ModelNotAllowedError";
  override name: string = "ModelNotAllowedError";
  /** The rule that refused the model, e.g. `denyModels has "meta.llama2-*"`. */
  readonly rule: string | undefined;
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { rule?: string }) {
    const { rule, ...rest } = options;
    super(message, { code: "ModelNotAllowed", ...rest, retryable: false });
    this.rule = rule;
  }
}

/** The call's worst-case cost does not fit what is left of the client's budget; no request was sent. */
export class BudgetExceededError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.BudgetExceededError";
  override name: string = "BudgetExceededError";
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code">) {
    super(message, { code: "BudgetExceeded", ...options, retryable: false });
  }
}

/** Bedrock throttled the call (`ThrottlingException`) or a quota is used up (`ServiceQuotaExceededException`, not retryable). */
export class ThrottlingError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ThrottlingError";
  override name: string = "ThrottlingError";
}

/** The model took too long (`ModelTimeoutException`), or the client's `timeoutMs` passed (code `ClientTimeout`). */
export class ModelTimeoutError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ModelTimeoutError";
  override name: string = "ModelTimeoutError";
}

/** Bedrock or the model failed (5xx, `ModelErrorException`, …), the network failed, or the answer was malformed. */
export class ServiceError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ServiceError";
  override name: string = "ServiceError";
  /**
   * For code `MalformedResponse`: the answer that could not be understood, as its JSON
   * shape with every string replaced by its length (model text never lands in an error),
   * or the first 500 characters of an answer that is not JSON.
   */
  readonly body: string | undefined;
  constructor(message: string, options: BedrockKitErrorOptions & { body?: string }) {
    super(message, options);
    this.body = options.body;
  }
}

/** IAM denied the call, or model access is not granted in this account and Region (`AccessDeniedException`). */
export class AccessDeniedError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.AccessDeniedError";
  override name: string = "AccessDeniedError";
}

/**
 * A stream failed after output began. `partial` holds what arrived before the failure,
 * `cause` the underlying error. Never retried automatically.
 */
export class StreamError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.StreamError";
  override name: string = "StreamError";
  /** The result assembled from the chunks received before the failure. */
  readonly partial: InvokeResult;
  constructor(message: string, options: BedrockKitErrorOptions & { partial: InvokeResult }) {
    super(message, options);
    this.partial = options.partial;
  }
}

/**
 * Some texts of an `fm.embed` call could not be embedded. `embeddings` holds every vector
 * that was (undefined at the failed positions), `failedIndexes` which texts failed, and
 * `cause` the first failure.
 */
export class EmbeddingError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.EmbeddingError";
  override name: string = "EmbeddingError";
  /** The vectors that were made, in the texts' order; undefined where a text failed. */
  readonly embeddings: (number[] | undefined)[];
  /** Positions of the texts that failed, ascending. */
  readonly failedIndexes: number[];
  /** `retryable` follows the failure behind it (`cause`) unless given: true when that was throttling, a timeout or a 5xx. */
  constructor(message: string, options: BedrockKitErrorOptions & { embeddings: (number[] | undefined)[]; failedIndexes: number[] }) {
    const causeRetryable = BedrockKitError.isInstance(options.cause) && options.cause.retryable;
    super(message, { ...options, retryable: options.retryable ?? causeRetryable });
    this.embeddings = options.embeddings;
    this.failedIndexes = options.failedIndexes;
  }
}

/** Bedrock's content filter withheld every image of an `fm.generateImage` call; `reasons` says why. */
export class ContentFilteredError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.ContentFilteredError";
  override name: string = "ContentFilteredError";
  /** The model's reasons, e.g. `Filter reason: prompt` or `CONTENT_FILTERED`. */
  readonly reasons: string[];
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { reasons: string[] }) {
    super(message, { code: "ContentFiltered", ...options, retryable: false });
    this.reasons = options.reasons;
  }
}

/** The call was aborted through `signal` or `stream.abort()`. */
export class AbortError extends BedrockKitError {
  /** @internal See {@link BedrockKitError.marker}. */
  static override readonly marker: string = "bedrock-kit.error.AbortError";
  override name: string = "AbortError";
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code">) {
    super(message, { code: "Aborted", ...options, retryable: false });
  }
}

/** Where an error happened, for its message and fields. */
export interface ErrorContext {
  modelId: string;
  operation: Operation;
  requestId?: string | undefined;
}

interface SdkErrorLike {
  name?: string | undefined;
  message?: string | undefined;
  code?: string | undefined;
  $metadata?: { httpStatusCode?: number; requestId?: string } | undefined;
  originalStatusCode?: number | undefined;
}

const networkErrorCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ERR_HTTP2_STREAM_ERROR",
  "ERR_HTTP2_SESSION_ERROR",
  "ERR_HTTP2_GOAWAY_SESSION",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

function describe(context: ErrorContext): string {
  return `${context.operation} of ${context.modelId}`;
}

/**
 * Maps anything thrown by the AWS SDK, the network or an event stream onto a
 * {@link BedrockKitError}. bedrock-kit errors pass through unchanged. Bedrock's own
 * message is kept (it names fields, not prompt text); the SDK error is the `cause`.
 */
export function toBedrockKitError(error: unknown, context: ErrorContext): BedrockKitError {
  if (BedrockKitError.isInstance(error)) return error as BedrockKitError;
  const sdkError = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const name = sdkError.name ?? "Error";
  const statusCode = sdkError.$metadata?.httpStatusCode;
  const requestId = sdkError.$metadata?.requestId ?? context.requestId;
  const detail = sdkError.message ? `: ${sdkError.message}` : "";
  const base = { modelId: context.modelId, operation: context.operation, requestId, statusCode, cause: error };
  const where = describe(context);

  switch (name) {
    case "ValidationException":
    case "ConflictException":
      return new ValidationError(`Bedrock rejected the ${where}${detail}`, { ...base, code: name });
    case "ResourceNotFoundException":
      return new ValidationError(`Bedrock does not know the model in the ${where} (in this Region)${detail}`, {
        ...base,
        code: name,
        field: "modelId",
      });
    case "AccessDeniedException":
      return new AccessDeniedError(`Access denied for the ${where}${detail}`, { ...base, code: name });
    case "ThrottlingException":
      return new ThrottlingError(`Bedrock throttled the ${where}${detail}`, { ...base, code: name, retryable: true });
    case "ServiceQuotaExceededException":
      return new ThrottlingError(`A Bedrock quota is used up for the ${where}${detail}`, { ...base, code: name });
    case "ModelTimeoutException":
      return new ModelTimeoutError(`The model timed out in the ${where}${detail}`, {
        ...base,
        code: name,
        retryable: true,
      });
    case "ModelNotReadyException":
      return new ServiceError(`The model is not ready for the ${where}${detail}`, {
        ...base,
        code: name,
        retryable: true,
      });
    case "InternalServerException":
    case "ServiceUnavailableException":
      return new ServiceError(`Bedrock failed the ${where}${detail}`, { ...base, code: name, retryable: true });
    case "ModelErrorException":
      return new ServiceError(`The model failed in the ${where}${detail}`, { ...base, code: name });
    case "ModelStreamErrorException":
      return new ServiceError(`The model's stream failed in the ${where}${detail}`, { ...base, code: name });
    case "AbortError":
      return new AbortError(`The ${where} was aborted`, base);
  }
  const networkCode = sdkError.code;
  if (networkCode && networkErrorCodes.has(networkCode)) {
    return new ServiceError(`The network failed during the ${where} (${networkCode})`, {
      ...base,
      code: "NetworkError",
      retryable: true,
    });
  }
  // A bare status (no x-amzn-ErrorType, as a proxy or load balancer sends it) is read by its
  // HTTP meaning: 408 and 429 and every 5xx may pass if sent again (RFC 9110 §15.5.9, §15.6;
  // RFC 6585 §4).
  if (statusCode === 408) {
    return new ModelTimeoutError(`The ${where} timed out before Bedrock answered (HTTP 408)${detail}`, { ...base, code: name, retryable: true });
  }
  if (statusCode === 429) {
    return new ThrottlingError(`Bedrock throttled the ${where} (HTTP 429)${detail}`, { ...base, code: name, retryable: true });
  }
  if (statusCode === 403) {
    return new AccessDeniedError(`Access denied for the ${where} (HTTP 403)${detail}`, { ...base, code: name });
  }
  if (statusCode !== undefined && statusCode >= 500) {
    return new ServiceError(`Bedrock failed the ${where} (HTTP ${statusCode})${detail}`, { ...base, code: name, retryable: true });
  }
  if (statusCode !== undefined && statusCode >= 400) {
    return new ValidationError(`Bedrock rejected the ${where} (HTTP ${statusCode})${detail}`, { ...base, code: name });
  }
  if (/checksum|message length|too short|event stream/i.test(sdkError.message ?? "")) {
    return new ServiceError(`The event stream of the ${where} is corrupt${detail}`, {
      ...base,
      code: "CorruptStream",
    });
  }
  return new ServiceError(`The ${where} failed${detail}`, { ...base, code: name === "Error" ? "Unknown" : name });
}
