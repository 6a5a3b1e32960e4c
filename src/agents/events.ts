/**
 * The events of `agent.stream`, in the order a run makes them.
 * @module
 */
import type { BedrockKitError, ToolCall } from "../index.js";
import type { GuardrailIntervention } from "./guardrails.js";
import type { KnowledgeBaseQuery } from "./knowledge-base-tool.js";
import type { AgentRun, AgentStep, AgentToolResult, PendingToolCall } from "./run.js";

/** A step is about to send its model request. */
export interface StepStartEvent {
  /** Discriminator. */
  type: "step-start";
  /** The step's index. */
  stepIndex: number;
}

/** A piece of the answer's text, as the model streams it. */
export interface AgentTextEvent {
  /** Discriminator. */
  type: "text";
  /** The step's index. */
  stepIndex: number;
  /** The new text (a delta). */
  text: string;
}

/** The model called a tool (its input complete). */
export interface AgentToolCallEvent {
  /** Discriminator. */
  type: "tool-call";
  /** The step's index. */
  stepIndex: number;
  /** The call. */
  toolCall: ToolCall;
}

/** A tool answered (or failed: `toolResult.isError`). */
export interface AgentToolResultEvent {
  /** Discriminator. */
  type: "tool-result";
  /** The step's index. */
  stepIndex: number;
  /** The result, as it goes back to the model. */
  toolResult: AgentToolResult;
}

/** The run stops for the caller's tool results: pass `invocationId` and the results to `agent.resume`. */
export interface ReturnControlEvent {
  /** Discriminator. */
  type: "return-control";
  /** The invocation to resume. */
  invocationId: string;
  /** The calls the caller runs, in the model's order. */
  pendingToolCalls: PendingToolCall[];
}

/** The model searched a knowledge base; `query` has its sources. */
export interface KnowledgeBaseEvent {
  /** Discriminator. */
  type: "knowledge-base";
  /** The step's index. */
  stepIndex: number;
  /** The search and what it returned. */
  query: KnowledgeBaseQuery;
}

/** A guardrail stopped the run (it ends with `guardrail-intervened`); the `finish` event follows. */
export interface GuardrailEvent {
  /** Discriminator. */
  type: "guardrail";
  /** Which guardrail, and where. */
  intervention: GuardrailIntervention;
}

/** A step ended: its tool results, usage and cost are in `step`. */
export interface StepFinishEvent {
  /** Discriminator. */
  type: "step-finish";
  /** The whole step. */
  step: AgentStep;
}

/** The run ended (any status but `failed`); the last event. */
export interface AgentFinishEvent {
  /** Discriminator. */
  type: "finish";
  /** The run, as the stream's `result` resolves. */
  run: AgentRun;
}

/** A model request failed and the run ended with `failed`; the last event. */
export interface AgentFailureEvent {
  /** Discriminator. */
  type: "failure";
  /** The error that ended the run. */
  error: BedrockKitError;
  /** The run so far, with `status: "failed"`. */
  run: AgentRun;
}

/** One event of `agent.stream`. */
export type AgentEvent =
  | StepStartEvent
  | AgentTextEvent
  | AgentToolCallEvent
  | AgentToolResultEvent
  | KnowledgeBaseEvent
  | ReturnControlEvent
  | GuardrailEvent
  | StepFinishEvent
  | AgentFinishEvent
  | AgentFailureEvent;
