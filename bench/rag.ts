/**
 * Knowledge-base speed, offline.
 *   npx tsx bench/rag.ts
 * Ingest: 500 text documents (RAG_BENCH_DOCUMENTS to change) of about 1,500 words (default chunking, Titan Text V2 at 1,024
 * dimensions, one request per chunk as Titan takes one text per call) through the offline
 * Bedrock into a memory store and into a file store; chunks per second end to end.
 * Query: top-10 over 10,000 and 50,000 random unit vectors of 1,024 dimensions in the flat
 * index (vectors committed directly, no embedding), median of 30 queries, without and with
 * a metadata filter; plus the file store's cold open of the 10,000-chunk store. With
 * PGVECTOR_URL set, the same 10,000 vectors in pgvectorStore (HNSW): commit and top-10 query.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore, memoryStore, pgvectorStore, type StoredDocument, type VectorStore } from "bedrock-kit/rag";
import { startLocalBedrock } from "bedrock-kit/testing";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;
const words = "circuit router fibre outage spokane seattle ring amplifier keepalive session neighbor prefix invoice ticket customer span optical protection".split(" ");
let seed = 7;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sentence = (): string => `${Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(" ")}.`;
const documentText = (): string => Array.from({ length: 125 }, sentence).join(" ");

const bedrock = await startLocalBedrock();
const fm = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-rag-bench-"));
try {
  const documents = Array.from({ length: Number(process.env.RAG_BENCH_DOCUMENTS ?? 500) }, (_, index) => ({ id: `doc-${index}`, text: documentText(), metadata: { shard: index % 10 } }));
  for (const [label, store] of [["memory", memoryStore()], ["file", fileStore({ path: join(folder, "ingest") })]] as [string, VectorStore][]) {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0" }, store });
    const started = performance.now();
    let commits = 0;
    const report = await kb.ingest(documents, { onProgress: (progress) => void (progress.phase === "committed" && commits++) });
    const seconds = (performance.now() - started) / 1000;
    console.log(`ingest (${label} store): ${report.chunks} chunks of ${documents.length} documents in ${seconds.toFixed(1)} s = ${Math.round(report.chunks / seconds)} chunks/s, ${commits} commits`);
    const times: number[] = [];
    for (let run = 0; run < 20; run++) {
      const begin = performance.now();
      await kb.retrieve(`${words[run % words.length]} outage on the ring`, { numberOfResults: 10 });
      times.push(performance.now() - begin);
    }
    console.log(`  retrieve over ${report.chunks} chunks, query embedded through the offline Bedrock: median ${median(times).toFixed(1)} ms`);
  }

  for (const count of [10_000, 50_000]) {
    const dimensions = 1024;
    const stored: StoredDocument[] = [];
    for (let start = 0; start < count; start += 100) {
      stored.push({
        id: `synthetic-${start}`,
        uri: `synthetic-${start}`,
        contentHash: "",
        metadata: { shard: (start / 100) % 10 },
        chunks: Array.from({ length: 100 }, (_, offset) => {
          const vector = new Float32Array(dimensions).map(() => random() - 0.5);
          const length = Math.hypot(...vector);
          return { id: `${start + offset}`, text: "", textSpan: { start: 0, end: 0 }, vector: vector.map((value) => value / length) };
        }),
      });
    }
    const path = join(folder, `flat-${count}`);
    const store = fileStore({ path });
    await store.open({ embeddingModelId: "synthetic", dimensions });
    const writeStart = performance.now();
    await store.commit({ upsert: stored, remove: [] });
    const writeMs = performance.now() - writeStart;
    const query = stored[0]!.chunks[0]!.vector;
    const plain: number[] = [];
    const filtered: number[] = [];
    for (let run = 0; run < 30; run++) {
      let begin = performance.now();
      await store.search(query, { numberOfResults: 10 });
      plain.push(performance.now() - begin);
      begin = performance.now();
      await store.search(query, { numberOfResults: 10, filter: { equals: { key: "shard", value: 3 } } });
      filtered.push(performance.now() - begin);
    }
    const reopened = fileStore({ path });
    const openStart = performance.now();
    await reopened.open({ embeddingModelId: "synthetic", dimensions });
    await reopened.search(query, { numberOfResults: 10 });
    const openMs = performance.now() - openStart;
    console.log(
      `flat index ${count} × ${dimensions}: top-10 median ${median(plain).toFixed(1)} ms, with a filter ${median(filtered).toFixed(1)} ms; commit (write) ${Math.round(writeMs)} ms; cold open + first query ${Math.round(openMs)} ms`,
    );
    const pgvectorUrl = process.env.PGVECTOR_URL;
    if (pgvectorUrl && count === 10_000) {
      const table = `rag_bench_${process.pid}`;
      const postgres = pgvectorStore({ connectionString: pgvectorUrl, table });
      await postgres.open({ embeddingModelId: "synthetic", dimensions });
      const commitStart = performance.now();
      await postgres.commit({ upsert: stored, remove: [] });
      const commitMs = performance.now() - commitStart;
      const pgPlain: number[] = [];
      const pgFiltered: number[] = [];
      for (let run = 0; run < 30; run++) {
        let begin = performance.now();
        await postgres.search(query, { numberOfResults: 10 });
        pgPlain.push(performance.now() - begin);
        begin = performance.now();
        await postgres.search(query, { numberOfResults: 10, filter: { equals: { key: "shard", value: 3 } } });
        pgFiltered.push(performance.now() - begin);
      }
      // Recall against the exact scan, on ten stored vectors used as queries (random data is HNSW's hardest case).
      let agreed = 0;
      for (let sample = 0; sample < 10; sample++) {
        const probe = stored[sample * 9]!.chunks[sample]!.vector;
        const truth = new Set((await store.search(probe, { numberOfResults: 10 })).map((hit) => hit.chunk.id));
        agreed += (await postgres.search(probe, { numberOfResults: 10 })).filter((hit) => truth.has(hit.chunk.id)).length;
      }
      console.log(
        `pgvector ${count} × ${dimensions} (HNSW): commit with index build ${Math.round(commitMs)} ms; top-10 median ${median(pgPlain).toFixed(1)} ms, with a filter ${median(pgFiltered).toFixed(1)} ms; recall@10 ${(agreed / 100).toFixed(2)}`,
      );
      await postgres.commit({ upsert: [], remove: stored.map((document) => document.id) });
      await postgres.close();
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: pgvectorUrl });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS "${table}", "${table}_documents", "${table}_manifest" CASCADE`);
      await client.end();
    }
  }
} finally {
  await bedrock.close();
  rmSync(folder, { recursive: true, force: true });
}
