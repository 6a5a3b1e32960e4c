/**
 * Checks the options of `createClient` once, when the client is made, so that a wrong
 * option fails there with a `ValidationError` naming it, not later inside a call.
 * Messages name the option and what it takes, never its value (an endpoint can carry a
 * user name and password, credentials are secret).
 */
import type { ClientOptions } from "./client.js";
import { ValidationError } from "./errors.js";
import type { RetryDelay } from "./pipeline/retry.js";
import { policyOperations } from "./pipeline/policy.js";
import { longestTimerMs } from "./pipeline/scope.js";
import { isPlainObject } from "./validate-json.js";


/** The option values the client runs with, defaults filled in. */
export interface CheckedClientOptions {
  /** The `region` option; when undefined the client resolves it as the AWS SDK does (see `resolveRegion`). */
  region: string | undefined;
  /** Retries of retryable errors: the option, else 3 (0 with `bedrockRuntime`). */
  maxRetries: number;
  /** The call timeout in ms; `Infinity` means none. Default 60000. */
  timeoutMs: number;
  /** Backoff bounds, defaults filled in (`baseMs` 100, `maxMs` 5000). */
  retryDelay: Required<RetryDelay>;
}

function invalid(field: string, expected: string): never {
  throw new ValidationError(`Invalid ${field}: expected ${expected}`, { field });
}

function checkMilliseconds(field: string, value: unknown, minimum: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum || value > longestTimerMs) {
    invalid(field, `a number of milliseconds from ${minimum} to ${longestTimerMs} (Node's longest timer)`);
  }
}

function checkCredentials(credentials: unknown): void {
  if (credentials === undefined || typeof credentials === "function") return;
  if (typeof credentials !== "object" || credentials === null || Array.isArray(credentials)) {
    invalid("credentials", "{ accessKeyId, secretAccessKey, sessionToken? } or a credential provider function");
  }
  const { accessKeyId, secretAccessKey, sessionToken } = credentials as Record<string, unknown>;
  if (typeof accessKeyId !== "string" || accessKeyId === "") invalid("credentials.accessKeyId", "a non-empty string");
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") invalid("credentials.secretAccessKey", "a non-empty string");
  if (sessionToken !== undefined && typeof sessionToken !== "string") invalid("credentials.sessionToken", "a string");
}

function checkEndpoint(endpoint: unknown, field = "endpoint"): void {
  if (endpoint === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = typeof endpoint === "string" ? new URL(endpoint).protocol : undefined;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "https:" && protocol !== "http:") {
    invalid(field, field === "endpoint" ? "an http:// or https:// URL, such as https://bedrock-runtime.us-east-1.amazonaws.com" : "an http:// or https:// URL, such as http://127.0.0.1:4568");
  }
}

function checkPatternList(field: string, patterns: unknown): void {
  if (!Array.isArray(patterns)) invalid(field, 'an array of model-ID patterns, such as ["anthropic.*"]');
  for (let index = 0; index < patterns.length; index++) {
    const pattern: unknown = patterns[index];
    if (typeof pattern !== "string" || pattern === "") invalid(`${field}[${index}]`, "a non-empty string (a model ID or a pattern with * and ?)");
  }
}

/** `allowModels` / `denyModels`: an array of patterns, or an object of arrays by operation. */
function checkModelPatterns(field: "allowModels" | "denyModels", patterns: unknown): void {
  if (patterns === undefined) return;
  if (Array.isArray(patterns)) return checkPatternList(field, patterns);
  if (!isPlainObject(patterns)) invalid(field, `an array of model-ID patterns, or an object of them by operation (${policyOperations.join(", ")})`);
  for (const [operation, list] of Object.entries(patterns)) {
    if (!(policyOperations as readonly string[]).includes(operation)) invalid(`${field}.${operation}`, `one of the operations ${policyOperations.join(", ")}`);
    checkPatternList(`${field}.${operation}`, list);
  }
}

/**
 * Validates every option of `createClient` and returns the values the client runs with.
 * Throws {@link ValidationError} naming the option (for example `retryDelay.maxMs`).
 * `timeoutMs` takes a positive number up to 2^31 − 1 ms, or `Infinity` for no timeout;
 * `retryDelay.baseMs`/`maxMs` take 0 to 2^31 − 1 ms.
 */
