/**
 * The one call lifecycle every operation runs through:
 * resolve → policy → prepare → budget hold → send (with retries) → result →
 * accounting (cost, ledger, calibration, budget settlement) → observers.
 * Operations supply only their resolve, prepare, send and decode.
 */
import { BedrockKitError } from "../errors.js";
import { toCost } from "../pricing/cost.js";
import { auditEntry } from "./audit-entry.js";
import type { PolicyOperation } from "./policy.js";
import { loadTracer, startCallSpan, telemetryRegistered, type CallSpan, type SpanContent } from "./telemetry.js";
import { checkSignal } from "../validate.js";
import { checkOrigin } from "../validate-origin.js";
import { checkCallCap } from "./accounting.js";
import type { PicoCost } from "../pricing/cost.js";
import type { ClientContext } from "./context.js";
import type { EventFields } from "./observers.js";
import type { Spent } from "./accounting.js";
import type { CallScope, ScopeModel } from "./scope.js";

/** The model a call resolved to: what policy judges and what errors restate. */
export interface CallTarget extends ScopeModel {
  /** The ID as requested. */
  requested: string;
  /** The foundation model behind a profile ID or ARN, when known. */
  baseModelId: string | undefined;
  /** `guardrail` for a call that names a guardrail, not a model: the model policy does not apply. */
  kind?: "model" | "guardrail" | undefined;
}

/** A prepared call: its budget hold, how to run it and what it spent. */
export interface CallPlan<Output> {
  /** The most the call can cost (what a budget holds); undefined without a price. */
  worstCase: PicoCost | undefined;
  /** Why there is no price, when `worstCase` is undefined. */
  noPriceReason: string | undefined;
  /** Sends the call's request(s); each goes through the client's retries. */
  execute(): Promise<Output>;
  /** What the finished call spent, and the fields of its `response` event (both undefined for a call that sends nothing). */
  finish(output: Output): { spent: Spent | undefined; event: EventFields | undefined };
  /** What a failed call spent anyway (a stream whose output had begun), if anything. */
  spentOnFailure?(): Spent | undefined;
  /** The call's prompt and answer for its span, asked for only when the client captures content. */
  spanContent?(output: Output): SpanContent;
  /** The tokens one request may use at most, held in the client's `rateLimit` until the usage is known (default 0). */
  tokensPerRequest?: number | undefined;
}

/** Settles the call's hold on the rate limit's tokens with what it used. */
function settleRate(context: ClientContext, scope: CallScope, spent: Spent | undefined): void {
  const used = spent ? spent.usage.inputTokens + spent.usage.outputTokens : 0;
  if (scope.heldTokens > 0 || used > 0) context.retries.rateLimiter?.settle(scope.modelId, scope.heldTokens, used);
}

/** An operation's part of a call. */
export interface CallSteps<Target extends CallTarget, Output> {
  /** Checks the request's shape and resolves its model; no network. */
  resolve(): Target;
  /** Validates and encodes the request for the resolved model; no network. */
  prepare(target: Target): CallPlan<Output>;
}

/** The tracer once loaded (null: `@opentelemetry/api` is not installed), so later calls do not wait. */
let tracerLoaded: Awaited<ReturnType<typeof loadTracer>> | null | undefined;

/** The policy's name of an operation. */
function policyOperation(operation: CallScope["operation"]): PolicyOperation {
  return operation === "generateImage" ? "image" : (operation as PolicyOperation);
}

/** True for the error of an audit line that could not be written (the call's own accounting is already done). */
function auditFailed(error: unknown): boolean {
  return BedrockKitError.isInstance(error) && (error as BedrockKitError).code === "AuditLogFailed";
}

/** The fields every operation reads from its request the same way, as the caller gave them (unchecked). */
interface CallInputs {
  /** Aborts the call. */
  signal?: unknown | undefined;
  /** The agent or knowledge base the call is a step of. */
  origin?: unknown | undefined;
  /** The most this call may cost, in dollars. */
  maxUsd?: unknown | undefined;
}

/**
 * Runs one call of any operation. `inputs` is the request (or the part of it the operation
 * honours): its `signal`, `origin` and `maxUsd` are checked here. Every failure is a
 * `BedrockKitError`; the scope ends exactly once.
 */
export async function runCall<Target extends CallTarget, Output>(
  context: ClientContext,
  scope: CallScope,
  inputs: unknown,
  steps: CallSteps<Target, Output>,
): Promise<Output> {
  const { signal, origin, maxUsd } = (typeof inputs === "object" && inputs !== null ? inputs : {}) as CallInputs;
  let plan: CallPlan<Output> | undefined;
  let span: CallSpan | undefined;
  const audit = context.audit;
  /** Whether the audit log was told this call is out (so that lines ending meanwhile wait to share a write with its line). */
  let announced = false;
  try {
    if (context.telemetry && telemetryRegistered()) {
      if (tracerLoaded === undefined) tracerLoaded = (await loadTracer()) ?? null;
      if (tracerLoaded) span = startCallSpan(tracerLoaded, scope);
    }
    scope.origin = checkOrigin(origin, scope.modelId);
    const capPico = checkCallCap(maxUsd, scope.modelId);
    checkSignal(signal, scope.modelId);
    scope.follow(signal as AbortSignal | undefined);
    const regionLookup = context.regionLookup();
    if (regionLookup) await regionLookup;
    const target = steps.resolve();
    scope.resolved = target;
    if (target.kind !== "guardrail") context.policy.enforce(policyOperation(scope.operation), target.requested, target.baseModelId);
    plan = steps.prepare(target);
    scope.tokensPerRequest = plan.tokensPerRequest ?? 0;
    context.accounting.hold(scope, plan.worstCase, plan.noPriceReason, capPico);
    if (audit?.expect) {
      audit.expect();
      announced = true;
    }
    const output = await plan.execute();
    const { spent, event } = plan.finish(output);
    if (spent) context.accounting.record(scope, spent);
    else context.accounting.release(scope);
    settleRate(context, scope, spent);
    span?.succeed({
      inputTokens: spent?.usage.inputTokens,
      outputTokens: spent?.usage.outputTokens,
      finishReason: event?.stopReason,
      costUsd: event?.cost?.totalUsd,
      requestId: event?.requestId,
      content: context.captureContent ? plan.spanContent?.(output) : undefined,
    });
    if (event) {
      context.observers.emit(scope, "response", { latencyMs: Math.round(performance.now() - scope.startedAt), ...event });
      // The audit line is a promise, not a best effort: the call ends when it is on disk.
      if (audit) {
        const wasAnnounced = announced;
        announced = false;
        await audit.record(auditEntry(scope, { usage: spent?.usage, costUsd: event.cost?.totalUsd, requestId: event.requestId }), wasAnnounced);
      }
    }
    return output;
  } catch (error) {
    if (plan === undefined || !auditFailed(error)) {
      const kitError = scope.classify(error);
      const spent = plan?.spentOnFailure?.();
      if (spent) context.accounting.record(scope, spent);
      else context.accounting.release(scope);
      settleRate(context, scope, spent);
      context.observers.failure(scope, kitError);
      span?.fail(kitError);
      // The call fails either way; a log that cannot take this line fails the next call.
      if (audit) {
        const wasAnnounced = announced;
        announced = false;
        await audit.record(auditEntry(scope, { usage: spent?.usage, costUsd: spent?.cost && toCost(spent.cost).totalUsd, error: kitError }), wasAnnounced).catch(() => undefined);
      }
      throw kitError;
    }
    throw error;
  } finally {
    if (announced) audit!.abandon?.();
    scope.end();
  }
}
