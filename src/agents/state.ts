/**
 * The JSON records an agent keeps in its session store: a session's conversation and
 * attributes, and a run that waits for the caller's tool results (everything needed to
 * resume it in another process).
 * @module
 */
import { ValidationError, type Message } from "../index.js";
import type { GuardrailIntervention } from "./guardrails.js";
import type { AgentStep, AgentToolResult, PendingToolCall } from "./run.js";
import type { SessionStore } from "./session-store.js";

/** Bumped when a record's shape changes; a record of another version is refused, not misread. */
const recordVersion = 1;

/** A session: its conversation and attributes (and, since memory, its memory ID and start; absent in older records). */
export interface SessionRecord {
  version: typeof recordVersion;
  messages: Message[];
  sessionAttributes: Record<string, string>;
  /** The memory the session's summary goes to when it ends. */
  memoryId?: string | undefined;
  /** When the session started, ISO 8601. */
  startedAt?: string | undefined;
}

/** The state of one invocation: kept while it waits for tool results. */
export interface InvocationState {
  invocationId: string;
  sessionId: string | undefined;
  sessionAttributes: Record<string, string>;
  promptSessionAttributes: Record<string, string>;
  messages: Message[];
  steps: AgentStep[];
  toolCallCount: number;
  /** Dollars the steps cost so far (the steps with a known price). */
  spentUsd: number;
  /** While waiting: the calls the caller runs, and the results of the same step's executed tools. */
  pendingToolCalls: PendingToolCall[];
  executedResults: AgentToolResult[];
  /** Forget the session when the invocation ends (`endSession: true`), also after a resume. */
  endSession: boolean;
  /** The memory of the session (the request's `memoryId`, or the one the session kept). */
  memoryId: string | undefined;
  /** When the session started, ISO 8601 (for its summary). */
  sessionStartedAt: string;
  /** The memory's recent summaries as system text, read when the invocation started. */
  memoryText: string | undefined;
  /** Why a guardrail ended the run, when one did. */
  guardrail: GuardrailIntervention | undefined;
}

/** An invocation record: waiting, or a marker that it was resumed. */
type InvocationRecord = ({ version: typeof recordVersion; state: "waiting" } & InvocationState) | { version: typeof recordVersion; state: "resumed" };

const sessionKey = (sessionId: string): string => `session/${sessionId}`;
const invocationKey = (invocationId: string): string => `invocation/${invocationId}`;

function parse(text: string, key: string): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (value.version !== recordVersion) throw new Error(`The session store's record ${key} has version ${String(value.version)}; this bedrock-kit reads version ${recordVersion}`);
  return value;
}

/** The session's record, or undefined for a new session. */
export async function loadSession(store: SessionStore, sessionId: string): Promise<SessionRecord | undefined> {
  const text = await store.get(sessionKey(sessionId));
  return text === undefined ? undefined : (parse(text, sessionKey(sessionId)) as unknown as SessionRecord);
}

/** Keeps a session's conversation, attributes, memory ID and start. */
export function saveSession(store: SessionStore, sessionId: string, session: Omit<SessionRecord, "version">): Promise<void> {
  const record: SessionRecord = { version: recordVersion, ...session };
  return store.set(sessionKey(sessionId), JSON.stringify(record));
}

/** Forgets a session. */
export function deleteSession(store: SessionStore, sessionId: string): Promise<void> {
  return store.delete(sessionKey(sessionId));
}

/** Keeps an invocation that waits for tool results. */
export function saveWaitingInvocation(store: SessionStore, state: InvocationState): Promise<void> {
  const record: InvocationRecord = { version: recordVersion, state: "waiting", ...state };
  return store.set(invocationKey(state.invocationId), JSON.stringify(record));
}

/**
 * The state of a waiting invocation. Throws `ValidationError` (field `invocationId`) for
 * an unknown or already-resumed invocation.
 */
export async function loadWaitingInvocation(store: SessionStore, invocationId: string): Promise<InvocationState> {
  const text = typeof invocationId === "string" && /^[0-9a-zA-Z._:-]{1,100}$/.test(invocationId) ? await store.get(invocationKey(invocationId)) : undefined;
  if (text === undefined) {
    throw new ValidationError("Invalid invocationId: no run waits for tool results under this ID in the agent's session store", { field: "invocationId" });
  }
  const record = parse(text, invocationKey(invocationId)) as unknown as InvocationRecord;
  if (record.state === "resumed") throw new ValidationError("Invalid invocationId: this run was already resumed", { field: "invocationId" });
  const { version: _version, state: _state, ...state } = record;
  return state;
}

/** Replaces a waiting invocation by a marker, so that a second resume is refused as such. */
export function markResumed(store: SessionStore, invocationId: string): Promise<void> {
  const resumed: InvocationRecord = { version: recordVersion, state: "resumed" };
  return store.set(invocationKey(invocationId), JSON.stringify(resumed));
}
