/** `fm.embed`: items in batches of the model's size, bounded concurrency, vectors in order. */
import { setMaxListeners } from "node:events";
import type { EmbedItem } from "../adapters/embedding-adapter.js";
import { isRecord, toBase64 } from "../encoding.js";
import { EmbeddingError, ValidationError, type BedrockKitError } from "../errors.js";
import { allModels } from "../models/catalog/index.js";
import { resolveEmbeddingModel, type ResolvedEmbeddingModel } from "../models/embedding-registry.js";
import { checkProfile } from "../models/profiles.js";
import { addCosts, describePricing, priceUsage, type Pricing, type Spent } from "../pipeline/accounting.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallPlan, type CallTarget } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { lookUpPrices } from "../pricing/cost.js";
import { pricePerEmbeddedImage } from "../pricing/images.js";
import type { CallOrigin, Cost, EmbeddingModelId, Usage, Warning } from "../types.js";
import { checkEmbedRequest } from "../validate-embed-image.js";
import { malformed, requestedModelId } from "./invoke.js";
import { checkRequestBytes } from "./request-limits.js";

/** What {@link BedrockKitClient.embed} takes. */
export interface EmbedRequest {
  /**
   * An embedding model: Titan Embeddings G1 / V2, Titan Multimodal Embeddings, Cohere Embed
   * v3 and v4, Nova Multimodal Embeddings, TwelveLabs Marengo Embed 2.7 (through a profile) and 3.0.
   */
  modelId: EmbeddingModelId;
  /** The texts to embed, in order. Split into requests of the model's batch size. */
  texts?: string[] | undefined;
  /**
   * Titan Multimodal Embeddings, Cohere Embed v4, Nova Multimodal Embeddings, Marengo: images
   * (bytes or base64 PNG, JPEG, GIF or WebP) to embed. Alone, one vector per image; with
   * `texts` of the same length, one joint vector per text-and-image pair (Titan Multimodal,
   * Cohere v4, Marengo 3.0; the others refuse pairs before the network).
   */
  images?: (Uint8Array | string)[] | undefined;
  /**
   * The vector size, one the model makes: Titan V2 1024 (default), 512, 256; Titan
   * Multimodal 1024, 384, 256; Cohere v4 1536 (default), 1024, 512, 256; Nova 3072
   * (default), 1024, 384, 256; Marengo 2.7 1024, 3.0 512. Any other value is a
   * `ValidationError` before the network, listing the model's sizes.
   */
  dimensions?: number | undefined;
  /** Titan V2: unit-length vectors (default true). */
  normalize?: boolean | undefined;
  /**
   * What the inputs are for (default `search_document`). Cohere: its `input_type`. Nova: its
   * `embeddingPurpose` (`search_document` → `GENERIC_INDEX`, `search_query` →
   * `GENERIC_RETRIEVAL`, `classification`, `clustering`).
   */
  inputType?: "search_document" | "search_query" | "classification" | "clustering" | undefined;
  /** Cohere, Nova, Marengo 2.7 (`END`, `NONE`): what to do with texts over the model's limit (discard the start or the end, or fail). */
  truncate?: "NONE" | "START" | "END" | undefined;
  /** Cohere Embed v4: the most tokens embedded per input (up to 128,000); longer inputs follow `truncate`. */
  maxTokens?: number | undefined;
  /**
   * Fields merged into every native body (plain objects one level deep), for settings
   * bedrock-kit has no option for, e.g. Nova's
   * `{ singleEmbeddingParams: { embeddingPurpose: "TEXT_RETRIEVAL" } }`. Vectors are still read
   * as floats.
   */
  native?: Record<string, unknown> | undefined;
  /** Requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Return `Float32Array`s (half the memory of number arrays). */
  float32?: boolean | undefined;
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

/** The usage of an embedding call. */
export interface EmbedUsage {
  /** Input tokens Bedrock counted, summed over the requests. */
  inputTokens: number;
}

/** What {@link BedrockKitClient.embed} resolves to. */
export interface EmbedResult {
  /** One vector per text (or image, or pair), in order. */
  embeddings: number[][] | Float32Array[];
  /** Input tokens Bedrock counted, summed over the requests. */
  usage: EmbedUsage;
  /** From the usage and the price table (images at their per-image price); undefined without a price. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** Requests sent (one per batch, retries not counted). */
  requests: number;
  /** Options the model could not honour, lifecycle notes, why `cost` is undefined. */
  warnings: Warning[];
}

type EmbeddingTarget = ResolvedEmbeddingModel & CallTarget;

const utf8Decoder = new TextDecoder();

/** The things to embed: texts, images, or text-and-image pairs (their types already checked). */
function embedItems(texts: string[] | undefined, images: (Uint8Array | string)[] | undefined, modelId: string): EmbedItem[] {
  const count = Math.max(texts?.length ?? 0, images?.length ?? 0);
  if (count === 0) throw new ValidationError("Invalid texts: give at least one text (or image)", { field: "texts", modelId });
  if (texts && images && texts.length !== images.length) {
    throw new ValidationError("Invalid images: with texts, give one image per text (each pair makes one vector)", { field: "images", modelId });
  }
  return Array.from({ length: count }, (_, index) => {
    const item: EmbedItem = {};
    if (texts) item.text = texts[index]!;
    if (images) item.image = toBase64(images[index]!);
    return item;
  });
}

/** `native` merged over a body: its plain-object values merged one level deep, others replacing. */
function withNative(body: unknown, native: Record<string, unknown> | undefined): unknown {
  if (!native || !isRecord(body)) return body;
  const merged: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(native)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? { ...current, ...value } : value;
  }
  return merged;
}

