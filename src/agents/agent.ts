/**
 * `createAgent`: an instruction, a model with tools and limits, run as a client-side loop
 * over the client's `invoke` and `stream`.
 * @module
 */
import { randomUUID } from "node:crypto";
import { ValidationError } from "../index.js";
import { AgentStream } from "./agent-stream.js";
import type { AgentEvent } from "./events.js";
import { appendUserContent, inCallOrder, resultParts, runInvocation, runSteps, type AgentSettings } from "./loop.js";
import { checkMemoryId, deleteSummaries, memoryText, readSummaries, summarizeSession, type MemorySessionSummary } from "./memory.js";
import { checkInvokeRequest, checkResumeRequest, checkResumeResults, checkAgentOptions, type AgentInvokeRequest, type AgentOptions, type AgentResumeRequest } from "./options.js";
import type { AgentRun } from "./run.js";
import type { SessionStore } from "./session-store.js";
import { deleteSession, loadSession, loadWaitingInvocation, markResumed, saveWaitingInvocation, type InvocationState } from "./state.js";

/**
 * An agent: run it with `invoke` or `stream`, continue a run that awaits tool results with
 * `resume` or `resumeStream`.
 */
export interface Agent {
  /**
   * Runs the agent on the user's input until the model answers in text, a limit stops it,
   * a guardrail intervenes, or it calls a tool without `execute` (then
   * `status: "awaiting-tool-results"`). Rejects only for bad input (`ValidationError`,
   * before any model request); a failed model request resolves with `status: "failed"`
   * and `error`.
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
  /**
   * Continues a run that awaits tool results as `resume` does, sending each step with
   * `fm.stream`: the same events as `stream`, from the first step after the pause (bad
   * input rejects the iteration and `result`).
   */
  resumeStream(request: AgentResumeRequest): AgentStream;
  /**
   * Ends a session: with a memory and a session run with a `memoryId`, the model summarizes
   * the session into that memory first (rejecting, with the session kept, when the summary
   * request fails); then the session's conversation and attributes are forgotten.
   */
  endSession(sessionId: string): Promise<void>;
  /** A memory's session summaries that have not expired, oldest first (Bedrock's `GetAgentMemory`). */
  getMemory(memoryId: string): Promise<MemorySessionSummary[]>;
  /** Forgets a memory's summaries (Bedrock's `DeleteAgentMemory`). */
  deleteMemory(memoryId: string): Promise<void>;
}

const ignore = (): void => undefined;

async function startState(settings: AgentSettings, request: AgentInvokeRequest): Promise<InvocationState> {
  const checked = checkInvokeRequest(request);
  const requestedMemoryId = checkMemoryId(checked.memoryId, settings.memory);
  const session = checked.sessionId === undefined ? undefined : await loadSession(settings.store, checked.sessionId);
  const memoryId = requestedMemoryId ?? (settings.memory ? session?.memoryId : undefined);
  const summaries = settings.memory && memoryId !== undefined ? await readSummaries(settings.memory.store, memoryId) : [];
  const messages = session?.messages ?? [];
  appendUserContent(messages, [{ type: "text", text: checked.input }]);
  return {
    invocationId: randomUUID(),
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
    memoryId,
    sessionStartedAt: session?.startedAt ?? new Date().toISOString(),
    memoryText: settings.memory ? memoryText(summaries, settings.memory.maxRecentSessions) : undefined,
    guardrail: undefined,
  };
}

async function start(settings: AgentSettings, request: AgentInvokeRequest, streaming: boolean, emit: (event: AgentEvent) => void): Promise<AgentRun> {
  const state = await startState(settings, request);
  const input = (request as { input: string }).input;
  return runInvocation(settings, state, input, { streaming, emit, signal: request.signal });
}

/** Invocations being resumed in this process, per store: a second resume of one of them is refused at once. */
const resuming = new WeakMap<SessionStore, Set<string>>();

async function resume(settings: AgentSettings, request: AgentResumeRequest, streaming: boolean, emit: (event: AgentEvent) => void): Promise<AgentRun> {
  checkResumeRequest(request);
  const inFlight = resuming.get(settings.store) ?? new Set<string>();
  resuming.set(settings.store, inFlight);
  if (inFlight.has(request.invocationId)) throw new ValidationError("Invalid invocationId: this run is being resumed already", { field: "invocationId" });
  inFlight.add(request.invocationId);
  try {
    return await resumeWaiting(settings, request, streaming, emit);
  } finally {
    inFlight.delete(request.invocationId);
  }
}

async function resumeWaiting(settings: AgentSettings, request: AgentResumeRequest, streaming: boolean, emit: (event: AgentEvent) => void): Promise<AgentRun> {
  const state = await loadWaitingInvocation(settings.store, request.invocationId);
  const callerResults = checkResumeResults(request.results, state.pendingToolCalls);
  const waiting = structuredClone(state);
  await markResumed(settings.store, state.invocationId);
  const step = state.steps.at(-1)!;
  step.toolResults = inCallOrder(step, new Map([...state.executedResults, ...callerResults].map((result) => [result.toolCallId, result])));
  appendUserContent(state.messages, resultParts(step.toolResults));
  state.pendingToolCalls = [];
  state.executedResults = [];
  const run = await runSteps(settings, state, { streaming, emit, signal: request.signal });
  // The first request after the pause failed, so nothing ran on the caller's results: the run waits again.
  if (run.status === "failed" && run.steps.length === waiting.steps.length) await saveWaitingInvocation(settings.store, waiting);
  return run;
}

/** The agent's memory settings for a checked memory ID (a `ValidationError` without memory or for a bad ID). */
function memoryOf(settings: AgentSettings, memoryId: unknown): NonNullable<AgentSettings["memory"]> {
  if (checkMemoryId(memoryId, settings.memory) === undefined) throw new ValidationError("Invalid memoryId: expected the memory's ID", { field: "memoryId" });
  return settings.memory!;
}

async function endSession(settings: AgentSettings, sessionId: string): Promise<void> {
  const session = typeof sessionId === "string" && settings.memory ? await loadSession(settings.store, sessionId) : undefined;
  if (settings.memory && session?.memoryId !== undefined) {
    const ended = { memoryId: session.memoryId, sessionId, startedAt: session.startedAt ?? new Date().toISOString(), messages: session.messages, runId: randomUUID() };
    await summarizeSession({ client: settings.client, memory: settings.memory, name: settings.name }, ended);
  }
  await deleteSession(settings.store, sessionId);
}

/**
 * Creates an agent over a bedrock-kit client. Each step is one `fm.invoke` (or `fm.stream`)
 * of that client, so its policy, budget, retries, cost ledger, events and audit log apply
 * to every step, and each step's request carries the agent's `origin` (name, invocation
 * ID, step) onto those events, audit lines and spans. Throws `ValidationError` for bad
 * options (a tool name Bedrock would reject, a duplicate tool, a schema that is not an
 * object schema, `maxSteps` ≤ 0, a model without native tool calling, guardrails that are
 * not functions, memory options out of range).
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
    resume: (request) => resume(settings, request, false, ignore),
    resumeStream: (request) => new AgentStream((emit) => resume(settings, request, true, emit)),
    endSession: (sessionId) => endSession(settings, sessionId),
    getMemory: async (memoryId) => readSummaries(memoryOf(settings, memoryId).store, memoryId),
    deleteMemory: async (memoryId) => deleteSummaries(memoryOf(settings, memoryId).store, memoryId),
  };
}
