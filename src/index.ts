/**
 * bedrock-kit: every Amazon Bedrock foundation model behind one typed interface.
 * @module
 */
export { createClient } from "./client.js";
export type { BedrockKitClient, ClientOptions } from "./client.js";
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
export type { BedrockKitEvent, EventHandler } from "./events.js";
export type { RetryDelay } from "./retry.js";
export type {
  ContentPart,
  Cost,
  ImagePart,
  InvokeRequest,
  InvokeResult,
  Message,
  ModelId,
  Provider,
  StopReason,
  StreamEvent,
  TextPart,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
  Usage,
  Warning,
} from "./types.js";
