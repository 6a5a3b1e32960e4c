/** The audit line of a finished call: what happened, never what was said. */
import type { AuditEntry } from "../audit/audit-log.js";
import { BudgetExceededError, ModelNotAllowedError, type BedrockKitError } from "../errors.js";
import type { Usage } from "../types.js";
import type { CallScope } from "./scope.js";

/** What the call produced that the line records. */
export interface AuditFacts {
  usage?: Pick<Usage, "inputTokens" | "outputTokens" | "cacheReadInputTokens" | "cacheWriteInputTokens"> | undefined;
  costUsd?: number | undefined;
  requestId?: string | undefined;
  error?: BedrockKitError | undefined;
}

/** The audit log's name of an operation (api.md: `image` for generateImage). */
function auditOperation(operation: CallScope["operation"]): string {
  return operation === "generateImage" ? "image" : operation;
}

/** The audit entry of a call that ended with `facts`. */
export function auditEntry(scope: CallScope, facts: AuditFacts): AuditEntry {
  const { usage, error } = facts;
  const denied = error !== undefined && (error.code === "PolicyLimit" || ModelNotAllowedError.isInstance(error) || BudgetExceededError.isInstance(error));
  const entry: AuditEntry = {
    time: new Date().toISOString(),
    operation: auditOperation(scope.operation),
    modelId: scope.modelId,
    requestId: facts.requestId ?? error?.requestId ?? null,
    callId: scope.callId,
    inputTokens: usage ? usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0) : 0,
    outputTokens: usage?.outputTokens ?? 0,
    costUsd: facts.costUsd ?? null,
    outcome: error === undefined ? "success" : denied ? "denied" : "error",
    retries: scope.retries,
    errorCode: error?.code ?? null,
  };
  if (scope.origin) entry.origin = scope.origin;
  return entry;
}
