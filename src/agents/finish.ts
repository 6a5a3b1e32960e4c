/**
 * The end of a run: what is kept (the session, its memory summary, or the invocation that
 * waits for tool results), the run record, and the last events.
 * @module
 */
import { BedrockKitError, type Cost } from "../index.js";
import type { AgentSettings, RunMode } from "./loop.js";
import { summarizeSession } from "./memory.js";
import type { AgentRun, AgentStatus, AgentStep } from "./run.js";
import { deleteSession, loadSession, saveSession, saveWaitingInvocation, type InvocationState } from "./state.js";

/** Dollars to 1e-10, dropping the sum's floating-point noise. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

function sumCosts(steps: readonly AgentStep[]): Cost | undefined {
  const total: Cost = { inputUsd: 0, outputUsd: 0, totalUsd: 0 };
  for (const step of steps) {
    if (!step.cost) return undefined;
    total.inputUsd += step.cost.inputUsd;
    total.outputUsd += step.cost.outputUsd;
    total.totalUsd += step.cost.totalUsd;
  }
  return { inputUsd: roundUsd(total.inputUsd), outputUsd: roundUsd(total.outputUsd), totalUsd: roundUsd(total.totalUsd) };
}

/** The final text: the last step's, but none when a local output guardrail withheld it. */
function finalText(state: InvocationState, status: AgentStatus): string {
  if (status === "guardrail-intervened" && state.guardrail?.source === "output") return "";
  return state.steps.at(-1)?.text ?? "";
}

function toRun(state: InvocationState, status: AgentStatus, error: BedrockKitError | undefined): AgentRun {
  const inputTokens = state.steps.reduce((sum, step) => sum + step.usage.inputTokens, 0);
  const outputTokens = state.steps.reduce((sum, step) => sum + step.usage.outputTokens, 0);
  return {
    status,
    text: finalText(state, status),
    steps: state.steps,
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    cost: sumCosts(state.steps),
    sessionId: state.sessionId,
    sessionAttributes: state.sessionAttributes,
    invocationId: status === "awaiting-tool-results" ? state.invocationId : undefined,
    pendingToolCalls: status === "awaiting-tool-results" ? state.pendingToolCalls : [],
    messages: state.messages,
    error,
    guardrail: status === "guardrail-intervened" ? state.guardrail : undefined,
  };
}

/** Any failure as a `BedrockKitError` (the client's errors are already). */
export function asKitError(error: unknown): BedrockKitError {
  if (BedrockKitError.isInstance(error)) return error as BedrockKitError;
  return new BedrockKitError(`The agent's step failed: ${error instanceof Error ? error.message : String(error)}`, { code: "AgentStepFailed", cause: error });
}

/**
 * Keeps the session after a run: this turn's conversation unless the run failed or a
 * guardrail stopped it (the session stays as before the turn); with `endSession`, its
 * summary goes to its memory and the session is forgotten; a session past the memory's
 * `maxSessionMessages` after a completed run is summarized and starts again. Answers the
 * summary's error, if it failed (the session is then kept whole).
 */
async function keepSession(settings: AgentSettings, state: InvocationState, status: AgentStatus, signal: AbortSignal | undefined): Promise<BedrockKitError | undefined> {
  const sessionId = state.sessionId!;
  const { store, memory } = settings;
  const kept = status !== "failed" && status !== "guardrail-intervened";
  const session = { messages: state.messages, sessionAttributes: state.sessionAttributes, memoryId: state.memoryId, startedAt: state.sessionStartedAt };
  const summarize = async (messages: InvocationState["messages"]): Promise<BedrockKitError | undefined> => {
    if (!memory || state.memoryId === undefined) return undefined;
    const ended = { memoryId: state.memoryId, sessionId, startedAt: state.sessionStartedAt, messages, runId: state.invocationId, signal };
    return summarizeSession({ client: settings.client, memory, name: settings.name }, ended).then(() => undefined, asKitError);
  };
  if (state.endSession) {
    const summaryError = await summarize(kept ? state.messages : ((await loadSession(store, sessionId))?.messages ?? []));
    if (summaryError === undefined) await deleteSession(store, sessionId);
    else if (kept) await saveSession(store, sessionId, session);
    return summaryError;
  }
  if (!kept) return undefined;
  if (memory && status === "completed" && state.messages.length > memory.maxSessionMessages) {
    const summaryError = await summarize(state.messages);
    if (summaryError === undefined) {
      await saveSession(store, sessionId, { ...session, messages: [], startedAt: new Date().toISOString() });
      return undefined;
    }
    await saveSession(store, sessionId, session);
    return summaryError;
  }
  await saveSession(store, sessionId, session);
  return undefined;
}

/** Ends a run: keeps what must be kept (the session, or the waiting invocation) and reports. */
export async function finish(settings: AgentSettings, state: InvocationState, mode: RunMode, status: AgentStatus, error?: BedrockKitError): Promise<AgentRun> {
  let runError = error;
  if (status === "awaiting-tool-results") await saveWaitingInvocation(settings.store, state);
  else if (state.sessionId !== undefined) runError = error ?? (await keepSession(settings, state, status, mode.signal));
  const run = toRun(state, status, runError);
  if (status === "awaiting-tool-results") mode.emit({ type: "return-control", invocationId: state.invocationId, pendingToolCalls: state.pendingToolCalls });
  if (status === "guardrail-intervened" && state.guardrail) mode.emit({ type: "guardrail", intervention: state.guardrail });
  mode.emit(status === "failed" && runError ? { type: "failure", error: runError, run } : { type: "finish", run });
  return run;
}
