/**
 * The agent loop: one model request per step (through the client, so policy, budget,
 * retries, ledger, events and audit apply), the step's tool calls answered, and the
 * results sent back in the next step, until the model answers in text or a limit stops it.
 * The loop owns the transcript: the assistant's parts go back verbatim (reasoning with
 * its signature included), and each call gets exactly one result, in the model's order.
 * @module
 */
import type { KnowledgeBaseQuery } from "./knowledge-base-tool.js";
import {
  BudgetExceededError,
  type BedrockKitClient,
  type CallOrigin,
  type ContentPart,
  type GuardrailOptions,
  type InvokeRequest,
  type InvokeResult,
  type Message,
  type ReasoningOptions,
  type ToolDefinition,
  type ToolResultPart,
} from "../index.js";
import type { AgentEvent } from "./events.js";
import { asKitError, finish } from "./finish.js";
import { runGuardrails, type GuardrailSettings } from "./guardrails.js";
import type { MemorySettings } from "./memory.js";
import type { AgentRun, AgentStep, AgentToolResult } from "./run.js";
import type { SessionStore } from "./session-store.js";
import type { InvocationState } from "./state.js";
import type { AgentTool } from "./tool.js";
import { answerToolCalls } from "./tool-calls.js";
import { toolNamePattern } from "./invalid.js";

/** An agent's settings, checked. */
export interface AgentSettings {
  client: BedrockKitClient;
  modelId: string;
  instruction: string | undefined;
  tools: ReadonlyMap<string, AgentTool>;
  definitions: ToolDefinition[];
  maxSteps: number;
  maxToolCalls: number;
  maxUsd: number | undefined;
  toolTimeoutMs: number;
  maxTokens: number | undefined;
  temperature: number | undefined;
  reasoning: ReasoningOptions | undefined;
  store: SessionStore;
  /** The agent's name, for the origin of its calls. */
  name: string | undefined;
  /** Local input and output guardrails. */
  guardrails: GuardrailSettings;
  /** The Bedrock guardrail every step's request names. */
  guardrail: GuardrailOptions | undefined;
  /** Memory across sessions, when the agent has it. */
  memory: MemorySettings | undefined;
  /** Takes the knowledge-base searches these tool calls made (for the step's record). */
  takeKnowledgeBaseQueries(toolCallIds: readonly string[]): KnowledgeBaseQuery[];
}

/** How a run reports: `streaming` sends each step with `fm.stream` and passes its deltas on. */
export interface RunMode {
  streaming: boolean;
  emit: (event: AgentEvent) => void;
  signal: AbortSignal | undefined;
}

/** A tool name Bedrock would reject in the echoed call (a model's invented name): made acceptable, so the transcript stays sendable. */
function sendableName(name: string): string {
  return toolNamePattern.test(name) ? name : name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "unknown_tool";
}

/** Adds user content, merged into the last message when that is the user's (tool results, then text). */
export function appendUserContent(messages: Message[], parts: ContentPart[]): void {
  const last = messages.at(-1);
  if (last?.role !== "user") {
    messages.push({ role: "user", content: parts });
    return;
  }
  const earlier: ContentPart[] = typeof last.content === "string" ? [{ type: "text", text: last.content }] : last.content;
  messages[messages.length - 1] = { role: "user", content: [...earlier, ...parts] };
}

/** The results of a step in the order of its calls, as parts of the next user message. */
export function resultParts(results: readonly AgentToolResult[]): ToolResultPart[] {
  return results.map((result) => ({ type: "tool-result", toolCallId: result.toolCallId, content: result.content, ...(result.isError ? { isError: true } : {}) }));
}

/** The step's results in the order of its distinct call IDs. */
export function inCallOrder(step: AgentStep, results: ReadonlyMap<string, AgentToolResult>): AgentToolResult[] {
  const seen = new Set<string>();
  return step.toolCalls.filter((call) => !seen.has(call.id) && seen.add(call.id)).flatMap((call) => results.get(call.id) ?? []);
}

/** The instruction, then the memory's summaries, then this turn's prompt session attributes. */
function systemText(settings: AgentSettings, state: InvocationState): string | undefined {
  const attributes = Object.entries(state.promptSessionAttributes);
  if (attributes.length === 0 && state.memoryText === undefined) return settings.instruction;
  const sections = [settings.instruction ?? "", state.memoryText ?? ""];
  if (attributes.length > 0) sections.push(`<promptSessionAttributes>\n${attributes.map(([name, value]) => `${name}: ${value}`).join("\n")}\n</promptSessionAttributes>`);
  return sections.filter((section) => section !== "").join("\n\n");
}

function stepRequest(settings: AgentSettings, state: InvocationState, index: number, signal: AbortSignal | undefined): InvokeRequest {
  const origin: CallOrigin = { kind: "agent", runId: state.invocationId, step: index };
  if (settings.name !== undefined) origin.name = settings.name;
  const request: InvokeRequest = { modelId: settings.modelId, messages: state.messages, tools: settings.definitions, origin };
  if (settings.guardrail !== undefined) request.guardrail = settings.guardrail;
  const system = systemText(settings, state);
  if (system !== undefined) request.system = system;
  if (settings.maxTokens !== undefined) request.maxTokens = settings.maxTokens;
  if (settings.temperature !== undefined) request.temperature = settings.temperature;
  if (settings.reasoning !== undefined) request.reasoning = settings.reasoning;
  if (signal !== undefined) request.signal = signal;
  return request;
}

