/** Image model ID → catalog entry → image adapter (the registry's branch for image families). */
import type { ImageAdapter } from "../adapters/image-adapter.js";
import { imageAdapters } from "../adapters/image-index.js";
import { UnknownModelError } from "../errors.js";
import { describeModel, type DescribedModel } from "./describe.js";

/** An image model ID resolved to its catalog entry and image adapter. */
export type ResolvedImageModel = DescribedModel & { adapter: ImageAdapter };

/** Resolves an image-generation model; throws `UnknownModelError` for IDs no image adapter serves. */
export function resolveImageModel(modelId: string): ResolvedImageModel {
  const described = describeModel(modelId);
  const adapter = imageAdapters.get(described.model.family);
  if (!adapter) {
    throw new UnknownModelError(`${modelId} is a ${described.model.family} model, not one fm.generateImage serves (${[...imageAdapters.keys()].join(", ")})`, { modelId });
  }
  return { ...described, adapter };
}
