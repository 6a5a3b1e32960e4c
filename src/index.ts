/**
 * bedrock-kit: every Amazon Bedrock foundation model behind one typed interface.
 * @module
 */
export { createClient } from "./client.js";
export type { BedrockKitClient, BudgetOptions, CallLimits, ClientOptions, TelemetryOptions } from "./client.js";
export type { CallEstimate } from "./operations/estimate.js";
export type { ApplyGuardrailRequest, ApplyGuardrailResult, GuardrailTextBlock } from "./operations/apply-guardrail.js";
export type { EmbedRequest, EmbedResult, EmbedUsage } from "./operations/embed.js";
export type { ImageRequest, ImageResult } from "./operations/generate-image.js";
export type { RankedDocument, RerankRequest, RerankResult, RerankUsage } from "./operations/rerank.js";
export type { MapOptions, MapOutcome, MapProgress } from "./operations/map.js";
export type { RateLimitOptions, RateLimits } from "./pipeline/rate-limit.js";
export type { BatchApi, BatchSubmitRequest } from "./jobs/batch.js";
export type { BatchJob, BatchJobDetails, BatchJobStatus, BatchProgress, BatchWaitOptions } from "./jobs/batch-job.js";
export type { BatchOutcome } from "./jobs/batch-results.js";
export type { BatchRequest } from "./jobs/batch-records.js";
export type { BatchQuotas } from "./jobs/batch-limits.js";
export type {
  CustomizationApi,
  CustomizationJob,
  CustomizationProgress,
  CustomizationResult,
  CustomizationStatus,
  CustomizationSubmitRequest,
  CustomizationWaitOptions,
} from "./jobs/customization.js";
export { validateTrainingData } from "./jobs/training-data.js";
export type { TrainingDataError, TrainingDataOptions, TrainingDataReport } from "./jobs/training-data.js";
export { BedrockStream } from "./stream.js";
export { getModel, listModels, registerModel } from "./catalog.js";
export type { ModelDefinition, ModelFilter } from "./catalog.js";
export { estimateCost } from "./estimate-cost.js";
export { auditLog } from "./audit/audit-log.js";
export type { AuditEntry, AuditLog, AuditLogOptions } from "./audit/audit-log.js";
export { verifyAuditLog } from "./audit/verify.js";
export type { AuditVerification, VerifyAuditLogOptions } from "./audit/verify.js";
export { countTokens } from "./tokens/count.js";
export type { Calibration, CountableRequest, TokenCount } from "./tokens/count.js";
export type { EstimatorName, ExactTokenizerId, TokenizerChoice } from "./tokens/tokenizer.js";
export type { BudgetState } from "./pricing/budget.js";
export type { CostQuery } from "./estimate-cost.js";
export type { PriceOverrides } from "./pricing/cost.js";
export type { CostReport, CostTotals } from "./pricing/ledger.js";
export type { ImagePrices, ModelPricing, QueryPrices, TokenPrices } from "./pricing/table.js";
export type { Deprecation, ModelCapabilities, ModelFamily, ModelInfo } from "./models/model-info.js";
export {
  AbortError,
  AccessDeniedError,
  BedrockKitError,
  BudgetExceededError,
  ContentFilteredError,
  EmbeddingError,
  ModelNotAllowedError,
  ModelTimeoutError,
  ServiceError,
  StreamError,
  ThrottlingError,
  UnknownModelError,
  ValidationError,
} from "./errors.js";
export type { BedrockKitErrorCode, BedrockKitErrorOptions, Operation } from "./errors.js";
export type { BedrockKitEvent, EventError, EventHandler, Logger } from "./events.js";
export type { RetryDelay } from "./pipeline/retry.js";
export type {
  StandardFailure,
  StandardIssue,
  StandardJsonSchemaConverter,
  StandardJsonSchemaOptions,
  StandardOutput,
  StandardPathSegment,
  StandardResult,
  StandardSchema,
  StandardSchemaProperties,
  StandardSuccess,
  StandardTypes,
} from "./schema/standard-schema.js";
export { parseToolInput, toolJsonSchema } from "./schema/tool-input.js";
export type { AcceptedToolInput, RejectedToolInput, ToolInputCheck } from "./schema/tool-input.js";
export type { ModelPatterns, PolicyOperation } from "./pipeline/policy.js";
export type {
  CachePointPart,
  CallOrigin,
  ContentPart,
  Cost,
  FinishEvent,
  GuardrailOptions,
  GuardrailOutcome,
  ImagePart,
  InvokeRequest,
  InvokeResult,
  Message,
  EmbeddingModelId,
  ImageModelId,
  ModelId,
  NamedToolChoice,
  Provider,
  ReasoningDeltaEvent,
  ResponseFormat,
  ReasoningOptions,
  ReasoningPart,
  RerankModelId,
  StopReason,
  StreamEvent,
  SystemPart,
  TextDeltaEvent,
  TextPart,
  CheckedToolCall,
  CheckedToolCallOf,
  InvalidToolCall,
  ToolCall,
  ToolCallEvent,
  ToolCallOf,
  ToolInputOf,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
  Usage,
  Warning,
} from "./types.js";
