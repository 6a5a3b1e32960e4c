/** `fm.generateImage`: size and count checks, requests of the model's batch size, per-image prices. */
import { ContentFilteredError, ValidationError } from "../errors.js";
import { resolveImageModel, type ResolvedImageModel } from "../models/image-registry.js";
import { withRetries } from "../pipeline/attempts.js";
import type { ClientContext } from "../pipeline/context.js";
import { runCall, type CallPlan, type CallTarget } from "../pipeline/run-call.js";
import { CallScope } from "../pipeline/scope.js";
import { noCostWarning, toCost, type PicoCost } from "../pricing/cost.js";
import { pricePerImage } from "../pricing/images.js";
import type { ImageOutput } from "../adapters/image-adapter.js";
import type { CallOrigin, Cost, ImageModelId, Usage, Warning } from "../types.js";
import { checkImageRequest } from "../validate-embed-image.js";
import { malformed, requestedModelId } from "./invoke.js";
import { checkRequestBytes } from "./request-limits.js";

/** What {@link BedrockKitClient.generateImage} takes. */
export interface ImageRequest {
  /** Titan Image Generator, Nova Canvas, SDXL 1.0, SD3 Large, Stable Image Core or Ultra. */
  modelId: ImageModelId;
  /** What to draw. */
  prompt: string;
  /** What not to draw. */
  negativePrompt?: string | undefined;
  /** Default 1024; must be one of the model's sizes. */
  width?: number | undefined;
  /** Default 1024; must be one of the model's sizes. */
  height?: number | undefined;
  /** For repeatable images. */
  seed?: number | undefined;
  /** Images to make, default 1 (several requests for models that make one at a time). */
  count?: number | undefined;
  /** How closely to follow the prompt (Titan, Canvas, SDXL). */
  cfgScale?: number | undefined;
  /** Diffusion steps (SDXL). */
  steps?: number | undefined;
  /** Titan and Canvas: `standard` (default) or `premium`. */
  quality?: "standard" | "premium" | undefined;
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

/** What {@link BedrockKitClient.generateImage} resolves to. */
export interface ImageResult {
  /** PNG bytes, one per image. */
  images: Uint8Array[];
  /** Each image's seed, where the model reports it. */
  seeds: (number | undefined)[];
  /** Per-image price × images; undefined without a price. */
  cost: Cost | undefined;
  /** As requested. */
  modelId: string;
  /** Options the model could not honour, images a filter withheld, why `cost` is undefined. */
  warnings: Warning[];
}

type ImageTarget = ResolvedImageModel & CallTarget;

const utf8Decoder = new TextDecoder();

const noTokens: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, source: "none" };

function planImages(context: ClientContext, scope: CallScope, request: ImageRequest, target: ImageTarget): CallPlan<ImageResult> {
  const { adapter } = target;
  const modelId = target.requested;
  checkImageRequest(request, adapter.parameterRanges);
  const prompt = request.prompt;
  if (typeof prompt !== "string" || prompt.trim() === "") throw new ValidationError("Invalid prompt: a non-empty prompt is required", { field: "prompt", modelId });
  const width = request.width ?? 1024;
  const height = request.height ?? 1024;
  const sizeProblem = adapter.checkSize(width, height);
  if (sizeProblem) throw new ValidationError(`Invalid width/height: ${modelId} does not make ${width}x${height} images; ${sizeProblem}`, { field: "width", modelId });
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) throw new ValidationError("Invalid count: expected an integer from 1 to 10", { field: "count", modelId });
  const perImage = pricePerImage(target.parsed.baseModelId ?? "", width, height, request.quality);
  const costOf = (images: number): PicoCost | undefined => (perImage === undefined ? undefined : { inputPico: 0, outputPico: images * Math.round(perImage * 1e12) });
  const warnings: Warning[] = [...target.warnings];
  const perRequest = Math.min(count, adapter.maxCount);
  const bodies: string[] = [];
  for (let made = 0; made < count; made += perRequest) {
    const native = adapter.toNativeBody(
      {
        prompt,
        negativePrompt: request.negativePrompt,
        width,
        height,
        seed: request.seed === undefined ? undefined : request.seed + made,
        count: Math.min(perRequest, count - made),
        cfgScale: request.cfgScale,
        steps: request.steps,
        quality: request.quality,
      },
      target.model,
    );
    if (made === 0) warnings.push(...native.warnings);
    const body = JSON.stringify(native.body);
    checkRequestBytes(context, body, modelId);
    bodies.push(body);
  }
  const made = { images: 0 };

  async function generate(body: string): Promise<ImageOutput> {
    try {
      return await withRetries(scope, context.retries, context.observers, async () => {
        const response = await context.transport().invoke(modelId, body, scope.signal);
        const text = utf8Decoder.decode(response.body);
        try {
          return adapter.fromNativeBody(JSON.parse(text));
        } catch (error) {
          throw malformed(scope, (error as Error).message, text, response.requestId);
        }
      });
    } catch (error) {
      // Some families refuse a filtered prompt with an error; the adapter knows its wording.
      const kitError = scope.classify(error);
      const reason = adapter.readRefusal?.(kitError.message);
      if (reason === undefined) throw kitError;
      return { images: [], seeds: [], withheld: [reason] };
    }
  }

  async function execute(): Promise<ImageResult> {
    const images: Uint8Array[] = [];
    const seeds: (number | undefined)[] = [];
    const withheld: string[] = [];
    for (const body of bodies) {
      const output = await generate(body);
      images.push(...output.images);
      seeds.push(...output.seeds);
      withheld.push(...output.withheld);
      made.images = images.length;
    }
    if (images.length === 0 && withheld.length > 0) {
      throw new ContentFilteredError(`A content filter withheld every image of ${modelId}: ${withheld.join("; ")}`, { modelId, operation: "generateImage", reasons: withheld });
    }
    if (withheld.length > 0) warnings.push({ type: "unsupported", feature: "images", message: `${withheld.length} image(s) withheld by ${modelId}: ${withheld.join("; ")}` });
    const cost = costOf(images.length);
    if (!cost) warnings.push(noCostWarning(`bedrock-kit has no per-image price for ${modelId} at ${width}x${height}`));
    return { images, seeds, cost: cost && toCost(cost), modelId, warnings };
  }

  return {
    worstCase: costOf(count),
    noPriceReason: perImage === undefined ? `bedrock-kit has no per-image price for ${modelId} at ${width}x${height}` : undefined,
    execute,
    finish: (result) => ({
      spent: { modelId, usage: noTokens, cost: costOf(result.images.length) },
      event: result.cost ? { cost: result.cost } : {},
    }),
    // Images made by earlier requests of a call that failed later were billed.
    spentOnFailure: () => (made.images > 0 ? { modelId, usage: noTokens, cost: costOf(made.images) } : undefined),
  };
}

/** `fm.generateImage(request)`. */
export function generateImage(context: ClientContext, request: ImageRequest): Promise<ImageResult> {
  const scope = new CallScope(requestedModelId(request), "generateImage", context.timeoutMs);
  return runCall(context, scope, request, {
    resolve: (): ImageTarget => {
      const modelId = request?.modelId;
      if (typeof modelId !== "string" || modelId === "") throw new ValidationError("Invalid modelId: an image model ID is required", { field: "modelId" });
      const resolved = resolveImageModel(modelId);
      return { ...resolved, requested: resolved.parsed.requested, baseModelId: resolved.parsed.baseModelId };
    },
    prepare: (target) => planImages(context, scope, request, target),
  });
}
