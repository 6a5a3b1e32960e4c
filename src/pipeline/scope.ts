/** One call in progress: its identity, signal, deadline, request counts and budget hold. */
import { randomUUID } from "node:crypto";
import { AbortError, BedrockKitError, ModelTimeoutError, ValidationError, toBedrockKitError, type Operation } from "../errors.js";
import type { Reservation } from "../pricing/budget.js";
import type { ModelInfo } from "../models/model-info.js";
import type { CallOrigin } from "../types.js";
import { watchAbort } from "./abort-watch.js";

/**
 * The longest delay Node's timers take: 2^31 − 1 ms (about 24.8 days). A longer one fires
 * after 1 ms instead, with a TimeoutOverflowWarning (Node.js docs, `setTimeout`, "When
 * delay is larger than 2147483647 or less than 1 … the delay will be set to 1"; read
 * 2026-11-30), which would time every call out at once.
 */
export const longestTimerMs = 2_147_483_647;

/** What a call knows about its model once the request resolved it (for errors that need catalog facts). */
export interface ScopeModel {
  model: Pick<ModelInfo, "deprecated">;
}

/** A call: created when the public method is called, ended exactly once. */
export class CallScope {
  /** The same on every event of this call, so concurrent calls pair up. */
  readonly callId = randomUUID();
  readonly startedAt = performance.now();
  readonly controller: AbortController;
  /** Wire requests made so far (every attempt of every batch). */
  requests = 0;
  /** Retries sent so far. */
  retries = 0;
  /** Tokens each request holds in the client's rate limit (its plan's worst case). */
  tokensPerRequest = 0;
  /** Tokens the call's requests hold in the rate limit so far (settled by the usage at the end). */
  heldTokens = 0;
  timedOut = false;
  /** The model, once resolved. */
  resolved: ScopeModel | undefined;
  /** The call's hold on the client's budget, when it has one. */
  reservation: Reservation | undefined;
  /** The request's `origin` once checked (the agent or knowledge base the call is a step of): on every event, the audit line and the span. */
  origin: Readonly<CallOrigin> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #timeoutMs: number;
  #unwatch: (() => void) | undefined;

  constructor(
    readonly modelId: string,
    readonly operation: Operation,
    timeoutMs: number,
    controller: AbortController = new AbortController(),
  ) {
    this.controller = controller;
    this.#timeoutMs = timeoutMs > 0 && timeoutMs <= longestTimerMs ? timeoutMs : 0;
    if (this.#timeoutMs > 0) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, this.#timeoutMs);
      this.#timer.unref?.();
    }
  }

  /** Links the user's signal (already checked to be an AbortSignal) to this call. */
  follow(userSignal: AbortSignal | undefined): void {
    if (!userSignal) return;
    if (userSignal.aborted) this.controller.abort();
    else this.#unwatch = watchAbort(userSignal, () => this.controller.abort());
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** What `response` and `error` events report as `attempt`: the requests the call sent (1 + its retries for one request; 0 when refused before the network). */
  get attempt(): number {
    return this.requests;
  }

  /** Restarts the deadline (streams: the time since the last chunk). */
  touch(): void {
    this.#timer?.refresh();
  }

  /** Throws the abort or timeout error when the call has been stopped. */
  throwIfStopped(): void {
    if (this.signal.aborted) throw this.classify(this.signal.reason);
  }

  /**
   * Turns anything thrown during the call into the error the user sees (the one place
   * that shapes errors): bedrock-kit's own errors as they are (a bad request stays a
   * `ValidationError` even when the signal has aborted too), anything else as the abort or
   * timeout that stopped the call, or as the mapped AWS or network error.
   */
  classify(error: unknown, requestId?: string): BedrockKitError {
    if (BedrockKitError.isInstance(error)) return endOfLifeError(error as BedrockKitError, this.resolved);
    const known = requestId ?? (error as { requestId?: unknown } | undefined)?.requestId;
    const context = { modelId: this.modelId, operation: this.operation, requestId: typeof known === "string" ? known : undefined };
    if (this.signal.aborted) {
      if (this.timedOut) {
        return new ModelTimeoutError(`The ${this.operation} of ${this.modelId} passed the client's timeoutMs`, {
          ...context,
          code: "ClientTimeout",
          cause: error,
        });
      }
      return new AbortError(`The ${this.operation} of ${this.modelId} was aborted`, { ...context, cause: error });
    }
    return endOfLifeError(toBedrockKitError(error, context), this.resolved);
  }

  /** Stops the deadline and the watch on the user's signal. */
  end(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

/**
 * Bedrock's answer for a retired model ("This model version has reached the end of its
 * life", as ResourceNotFoundException or, from some SDK versions, ValidationException),
 * restated with the catalog's end-of-life date and successor.
 */
function endOfLifeError(error: BedrockKitError, resolved: ScopeModel | undefined): BedrockKitError {
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
