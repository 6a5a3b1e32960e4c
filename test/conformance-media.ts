/**
 * The conformance suite every embedding and image adapter runs, pure: the family's documented
 * native payloads (test/fixtures/<family>/) in, bedrock-kit's normalized values out. No
 * network: these codecs have no streams, so the fixtures are the whole wire contract.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { embeddingAdapters } from "../src/adapters/embedding-index.js";
import { imageAdapters } from "../src/adapters/image-index.js";
import type { EmbedItem, NormalizedEmbedOptions } from "../src/adapters/embedding-adapter.js";
import type { NormalizedImageRequest } from "../src/adapters/image-adapter.js";
import { describeModel } from "../src/models/registry.js";

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readJson(family: string, file: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${family}/${file}`, import.meta.url), "utf8"));
}

/** Families a conformance call ran for, so the coverage check can name any that has none. */
export const coveredMediaFamilies = new Set<string>();

/** One embedding family's case: what is embedded, and what its response fixture holds. */
export interface EmbeddingConformanceCase {
  /** A catalog model of the family. */
  modelId: string;
  /** The items `request.json` encodes. */
  items: EmbedItem[];
  /** The options `request.json` encodes (unset ones are undefined). */
  options?: Partial<NormalizedEmbedOptions>;
  /** The vectors and token count `response.json` holds, read by hand. */
  expected: { embeddings: number[][]; inputTokens: number | undefined };
}

/** Runs the embedding suite for one family against `request.json` and `response.json`. */
export function describeEmbeddingConformance(testCase: EmbeddingConformanceCase): void {
  const { model } = describeModel(testCase.modelId);
  const adapter = embeddingAdapters.get(model.family);
  coveredMediaFamilies.add(model.family);
  const options: NormalizedEmbedOptions = { dimensions: undefined, normalize: undefined, inputType: undefined, truncate: undefined, maxTokens: undefined, ...testCase.options };

  describe(`embedding conformance: ${model.family} (${testCase.modelId})`, () => {
    it("is the family's embedding adapter and declares its batch size and dimensions", () => {
      expect(adapter?.family).toBe(model.family);
      expect(adapter!.maxBatch).toBeGreaterThanOrEqual(testCase.items.length);
      expect(adapter!.dimensions.length).toBeGreaterThan(0);
      if (options.dimensions !== undefined) expect(adapter!.dimensions).toContain(options.dimensions);
      if (testCase.items.some((item) => item.image !== undefined)) expect(adapter!.images).toBe(true);
    });

    it("encodes the documented request body, with no warning for options the family takes", () => {
      const native = adapter!.toNativeBody(testCase.items, options, model);
      expect(native.body).toEqual(readJson(model.family, "request.json"));
      expect(native.warnings).toEqual([]);
    });

    it("decodes the documented response into one vector per item and the input tokens", () => {
      expect(adapter!.fromNativeBody(readJson(model.family, "response.json"), testCase.items.length)).toEqual(testCase.expected);
    });

    it("throws a plain Error for a body of another shape", () => {
      expect(() => adapter!.fromNativeBody({ images: [] }, testCase.items.length)).toThrow(Error);
    });
  });
}

/** How a family answers a filtered image: with an error message, or in the body. */
export type FilteredImage =
  /** Bedrock answers with an error whose body is `filtered-error.json`; the adapter's `readRefusal` reads it. */
  | { via: "error"; reason: string }
  /** The body `filtered-response.json` withholds the image; `withheld` holds these reasons. */
  | { via: "body"; withheld: string[] };

/** One image family's case: the normalized request `request.json` encodes and what the responses hold. */
export interface ImageConformanceCase {
  /** A catalog model of the family. */
  modelId: string;
  /** The request `request.json` encodes. */
  request: NormalizedImageRequest;
  /** The seeds of the images `response.json` holds (undefined where the family reports none). */
  seeds: (number | undefined)[];
  /** How the family reports a filtered image. */
  filtered: FilteredImage;
}

/** Runs the image suite for one family against `request.json`, `response.json` and its filtered answer. */
export function describeImageConformance(testCase: ImageConformanceCase): void {
  const { model } = describeModel(testCase.modelId);
  const adapter = imageAdapters.get(model.family);
  coveredMediaFamilies.add(model.family);

  describe(`image conformance: ${model.family} (${testCase.modelId})`, () => {
    it("is the family's image adapter, takes the request's size and count, and names the sizes it takes otherwise", () => {
      expect(adapter?.family).toBe(model.family);
      expect(adapter!.checkSize(testCase.request.width, testCase.request.height)).toBeUndefined();
      expect(adapter!.checkSize(7, 7)).toMatch(/\d+/);
      expect(adapter!.maxCount).toBeGreaterThanOrEqual(testCase.request.count);
    });

    it("encodes the documented request body, with no warning for settings the family takes", () => {
      const native = adapter!.toNativeBody(testCase.request, model);
      expect(native.body).toEqual(readJson(model.family, "request.json"));
      expect(native.warnings).toEqual([]);
    });

    it("decodes the documented response into PNG bytes and seeds", () => {
      const output = adapter!.fromNativeBody(readJson(model.family, "response.json"));
      expect(output.images).toHaveLength(testCase.seeds.length);
      for (const image of output.images) expect([...image.subarray(0, 8)]).toEqual(pngSignature);
      expect(output.seeds).toEqual(testCase.seeds);
      expect(output.withheld).toEqual([]);
    });

    it("reports a filtered image as withheld, with the model's reason", () => {
      const filtered = testCase.filtered;
      if (filtered.via === "error") {
        const { message } = readJson(model.family, "filtered-error.json") as { message: string };
        expect(adapter!.readRefusal?.(message)).toBe(filtered.reason);
        expect(adapter!.readRefusal?.(`ValidationException: ${message}`)).toBe(filtered.reason);
        expect(adapter!.readRefusal?.("Too many requests, please wait before trying again.")).toBeUndefined();
      } else {
        expect(adapter!.readRefusal).toBeUndefined();
        const output = adapter!.fromNativeBody(readJson(model.family, "filtered-response.json"));
        expect(output).toEqual({ images: [], seeds: [], withheld: filtered.withheld });
      }
    });

    it("throws a plain Error for a body of another shape", () => {
      expect(() => adapter!.fromNativeBody({ embedding: [] })).toThrow(Error);
    });
  });
}
