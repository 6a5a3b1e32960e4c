/** `fm.checkPolicy`: the client's model policy, asked before work bedrock-kit does not send itself. */
import { ValidationError } from "../errors.js";
import { sharedRegistrations } from "../models/describe.js";
import { parseModelId } from "../models/model-id.js";
import type { ClientContext } from "../pipeline/context.js";
import { policyOperations, type PolicyOperation } from "../pipeline/policy.js";

/**
 * Judges a model ID (a foundation-model ID, a profile ID or an ARN, judged by its model too;
 * a registered ARN by the model it was registered with) by the client's `allowModels` and
 * `denyModels` for an operation, as a call does before its request: throws
 * `ModelNotAllowedError` naming the rule, or returns. Unlike a call, it accepts IDs the
 * catalog does not know: the policy judges names, and Bedrock judges the rest.
 */
export function checkPolicy(context: ClientContext, operation: PolicyOperation, modelId: string): void {
  if (!policyOperations.includes(operation)) {
    throw new ValidationError(`Invalid operation: expected one of ${policyOperations.join(", ")}`, { field: "operation" });
  }
  if (typeof modelId !== "string" || modelId === "") throw new ValidationError("Invalid modelId: expected a model ID, profile ID or ARN", { field: "modelId" });
  const baseModelId = parseModelId(modelId).baseModelId ?? sharedRegistrations.models.get(modelId)?.baseModelId;
  context.policy.enforce(operation, modelId, baseModelId);
}