export function checkClientOptions(options: ClientOptions): CheckedClientOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) invalid("options", "an object of client options");
  const { region, maxRetries, timeoutMs, retryDelay, budget, onEvent, bedrockRuntime } = options;
  if (region !== undefined && (typeof region !== "string" || !/^[a-z0-9-]+$/.test(region))) {
    invalid("region", "an AWS Region name such as us-east-1");
  }
  checkCredentials(options.credentials);
  checkEndpoint(options.endpoint);
  checkEndpoint(options.s3Endpoint, "s3Endpoint");
  if (bedrockRuntime !== undefined && (typeof bedrockRuntime !== "object" || bedrockRuntime === null || typeof bedrockRuntime.send !== "function")) {
    invalid("bedrockRuntime", "a BedrockRuntimeClient of @aws-sdk/client-bedrock-runtime");
  }
  if (maxRetries !== undefined && (typeof maxRetries !== "number" || !Number.isInteger(maxRetries) || maxRetries < 0)) {
    invalid("maxRetries", "an integer of 0 or more");
  }
  if (retryDelay !== undefined && !isPlainObject(retryDelay)) invalid("retryDelay", "{ baseMs?, maxMs? } in milliseconds");
  checkMilliseconds("retryDelay.baseMs", retryDelay?.baseMs, 0);
  checkMilliseconds("retryDelay.maxMs", retryDelay?.maxMs, 0);
  if (timeoutMs !== Infinity) checkMilliseconds("timeoutMs", timeoutMs, 1);
  checkModelPatterns("allowModels", options.allowModels);
  checkModelPatterns("denyModels", options.denyModels);
  if (budget !== undefined) {
    if (!isPlainObject(budget)) invalid("budget", "{ maxUsd } with a positive number of dollars");
    if (typeof budget.maxUsd !== "number" || !Number.isFinite(budget.maxUsd) || budget.maxUsd <= 0) invalid("budget.maxUsd", "a positive number of dollars");
  }
  if (options.pricing !== undefined && !isPlainObject(options.pricing)) invalid("pricing", "an object of prices by model ID");
  if (onEvent !== undefined && typeof onEvent !== "function") invalid("onEvent", "a function that takes each event");
  const { rateLimit } = options;
  if (rateLimit !== undefined && rateLimit !== "adaptive") {
    const shape = '"adaptive" or { requestsPerMinute?, tokensPerMinute? } with at least one positive number';
    if (!isPlainObject(rateLimit)) invalid("rateLimit", shape);
    const { requestsPerMinute, tokensPerMinute } = rateLimit;
    if (requestsPerMinute === undefined && tokensPerMinute === undefined) invalid("rateLimit", shape);
    for (const [field, value] of [["requestsPerMinute", requestsPerMinute], ["tokensPerMinute", tokensPerMinute]] as const) {
      if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value <= 0)) invalid(`rateLimit.${field}`, "a positive number");
    }
  }
  const { logger } = options;
  if (logger !== undefined) {
    const methods = ["debug", "info", "warn", "error"] as const;
    const shaped = typeof logger === "object" && logger !== null && methods.some((name) => typeof logger[name] === "function");
    if (!shaped || methods.some((name) => logger[name] !== undefined && typeof logger[name] !== "function")) invalid("logger", "an object with debug, info, warn and error methods, such as console");
  }
  if (options.limits !== undefined) {
    if (!isPlainObject(options.limits)) invalid("limits", "{ maxTokens?, maxRequestBytes? }");
    for (const field of ["maxTokens", "maxRequestBytes"] as const) {
      const value = options.limits[field];
      if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 1)) invalid(`limits.${field}`, "a whole number, 1 or more");
    }
  }
  const { telemetry } = options;
  if (telemetry !== undefined && typeof telemetry !== "boolean") {
    if (!isPlainObject(telemetry) || (telemetry.captureContent !== undefined && typeof telemetry.captureContent !== "boolean")) invalid("telemetry", "true, false or { captureContent: boolean }");
  }
  if (options.audit !== undefined && (typeof options.audit !== "object" || options.audit === null || typeof (options.audit as { record?: unknown }).record !== "function")) {
    invalid("audit", "an audit log made by auditLog({ path })");
  }
  return {
    region,
    maxRetries: maxRetries ?? (bedrockRuntime ? 0 : 3),
    timeoutMs: timeoutMs ?? 60_000,
    retryDelay: { baseMs: options.retryDelay?.baseMs ?? 100, maxMs: options.retryDelay?.maxMs ?? 5_000 },
  };
}
