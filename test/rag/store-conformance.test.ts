/**
 * One suite every VectorStore runs (memoryStore and fileStore, exact and HNSW, and pgvectorStore):
 * the recorded model and dimension, all-or-nothing commits, replacement and removal,
 * exact cosine order, filters before the top-k cut, keyword search.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore, memoryStore, pgvectorStore, type StoredDocument, type VectorStore } from "bedrock-kit/rag";

const root = mkdtempSync(join(tmpdir(), "bedrock-kit-store-"));
/** A PostgreSQL with pgvector (.ci/run starts one); required where REQUIRE_PGVECTOR=1, as in CI. */
const pgvectorUrl = process.env.PGVECTOR_URL;
if (!pgvectorUrl) {
  if (process.env.REQUIRE_PGVECTOR === "1") throw new Error("REQUIRE_PGVECTOR=1 but PGVECTOR_URL is not set: the pgvector store's tests need a PostgreSQL with the vector extension");
  console.warn("pgvectorStore tests skipped: set PGVECTOR_URL=postgres://user@host:port/database (a PostgreSQL with the vector extension) to run them");
}
const opened: VectorStore[] = [];
const tables: string[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  rmSync(root, { recursive: true, force: true });
  if (pgvectorUrl && tables.length > 0) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: pgvectorUrl });
    await client.connect();
    for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}", "${table}_documents", "${table}_manifest" CASCADE`);
    await client.end();
  }
});

/** A unit vector in 4 dimensions pointing mostly along one axis. */
function vector(axis: number, lean = 0): Float32Array {
  const values = new Float32Array(4);
  values[axis] = 1;
  values[(axis + 1) % 4] = lean;
  const length = Math.hypot(...values);
  return values.map((value) => value / length);
}

function document(id: string, axes: number[], metadata: StoredDocument["metadata"] = {}): StoredDocument {
  return {
    id,
    uri: id,
    contentHash: `hash-${id}`,
    metadata,
    chunks: axes.map((axis, index) => ({ id: `${id}:${index}`, text: `${id} chunk ${index} axis${axis}`, textSpan: { start: 0, end: 1 }, vector: vector(axis, index * 0.1) })),
  };
}

/** Makes a store and remembers it, to close it (and drop its tables) at the end. */
function kept(store: VectorStore): VectorStore {
  opened.push(store);
  return store;
}

const stores: [string, (name: string) => VectorStore][] = [
  ["memoryStore", () => kept(memoryStore())],
  ["fileStore", (name) => kept(fileStore({ path: join(root, name) }))],
  ["memoryStore (HNSW)", () => kept(memoryStore({ index: "hnsw" }))],
  ["fileStore (HNSW)", (name) => kept(fileStore({ path: join(root, `${name}-hnsw`), index: "hnsw" }))],
];
if (pgvectorUrl) {
  stores.push([
    "pgvectorStore",
    (name) => {
      const table = `rag_test_${name.replace(/-/g, "_")}_${process.pid}`;
      tables.push(table);
      return kept(pgvectorStore({ connectionString: pgvectorUrl, table }));
    },
  ]);
}

