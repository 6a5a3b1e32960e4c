import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnknownModelError, ValidationError, createClient, getModel, listModels, type RerankRequest } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { promptMarker, readFixture, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: ReturnType<typeof createClient>;
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const documents = [
  "Carson City is the capital city of the American state of Nevada.",
  "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
  "Washington, D.C. is the capital of the United States. It is a federal district.",
  "Capitalization in English grammar is the use of a capital letter at the start of a word.",
];

describe("fm.rerank", () => {
  it("ranks documents best first with Cohere Rerank 3.5, its body on the wire, priced per query", async () => {
    const result = await fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "What is the capital of the United States?", documents, topN: 2 });
    expect(result.results).toHaveLength(2);
    expect(result.results[0]).toMatchObject({ index: 2, document: documents[2] });
    expect(result.results[0]!.relevanceScore).toBeGreaterThan(result.results[1]!.relevanceScore);
    expect(result.usage).toEqual({ queries: 1 });
    expect(result.cost?.totalUsd).toBeCloseTo(0.002, 12);
    expect(result.requestId).toBeTypeOf("string");
    expect(bedrock.requests.at(-1)!.body).toEqual({ query: "What is the capital of the United States?", documents, top_n: 2, api_version: 2 });
  });

  it("ranks with Amazon Rerank 1.0 (no api_version) and returns every document without topN", async () => {
    const result = await fm.rerank({ modelId: "amazon.rerank-v1:0", query: "capital of Nevada", documents });
    expect(result.results.map((entry) => entry.index).sort()).toEqual([0, 1, 2, 3]);
    expect(result.results[0]!.index).toBe(0);
    expect(result.cost?.totalUsd).toBeCloseTo(0.001, 12);
    expect(bedrock.requests.at(-1)!.body).toEqual({ query: "capital of Nevada", documents });
  });

  it("bills one query per 100 documents started", async () => {
    const many = Array.from({ length: 250 }, (_, index) => `document ${index} about routers`);
    const result = await fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "routers", documents: many, topN: 5 });
    expect(result.usage.queries).toBe(3);
    expect(result.cost?.totalUsd).toBeCloseTo(0.006, 12);
    expect(fm.costs().byModel["cohere.rerank-v3-5:0"]?.calls).toBeGreaterThan(0);
  });

  it("reads the recorded Cohere answer: results sorted best first, documents by index", async () => {
    bedrock.script("cohere.rerank-v3-5:0", [{ native: JSON.parse(readFixture("rerank/cohere-rerank-3-5.json")) as Record<string, unknown> }]);
    const five = [...documents, "Capital punishment has existed in the United States since before it was a country."];
    const result = await fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "What is the capital of the United States?", documents: five, topN: 3 });
    expect(result.results.map((entry) => [entry.index, entry.relevanceScore])).toEqual([[2, 0.8742601], [0, 0.1728413], [4, 0.10793502]]);
    expect(result.results[2]!.document).toBe(five[4]);
    bedrock.assertScriptsConsumed();
  });

  it("lists both rerank models with their per-query price", () => {
    expect(getModel("cohere.rerank-v3-5:0")).toMatchObject({ family: "cohere-rerank", capabilities: { rerank: true }, pricing: { perQuery: 0.002 } });
    expect(listModels({ family: "amazon-rerank" })[0]).toMatchObject({ id: "amazon.rerank-v1:0", pricing: { perQuery: 0.001 } });
  });
});

describe("fm.rerank refuses bad input before the network", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["zero documents", { documents: [] }, "documents"],
    ["documents that are not an array", { documents: "one" }, "documents"],
    ["a document that is not a string", { documents: ["a", 3] }, "documents[1]"],
    ["over 1,000 documents", { documents: Array.from({ length: 1001 }, () => "d") }, "documents"],
    ["topN of 0", { topN: 0 }, "topN"],
    ["topN above the documents", { topN: 5 }, "topN"],
    ["an empty query", { query: " " }, "query"],
  ];
  it.each(cases)("%s", async (_name, override, field) => {
    const before = bedrock.requests.length;
    const request = { modelId: "cohere.rerank-v3-5:0", query: promptMarker, documents: [promptMarker, "b", "c"], ...override } as unknown as RerankRequest;
    const error = await fm.rerank(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).not.toContain(promptMarker);
    expect(bedrock.requests.length).toBe(before);
  });

  it("refuses a text model by name", async () => {
    const error = await fm.rerank({ modelId: "amazon.nova-lite-v1:0", query: "q", documents: ["d"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as Error).message).toContain("not a rerank model");
  });
});
