/** The model-ID types offer exactly the IDs that work as typed, per operation (checked against the catalog). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listModels, type ModelInfo } from "../src/index.js";

/** The date the unions in src/types.ts were written for. */
const asOf = "2026-11-30";
const source = readFileSync(new URL("../src/types.ts", import.meta.url), "utf8");

function unionMembers(typeName: string): string[] {
  const match = new RegExp(`export type ${typeName} =([^;]*);`).exec(source);
  if (!match) throw new Error(`no ${typeName} in src/types.ts`);
  return [...match[1]!.matchAll(/\| "([^"]+)"/g)].map((member) => member[1]!);
}

function workingIds(models: ModelInfo[]): string[] {
  return models
    .filter((model) => !model.deprecated || model.deprecated.endOfLife > asOf)
    .flatMap((model) => (model.profileRequired ? (model.inferenceProfiles ?? ["us"]).filter((prefix) => prefix === "us" || prefix === "global").map((prefix) => `${prefix}.${model.id}`) : [model.id]));
}

describe("model-ID types", () => {
  const models = listModels();
  it("offer the working text models for invoke and stream, profile-only ones with their profile", () => {
    const text = models.filter((model) => !model.capabilities.embeddings && !model.capabilities.imageGeneration && !model.capabilities.rerank);
    expect(unionMembers("ModelId")).toEqual(workingIds(text));
    expect(unionMembers("ModelId")).not.toContain("anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(unionMembers("ModelId")).not.toContain("anthropic.claude-v2");
  });

  it("offer only embedding models for embed, image models for generateImage, rerank models for rerank", () => {
    expect(unionMembers("RerankModelId")).toEqual(workingIds(models.filter((model) => model.capabilities.rerank)));
    expect(unionMembers("EmbeddingModelId")).toEqual(workingIds(models.filter((model) => model.capabilities.embeddings)));
    expect(unionMembers("ImageModelId")).toEqual(workingIds(models.filter((model) => model.capabilities.imageGeneration)));
  });
});