/** The catalog's embedding models that take images, for error messages. */
function imageEmbeddingModels(): string {
  return allModels()
    .filter((model) => model.capabilities.embeddings && model.capabilities.images)
    .map((model) => model.id)
    .join(", ");
}

/**
 * Throws {@link ValidationError} before the network for inputs the model cannot take:
 * images to a text-only model, text-and-image pairs to a model that embeds one or the
 * other, a size it does not make, a text longer than it reads.
 */
function checkInputsForModel(request: EmbedRequest, items: EmbedItem[], adapter: ResolvedEmbeddingModel["adapter"], modelId: string): void {
  if (request.images !== undefined && !adapter.images) {
    throw new ValidationError(`Invalid images: ${modelId} embeds texts only; models that embed images: ${imageEmbeddingModels()}`, { field: "images", modelId });
  }
  if (request.images !== undefined && request.texts !== undefined && !adapter.imagePairs) {
    throw new ValidationError(`Invalid images: ${modelId} embeds a text or an image per vector, not a text-and-image pair; give texts and images in separate calls`, { field: "images", modelId });
  }
  if (request.dimensions !== undefined && !adapter.dimensions.includes(request.dimensions)) {
    throw new ValidationError(`Invalid dimensions: ${modelId} makes vectors of ${adapter.dimensions.join(", ")} values`, { field: "dimensions", modelId });
  }
  const limit = adapter.maxTextCharacters;
  const tooLong = limit === undefined ? -1 : items.findIndex((item) => (item.text?.length ?? 0) > limit);
  if (tooLong !== -1) {
    throw new ValidationError(`Invalid texts[${tooLong}]: ${modelId} reads at most ${limit} characters per text; split it`, { field: `texts[${tooLong}]`, modelId });
  }
}

/** The cost of embedding: tokens at the model's price, images at its per-image price. */
function embeddingCost(context: ClientContext, target: EmbeddingTarget, usage: Usage, imageCount: number): Pricing {
  const pricing = priceUsage(lookUpPrices(target.parsed, context.region, context.pricing), usage);
  if (!pricing.cost || imageCount === 0) return pricing;
  const perImage = pricePerEmbeddedImage(target.parsed.baseModelId ?? "");
  if (perImage === undefined) return { cost: undefined, reason: `the per-image price of ${target.requested} is not known` };
  return { cost: addCosts(pricing.cost, { inputPico: imageCount * Math.round(perImage * 1e12), outputPico: 0 }), reason: undefined };
}

/** Every embed request's progress: vectors so far, failures, tokens counted. */
interface EmbedProgress {
  vectors: (number[] | undefined)[];
  firstFailure: BedrockKitError | undefined;
  inputTokens: number;
  imagesEmbedded: number;
}

