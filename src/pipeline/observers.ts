/** Observers of calls: the `onEvent` hook and the `logger`. They never break a call. */
import type { BedrockKitError } from "../errors.js";
import type { BedrockKitEvent, EventHandler, Logger } from "../events.js";
import type { CallScope } from "./scope.js";

/** The fields of an event that its emitter supplies. */
export type EventFields = Omit<Partial<BedrockKitEvent>, "type" | "modelId" | "operation" | "time" | "callId">;

/** Sends call events to the user's hook. */
export interface Observers {
  /** Emits one event; a hook that throws or rejects is ignored. */
  emit(scope: CallScope, type: BedrockKitEvent["type"], fields: EventFields): void;
  /** The `error` event that ends a failed call. */
  failure(scope: CallScope, error: BedrockKitError): void;
}

/** The error fields of an event: class name, code, message, retryability (no prompt text). */
export function describeError(error: BedrockKitError): NonNullable<BedrockKitEvent["error"]> {
  return { name: error.name, code: error.code, message: error.message, retryable: error.retryable };
}

function ignore(): void {
  // An observer's failure is not the call's failure.
}

/** The logger level of each event type. */
const logLevels = { request: "debug", response: "info", retry: "warn", error: "error", fallback: "warn" } as const;

/** One line for people: what happened to which call, with no prompt text (the event carries none). */
function logLine(event: BedrockKitEvent): string {
  const head = `bedrock-kit ${event.operation} ${event.modelId} [${event.callId}]`;
  switch (event.type) {
    case "request":
      return `${head} request, attempt ${event.attempt}${event.queuedMs ? ` after ${event.queuedMs} ms in the rate limit` : ""}`;
    case "retry":
      return `${head} retry ${event.attempt} in ${event.delayMs ?? 0} ms after ${event.error?.code ?? "an error"}`;
    case "response": {
      const tokens = event.usage ? `, ${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens` : "";
      const cost = event.cost ? `, $${event.cost.totalUsd.toFixed(6)}` : "";
      return `${head} ok in ${event.latencyMs ?? 0} ms${tokens}${cost}`;
    }
    case "fallback":
      return `${head} falls back to ${event.nextModelId ?? "the next model"} after ${event.error?.code ?? "an error"}`;
    case "error":
      return `${head} failed after ${event.attempt} request(s): ${event.error?.code ?? "Error"}: ${event.error?.message ?? ""}`;
  }
}

function log(logger: Logger, event: BedrockKitEvent): void {
  const method = logger[logLevels[event.type]];
  if (typeof method !== "function") return;
  try {
    method.call(logger, logLine(event), event);
  } catch {
    ignore();
  }
}

/** Observers over an optional `onEvent` hook and an optional `logger`. */
export function createObservers(onEvent: EventHandler | undefined, logger?: Logger): Observers {
  function emit(scope: CallScope, type: BedrockKitEvent["type"], fields: EventFields): void {
    if (!onEvent && !logger) return;
    const event: BedrockKitEvent = {
      type,
      modelId: scope.modelId,
      operation: scope.operation,
      callId: scope.callId,
      time: new Date().toISOString(),
      attempt: scope.attempt,
      ...fields,
    };
    if (scope.origin) event.origin = scope.origin;
    if (logger) log(logger, event);
    if (!onEvent) return;
    try {
      const returned: unknown = onEvent(event);
      if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") {
        Promise.resolve(returned).catch(ignore);
      }
    } catch {
      ignore();
    }
  }
  return {
    emit,
    failure(scope, error) {
      emit(scope, "error", {
        latencyMs: Math.round(performance.now() - scope.startedAt),
        error: describeError(error),
        ...(error.requestId ? { requestId: error.requestId } : {}),
      });
    },
  };
}
