/**
 * What an agent run answers: its status, steps, usage and cost, and the calls it waits for.
 * @module
 */
import type { GuardrailIntervention } from "./guardrails.js";
import type { KnowledgeBaseQuery } from "./knowledge-base-tool.js";
import type { BedrockKitError, Cost, Message, StopReason, ToolCall, Usage, Warning } from "../index.js";

/**
 * How a run ended: `completed` (the model answered in text), `awaiting-tool-results` (it
 * called tools without `execute`: resume with their results), `max-steps` (it still called
 * tools after `maxSteps` steps), `budget-exceeded` (the next step's worst case did not fit
 * what is left of `maxUsd`, or the client's budget refused it — `error` holds the
 * `BudgetExceededError` — or the steps so far spent all of `maxUsd`; the step was not sent),
 * `guardrail-intervened` (a local guardrail tripped, or the agent's Bedrock guardrail
 * intervened in a step: see `guardrail`), `failed` (a model request or a guardrail check
 * failed: see `error`).
 */
export type AgentStatus = "completed" | "awaiting-tool-results" | "max-steps" | "budget-exceeded" | "guardrail-intervened" | "failed";

/** The answer to one tool call, as it went back to the model. */
export interface AgentToolResult {
  /** The `id` of the tool call it answers. */
  toolCallId: string;
  /** The tool's output as text (JSON for non-string results), or the error's description. */
  content: string;
  /** True when the tool failed, its input was invalid, it timed out or was not run. */
  isError?: boolean | undefined;
}

/** A tool call the run waits for: the caller runs it and passes the result to `resume`. */
export interface PendingToolCall {
  /** The model's call ID: give it as `toolCallId` with the result. */
  toolCallId: string;
  /** The tool's name. */
  name: string;
  /** The model's input, checked against the tool's schema. */
  input: unknown;
}

/** The model request of one step, without prompt or answer text. */
export interface ModelInvocation {
  /** The model ID that answered (a fallback's, if one answered). */
  modelId: string;
  /** Why the model stopped, the same values for every family. */
  stopReason: StopReason;
  /** The model's own stop reason. */
  rawStopReason: string | undefined;
  /** Bedrock's `x-amzn-requestid`. */
  requestId: string | undefined;
  /** Client-measured milliseconds of the request. */
  latencyMs: number;
  /** Options the model could not honour and lifecycle notes. */
  warnings: Warning[];
}

/** One step of a run: one model request, and the tools it called. */
export interface AgentStep {
  /** From 0, over the whole invocation (a resumed run continues the count). */
  index: number;
  /** The step's model request. */
  modelInvocation: ModelInvocation;
  /** The step's answer text ("" when it only called tools). */
  text: string;
  /** The tool calls of the step, in the order the model made them. */
  toolCalls: ToolCall[];
  /** One result per tool call, in the same order (empty while the run awaits the caller's results). */
  toolResults: AgentToolResult[];
  /** The knowledge-base searches the step's tool calls made, with the sources each returned. */
  knowledgeBaseQueries: KnowledgeBaseQuery[];
  /** Token counts of the request, as Bedrock reported them. */
  usage: Usage;
  /** Dollar cost of the request; undefined without a known price. */
  cost: Cost | undefined;
}

/** Token totals of a run. */
export interface RunUsage {
  /** Input tokens over every step. */
  inputTokens: number;
  /** Output tokens over every step. */
  outputTokens: number;
  /** `inputTokens + outputTokens`. */
  totalTokens: number;
}

/** What `agent.invoke` and `agent.resume` resolve to, and a stream's `result`. */
export interface AgentRun {
  /** How the run ended. */
  status: AgentStatus;
  /** The final answer text (the last step's text). */
  text: string;
  /** Every step of the invocation, one per model request, oldest first. */
  steps: AgentStep[];
  /** Token totals of the steps. */
  usage: RunUsage;
  /** Dollar totals of the steps; undefined when a step had no known price. */
  cost: Cost | undefined;
  /** The session, when the run had one. */
  sessionId: string | undefined;
  /** The session's attributes after the run. */
  sessionAttributes: Record<string, string>;
  /** With `awaiting-tool-results`: pass it to `agent.resume`. */
  invocationId: string | undefined;
  /** With `awaiting-tool-results`: the calls to tools without `execute`, in the model's order. */
  pendingToolCalls: PendingToolCall[];
  /** The conversation so far (the session's earlier turns included), reasoning parts as the model gave them. */
  messages: Message[];
  /**
   * With `failed`: the error that ended the run; with `budget-exceeded`, the
   * `BudgetExceededError` of the refused step (none when the steps so far had already spent
   * all of `maxUsd`). With another status: the error of the
   * session's memory summary, when it could not be written (the session is then kept whole).
   */
  error: BedrockKitError | undefined;
  /** With `guardrail-intervened`: which guardrail stopped the run, and where. */
  guardrail: GuardrailIntervention | undefined;
}
