/**
 * The file store's append log through the public store API: commits append (cost follows
 * the change), a record cut short or with a wrong checksum is dropped, dead records are
 * compacted away, and the exact scan agrees with a plain dot product at any dimension.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore, localKey, memoryStore, type StoredDocument } from "bedrock-kit/rag";

const root = mkdtempSync(join(tmpdir(), "bedrock-kit-log-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let seed = 11;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function unitVector(dimensions: number): Float32Array {
  const values = Float32Array.from({ length: dimensions }, () => random() - 0.5);
  const length = Math.hypot(...values);
  return values.map((value) => value / length);
}
function document(id: string, chunks: number, dimensions = 8): StoredDocument {
  return {
    id,
    uri: id,
    contentHash: `hash-${id}`,
    metadata: { group: id.length },
    chunks: Array.from({ length: chunks }, (_, index) => ({ id: `${id}:${index}`, text: `${id} text ${index}`, textSpan: { start: 0, end: 1 }, vector: unitVector(dimensions) })),
  };
}
const ids = async (store: ReturnType<typeof fileStore>): Promise<string[]> => (await store.listDocuments()).map((summary) => summary.id).sort();

describe("fileStore's log", () => {
  it("appends each commit (the file grows by the change, not by the store) and reopens with every commit", async () => {
    const path = join(root, "append");
    const store = fileStore({ path });
    await store.open({ embeddingModelId: "model", dimensions: 8 });
    await store.commit({ upsert: [document("big", 2000)], remove: [] });
    const afterBig = statSync(join(path, "log.bkkb")).size;
    await store.commit({ upsert: [document("small", 1)], remove: [] });
    const growth = statSync(join(path, "log.bkkb")).size - afterBig;
    expect(growth).toBeGreaterThan(0);
    expect(growth).toBeLessThan(afterBig / 100);
    await store.commit({ upsert: [], remove: ["small"] });
    await store.commit({ upsert: [document("other", 3)], remove: [] });
    const reopened = fileStore({ path });
    await reopened.open({ embeddingModelId: "model", dimensions: 8 });
    expect(await ids(reopened)).toEqual(["big", "other"]);
    // The writer holds the folder's lock until it closes.
    expect(readdirSync(path)).toEqual(["log.bkkb", "writer.lock"]);
    await store.close();
    expect(readdirSync(path)).toEqual(["log.bkkb"]);
  });

  it("drops a last record whose checksum fails, then appends after the good ones", async () => {
    const path = join(root, "checksum");
    const store = fileStore({ path });
    await store.open({ embeddingModelId: "model", dimensions: 8 });
    await store.commit({ upsert: [document("first", 2)], remove: [] });
    await store.commit({ upsert: [document("second", 2)], remove: [] });
    await store.close();
    const bytes = readFileSync(join(path, "log.bkkb"));
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(join(path, "log.bkkb"), bytes);
    const reopened = fileStore({ path });
    await reopened.open({ embeddingModelId: "model", dimensions: 8 });
    expect(await ids(reopened)).toEqual(["first"]);
    await reopened.commit({ upsert: [document("third", 1)], remove: [] });
    const again = fileStore({ path });
    await again.open({ embeddingModelId: "model", dimensions: 8 });
    expect(await ids(again)).toEqual(["first", "third"]);
  });

  it("rewrites the log without its dead records once they outnumber the live ones", async () => {
    const path = join(root, "compaction");
    const store = fileStore({ path });
    await store.open({ embeddingModelId: "model", dimensions: 8 });
    await store.commit({ upsert: [document("keep", 100), document("churn", 1500)], remove: [] });
    const full = statSync(join(path, "log.bkkb")).size;
    await store.commit({ upsert: [document("churn", 1500)], remove: [] });
    expect(statSync(join(path, "log.bkkb")).size).toBeGreaterThan(full);
    await store.commit({ upsert: [], remove: ["churn"] });
    expect(statSync(join(path, "log.bkkb")).size).toBeLessThan(full / 5);
    const query = (await store.search(unitVector(8), { numberOfResults: 3 }))[0]!;
    const reopened = fileStore({ path });
    await reopened.open({ embeddingModelId: "model", dimensions: 8 });
    expect(await ids(reopened)).toEqual(["keep"]);
    expect((await reopened.search(unitVector(8), { numberOfResults: 1 }))[0]!.document.id).toBe(query.document.id);
  });

  it("encrypts every commit: several commits reopen with the key; index \"hnsw\" with encryption is refused", async () => {
    const path = join(root, "encrypted");
    const key = localKey("33".repeat(32));
    const store = fileStore({ path });
    await store.open({ embeddingModelId: "model", dimensions: 8, encryption: key });
    await store.commit({ upsert: [document("secret-one", 2)], remove: [] });
    await store.commit({ upsert: [document("secret-two", 2)], remove: [] });
    expect(readFileSync(join(path, "log.bkkb")).includes("secret")).toBe(false);
    const reopened = fileStore({ path });
    await reopened.open({ embeddingModelId: "model", dimensions: 8, encryption: key });
    expect(await ids(reopened)).toEqual(["secret-one", "secret-two"]);
    await expect(fileStore({ path, index: "hnsw" }).open({ embeddingModelId: "model", dimensions: 8, encryption: key })).rejects.toMatchObject({
      name: "ValidationError",
      field: "store.index",
      message: expect.stringContaining("encryption"),
    });
    expect(() => fileStore({ path, index: "ivf" as "hnsw" })).toThrow(expect.objectContaining({ field: "store.index", message: expect.stringContaining('"exact"') }));
  });
});

describe("the exact scan", () => {
  it("ranks and scores as a plain dot product does, at a dimension that is not a multiple of 8", async () => {
    const dimensions = 37;
    const store = memoryStore();
    await store.open({ embeddingModelId: "model", dimensions });
    const stored = Array.from({ length: 30 }, (_, index) => document(`d${index}`, 20, dimensions));
    await store.commit({ upsert: stored, remove: [] });
    const query = unitVector(dimensions);
    const expected = stored
      .flatMap((entry) => entry.chunks)
      .map((chunk) => ({ id: chunk.id, score: chunk.vector.reduce((sum, value, index) => sum + value * query[index]!, 0) }))
      .sort((left, right) => right.score - left.score)
      .slice(0, 25);
    const hits = await store.search(query, { numberOfResults: 25 });
    expect(hits.map((hit) => hit.chunk.id)).toEqual(expected.map((entry) => entry.id));
    hits.forEach((hit, rank) => expect(hit.score).toBeCloseTo(expected[rank]!.score, 5));
  });
});
