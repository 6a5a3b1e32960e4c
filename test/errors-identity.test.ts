import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as errors from "../src/errors.js";
import * as kit from "../src/index.js";

/** Every error class the package exports, by its public name. */
const errorClassNames = [
  "BedrockKitError",
  "ValidationError",
  "UnknownModelError",
  "ModelNotAllowedError",
  "BudgetExceededError",
  "ThrottlingError",
  "ModelTimeoutError",
  "ServiceError",
  "AccessDeniedError",
  "StreamError",
  "EmbeddingError",
  "ContentFilteredError",
  "AbortError",
] as const;

type ErrorClass = typeof kit.BedrockKitError;
type ErrorModule = Record<(typeof errorClassNames)[number], ErrorClass>;

/** One instance of each class, made with the least each constructor needs. */
function oneOfEach(module: ErrorModule): Record<string, kit.BedrockKitError> {
  const instances: Record<string, kit.BedrockKitError> = {};
  for (const name of errorClassNames) {
    const options = { code: "Test", partial: {}, embeddings: [], failedIndexes: [], reasons: [] };
    instances[name] = new (module[name] as unknown as new (message: string, options: object) => kit.BedrockKitError)("test", options);
  }
  return instances;
}

function checkHierarchy(own: ErrorModule, other: ErrorModule): void {
  const instances = oneOfEach(other);
  for (const name of errorClassNames) {
    const instance = instances[name];
    expect(instance?.name, name).toBe(name);
    expect(own.BedrockKitError.isInstance(instance), name).toBe(true);
    expect(instance instanceof own.BedrockKitError, name).toBe(true);
    for (const candidate of errorClassNames) {
      const expected = candidate === name || candidate === "BedrockKitError";
      expect(own[candidate].isInstance(instance), `${candidate}.isInstance(new ${name})`).toBe(expected);
      expect(instance instanceof own[candidate], `new ${name} instanceof ${candidate}`).toBe(expected);
    }
    if (name !== "BedrockKitError") {
      expect(other[name].prototype instanceof own.BedrockKitError, `${name}.prototype instanceof BedrockKitError`).toBe(true);
      expect(other[name].prototype instanceof own[name], `${name}.prototype instanceof itself`).toBe(false);
    }
  }
  expect(own.BedrockKitError.prototype instanceof own.BedrockKitError).toBe(false);
  expect(own.BedrockKitError.isInstance(new Error("plain"))).toBe(false);
  expect(own.BedrockKitError.isInstance({ name: "ValidationError" })).toBe(false);
}

describe("the error class hierarchy", () => {
  it("holds for instances and prototypes of every class", () => {
    checkHierarchy(kit as unknown as ErrorModule, kit as unknown as ErrorModule);
  });

  it("holds across a second loaded copy of the package", async () => {
    vi.resetModules();
    const secondCopyPath = "../src/errors.js?copy=identity";
    const secondCopy = (await import(/* @vite-ignore */ secondCopyPath)) as typeof errors;
    expect(secondCopy.ValidationError).not.toBe(errors.ValidationError);
    checkHierarchy(errors as unknown as ErrorModule, secondCopy as unknown as ErrorModule);
    checkHierarchy(secondCopy as unknown as ErrorModule, errors as unknown as ErrorModule);
  });

  it("keeps a user's subclass apart from its parent", () => {
    class RetryLaterError extends kit.ServiceError {}
    const own = new RetryLaterError("x", { code: "Test" });
    expect(own).toBeInstanceOf(kit.ServiceError);
    expect(RetryLaterError.isInstance(own)).toBe(true);
    expect(RetryLaterError.isInstance(new kit.ServiceError("x", { code: "Test" }))).toBe(false);
    expect(new kit.ServiceError("x", { code: "Test" }) instanceof RetryLaterError).toBe(false);
  });
});

describe("error identity after a consumer's minifier", () => {
  const scratch = join(import.meta.dirname, "..", ".tmp");
  mkdirSync(scratch, { recursive: true });
  const work = mkdtempSync(join(scratch, "minified-errors-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("keeps names, isInstance and instanceof in minified ESM and CJS bundles loaded side by side", async () => {
    const entry = join(work, "consumer.ts");
    const source = join(import.meta.dirname, "..", "src", "index.ts");
    writeFileSync(entry, `export { ${errorClassNames.join(", ")} } from ${JSON.stringify(source)};\n`);
    for (const format of ["esm", "cjs"] as const) {
      await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format,
        platform: "node",
        packages: "external",
        outfile: join(work, format === "esm" ? "consumer.mjs" : "consumer.cjs"),
        logLevel: "silent",
      });
    }
    const esm = (await import(/* @vite-ignore */ pathToFileURL(join(work, "consumer.mjs")).href)) as ErrorModule;
    const cjs = createRequire(import.meta.url)(join(work, "consumer.cjs")) as ErrorModule;
    expect(esm.ValidationError).not.toBe(cjs.ValidationError);
    checkHierarchy(esm, esm);
    checkHierarchy(esm, cjs);
    checkHierarchy(cjs, esm);
  });
});
