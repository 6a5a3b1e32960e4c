/**
 * Memory across sessions, as Bedrock Agents' SESSION_SUMMARY memory: when a session with a
 * `memoryId` ends, a model writes a summary of it (one `fm.invoke` of the agent's client, so
 * policy, budget, ledger, events and audit apply); summaries are kept `storageDays` under
 * the memory ID, and the most recent `maxRecentSessions` are added to the system text of
 * that memory's later sessions.
 * @module
 */
import type { BedrockKitClient, CallOrigin, ContentPart, Message, ModelId } from "../index.js";
import type { SessionStore } from "./session-store.js";
import { fail } from "./invalid.js";

/** Options of `createAgent({ memory })`: Bedrock's `memoryConfiguration` with `SESSION_SUMMARY`. */
export interface AgentMemoryOptions {
  /** Where summaries are kept (one record per memory ID); default the agent's `sessionStore`. */
  store?: SessionStore | undefined;
  /** Days a summary is kept after its session ended, 1–365 (Bedrock's `storageDays`); default 30. */
  storageDays?: number | undefined;
  /** The most recent summaries added to a session's system text, 1 or more (Bedrock's `maxRecentSessions`); default 20. */
  maxRecentSessions?: number | undefined;
  /** The model that writes the summaries (a small one does); default the agent's. */
  modelId?: ModelId | undefined;
  /** The output allowance of a summary request; default 500 tokens. */
  maxSummaryTokens?: number | undefined;
  /**
   * A session whose conversation holds more messages than this after a completed run is
   * summarized into its memory and its conversation starts again (the summary carries it
   * on). Default: no limit.
   */
  maxSessionMessages?: number | undefined;
}

/** One session's summary (Bedrock's `MemorySessionSummary`). */
export interface MemorySessionSummary {
  /** The memory it is kept under. */
  memoryId: string;
  /** The session it summarizes. */
  sessionId: string;
  /** When the session started, ISO 8601. */
  sessionStartTime: string;
  /** When the summary is forgotten (the session's end plus `storageDays`), ISO 8601. */
  sessionExpiryTime: string;
  /** The model's summary. */
  summaryText: string;
}

/** The memory settings, checked. */
export interface MemorySettings {
  store: SessionStore;
  storageDays: number;
  maxRecentSessions: number;
  modelId: string;
  maxSummaryTokens: number;
  maxSessionMessages: number;
}

/** What a summary needs from the agent. */
export interface Summarizer {
  client: BedrockKitClient;
  memory: MemorySettings;
  /** The agent's name, for the summary request's origin. */
  name: string | undefined;
}

const recordVersion = 1;
const memoryIdPattern = /^[0-9a-zA-Z._:-]{2,100}$/;
const dayMs = 86_400_000;
/** The longest tool result or text part a transcript keeps, in characters. */
const longestPart = 2_000;

const summaryInstruction = [
  "You write the memory of a support conversation for the same user's next sessions.",
  "Summarize the conversation below in at most 150 words of plain text: what the user wanted, the facts and preferences they gave,",
  "what was found or done (tools called and their outcomes), and what is still open. Do not address the user.",
].join(" ");

function whole(value: unknown, field: string, fallback: number, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) fail(field, `expected a whole number from ${minimum}${maximum === Number.MAX_SAFE_INTEGER ? " up" : ` to ${maximum}`}`);
  return value;
}

/** Checks `createAgent({ memory })`; undefined when the agent has no memory. */
export function checkMemory(memory: unknown, agentModelId: string, sessionStore: SessionStore): MemorySettings | undefined {
  if (memory === undefined) return undefined;
  if (typeof memory !== "object" || memory === null || Array.isArray(memory)) fail("memory", "expected { storageDays?, maxRecentSessions?, modelId?, store?, … }");
  const options = memory as AgentMemoryOptions;
  const store = options.store;
  if (store !== undefined && (typeof store?.get !== "function" || typeof store.set !== "function" || typeof store.delete !== "function")) fail("memory.store", "expected a store with get, set and delete");
  if (options.modelId !== undefined && (typeof options.modelId !== "string" || options.modelId.trim() === "")) fail("memory.modelId", "expected a model ID");
  return {
    store: store ?? sessionStore,
    storageDays: whole(options.storageDays, "memory.storageDays", 30, 1, 365),
    maxRecentSessions: whole(options.maxRecentSessions, "memory.maxRecentSessions", 20, 1),
    modelId: options.modelId ?? agentModelId,
    maxSummaryTokens: whole(options.maxSummaryTokens, "memory.maxSummaryTokens", 500, 1),
    maxSessionMessages: whole(options.maxSessionMessages, "memory.maxSessionMessages", Infinity, 2),
  };
}

/** Checks a request's `memoryId` against the agent (it must have `memory`). */
export function checkMemoryId(memoryId: unknown, memory: MemorySettings | undefined): string | undefined {
  if (memoryId === undefined) return undefined;
  if (typeof memoryId !== "string" || !memoryIdPattern.test(memoryId)) fail("memoryId", "expected 2–100 letters, digits, ., _, : or -");
  if (!memory) fail("memoryId", "this agent has no memory: create it with createAgent({ memory: { … } })");
  return memoryId;
}

