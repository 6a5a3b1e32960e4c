/**
 * bedrock-kit: every Amazon Bedrock foundation model behind one typed interface.
 * @module
 */
export { createClient } from "./client.js";
export type { BedrockKitClient, BudgetOptions, ClientOptions } from "./client.js";
export { BedrockStream } from "./stream.js";
export {
  AbortError,
  AccessDeniedError,
  BedrockKitError,
  BudgetExceededError,
  ModelNotAllowedError,
  ModelTimeoutError,
  ServiceError,
  StreamError,
  ThrottlingError,
  UnknownModelError,
  ValidationError,
} from "./errors.js";
export type { BedrockKitErrorOptions, Operation } from "./errors.js";
export type { BedrockKitEvent, EventError, EventHandler } from "./events.js";
export type { RetryDelay } from "./retry.js";
export type {
  ContentPart,
  Cost,
  FinishEvent,
  ImagePart,
  InvokeRequest,
  InvokeResult,
  Message,
  ModelId,
  NamedToolChoice,
  Provider,
  StopReason,
  StreamEvent,
  TextDeltaEvent,
  TextPart,
  ToolCall,
  ToolCallEvent,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
  Usage,
  Warning,
} from "./types.js";
