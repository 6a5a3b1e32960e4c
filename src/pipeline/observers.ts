/** Observers of calls: the `onEvent` hook today, the audit log next. They never break a call. */
import type { BedrockKitError } from "../errors.js";
import type { BedrockKitEvent, EventHandler } from "../events.js";
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

/** Observers over an optional `onEvent` hook. */
export function createObservers(onEvent: EventHandler | undefined): Observers {
  function emit(scope: CallScope, type: BedrockKitEvent["type"], fields: EventFields): void {
    if (!onEvent) return;
    try {
      const returned: unknown = onEvent({
        type,
        modelId: scope.modelId,
        operation: scope.operation,
        callId: scope.callId,
        time: new Date().toISOString(),
        attempt: scope.attempt,
        ...fields,
      });
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
