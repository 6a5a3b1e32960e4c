/** `fm.estimate`: what a call would cost and whether it fits, before it is made. Sends nothing. */
import type { ClientContext } from "../pipeline/context.js";
import { runCall } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { costOfUsage, toCost } from "../pricing/cost.js";
import { countTokensNow } from "../tokens/count.js";
import type { Cost, InvokeRequest } from "../types.js";
import { requestedModelId } from "./invoke.js";
import { prepareText, resolveText, worstCaseCost } from "./text-request.js";

/** What {@link BedrockKitClient.estimate} answers. */
export interface CallEstimate {
  /** As requested. */
  modelId: string;
  /** The estimator's count of the request's input tokens. */
  inputTokens: number;
  /** An upper bound of the input tokens: the native body's UTF-8 bytes (+1,000 with tools, for hidden tool prompts). */
  worstCaseInputTokens: number;
  /** `maxTokens`, or the model's maximum output when none is given. */
  maxOutputTokens: number;
  /** The model's context window in tokens. */
  contextWindow: number;
  /** False when the estimated input plus `maxTokens` exceeds the context window (the call itself would be refused). */
  fitsContextWindow: boolean;
  /** Estimated input and the full output allowance at the model's price; undefined without a price. */
  cost: Cost | undefined;
  /** Worst-case input and the full output allowance: what a budget reserves. */
  worstCaseCost: Cost | undefined;
}

/** `fm.estimate(request)`: validates as a call would, but reports a request too large for the context window instead of refusing it. */
export function estimate(context: ClientContext, request: InvokeRequest): Promise<CallEstimate> {
  const scope = new CallScope(requestedModelId(request), "estimate", context.timeoutMs);
  // An estimate sends nothing, so it takes no signal; its origin marks its events.
  return runCall(context, scope, { origin: (request as InvokeRequest | undefined)?.origin }, {
    resolve: () => resolveText(context, request),
    prepare: (target) => {
      const prepared = prepareText(context, request, target, "invoke");
      const { model } = target;
      const inputTokens = prepared.contextOverflow?.inputTokens ?? countTokensNow(request.modelId, request).tokens;
      const expected = prepared.prices.prices && costOfUsage({ inputTokens, outputTokens: prepared.maxOutputTokens }, prepared.prices.prices);
      const worstCase = worstCaseCost(prepared);
      const answer: CallEstimate = {
        modelId: request.modelId,
        inputTokens,
        worstCaseInputTokens: prepared.worstCaseInputTokens,
        maxOutputTokens: prepared.maxOutputTokens,
        contextWindow: model.contextWindow,
        fitsContextWindow: prepared.contextOverflow === undefined && (model.contextWindow <= 0 || inputTokens + (request.maxTokens ?? 0) <= model.contextWindow),
        cost: expected && typeof expected !== "string" ? toCost(expected) : undefined,
        worstCaseCost: worstCase && toCost(worstCase),
      };
      // Free: nothing is held, sent or recorded.
      return { worstCase: { inputPico: 0, outputPico: 0 }, noPriceReason: undefined, execute: async () => answer, finish: () => ({ spent: undefined, event: undefined }) };
    },
  });
}
