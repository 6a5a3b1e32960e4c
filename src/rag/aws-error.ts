/**
 * The one mapping of a failure of an AWS service other than Bedrock Runtime (KMS for
 * `kmsKey`, the Agent Runtime for `managedKnowledgeBase`) to a bedrock-kit error. Each
 * service names what its own exceptions mean; the rest map alike: aborted, refused,
 * throttled, failed (retryable from HTTP 500 on).
 */
import { AbortError, AccessDeniedError, BedrockKitError, ThrottlingError, type BedrockKitErrorOptions } from "bedrock-kit";

/** How a message words a failure: the call was refused, throttled, or failed. */
export type FailureKind = "refused" | "throttled" | "failed";

/** An AWS SDK exception as the messages and errors see it. */
export interface AwsFailure {
  /** The exception's name, e.g. `ThrottlingException` (`Error` when it has none). */
  name: string;
  /** The subject of every message: what was asked of whom, e.g. `KMS Decrypt with key alias/kb`. */
  where: string;
  /** What a message of this kind adds after the exception's name (see {@link AwsService.detail}). */
  detail(kind: FailureKind): string;
  /** What every error made from it carries: the exception, its HTTP status and request ID. */
  options: Omit<BedrockKitErrorOptions, "code"> & { statusCode: number | undefined };
}

/** How one AWS service's failures read. */
export interface AwsService {
  /** The subject of every message (see {@link AwsFailure.where}). */
  where: string;
  /** The service's own exceptions by name, and the error each becomes. */
  exceptions: Record<string, (failure: AwsFailure) => BedrockKitError>;
  /** Exceptions that are a throttle or a used-up quota, by name, and whether each is retryable. */
  throttles: Record<string, boolean>;
  /** Exceptions under HTTP 500 that may succeed if sent again. */
  retryable?: readonly string[] | undefined;
  /**
   * What a message adds after the exception's name: what the service said, without the
   * caller's text, or a hint; `message` is the service's ("" when none). Absent: nothing.
   */
  detail?: ((kind: FailureKind, message: string) => string) | undefined;
}

/** An AWS service's failure as a bedrock-kit error; a bedrock-kit error passes through as it is. */
export function awsServiceError(error: unknown, service: AwsService): BedrockKitError {
  if (BedrockKitError.isInstance(error)) return error as BedrockKitError;
  const source = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const name = typeof source.name === "string" ? source.name : "Error";
  const message = typeof source.message === "string" ? source.message : "";
  const detail = (kind: FailureKind): string => service.detail?.(kind, message) ?? "";
  const failure: AwsFailure = { name, where: service.where, detail, options: { cause: error, statusCode: source.$metadata?.httpStatusCode, requestId: source.$metadata?.requestId } };
  const own = service.exceptions[name];
  if (own) return own(failure);
  const { where, options } = failure;
  if (name === "AbortError") return new AbortError(`${where} was aborted`, options);
  if (name === "AccessDeniedException") return new AccessDeniedError(`${where} was refused (${name})${detail("refused")}`, { code: name, ...options });
  if (Object.hasOwn(service.throttles, name)) return new ThrottlingError(`${where} was throttled (${name})${detail("throttled")}`, { code: name, retryable: service.throttles[name], ...options });
  return new BedrockKitError(`${where} failed (${name})${detail("failed")}`, { code: name, retryable: service.retryable?.includes(name) || (options.statusCode ?? 0) >= 500, ...options });
}
