/**
 * What `createAgent` and an agent's methods take, and the checks that refuse bad input
 * with a `ValidationError` naming the field, before any model request.
 * @module
 */
import { knowledgeBaseTools, type AgentKnowledgeBase } from "./knowledge-base-tool.js";
import { getModel, listModels, type BedrockKitClient, type GuardrailOptions, type ModelId, type ReasoningOptions, type ToolDefinition } from "../index.js";
import { checkGuardrails, type AgentGuardrails } from "./guardrails.js";
import { checkMemory, type AgentMemoryOptions } from "./memory.js";
import { isJsonObject } from "./json-object.js";
import type { AgentSettings } from "./loop.js";
import type { AgentToolResult, PendingToolCall } from "./run.js";
import { memorySessionStore, type SessionStore } from "./session-store.js";
import { checkObjectSchema, type AgentTool } from "./tool.js";
import { fail, toolNamePattern } from "./invalid.js";

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** The bedrock-kit client every step goes through (its policy, budget, retries, ledger, events and audit apply). */
  client: BedrockKitClient;
  /**
   * Knowledge bases the model may search, each offered as a search tool; each search is
   * recorded on its step (`knowledgeBaseQueries`) with the sources it returned.
   */
  knowledgeBases?: AgentKnowledgeBase[] | undefined;
  /** A model with native tool calling (Claude 3+, Nova, Mistral Large, Llama 3.1+, gpt-oss, Qwen3, Kimi K2 …). */
  modelId: ModelId;
  /** The agent's instructions, sent as the system text of every step. */
  instruction?: string | undefined;
  /** What the model may call: {@link functionTool}s, and plain `{ name, description, inputSchema }` tools that return control. */
  tools?: AgentTool[] | undefined;
  /** The most model requests one invocation makes (a resumed run counts on); default 10. */
  maxSteps?: number | undefined;
  /** The most tool calls one invocation runs; calls past it are answered with an error result. Default: no limit. */
  maxToolCalls?: number | undefined;
  /** Dollars one invocation may spend: each step is sent with what is left as its `maxUsd`, so a step whose worst case (`fm.estimate`) does not fit is refused before its request and the run ends with `budget-exceeded`. */
  maxUsd?: number | undefined;
  /** The most milliseconds a tool's `execute` may take, unless the tool sets its own; default 30000. */
  toolTimeoutMs?: number | undefined;
  /** The output allowance of each step (also what `maxUsd` holds per step); default the model's. */
  maxTokens?: number | undefined;
  /** Sampling temperature of each step. */
  temperature?: number | undefined;
  /** Reasoning ("thinking") for each step, where the model has it; its parts are carried across steps. */
  reasoning?: ReasoningOptions | undefined;
  /** Where sessions and runs awaiting tool results are kept; default {@link memorySessionStore}. */
  sessionStore?: SessionStore | undefined;
  /**
   * The agent's name (1–100 characters, no line breaks): the `name` of the `origin` its model
   * requests carry, so the client's events, audit lines and spans name the agent.
   */
  name?: string | undefined;
  /** Local guardrail functions on the user's input and on each step's answer (tripwires); see {@link AgentGuardrails}. */
  guardrails?: AgentGuardrails | undefined;
  /**
   * A Bedrock guardrail applied to every step's model request (as `fm.invoke({ guardrail })`);
   * when it intervenes, the run ends with `guardrail-intervened` and `run.text` is the
   * guardrail's blocked message.
   */
  guardrail?: GuardrailOptions | undefined;
  /**
   * Memory across sessions, as Bedrock Agents' SESSION_SUMMARY: a session run with a
   * `memoryId` is summarized by a model when it ends, and later sessions with that memory ID
   * get the recent summaries in their system text.
   */
  memory?: AgentMemoryOptions | undefined;
}

/** What `agent.invoke` and `agent.stream` take. */
export interface AgentInvokeRequest {
  /** The user's message. */
  input: string;
  /** Keeps the conversation across invokes in the session store (letters, digits, `.`, `_`, `:` and `-`, up to 100). */
  sessionId?: string | undefined;
  /** Attributes kept for the session and passed to tools (`context.sessionAttributes`); given, they replace the session's. */
  sessionAttributes?: Record<string, string> | undefined;
  /** Attributes of this turn only: added to the system text and passed to tools. */
  promptSessionAttributes?: Record<string, string> | undefined;
  /** Forget the session once this run ends (Bedrock's `endSession`); with a memory, its summary is kept first. */
  endSession?: boolean | undefined;
  /**
   * The memory of this user (Bedrock's `memoryId`; 2–100 letters, digits, `.`, `_`, `:` or
   * `-`), for an agent with `memory`: its recent summaries are added to the system text,
   * and the session's summary is added to it when the session ends. A session keeps its
   * memory ID, so later turns may leave it out.
   */
  memoryId?: string | undefined;
  /** Aborts the run: the model request in flight and the tools (through `context.signal`). */
  signal?: AbortSignal | undefined;
}