async function sendStep(settings: AgentSettings, request: InvokeRequest, index: number, mode: RunMode): Promise<InvokeResult> {
  if (!mode.streaming) return settings.client.invoke(request);
  const stream = settings.client.stream(request);
  for await (const event of stream) {
    if (event.type === "text") mode.emit({ type: "text", stepIndex: index, text: event.text });
    else if (event.type === "tool-call") mode.emit({ type: "tool-call", stepIndex: index, toolCall: event.toolCall });
  }
  return stream.result;
}

/**
 * The guardrails' say on a finished step: the run ends (with the step recorded) when the
 * agent's Bedrock guardrail intervened in it, or a local output guardrail trips on its
 * text, or fails; undefined lets the run go on.
 */
async function checkStep(settings: AgentSettings, state: InvocationState, step: AgentStep, result: InvokeResult, mode: RunMode): Promise<AgentRun | undefined> {
  if (result.stopReason === "guardrail_intervened") {
    state.guardrail = { source: "bedrock", name: settings.guardrail?.identifier ?? "", stepIndex: step.index, info: result.guardrail?.trace };
  } else if (result.text !== "" && settings.guardrails.output.length > 0) {
    const context = { kind: "output" as const, stepIndex: step.index, sessionId: state.sessionId, sessionAttributes: state.sessionAttributes, signal: mode.signal };
    try {
      state.guardrail = await runGuardrails(settings.guardrails.output, result.text, context);
    } catch (error) {
      mode.emit({ type: "step-finish", step });
      return finish(settings, state, mode, "failed", asKitError(error));
    }
  }
  if (state.guardrail === undefined) return undefined;
  mode.emit({ type: "step-finish", step });
  return finish(settings, state, mode, "guardrail-intervened");
}

/**
 * Starts an invocation on the user's input: the local input guardrails first (a trip or a
 * failure ends the run before any request), then the steps.
 */
export async function runInvocation(settings: AgentSettings, state: InvocationState, input: string, mode: RunMode): Promise<AgentRun> {
  const context = { kind: "input" as const, stepIndex: undefined, sessionId: state.sessionId, sessionAttributes: state.sessionAttributes, signal: mode.signal };
  try {
    state.guardrail = await runGuardrails(settings.guardrails.input, input, context);
  } catch (error) {
    return finish(settings, state, mode, "failed", asKitError(error));
  }
  if (state.guardrail) return finish(settings, state, mode, "guardrail-intervened");
  return runSteps(settings, state, mode);
}

/** Runs steps from the state until the model answers in text, a limit stops it, or it waits for the caller. */
export async function runSteps(settings: AgentSettings, state: InvocationState, mode: RunMode): Promise<AgentRun> {
  for (;;) {
    const index = state.steps.length;
    if (index >= settings.maxSteps) return finish(settings, state, mode, "max-steps");
    const request = stepRequest(settings, state, index, mode.signal);
    let result: InvokeResult;
    try {
      if (settings.maxUsd !== undefined) {
        // What is left of maxUsd caps the step: the client refuses it before its request when its worst case does not fit.
        const leftUsd = settings.maxUsd - state.spentUsd;
        if (!(leftUsd > 0)) return finish(settings, state, mode, "budget-exceeded");
        request.maxUsd = leftUsd;
      }
      mode.emit({ type: "step-start", stepIndex: index });
      result = await sendStep(settings, request, index, mode);
    } catch (error) {
      // maxUsd or the client's own budget refused the step before its request.
      const status = BudgetExceededError.isInstance(error) ? "budget-exceeded" : "failed";
      return finish(settings, state, mode, status, asKitError(error));
    }
    const step: AgentStep = {
      index,
      modelInvocation: { modelId: result.modelId, stopReason: result.stopReason, rawStopReason: result.rawStopReason, requestId: result.requestId, latencyMs: result.latencyMs, warnings: result.warnings },
      text: result.text,
      toolCalls: result.toolCalls,
      toolResults: [],
      knowledgeBaseQueries: [],
      usage: result.usage,
      cost: result.cost,
    };
    state.steps.push(step);
    state.spentUsd += result.cost?.totalUsd ?? 0;
    const content = result.content.map((part) => (part.type === "tool-call" ? { ...part, name: sendableName(part.name) } : part));
    if (content.length > 0) state.messages.push({ role: "assistant", content });
    const stopped = await checkStep(settings, state, step, result, mode);
    if (stopped) return stopped;
    if (result.toolCalls.length === 0) {
      mode.emit({ type: "step-finish", step });
      return finish(settings, state, mode, "completed");
    }
    if (!mode.streaming) for (const toolCall of result.toolCalls) mode.emit({ type: "tool-call", stepIndex: index, toolCall });
    const outcome = await answerToolCalls(result.toolCalls, {
      tools: settings.tools,
      toolTimeoutMs: settings.toolTimeoutMs,
      callsLeft: settings.maxToolCalls - state.toolCallCount,
      context: { sessionId: state.sessionId, sessionAttributes: state.sessionAttributes, promptSessionAttributes: state.promptSessionAttributes },
      signal: mode.signal,
      onResult: (toolResult) => mode.emit({ type: "tool-result", stepIndex: index, toolResult }),
    });
    state.toolCallCount += outcome.counted;
    step.knowledgeBaseQueries = settings.takeKnowledgeBaseQueries(result.toolCalls.map((call) => call.id));
    for (const query of step.knowledgeBaseQueries) mode.emit({ type: "knowledge-base", stepIndex: index, query });
    if (outcome.pending.length > 0) {
      state.pendingToolCalls = outcome.pending;
      state.executedResults = [...outcome.results.values()];
      mode.emit({ type: "step-finish", step });
      return finish(settings, state, mode, "awaiting-tool-results");
    }
    step.toolResults = inCallOrder(step, outcome.results);
    appendUserContent(state.messages, resultParts(step.toolResults));
    mode.emit({ type: "step-finish", step });
  }
}
