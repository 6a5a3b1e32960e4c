/**
 * `index: "hnsw"` through the public store API (usearch is installed as a devDependency):
 * recall@10 against the exact scan on clustered vectors, filters applied before the cut
 * (exact over a narrow filter's rows, over-fetching from HNSW for a wide one), and the file
 * store's saved index: reused when it matches, brought up to date after a crash, rebuilt
 * when it is missing or its bytes changed.
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore, memoryStore, type RetrievalFilter, type StoredDocument, type VectorStore } from "bedrock-kit/rag";

const root = mkdtempSync(join(tmpdir(), "bedrock-kit-hnsw-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dimensions = 32;
let seed = 5;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const unit = (values: Float32Array): Float32Array => {
  const length = Math.hypot(...values);
  return values.map((value) => value / length);
};
const centres = Array.from({ length: 20 }, () => unit(Float32Array.from({ length: dimensions }, () => random() - 0.5)));
/** A unit vector near one of 20 centres: embeddings cluster, and so do these. */
const clustered = (): Float32Array => {
  const centre = centres[Math.floor(random() * centres.length)]!;
  return unit(centre.map((value) => value + (random() - 0.5) * 0.3));
};
/** Documents of 10 chunks; `shard` 0–9 by document. */
function documents(count: number, prefix = "d"): StoredDocument[] {
  return Array.from({ length: count / 10 }, (_, index) => ({
    id: `${prefix}${index}`,
    uri: `${prefix}${index}`,
    contentHash: "",
    metadata: { shard: index % 10 },
    chunks: Array.from({ length: 10 }, (_, offset) => ({ id: `${prefix}${index}:${offset}`, text: "", textSpan: { start: 0, end: 0 }, vector: clustered() })),
  }));
}
const ids = (hits: { chunk: { id: string } }[]): string[] => hits.map((hit) => hit.chunk.id);

async function recall(approximate: VectorStore, exact: VectorStore, queries: Float32Array[], filter?: RetrievalFilter): Promise<number> {
  let agreed = 0;
  for (const query of queries) {
    const truth = ids(await exact.search(query, { numberOfResults: 10, ...(filter && { filter }) }));
    const found = await approximate.search(query, { numberOfResults: 10, ...(filter && { filter }) });
    expect(found).toHaveLength(10);
    agreed += ids(found).filter((id) => truth.includes(id)).length;
  }
  return agreed / (queries.length * 10);
}

