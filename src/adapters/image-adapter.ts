/** The contract of an image-generation family's codec: a prompt in, PNG bytes out, pure (no I/O). */
import type { ModelFamily, ModelInfo } from "../models/model-info.js";
import type { Warning } from "../types.js";

/** An image request after validation. */
export interface NormalizedImageRequest {
  prompt: string;
  negativePrompt: string | undefined;
  width: number;
  height: number;
  seed: number | undefined;
  count: number;
  cfgScale: number | undefined;
  steps: number | undefined;
  quality: "standard" | "premium" | undefined;
}

/** Inclusive bounds of an image family's numeric settings. */
export interface ImageParameterRanges {
  seed: readonly [number, number];
  cfgScale?: readonly [number, number] | undefined;
  steps?: readonly [number, number] | undefined;
}

/** What a family's answer holds. */
export interface ImageOutput {
  /** Decoded image bytes (PNG unless the request asked otherwise). */
  images: Uint8Array[];
  /** The seed of each image, where the model reports it. */
  seeds: (number | undefined)[];
  /** Why images were withheld (content filters, errors), one entry per withheld image. */
  withheld: string[];
}

/** One image family's codec. */
export interface ImageAdapter<Body = unknown> {
  /** The family this codec serves (its key in src/adapters/index.ts). */
  readonly family: ModelFamily;
  /** Undefined when the size fits the model; otherwise a sentence naming the sizes it takes. */
  checkSize(width: number, height: number): string | undefined;
  /** The most images one request can ask for. */
  readonly maxCount: number;
  /**
   * Inclusive ranges of the family's settings, checked before the network; a setting the
   * family lacks is absent (it is then only warned about, not sent).
   */
  readonly parameterRanges: ImageParameterRanges;
  toNativeBody(request: NormalizedImageRequest, model: ModelInfo): { body: Body; warnings: Warning[] };
  /** Throws when the body is not this family's shape. */
  fromNativeBody(body: unknown): ImageOutput;
  /**
   * The reason, when an error's message is the model refusing the prompt or an image through
   * its content filters (Bedrock answers some filtered requests with an error, not a body);
   * undefined for any other error. Absent when the family reports filtering in the body.
   */
  readRefusal?(message: string): string | undefined;
}

/** Base64 → bytes. */
export function fromBase64(data: string): Uint8Array {
  const buffer = Buffer.from(data, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
