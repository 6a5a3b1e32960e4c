/**
 * `bedrock-kit/testing`: the offline Bedrock, for tests, examples and demos.
 * @module
 */
export { startLocalBedrock } from "./server.js";
export type { LocalBedrock, LocalBedrockOptions, LocalClientOptions, LocalCredentials, LocalModel, ReceivedRequest } from "./server.js";
export type { ScriptedNativeAnswer, ScriptedReply, ScriptedStopReason, ScriptedToolCall, ScriptedUsage, ScriptStep } from "./script.js";
export type {
  ChunkDelayFault,
  CorruptCrcFault,
  DelayFault,
  EndEarlyFault,
  ExceptionFrameFault,
  Fault,
  FaultScope,
  HttpErrorFault,
  ReplaceBodyFault,
  TruncateFault,
} from "./faults.js";
export type { StreamExceptionType } from "./event-stream.js";
export type { LocalGuardrail } from "./guardrails.js";
export type { LocalBatchControl, LocalCustomizationControl, LocalS3Options } from "./jobs.js";
export type { LocalKmsControl, LocalKmsKey, LocalKmsKeyOptions, LocalKmsRequest } from "./kms.js";
export type {
  LocalKnowledgeBaseControl,
  LocalKnowledgeBaseDocument,
  LocalKnowledgeBaseOptions,
  LocalKnowledgeBaseRequest,
  LocalMetadataValue,
} from "./knowledge-bases.js";
