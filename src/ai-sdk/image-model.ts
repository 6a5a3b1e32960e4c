/** An AI SDK `ImageModelV3` over `fm.generateImage`. */
import type { ImageModelV3, ImageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import { ValidationError, type BedrockKitClient, type ImageRequest, type ImageResult } from "../index.js";
import { providerName } from "./language-model.js";
import { bedrockKitOptions, providerKey } from "./provider-options.js";
import { warningsOf } from "./result.js";

/** The `fm.generateImage` fields `providerOptions.bedrockKit` may set. */
const imageOptionNames = ["negativePrompt", "cfgScale", "steps", "quality"] as const;

/** The result of {@link BedrockKitImageModel.doGenerate}, as the AI SDK's `ImageModelV3` declares it. */
type ImageGeneration = Awaited<ReturnType<ImageModelV3["doGenerate"]>>;

/**
 * A Bedrock image model for the AI SDK's `generateImage`: prompt, `n`, `size` and `seed`
 * go to `fm.generateImage`, which checks the size against the model's sizes before the
 * network and prices each image.
 */
export class BedrockKitImageModel implements ImageModelV3 {
  /** The AI SDK's model interface version. */
  readonly specificationVersion = "v3";
  /** `bedrock-kit`. */
  readonly provider = providerName;
  /** `fm.generateImage` makes up to 10 images in one call (several requests for models that make one at a time). */
  readonly maxImagesPerCall = 10;
  readonly #client: BedrockKitClient;

  /** Made by `createBedrockKit(...).imageModel(modelId)`. */
  constructor(
    /** The Bedrock image model ID. */
    readonly modelId: string,
    client: BedrockKitClient,
  ) {
    this.#client = client;
  }

  /** One `fm.generateImage` call; `providerOptions.bedrockKit` may set `negativePrompt`, `cfgScale`, `steps`, `quality`. */
  async doGenerate(options: ImageModelV3CallOptions): Promise<ImageGeneration> {
    const modelId = this.modelId;
    if (options.files !== undefined && options.files.length > 0) throw new ValidationError("Invalid files: bedrock-kit makes images from a prompt; it does not edit images", { field: "files", modelId });
    if (options.mask !== undefined) throw new ValidationError("Invalid mask: bedrock-kit makes images from a prompt; it does not inpaint", { field: "mask", modelId });
    const extra = bedrockKitOptions(options.providerOptions, modelId);
    const unknown = Object.keys(extra).filter((name) => !(imageOptionNames as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new ValidationError(`Invalid providerOptions.bedrockKit: ${unknown.join(", ")} is not an image option (${imageOptionNames.join(", ")})`, {
        field: `providerOptions.bedrockKit.${unknown[0]}`,
        modelId,
      });
    }
    const warnings: SharedV3Warning[] = [];
    const request: ImageRequest = { ...(extra as Partial<ImageRequest>), modelId, prompt: options.prompt ?? "", count: options.n };
    if (options.size !== undefined) {
      const [width, height] = options.size.split("x").map(Number);
      request.width = width!;
      request.height = height!;
    }
    if (options.aspectRatio !== undefined) {
      warnings.push({ type: "unsupported", feature: "aspectRatio", details: "bedrock-kit takes a size (width x height) from the model's sizes; the aspect ratio was not sent." });
    }
    if (options.seed !== undefined) request.seed = options.seed;
    if (options.abortSignal !== undefined) request.signal = options.abortSignal;
    const started = new Date();
    const result: ImageResult = await this.#client.generateImage(request);
    const perImage = result.cost === undefined || result.images.length === 0 ? null : result.cost.totalUsd / result.images.length;
    return {
      images: result.images,
      warnings: [...warnings, ...warningsOf(result.warnings)],
      // The AI SDK keeps only `images` of an image model's metadata: each image carries its seed and its share of the cost.
      providerMetadata: { [providerKey]: { images: result.seeds.map((seed) => ({ seed: seed ?? null, costUsd: perImage })) } },
      response: { timestamp: started, modelId: result.modelId, headers: undefined },
    };
  }
}