describe.each(stores)("%s", (_label, make) => {
  it("records the model and dimension and refuses others", async () => {
    const store = make("manifest");
    expect(await store.open({ embeddingModelId: "model-a", dimensions: undefined })).toEqual({ embeddingModelId: "model-a", dimensions: undefined });
    await store.commit({ upsert: [document("one", [0])], remove: [] });
    await expect(store.open({ embeddingModelId: "model-b", dimensions: 4 })).rejects.toMatchObject({ field: "embedding.modelId" });
    await expect(store.open({ embeddingModelId: "model-a", dimensions: 8 })).rejects.toMatchObject({ field: "embedding.dimensions" });
    expect(await store.open({ embeddingModelId: "model-a", dimensions: undefined })).toEqual({ embeddingModelId: "model-a", dimensions: 4 });
  });

  it("refuses a commit with a vector of another size and changes nothing", async () => {
    const store = make("all-or-nothing");
    await store.open({ embeddingModelId: "model-a", dimensions: 4 });
    await store.commit({ upsert: [document("one", [0])], remove: [] });
    const bad = document("two", [1]);
    bad.chunks[0]!.vector = new Float32Array(3);
    await expect(store.commit({ upsert: [document("three", [2]), bad], remove: ["one"] })).rejects.toMatchObject({ field: "embedding.dimensions" });
    expect((await store.listDocuments()).map((summary) => summary.id)).toEqual(["one"]);
  });

  it("searches by cosine, best first; replaces and removes whole documents", async () => {
    const store = make("search");
    await store.open({ embeddingModelId: "model-a", dimensions: 4 });
    await store.commit({ upsert: [document("north", [0, 0]), document("east", [1]), document("south", [2])], remove: [] });
    const hits = await store.search(vector(0, 0.01), { numberOfResults: 3 });
    expect(hits.map((hit) => hit.chunk.id)).toEqual(["north:0", "north:1", "east:0"]);
    expect(hits[0]!.score).toBeCloseTo(1, 3);
    expect(hits[0]!.document).toMatchObject({ id: "north", uri: "north", metadata: {} });
    await store.commit({ upsert: [document("north", [2])], remove: ["east"] });
    expect((await store.listDocuments()).map((summary) => [summary.id, summary.chunkCount]).sort()).toEqual([
      ["north", 1],
      ["south", 1],
    ]);
    expect((await store.search(vector(1), { numberOfResults: 5 })).map((hit) => hit.document.id)).not.toContain("east");
  });

  it("filters before the top-k cut, on metadata and the reserved keys", async () => {
    const store = make("filter");
    await store.open({ embeddingModelId: "model-a", dimensions: 4 });
    await store.commit({
      upsert: [document("a", [0], { region: "spokane", year: 2025 }), document("b", [0], { region: "seattle", year: 2025 }), document("c", [3], { region: "spokane", year: 2023 })],
      remove: [],
    });
    const spokane = await store.search(vector(0), { numberOfResults: 2, filter: { equals: { key: "region", value: "spokane" } } });
    expect(spokane.map((hit) => hit.document.id)).toEqual(["a", "c"]);
    const byUri = await store.search(vector(0), { numberOfResults: 5, filter: { equals: { key: "x-amz-bedrock-kb-source-uri", value: "b" } } });
    expect(byUri.map((hit) => hit.document.id)).toEqual(["b"]);
    const byChunk = await store.search(vector(0), { numberOfResults: 5, filter: { in: { key: "x-amz-bedrock-kb-chunk-id", value: ["c:0"] } } });
    expect(byChunk.map((hit) => hit.chunk.id)).toEqual(["c:0"]);
  });

  it("every RetrievalFilter operator means the same in every store", async () => {
    const store = make("operators");
    await store.open({ embeddingModelId: "model-a", dimensions: 4 });
    await store.commit({
      upsert: [
        document("a", [0], { region: "spokane", year: 2025, tags: ["bgp", "fibre"], active: true }),
        document("b", [1], { region: "seattle", year: 2023, tags: ["power"], active: false }),
        document("c", [2], { region: "spokane-east", year: 2024 }),
        document("d", [3], {}),
      ],
      remove: [],
    });
    const cases: [Parameters<VectorStore["search"]>[1]["filter"], string[]][] = [
      [{ equals: { key: "region", value: "spokane" } }, ["a"]],
      [{ equals: { key: "active", value: false } }, ["b"]],
      [{ notEquals: { key: "region", value: "spokane" } }, ["b", "c", "d"]],
      [{ greaterThan: { key: "year", value: 2023 } }, ["a", "c"]],
      [{ greaterThanOrEquals: { key: "year", value: 2024 } }, ["a", "c"]],
      [{ lessThan: { key: "year", value: 2024 } }, ["b"]],
      [{ lessThanOrEquals: { key: "year", value: 2024 } }, ["b", "c"]],
      [{ in: { key: "region", value: ["seattle", "spokane-east"] } }, ["b", "c"]],
      [{ notIn: { key: "region", value: ["seattle"] } }, ["a", "c", "d"]],
      [{ startsWith: { key: "region", value: "spokane" } }, ["a", "c"]],
      [{ listContains: { key: "tags", value: "fibre" } }, ["a"]],
      [{ stringContains: { key: "region", value: "east" } }, ["c"]],
      [{ stringContains: { key: "tags", value: "owe" } }, ["b"]],
      [{ andAll: [{ startsWith: { key: "region", value: "spokane" } }, { lessThan: { key: "year", value: 2025 } }] }, ["c"]],
      [{ orAll: [{ equals: { key: "region", value: "seattle" } }, { listContains: { key: "tags", value: "bgp" } }] }, ["a", "b"]],
    ];
    for (const [filter, expected] of cases) {
      const hits = await store.search(vector(0), { numberOfResults: 10, ...(filter ? { filter } : {}) });
      expect([hits.map((hit) => hit.document.id).sort(), filter]).toEqual([expected, filter]);
    }
  });

  it("keyword search finds the chunks that hold the words, rarer words weighing more", async () => {
    const store = make("keywords");
    await store.open({ embeddingModelId: "model-a", dimensions: 4 });
    await store.commit({ upsert: [document("north", [0, 0]), document("east", [1])], remove: [] });
    const hits = await store.searchText!("east axis0", { numberOfResults: 5 });
    expect(hits[0]!.document.id).toBe("east");
    expect(hits.length).toBe(3);
    expect(await store.searchText!("nothing-here", { numberOfResults: 5 })).toEqual([]);
    // Commits after a keyword search are searched too; removed documents are not.
    await store.commit({ upsert: [document("west", [3])], remove: ["east"] });
    expect((await store.searchText!("east west", { numberOfResults: 5 })).map((hit) => hit.document.id)).toEqual(["west"]);
  });
});