describe("index: \"hnsw\"", () => {
  it("finds the exact top-10 at recall ≥ 0.95 over 5,000 chunks, with filters applied before the cut", async () => {
    const stored = documents(5000);
    const exact = memoryStore();
    const approximate = memoryStore({ index: "hnsw" });
    for (const store of [exact, approximate]) {
      await store.open({ embeddingModelId: "model", dimensions });
      await store.commit({ upsert: stored, remove: [] });
    }
    const queries = Array.from({ length: 30 }, clustered);
    expect(await recall(approximate, exact, queries)).toBeGreaterThanOrEqual(0.95);
    // Half the chunks pass: HNSW over-fetches, and every hit passes.
    const wide: RetrievalFilter = { lessThan: { key: "shard", value: 5 } };
    expect(await recall(approximate, exact, queries, wide)).toBeGreaterThanOrEqual(0.95);
    // One document passes: the exact scan over its rows, the same answer as the exact store.
    const narrow: RetrievalFilter = { equals: { key: "x-amz-bedrock-kb-source-uri", value: "d7" } };
    for (const query of queries.slice(0, 5)) {
      expect(ids(await approximate.search(query, { numberOfResults: 10, filter: narrow }))).toEqual(ids(await exact.search(query, { numberOfResults: 10, filter: narrow })));
    }
    // Replaced and removed documents leave the index too.
    await approximate.commit({ upsert: documents(100, "d"), remove: ["d20"] });
    const after = await approximate.search(stored[20]!.chunks[3]!.vector, { numberOfResults: 10 });
    expect(after.map((hit) => hit.document.id)).not.toContain("d20");
    expect(after[0]!.score).toBeLessThan(0.9999);
  });

  it("fileStore saves the index beside the log, reuses it, catches up after a crash, and rebuilds a missing or changed one", async () => {
    const path = join(root, "saved");
    const indexFiles = (): string[] => readdirSync(path).filter((name) => name.endsWith(".usearch"));
    const open = async (): Promise<VectorStore> => {
      const store = fileStore({ path, index: "hnsw" });
      await store.open({ embeddingModelId: "model", dimensions });
      return store;
    };
    const first = await open();
    const stored = documents(2000);
    await first.commit({ upsert: stored, remove: [] });
    await first.close();
    const [saved] = indexFiles();
    expect(saved).toMatch(/^hnsw-[0-9a-f]+-2000-\d+-[0-9a-f]{8}\.usearch$/);
    const modified = statSync(join(path, saved!)).mtimeMs;

    // Reused as it is: not rebuilt, not written again.
    const second = await open();
    const probe = stored[12]!.chunks[4]!;
    expect((await second.search(probe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(probe.id);
    // A crash (no close) after more commits: the next open adds what the saved index lacks.
    const later = documents(50, "later");
    await second.commit({ upsert: later, remove: ["d12"] });
    // As a dead writer's would be, its lock is the next writer's to take.
    rmSync(join(path, "writer.lock"));
    expect(indexFiles()).toEqual([saved]);
    expect(statSync(join(path, saved!)).mtimeMs).toBe(modified);
    const third = await open();
    const laterProbe = later[2]!.chunks[7]!;
    expect((await third.search(laterProbe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(laterProbe.id);
    expect((await third.search(probe.vector, { numberOfResults: 10 })).map((hit) => hit.document.id)).not.toContain("d12");
    await third.close();

    // Changed bytes: never handed to usearch; rebuilt and saved again.
    const [current] = indexFiles();
    writeFileSync(join(path, current!), Buffer.alloc(statSync(join(path, current!)).size, 7));
    const fourth = await open();
    expect((await fourth.search(laterProbe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(laterProbe.id);
    expect(indexFiles()).toHaveLength(1);
    await fourth.close();
    // Missing: rebuilt.
    rmSync(join(path, indexFiles()[0]!));
    const fifth = await open();
    expect((await fifth.search(probe.vector, { numberOfResults: 10 })).length).toBe(10);
    expect(indexFiles()).toHaveLength(1);
    await fifth.close();
  });

  it("fileStore reads a saved index only after checking its bytes again: one changed since the open is rebuilt on the first commit", async () => {
    const path = join(root, "changed-while-open");
    const indexFiles = (): string[] => readdirSync(path).filter((name) => name.endsWith(".usearch"));
    const first = fileStore({ path, index: "hnsw" });
    await first.open({ embeddingModelId: "model", dimensions });
    // Over 1,024 chunks, so that a rebuilt index is saved at once (a read one is not: 20 chunks change).
    const stored = documents(1100);
    await first.commit({ upsert: stored, remove: [] });
    await first.close();
    const [saved] = indexFiles();

    const store = fileStore({ path, index: "hnsw" });
    await store.open({ embeddingModelId: "model", dimensions });
    const probe = stored[40]!.chunks[2]!;
    expect((await store.search(probe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(probe.id);
    // Another writer swaps in a file of the same name and length with one vector byte changed (usearch itself would read it).
    const bytes = readFileSync(join(path, saved!));
    bytes[100]! ^= 0xff;
    writeFileSync(join(path, "swap.tmp"), bytes);
    renameSync(join(path, "swap.tmp"), join(path, saved!));
    const later = documents(20, "later");
    await store.commit({ upsert: later, remove: [] });
    // Rebuilt from the store's own vectors and saved at once, not read from the changed file.
    expect(indexFiles()).toEqual([expect.stringMatching(/-1120-/)]);
    const laterProbe = later[1]!.chunks[5]!;
    expect((await store.search(laterProbe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(laterProbe.id);
    expect((await store.search(probe.vector, { numberOfResults: 10 }))[0]!.chunk.id).toBe(probe.id);
    await store.close();
  });
});