/** What `agent.resume` takes. */
export interface AgentResumeRequest {
  /** The `invocationId` of the run that awaits tool results. */
  invocationId: string;
  /** One result per pending call, by `toolCallId` (any order). */
  results: AgentToolResult[];
  /** Aborts the resumed run. */
  signal?: AbortSignal | undefined;
}

const sessionIdPattern = /^[0-9a-zA-Z._:-]{1,100}$/;

function checkCount(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(Number.isInteger(value) || (value === Infinity && fallback === Infinity)) || value <= 0) fail(field, "expected a whole number of 1 or more");
  return value;
}

/** Families whose models call tools natively, from the catalog (for the refusal's message). */
function familiesWithTools(): string {
  return [...new Set(listModels().filter((model) => model.capabilities.tools).map((model) => model.family))].join(", ");
}

function checkModel(modelId: unknown): void {
  if (typeof modelId !== "string" || modelId.trim() === "") fail("modelId", "a Bedrock model ID, inference-profile ID or ARN is required");
  let tools: boolean;
  try {
    tools = getModel(modelId).capabilities.tools;
  } catch {
    return; // not in the catalog (an ARN, a newer model): the first step's request decides
  }
  if (!tools) fail("modelId", `${modelId} has no native tool calling, which an agent needs; families that have it: ${familiesWithTools()}`);
}

function checkTools(tools: unknown): { byName: Map<string, AgentTool>; definitions: ToolDefinition[] } {
  if (tools === undefined) return { byName: new Map(), definitions: [] };
  if (!Array.isArray(tools)) fail("tools", "expected an array of tools");
  const byName = new Map<string, AgentTool>();
  const definitions: ToolDefinition[] = [];
  tools.forEach((tool: unknown, index) => {
    const where = `tools[${index}]`;
    if (!isJsonObject(tool)) fail(where, "expected a tool: functionTool(…) or { name, description, inputSchema }");
    const candidate = tool as unknown as AgentTool;
    if (typeof candidate.name !== "string" || !toolNamePattern.test(candidate.name)) fail(`${where}.name`, "Bedrock takes 1–64 letters, digits, _ or -");
    if (byName.has(candidate.name)) fail(`${where}.name`, `${candidate.name} is defined twice`);
    if (candidate.description !== undefined && typeof candidate.description !== "string") fail(`${where}.description`, "expected a string");
    if (candidate.execute !== undefined && typeof candidate.execute !== "function") fail(`${where}.execute`, "expected a function");
    if (candidate.timeoutMs !== undefined && (typeof candidate.timeoutMs !== "number" || !(candidate.timeoutMs > 0))) fail(`${where}.timeoutMs`, "expected milliseconds above 0");
    checkObjectSchema(candidate.inputSchema, `${where}.inputSchema`);
    byName.set(candidate.name, candidate);
    const definition: ToolDefinition = { name: candidate.name, inputSchema: candidate.inputSchema };
    if (candidate.description !== undefined) definition.description = candidate.description;
    definitions.push(definition);
  });
  return { byName, definitions };
}

/** A light check of the Bedrock guardrail (the client checks it fully on the first step). */
function checkBedrockGuardrail(guardrail: unknown): GuardrailOptions | undefined {
  if (guardrail === undefined) return undefined;
  if (!isJsonObject(guardrail)) fail("guardrail", "expected { identifier, version, trace? }");
  const { identifier, version, trace } = guardrail;
  if (typeof identifier !== "string" || identifier.trim() === "") fail("guardrail.identifier", "expected the guardrail's ID or ARN");
  if (typeof version !== "string" || version.trim() === "") fail("guardrail.version", 'expected "DRAFT" or a version number such as "1"');
  if (trace !== undefined && trace !== "enabled" && trace !== "enabled_full" && trace !== "disabled") fail("guardrail.trace", 'expected "enabled", "enabled_full" or "disabled"');
  return { identifier, version, ...(trace === undefined ? {} : { trace }) };
}