function planEmbed(context: ClientContext, scope: CallScope, request: EmbedRequest, target: EmbeddingTarget): CallPlan<EmbedResult> {
  const { adapter } = target;
  const modelId = target.requested;
  const items = embedItems(request.texts, request.images, modelId);
  checkInputsForModel(request, items, adapter, modelId);
  const concurrency = request.concurrency ?? 4;
  const options = { dimensions: request.dimensions, normalize: request.normalize, inputType: request.inputType, truncate: request.truncate, maxTokens: request.maxTokens };
  const batches: { start: number; items: EmbedItem[]; body: string }[] = [];
  const warnings: Warning[] = [...target.warnings];
  for (let start = 0; start < items.length; start += adapter.maxBatch) {
    const batchItems = items.slice(start, start + adapter.maxBatch);
    const native = adapter.toNativeBody(batchItems, options, target.model);
    if (start === 0) warnings.push(...native.warnings);
    const body = JSON.stringify(withNative(native.body, request.native));
    checkRequestBytes(context, body, modelId);
    batches.push({ start, items: batchItems, body });
  }
  // Worst case: every UTF-8 byte of text a token, every image at its per-image price.
  const textBytes = items.reduce((sum, item) => sum + Buffer.byteLength(item.text ?? "", "utf8"), 0);
  const imageCount = items.filter((item) => item.image !== undefined).length;
  const worst = embeddingCost(context, target, { inputTokens: textBytes, outputTokens: 0, totalTokens: textBytes, source: "body" }, imageCount);
  const progress: EmbedProgress = { vectors: new Array(items.length).fill(undefined), firstFailure: undefined, inputTokens: 0, imagesEmbedded: 0 };
  const spent = (): Spent & { pricing: Pricing } => {
    const usage: Usage = { inputTokens: progress.inputTokens, outputTokens: 0, totalTokens: progress.inputTokens, source: "body" };
    const pricing = embeddingCost(context, target, usage, progress.imagesEmbedded);
    return { modelId, usage, cost: pricing.cost, pricing };
  };

  async function embedBatch(batch: (typeof batches)[number]): Promise<void> {
    const decoded = await withRetries(scope, context.retries, context.observers, async () => {
      const response = await context.transport().invoke(modelId, batch.body, scope.signal);
      const text = utf8Decoder.decode(response.body);
      try {
        const output = adapter.fromNativeBody(JSON.parse(text), batch.items.length);
        return { embeddings: output.embeddings, inputTokens: output.inputTokens ?? response.headerUsage?.inputTokens ?? 0 };
      } catch (error) {
        throw malformed(scope, (error as Error).message, text, response.requestId);
      }
    });
    decoded.embeddings.forEach((vector, offset) => (progress.vectors[batch.start + offset] = vector));
    progress.inputTokens += decoded.inputTokens;
    progress.imagesEmbedded += batch.items.filter((item) => item.image !== undefined).length;
  }

  async function execute(): Promise<EmbedResult> {
    // Each request in flight listens to the call's own signal: up to `concurrency` at once.
    setMaxListeners(concurrency + 10, scope.signal);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length && !scope.signal.aborted) {
        const batch = batches[next++]!;
        try {
          await embedBatch(batch);
        } catch (error) {
          progress.firstFailure ??= scope.classify(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    if (progress.firstFailure || scope.signal.aborted) {
      // Failed batches and, after an abort, batches never sent.
      const failedIndexes = progress.vectors.flatMap((vector, index) => (vector === undefined ? [index] : []));
      const cause = progress.firstFailure ?? scope.classify(scope.signal.reason);
      throw new EmbeddingError(`${failedIndexes.length} of ${items.length} inputs could not be embedded by ${modelId}: ${cause.message}`, {
        code: cause.code,
        modelId,
        operation: "embed",
        requestId: cause.requestId,
        statusCode: cause.statusCode,
        retryable: cause.retryable,
        cause,
        embeddings: progress.vectors,
        failedIndexes,
      });
    }
    const complete = progress.vectors as number[][];
    const { pricing } = spent();
    return {
      embeddings: request.float32 ? complete.map((vector) => Float32Array.from(vector)) : complete,
      usage: { inputTokens: progress.inputTokens },
      cost: describePricing(pricing, warnings),
      modelId,
      requests: batches.length,
      warnings,
    };
  }

  return {
    worstCase: worst.cost,
    noPriceReason: worst.reason,
    execute,
    finish: (result) => {
      const record = spent();
      return { spent: record, event: { usage: record.usage, ...(result.cost ? { cost: result.cost } : {}) } };
    },
    // Batches that were embedded before a failure were billed.
    spentOnFailure: () => (progress.inputTokens > 0 || progress.imagesEmbedded > 0 ? spent() : undefined),
  };
}

/** `fm.embed(request)`. */
export function embed(context: ClientContext, request: EmbedRequest): Promise<EmbedResult> {
  const scope = new CallScope(requestedModelId(request), "embed", context.timeoutMs);
  return runCall(context, scope, request, {
    resolve: (): EmbeddingTarget => {
      checkEmbedRequest(request);
      const resolved = resolveEmbeddingModel(request.modelId);
      checkProfile(resolved, context.region);
      return { ...resolved, requested: resolved.parsed.requested, baseModelId: resolved.parsed.baseModelId };
    },
    prepare: (target) => planEmbed(context, scope, request, target),
  });
}
