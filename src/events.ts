/** Audit events: what happened to a call, never its prompt text or credentials. */
import type { Operation } from "./errors.js";
import type { CallOrigin, Cost, StopReason, Usage } from "./types.js";

/**
 * One event passed to `onEvent`. Every event has `type`, `modelId`, `operation`, `callId`,
 * `time` (ISO 8601) and `attempt`; the rest where known.
 */
export interface BedrockKitEvent {
  /**
   * `request` before each attempt, `retry` before a backoff, then one `response` or `error`;
   * after an `error`, `fallback` when the request goes on to the next of `fallbackModelIds`.
   */
  type: "request" | "response" | "retry" | "error" | "fallback";
  /** The model ID as requested. */
  modelId: string;
  /** The public method: `invoke`, `stream`, `embed`, `generateImage`, `countTokens` or `estimate`. */
  operation: Operation;
  /** The same on every event of one call (its requests, retries and its response or error), so concurrent calls pair up. */
  callId: string;
  /** When the event happened, ISO 8601. */
  time: string;
  /**
   * On `request` and `retry`: which try of that request this is (1 for the first).
   * On `response` and `error`: the requests the call sent (1 + its retries for a call of
   * one request; 0 when it was refused before the network).
   */
  attempt: number;
  /** Bedrock's `x-amzn-requestid`, when a response arrived. */
  requestId?: string | undefined;
  /** From the start of the call. On `response` and `error`. */
  latencyMs?: number | undefined;
  /** On `response`. */
  usage?: Usage | undefined;
  /** On `response`. */
  stopReason?: StopReason | undefined;
  /** On `response`, when the model's price is known. */
  cost?: Cost | undefined;
  /** On `retry`: how long the client waits before the next attempt. */
  delayMs?: number | undefined;
  /** On `request`, when the client's `rateLimit` held it back: how long it waited, in milliseconds. */
  queuedMs?: number | undefined;
  /** On `retry`, `error` and `fallback`: the error's class name, code and message (no prompt text). */
  error?: EventError | undefined;
  /** On `fallback`: the model the request goes to next. */
  nextModelId?: string | undefined;
  /** On every event of a call made with an `origin`: the agent or knowledge base the call is a step of. */
  origin?: CallOrigin | undefined;
}

/** The error fields an event carries. */
export interface EventError {
  /** The error class, e.g. `ThrottlingError`. */
  name: string;
  /** The error's `code`, e.g. `ThrottlingException`. */
  code: string;
  /** The error message (names the model and operation; no prompt text). */
  message: string;
  /** Whether the error allowed a retry. */
  retryable: boolean;
}

/**
 * Receives audit events. It may be async; an exception it throws and a promise it rejects
 * are ignored, so that it can break neither a call nor the process.
 */
export type EventHandler = (event: BedrockKitEvent) => void;

/**
 * A logger of the usual shape (`console`, winston, a pino or bunyan child wrapped to take
 * the message first): any of `debug`, `info`, `warn`, `error`, each called with one line of
 * text and the event it describes. Calls that throw are ignored.
 */
export interface Logger {
  /** Each request sent (one per attempt). */
  debug?(message: string, event: BedrockKitEvent): void;
  /** Each call that succeeded: latency, tokens, cost. */
  info?(message: string, event: BedrockKitEvent): void;
  /** Each retry, with the error that caused it and the wait, and each fallback to the next model. */
  warn?(message: string, event: BedrockKitEvent): void;
  /** Each call that failed or was refused, with the error's code and message. */
  error?(message: string, event: BedrockKitEvent): void;
}
