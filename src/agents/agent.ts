/**
 * `createAgent`: an instruction, a model with tools and limits, run as a client-side loop
 * over the client's `invoke` and `stream`.
 * @module
 */
import { ValidationError } from "../index.js";
import { AgentStream } from "./agent-stream.js";
import type { AgentEvent } from "./events.js";
import { appendUserContent, inCallOrder, resultParts, runSteps, type AgentSettings } from "./loop.js";
import { checkAgentOptions, checkInvokeRequest, checkResumeRequest, checkResumeResults, type AgentInvokeRequest, type AgentOptions, type AgentResumeRequest } from "./options.js";
import type { AgentRun } from "./run.js";
import type { SessionStore } from "./session-store.js";
import { deleteSession, loadSession, loadWaitingInvocation, markResumed, saveWaitingInvocation, type InvocationState } from "./state.js";

/** An agent: run it with `invoke` or `stream`, continue a run that awaits tool results with `resume`. */
export interface Agent {
  /**
   * Runs the agent on the user's input until the model answers in text, a limit stops it,
   * or it calls a tool without `execute` (then `status: "awaiting-tool-results"`). Rejects
   * only for bad input (`ValidationError`, before any model request); a failed model
   * request resolves with `status: "failed"` and `error`.
   */
  invoke(request: AgentInvokeRequest): Promise<AgentRun>;
  /** Runs the agent as `invoke` does, sending each step with `fm.stream`: iterate the events, await `result`. */
  stream(request: AgentInvokeRequest): AgentStream;
  /**
   * Continues a run that awaits tool results, in this process or another (the session
   * store holds its state): one result per pending call. The results of the same step's
   * executed tools go back with them, in the order the model made the calls. When the
   * first request after the pause fails (`status: "failed"`), the run waits again: resume it
   * with the same `invocationId` and results.
   */
  resume(request: AgentResumeRequest): Promise<AgentRun>;
  /** Forgets a session: its conversation and attributes. */
  endSession(sessionId: string): Promise<void>;
}

const ignore = (): void => undefined;

async function startState(settings: AgentSettings, request: AgentInvokeRequest): Promise<InvocationState> {
  const checked = checkInvokeRequest(request);
  const session = checked.sessionId === undefined ? undefined : await loadSession(settings.store, checked.sessionId);
  const messages = session?.messages ?? [];
  appendUserContent(messages, [{ type: "text", text: checked.input }]);
  return {
    invocationId: "",
    sessionId: checked.sessionId,
    sessionAttributes: checked.sessionAttributes ?? session?.sessionAttributes ?? {},
    promptSessionAttributes: checked.promptSessionAttributes,
    messages,
    steps: [],
    toolCallCount: 0,
    spentUsd: 0,
    pendingToolCalls: [],
    executedResults: [],
    endSession: request.endSession === true,
  };
}

async function start(settings: AgentSettings, request: AgentInvokeRequest, streaming: boolean, emit: (event: AgentEvent) => void): Promise<AgentRun> {
  const state = await startState(settings, request);
  return runSteps(settings, state, { streaming, emit, signal: request.signal });
}

/** Invocations being resumed in this process, per store: a second resume of one of them is refused at once. */
const resuming = new WeakMap<SessionStore, Set<string>>();

async function resume(settings: AgentSettings, request: AgentResumeRequest): Promise<AgentRun> {
  checkResumeRequest(request);
  const inFlight = resuming.get(settings.store) ?? new Set<string>();
  resuming.set(settings.store, inFlight);
  if (inFlight.has(request.invocationId)) throw new ValidationError("Invalid invocationId: this run is being resumed already", { field: "invocationId" });
  inFlight.add(request.invocationId);
  try {
    return await resumeWaiting(settings, request);
  } finally {
    inFlight.delete(request.invocationId);
  }
}

async function resumeWaiting(settings: AgentSettings, request: AgentResumeRequest): Promise<AgentRun> {
  const state = await loadWaitingInvocation(settings.store, request.invocationId);
  const callerResults = checkResumeResults(request.results, state.pendingToolCalls);
  const waiting = structuredClone(state);
  await markResumed(settings.store, state.invocationId);
  const step = state.steps.at(-1)!;
  step.toolResults = inCallOrder(step, new Map([...state.executedResults, ...callerResults].map((result) => [result.toolCallId, result])));
  appendUserContent(state.messages, resultParts(step.toolResults));
  state.pendingToolCalls = [];
  state.executedResults = [];
  const run = await runSteps(settings, state, { streaming: false, emit: ignore, signal: request.signal });
  // The first request after the pause failed, so nothing ran on the caller's results: the run waits again.
  if (run.status === "failed" && run.steps.length === waiting.steps.length) await saveWaitingInvocation(settings.store, waiting);
  return run;
}

/**
 * Creates an agent over a bedrock-kit client. Each step is one `fm.invoke` (or `fm.stream`)
 * of that client, so its policy, budget, retries, cost ledger, events and audit log apply
 * to every step. Throws `ValidationError` for bad options (a tool name Bedrock would
 * reject, a duplicate tool, a schema that is not an object schema, `maxSteps` ≤ 0, a model
 * without native tool calling).
 *
 * ```ts
 * const agent = createAgent({ client: fm, modelId: "amazon.nova-lite-v1:0", instruction: "…", tools: [lookUp] });
 * const run = await agent.invoke({ input: "Is ticket NET-4521 open?", sessionId: "user-42" });
 * console.log(run.status, run.text, run.steps.length, run.cost?.totalUsd);
 * ```
 */
export function createAgent(options: AgentOptions): Agent {
  const settings = checkAgentOptions(options);
  return {
    invoke: (request) => start(settings, request, false, ignore),
    stream: (request) => new AgentStream((emit) => start(settings, request, true, emit)),
    resume: (request) => resume(settings, request),
    endSession: (sessionId) => deleteSession(settings.store, sessionId),
  };
}
