/**
 * `fm.countTokens`: Bedrock's CountTokens where the family's adapter says Bedrock counts
 * its bodies (exact, free), the local count otherwise and whenever Bedrock declines.
 */
import { describeModel } from "../models/registry.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallPlan, type CallTarget } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { countTokens as countLocally, type CountableRequest, type TokenCount } from "../tokens/count.js";
import type { InvokeRequest } from "../types.js";
import { checkModelId } from "../validate.js";
import { requestedModelId } from "./invoke.js";
import { prepareText, resolveText, type TextTarget } from "./text-request.js";

/** The local count, corrected by what Bedrock reported for this client's earlier calls when it is an estimate. */
async function calibratedCount(context: ClientContext, modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
  const count = await countLocally(modelId, textOrRequest);
  const calibration = count.exact ? undefined : context.accounting.calibrator.calibration(describeModel(modelId).model.id);
  if (!calibration) return count;
  return { ...count, tokens: Math.round(count.tokens * calibration.ratio), tokenizer: `${count.tokenizer}, calibrated ×${calibration.ratio} from ${calibration.observations} calls`, calibration };
}

const free = { worstCase: { inputPico: 0, outputPico: 0 }, noPriceReason: undefined };
const nothingSpent = { spent: undefined, event: undefined };

function planRemoteCount(context: ClientContext, scope: CallScope, modelId: string, request: CountableRequest, target: TextTarget): CallPlan<TokenCount> {
  const prepared = prepareText(context, { ...request, modelId }, target, "invoke");
  return {
    ...free,
    execute: async () => {
      try {
        const tokens = await withRetries(scope, { ...context.retries, maxRetries: 0 }, context.observers, () =>
          context.transport().countTokens(prepared.target.requested, prepared.body, scope.signal),
        );
        return { tokens, exact: true, tokenizer: "bedrock:CountTokens" };
      } catch (error) {
        // A call that was stopped (timeout, abort) is the caller's to see; Bedrock declining or failing falls back to the local count.
        const kitError = scope.classify(error);
        if (scope.signal.aborted) throw kitError;
        return calibratedCount(context, modelId, request);
      }
    },
    // Free, so nothing is recorded; a call that sent a request ends with its response event.
    finish: () => ({ spent: undefined, event: scope.requests > 0 ? {} : undefined }),
  };
}

/** `fm.countTokens(modelId, textOrRequest)`. */
export function countTokens(context: ClientContext, modelId: string, textOrRequest: string | CountableRequest): Promise<TokenCount> {
  const scope = new CallScope(requestedModelId({ modelId }), "countTokens", context.timeoutMs);
  const remote = typeof textOrRequest === "object" && textOrRequest !== null;
  return runCall(context, scope, remote ? { origin: (textOrRequest as CountableRequest).origin } : undefined, {
    resolve: (): CallTarget & { remote: TextTarget | undefined } => {
      if (remote) {
        const target = resolveText(context, { ...(textOrRequest as CountableRequest), modelId });
        return { ...target, remote: target.adapter.countsTokensRemotely ? target : undefined };
      }
      checkModelId({ modelId } as InvokeRequest);
      const described = describeModel(modelId);
      return { model: described.model, requested: described.parsed.requested, baseModelId: described.parsed.baseModelId, remote: undefined };
    },
    prepare: (target) => {
      if (target.remote) return planRemoteCount(context, scope, modelId, textOrRequest as CountableRequest, target.remote);
      return { ...free, execute: () => calibratedCount(context, modelId, textOrRequest), finish: () => nothingSpent };
    },
  });
}
