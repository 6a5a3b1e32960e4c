/**
 * `bedrock-kit/agents`: a tool-calling agent loop over a bedrock-kit client, for every
 * model family with native tools: function tools with checked input, return of control
 * that resumes in another process, sessions and memory across them, guardrails, and
 * per-step usage, cost and limits.
 * @module
 */
export { createAgent } from "./agent.js";
export type { Agent } from "./agent.js";
export { AgentStream } from "./agent-stream.js";
export type { AgentInvokeRequest, AgentOptions, AgentResumeRequest } from "./options.js";
export type { AgentGuardrails, GuardrailContext, GuardrailFunction, GuardrailIntervention, GuardrailVerdict } from "./guardrails.js";
export type { AgentMemoryOptions, MemorySessionSummary } from "./memory.js";
export type { AgentRun, AgentStatus, AgentStep, AgentToolResult, ModelInvocation, PendingToolCall, RunUsage } from "./run.js";
export type {
  AgentEvent,
  AgentFailureEvent,
  AgentFinishEvent,
  AgentTextEvent,
  AgentToolCallEvent,
  AgentToolResultEvent,
  GuardrailEvent,
  KnowledgeBaseEvent,
  ReturnControlEvent,
  StepFinishEvent,
  StepStartEvent,
} from "./events.js";
export { askUserTool, functionTool } from "./tool.js";
export type { AgentTool, AskUserInput, AskUserToolOptions, JsonSchemaToolOptions, StandardSchemaToolOptions, ToolContext } from "./tool.js";
export type { AgentKnowledgeBase, KnowledgeBaseQuery, KnowledgeBaseReference, PassageContent, PassageLocation, RetrievedPassage, SearchableKnowledgeBase } from "./knowledge-base-tool.js";
export { openApiTools } from "./openapi-tools.js";
export type { OpenApiToolOptions } from "./openapi-tools.js";
export { parseOpenApiDocument } from "./openapi-document.js";
export type { OpenApiDocument, OpenApiServer } from "./openapi-document.js";
export { fileSessionStore, memorySessionStore } from "./session-store.js";
export type { SessionStore } from "./session-store.js";