interface MemoryRecord {
  version: typeof recordVersion;
  summaries: MemorySessionSummary[];
}

const memoryKey = (memoryId: string): string => `memory/${memoryId}`;

/** The memory's summaries that have not expired, oldest first. */
export async function readSummaries(store: SessionStore, memoryId: string, now = Date.now()): Promise<MemorySessionSummary[]> {
  const text = await store.get(memoryKey(memoryId));
  if (text === undefined) return [];
  const record = JSON.parse(text) as MemoryRecord;
  if (record.version !== recordVersion) throw new Error(`The memory record ${memoryKey(memoryId)} has version ${String(record.version)}; this bedrock-kit reads version ${recordVersion}`);
  return record.summaries.filter((summary) => Date.parse(summary.sessionExpiryTime) > now);
}

/** Forgets a memory: all its summaries. */
export function deleteSummaries(store: SessionStore, memoryId: string): Promise<void> {
  return store.delete(memoryKey(memoryId));
}

/** Writes to one memory record, one at a time per store and memory ID in this process. */
const writing = new WeakMap<SessionStore, Map<string, Promise<unknown>>>();

async function addSummary(store: SessionStore, summary: MemorySessionSummary): Promise<void> {
  const queues = writing.get(store) ?? new Map<string, Promise<unknown>>();
  writing.set(store, queues);
  const previous = queues.get(summary.memoryId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const summaries = await readSummaries(store, summary.memoryId);
    const record: MemoryRecord = { version: recordVersion, summaries: [...summaries, summary] };
    await store.set(memoryKey(summary.memoryId), JSON.stringify(record));
  });
  queues.set(summary.memoryId, next);
  try {
    await next;
  } finally {
    if (queues.get(summary.memoryId) === next) queues.delete(summary.memoryId);
  }
}

/** The system text that carries a memory's recent summaries into a session. */
export function memoryText(summaries: readonly MemorySessionSummary[], maxRecentSessions: number): string | undefined {
  const recent = summaries.slice(-maxRecentSessions);
  if (recent.length === 0) return undefined;
  const lines = recent.map((summary) => `- ${summary.sessionStartTime.slice(0, 10)}: ${summary.summaryText.trim()}`).join("\n");
  return `<memory>\nSummaries of earlier sessions with this user, oldest first:\n${lines}\n</memory>`;
}

function clip(text: string): string {
  return text.length > longestPart ? `${text.slice(0, longestPart)}…` : text;
}

function partText(part: ContentPart): string | undefined {
  switch (part.type) {
    case "text":
      return clip(part.text);
    case "tool-call":
      return `[called ${part.name} with ${clip(JSON.stringify(part.input) ?? "{}")}]`;
    case "tool-result":
      return `[${part.isError ? "tool error" : "tool result"}: ${clip(part.content)}]`;
    case "image":
      return "[an image]";
    default:
      return undefined; // reasoning and cache points are not part of what was said
  }
}

/** The conversation as plain text (a summary request sends no tools, so it cannot send tool blocks). */
function transcript(messages: readonly Message[]): string {
  return messages
    .map((message) => {
      const parts = typeof message.content === "string" ? [message.content] : message.content.flatMap((part) => partText(part) ?? []);
      return `${message.role === "user" ? "User" : "Assistant"}: ${parts.join("\n")}`;
    })
    .join("\n\n");
}

/** What a session's summary is made from. */
export interface EndedSession {
  memoryId: string;
  sessionId: string;
  /** When the session started, ISO 8601. */
  startedAt: string;
  messages: readonly Message[];
  /** The run ID of the summary request's origin. */
  runId: string;
  signal?: AbortSignal | undefined;
}

/**
 * Has the model summarize the session and keeps the summary under its memory ID. Nothing
 * happens for a session without messages. Rejects with the model request's error (nothing
 * is kept then).
 */
export async function summarizeSession(summarizer: Summarizer, session: EndedSession): Promise<void> {
  if (session.messages.length === 0) return;
  const { client, memory, name } = summarizer;
  const origin: CallOrigin = { kind: "agent", runId: session.runId };
  if (name !== undefined) origin.name = name;
  const result = await client.invoke({
    modelId: memory.modelId,
    system: summaryInstruction,
    messages: [{ role: "user", content: `<conversation>\n${transcript(session.messages)}\n</conversation>` }],
    maxTokens: memory.maxSummaryTokens,
    origin,
    ...(session.signal ? { signal: session.signal } : {}),
  });
  const now = Date.now();
  await addSummary(memory.store, {
    memoryId: session.memoryId,
    sessionId: session.sessionId,
    sessionStartTime: session.startedAt,
    sessionExpiryTime: new Date(now + memory.storageDays * dayMs).toISOString(),
    summaryText: result.text.trim(),
  });
}
