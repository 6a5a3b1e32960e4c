/** `fm.rerank`: one InvokeModel call that orders documents by relevance to a query, priced per query. */
import { ValidationError } from "../errors.js";
import { resolveRerankModel, type ResolvedRerankModel } from "../models/rerank-registry.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallPlan, type CallTarget } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { noCostWarning, toCost, type PicoCost } from "../pricing/cost.js";
import { billedQueries, pricePerQuery } from "../pricing/rerank.js";
import type { CallOrigin, Cost, RerankModelId, Usage, Warning } from "../types.js";
import { malformed, requestedModelId } from "./invoke.js";
import { checkRequestBytes } from "./request-limits.js";

/** What {@link BedrockKitClient.rerank} takes. */
export interface RerankRequest {
  /** A rerank model: `cohere.rerank-v3-5:0` or `amazon.rerank-v1:0`. */
  modelId: RerankModelId;
  /** What the documents are ranked against. */
  query: string;
  /** The texts to rank (1 to 1,000); each result names its position here. */
  documents: string[];
  /** Return only the best `topN` (1 to the number of documents). Default: every document. */
  topN?: number | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** The agent or knowledge base this call is a step of (see {@link CallOrigin}): on its events, audit line and span; never sent to Bedrock. */
  origin?: CallOrigin | undefined;
  /**
   * The most this call may cost, in dollars: a call whose worst case (what `fm.estimate`
   * reports as `worstCaseCost`) exceeds it is refused with `BudgetExceededError` before any
   * request, as is a call to a model without a price. Independent of the client's `budget`.
   */
  maxUsd?: number | undefined;
}

/** One document in a rerank result. */
export interface RankedDocument {
  /** Its position in the request's `documents`. */
  index: number;
  /** The model's relevance score (higher is more relevant; 0–1 for both rerank models). */
  relevanceScore: number;
  /** The document's text, as given. */
  document: string;
}

/** What a rerank call was billed for. */
export interface RerankUsage {
  /** Queries Bedrock bills: one per 100 documents started. */
  queries: number;
}

/** What {@link BedrockKitClient.rerank} resolves to. */
export interface RerankResult {
  /** The ranked documents, best first (`topN` of them when given). */
  results: RankedDocument[];
  /** The billed queries. */
  usage: RerankUsage;
  /** Queries × the model's per-query price; undefined without a price. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** `x-amzn-requestid` of the answer, when present. */
  requestId: string | undefined;
  /** Lifecycle notes, why `cost` is undefined. */
  warnings: Warning[];
}

type RerankTarget = ResolvedRerankModel & CallTarget;

const utf8Decoder = new TextDecoder();
const noTokens: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, source: "none" };

function fail(field: string, message: string, modelId: string): never {
  throw new ValidationError(`Invalid ${field}: ${message}`, { field, modelId });
}

/** Checks the request against the model's limits; never quotes the query or a document. */
function checkRerankRequest(request: RerankRequest, target: RerankTarget): void {
  const modelId = target.requested;
  const { query, documents, topN } = request;
  if (typeof query !== "string" || query.trim() === "") fail("query", "a non-empty string is required", modelId);
  const maximum = target.adapter.maxDocuments;
  if (!Array.isArray(documents) || documents.length === 0) fail("documents", `expected an array of 1 to ${maximum} strings`, modelId);
  if (documents.length > maximum) fail("documents", `${documents.length} documents is over ${modelId}'s limit of ${maximum} per call`, modelId);
  for (let index = 0; index < documents.length; index++) {
    if (typeof documents[index] !== "string") fail(`documents[${index}]`, "expected a string", modelId);
  }
  if (topN !== undefined && (typeof topN !== "number" || !Number.isInteger(topN) || topN < 1 || topN > documents.length)) {
    fail("topN", `expected an integer from 1 to ${documents.length} (the number of documents)`, modelId);
  }
}

function planRerank(context: ClientContext, scope: CallScope, request: RerankRequest, target: RerankTarget): CallPlan<RerankResult> {
  checkRerankRequest(request, target);
  const modelId = target.requested;
  const { adapter } = target;
  const body = JSON.stringify(adapter.toNativeBody(request.query, request.documents, request.topN));
  checkRequestBytes(context, body, modelId);
  const queries = billedQueries(request.documents.length);
  const price = pricePerQuery(target.parsed.baseModelId ?? "");
  const cost: PicoCost | undefined = price === undefined ? undefined : { inputPico: queries * Math.round(price * 1e12), outputPico: 0 };
  const noPriceReason = price === undefined ? `bedrock-kit has no per-query price for ${modelId}` : undefined;

  async function execute(): Promise<RerankResult> {
    const { ranked, requestId } = await withRetries(scope, context.retries, context.observers, async () => {
      const response = await context.transport().invoke(modelId, body, scope.signal);
      const text = utf8Decoder.decode(response.body);
      try {
        return { ranked: adapter.fromNativeBody(JSON.parse(text), request.documents.length), requestId: response.requestId };
      } catch (error) {
        throw malformed(scope, (error as Error).message, text, response.requestId);
      }
    });
    const warnings: Warning[] = [...target.warnings];
    if (noPriceReason) warnings.push(noCostWarning(noPriceReason));
    const kept = request.topN === undefined ? ranked : ranked.slice(0, request.topN);
    return {
      results: kept.map((entry) => ({ index: entry.index, relevanceScore: entry.relevanceScore, document: request.documents[entry.index]! })),
      usage: { queries },
      cost: cost && toCost(cost),
      modelId,
      requestId,
      warnings,
    };
  }

  return {
    worstCase: cost,
    noPriceReason,
    execute,
    finish: (result) => ({
      spent: { modelId, usage: noTokens, cost },
      event: result.cost ? { cost: result.cost } : {},
    }),
  };
}

/** `fm.rerank(request)`. */
export function rerank(context: ClientContext, request: RerankRequest): Promise<RerankResult> {
  const scope = new CallScope(requestedModelId(request), "rerank", context.timeoutMs);
  return runCall(context, scope, request, {
    resolve: (): RerankTarget => {
      const modelId = request?.modelId;
      if (typeof modelId !== "string" || modelId === "") throw new ValidationError("Invalid modelId: a rerank model ID is required", { field: "modelId" });
      const resolved = resolveRerankModel(modelId);
      return { ...resolved, requested: resolved.parsed.requested, baseModelId: resolved.parsed.baseModelId };
    },
    prepare: (target) => planRerank(context, scope, request, target),
  });
}
