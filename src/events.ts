/** Audit events: what happened to a call, never its prompt text or credentials. */
import type { Operation } from "./errors.js";
import type { StopReason, Usage } from "./types.js";

/**
 * One event passed to `onEvent`. Every event has `type`, `modelId`, `operation`,
 * `time` (ISO 8601) and `attempt` (1 for the first try); the rest where known.
 */
export interface BedrockKitEvent {
  type: "request" | "response" | "retry" | "error";
  modelId: string;
  operation: Operation;
  time: string;
  attempt: number;
  requestId?: string;
  /** From the start of the call. On `response` and `error`. */
  latencyMs?: number;
  /** On `response`. */
  usage?: Usage;
  /** On `response`. */
  stopReason?: StopReason;
  /** On `retry`: how long the client waits before the next attempt. */
  delayMs?: number;
  /** On `retry` and `error`: the error's class name, code and message (no prompt text). */
  error?: { name: string; code: string; message: string; retryable: boolean };
}

/** Receives audit events; an exception it throws is ignored so that it cannot break a call. */
export type EventHandler = (event: BedrockKitEvent) => void;