/** Checks the agent's options and returns its settings. */
export function checkAgentOptions(options: AgentOptions): AgentSettings {
  if (!isJsonObject(options)) fail("options", "expected { client, modelId, instruction, tools, … }");
  const client = options.client as Partial<BedrockKitClient> | undefined;
  if (typeof client?.invoke !== "function" || typeof client.stream !== "function") fail("client", "expected a bedrock-kit client (createClient())");
  checkModel(options.modelId);
  if (options.instruction !== undefined && typeof options.instruction !== "string") fail("instruction", "expected a string");
  const knowledge = knowledgeBaseTools(options.knowledgeBases);
  const { byName, definitions } = checkTools(knowledge.tools.length === 0 ? options.tools : [...(Array.isArray(options.tools) ? options.tools : []), ...knowledge.tools]);
  if (options.maxUsd !== undefined && (typeof options.maxUsd !== "number" || !Number.isFinite(options.maxUsd) || !(options.maxUsd > 0))) fail("maxUsd", "expected a finite number of dollars above 0");
  if (options.temperature !== undefined && (typeof options.temperature !== "number" || !Number.isFinite(options.temperature))) fail("temperature", "expected a finite number");
  if (options.sessionStore !== undefined && (typeof options.sessionStore?.get !== "function" || typeof options.sessionStore.set !== "function" || typeof options.sessionStore.delete !== "function")) {
    fail("sessionStore", "expected a store with get, set and delete");
  }
  if (options.name !== undefined && (typeof options.name !== "string" || !/^[^\p{Cc}]{1,100}$/u.test(options.name))) fail("name", "expected 1–100 characters without line breaks");
  const store = options.sessionStore ?? memorySessionStore();
  return {
    client: options.client,
    modelId: options.modelId,
    instruction: options.instruction,
    tools: byName,
    definitions,
    maxSteps: checkCount(options.maxSteps, "maxSteps", 10),
    maxToolCalls: checkCount(options.maxToolCalls, "maxToolCalls", Infinity),
    maxUsd: options.maxUsd,
    toolTimeoutMs: checkCount(options.toolTimeoutMs, "toolTimeoutMs", 30_000),
    maxTokens: options.maxTokens === undefined ? undefined : checkCount(options.maxTokens, "maxTokens", 1),
    temperature: options.temperature,
    reasoning: options.reasoning,
    store,
    name: options.name,
    guardrails: checkGuardrails(options.guardrails),
    guardrail: checkBedrockGuardrail(options.guardrail),
    memory: checkMemory(options.memory, options.modelId, store),
    takeKnowledgeBaseQueries: knowledge.takeQueries,
  };
}

function checkAttributes(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) fail(field, "expected an object of string values");
  for (const [name, item] of Object.entries(value)) if (typeof item !== "string") fail(`${field}.${name}`, "expected a string");
  return { ...(value as Record<string, string>) };
}

function checkSignal(signal: unknown): void {
  if (signal === undefined) return;
  const candidate = signal as Partial<AbortSignal> | null;
  if (typeof candidate?.aborted !== "boolean" || typeof candidate.addEventListener !== "function") fail("signal", "expected an AbortSignal");
}

/** The checked request of `invoke` and `stream`. */
export interface CheckedInvokeRequest {
  input: string;
  /** As given: checked against the agent's memory by the caller. */
  memoryId: unknown;
  sessionId: string | undefined;
  sessionAttributes: Record<string, string> | undefined;
  promptSessionAttributes: Record<string, string>;
}

/** Checks `invoke` and `stream` requests. */
export function checkInvokeRequest(request: AgentInvokeRequest): CheckedInvokeRequest {
  if (!isJsonObject(request)) fail("request", "expected { input, sessionId?, sessionAttributes?, … }");
  if (typeof request.input !== "string" || request.input.trim() === "") fail("input", "expected the user's message as a non-empty string");
  if (request.sessionId !== undefined && (typeof request.sessionId !== "string" || !sessionIdPattern.test(request.sessionId))) {
    fail("sessionId", "expected 1–100 letters, digits, ., _, : or -");
  }
  if (request.endSession !== undefined && typeof request.endSession !== "boolean") fail("endSession", "expected a boolean");
  checkSignal(request.signal);
  return {
    input: request.input,
    memoryId: request.memoryId,
    sessionId: request.sessionId,
    sessionAttributes: checkAttributes(request.sessionAttributes, "sessionAttributes"),
    promptSessionAttributes: checkAttributes(request.promptSessionAttributes, "promptSessionAttributes") ?? {},
  };
}

/** Checks that `resume` got a request object; its fields are checked against the stored run. */
export function checkResumeRequest(request: AgentResumeRequest): void {
  if (!isJsonObject(request)) fail("request", "expected { invocationId, results }");
  checkSignal(request.signal);
}

/** Checks the caller's results against the pending calls: exactly one result for each, nothing else. */
export function checkResumeResults(results: unknown, pending: readonly PendingToolCall[]): AgentToolResult[] {
  if (!Array.isArray(results)) fail("results", "expected an array of { toolCallId, content, isError? }");
  const pendingIds = new Set(pending.map((call) => call.toolCallId));
  const answered = new Set<string>();
  const checked = results.map((result: unknown, index): AgentToolResult => {
    const where = `results[${index}]`;
    if (!isJsonObject(result)) fail(where, "expected { toolCallId, content, isError? }");
    const { toolCallId, content, isError } = result;
    if (typeof toolCallId !== "string" || !pendingIds.has(toolCallId)) fail(`${where}.toolCallId`, `not a pending tool call of this run (pending: ${[...pendingIds].join(", ")})`);
    if (answered.has(toolCallId)) fail(`${where}.toolCallId`, `${toolCallId} is answered twice`);
    answered.add(toolCallId);
    if (typeof content !== "string") fail(`${where}.content`, "expected a string (JSON.stringify other values)");
    if (isError !== undefined && typeof isError !== "boolean") fail(`${where}.isError`, "expected a boolean");
    return isError ? { toolCallId, content, isError } : { toolCallId, content };
  });
  const missing = [...pendingIds].filter((id) => !answered.has(id));
  if (missing.length > 0) fail("results", `no result for the pending tool call${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`);
  return checked;
}
