/**
 * Every error bedrock-kit throws, and the one function that maps AWS SDK and network
 * errors onto them.
 * @module
 */
import type { InvokeResult } from "./types.js";

const errorMarker = Symbol.for("bedrock-kit.error");

/** The operation an error happened in, named in its message. */
export type Operation = "invoke" | "stream" | "countTokens" | "estimate" | "embed" | "generateImage";

/** Fields every {@link BedrockKitError} can carry. */
export interface BedrockKitErrorOptions {
  /** A stable machine-readable code: Bedrock's exception name, or one of bedrock-kit's own. */
  code: string;
  /** Whether the same request may succeed if sent again. Fixed at construction. */
  retryable?: boolean;
  /** The model ID as requested. */
  modelId?: string | undefined;
  /** Bedrock's `x-amzn-requestid`. */
  requestId?: string | undefined;
  /** The call the error belongs to. */
  operation?: Operation | undefined;
  /** HTTP status of the response that failed, where there was one. */
  statusCode?: number | undefined;
  /** The underlying error (e.g. the AWS SDK's exception). */
  cause?: unknown;
}

/**
 * The base of every error bedrock-kit throws. Check with `BedrockKitError.isInstance(error)`
 * (or `instanceof`): both work when the package is loaded twice (ESM and CommonJS).
 * Messages name the model and the operation; they never contain credentials or prompt text.
 */
export class BedrockKitError extends Error {
  /** Stable machine-readable code, e.g. `ThrottlingException` or `InvalidRequest`. */
  readonly code: string;
  /** True when sending the same request again may succeed (throttling, 5xx, model timeouts). */
  readonly retryable: boolean;
  /** The model ID as requested, when known. */
  readonly modelId: string | undefined;
  /** Bedrock's `x-amzn-requestid`, when a response arrived. */
  readonly requestId: string | undefined;
  /** `invoke` or `stream`, when the error belongs to a call. */
  readonly operation: Operation | undefined;
  /** HTTP status of the failing response, when there was one. */
  readonly statusCode: number | undefined;
  /** @internal marker that survives a second copy of the package. */
  readonly [errorMarker] = true;

  constructor(message: string, options: BedrockKitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.modelId = options.modelId;
    this.requestId = options.requestId;
    this.operation = options.operation;
    this.statusCode = options.statusCode;
  }

  /**
   * True when `value` is an error of this class (or a subclass), from any loaded copy of
   * bedrock-kit. `BedrockKitError.isInstance(e)` matches every bedrock-kit error.
   */
  static isInstance<T extends BedrockKitError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[errorMarker] !== true) {
      return false;
    }
    if ((this as unknown) === BedrockKitError) return true;
    for (let prototype = Object.getPrototypeOf(value); prototype; prototype = Object.getPrototypeOf(prototype)) {
      if (prototype.constructor?.name === this.name) return true;
    }
    return false;
  }

  /** Makes `instanceof` behave like {@link BedrockKitError.isInstance}, across package copies. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return BedrockKitError.isInstance.call(this as unknown as abstract new () => BedrockKitError, value);
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

/** The request is invalid: caught before the network where possible, or rejected by Bedrock (`ValidationException`). */
export class ValidationError extends BedrockKitError {
  /** The request field at fault, when one is known (e.g. `temperature`). */
  readonly field: string | undefined;
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { code?: string; field?: string }) {
    super(message, { code: "InvalidRequest", ...options, retryable: false });
    this.field = options.field;
  }
}

/** The model ID is not recognised; `closeMatches` lists known IDs that look like it. */
export class UnknownModelError extends BedrockKitError {
  /** Known model IDs closest to the one given, best first. */
  readonly closeMatches: string[];
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { closeMatches?: string[] }) {
    super(message, { code: "UnknownModel", ...options, retryable: false });
    this.closeMatches = options.closeMatches ?? [];
  }
}

/** The client's `allowModels` policy refused the model; no request was sent. */
export class ModelNotAllowedError extends BedrockKitError {
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code">) {
    super(message, { code: "ModelNotAllowed", ...options, retryable: false });
  }
}

/** The call's worst-case cost does not fit what is left of the client's budget; no request was sent. */
export class BudgetExceededError extends BedrockKitError {
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code">) {
    super(message, { code: "BudgetExceeded", ...options, retryable: false });
  }
}

/** Bedrock throttled the call (`ThrottlingException`) or a quota is used up (`ServiceQuotaExceededException`, not retryable). */
export class ThrottlingError extends BedrockKitError {}

/** The model took too long (`ModelTimeoutException`), or the client's `timeoutMs` passed (code `ClientTimeout`). */
export class ModelTimeoutError extends BedrockKitError {}

/** Bedrock or the model failed (5xx, `ModelErrorException`, …), the network failed, or the answer was malformed. */
export class ServiceError extends BedrockKitError {
  /** The raw response body when it could not be understood (code `MalformedResponse`). */
  readonly body: string | undefined;
  constructor(message: string, options: BedrockKitErrorOptions & { body?: string }) {
    super(message, options);
    this.body = options.body;
  }
}

/** IAM denied the call, or model access is not granted in this account and Region (`AccessDeniedException`). */
export class AccessDeniedError extends BedrockKitError {}

/**
 * A stream failed after output began. `partial` holds what arrived before the failure,
 * `cause` the underlying error. Never retried automatically.
 */
export class StreamError extends BedrockKitError {
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
  /** The vectors that were made, in the texts' order; undefined where a text failed. */
  readonly embeddings: (number[] | undefined)[];
  /** Positions of the texts that failed, ascending. */
  readonly failedIndexes: number[];
  constructor(message: string, options: BedrockKitErrorOptions & { embeddings: (number[] | undefined)[]; failedIndexes: number[] }) {
    super(message, options);
    this.embeddings = options.embeddings;
    this.failedIndexes = options.failedIndexes;
  }
}

/** Bedrock's content filter withheld every image of an `fm.generateImage` call; `reasons` says why. */
export class ContentFilteredError extends BedrockKitError {
  /** The model's reasons, e.g. `Filter reason: prompt` or `CONTENT_FILTERED`. */
  readonly reasons: string[];
  constructor(message: string, options: Omit<BedrockKitErrorOptions, "code"> & { reasons: string[] }) {
    super(message, { code: "ContentFiltered", ...options, retryable: false });
    this.reasons = options.reasons;
  }
}

/** The call was aborted through `signal` or `stream.abort()`. */
export class AbortError extends BedrockKitError {
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
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  originalStatusCode?: number;
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
  if (statusCode === 429) {
    return new ThrottlingError(`Bedrock throttled the ${where} (HTTP 429)${detail}`, {
      ...base,
      code: name,
      retryable: true,
    });
  }
  if (statusCode === 403) {
    return new AccessDeniedError(`Access denied for the ${where} (HTTP 403)${detail}`, { ...base, code: name });
  }
  if (statusCode !== undefined && statusCode >= 500) {
    return new ServiceError(`Bedrock failed the ${where} (HTTP ${statusCode})${detail}`, {
      ...base,
      code: name,
      retryable: [500, 502, 503, 504].includes(statusCode),
    });
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
