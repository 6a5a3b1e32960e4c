/**
 * The embedded stores at 10,000 and 100,000 chunks × 1,024 dimensions, offline.
 *   npx tsx bench/rag-scale.ts            (RAG_SCALE_SIZES=10000 to run one size)
 * Vectors: unit vectors drawn around 200 random cluster centres (as in the research note,
 * agents-rag-anchors.md §4.1: real embeddings cluster; uniform noise is HNSW's worst case),
 * committed directly to the store in documents of 10 chunks with ~40 words of text each —
 * embedding 100,000 chunks through the offline Bedrock would take minutes and measure the
 * simulation. Queries: 50 vectors from the same distribution, not in the store.
 * Per size: the first commit (a log rewrite), commit of 100 more chunks (append), top-10 exact
 * (fileStore, index "exact"): median, with a filter passing 10% and 1%; the same through the
 * previous plain-loop scan on the same vectors (A/B, interleaved); cold open + first query;
 * then index "hnsw": build, top-10 median, recall@10 against the exact answers (unfiltered and
 * with the 10% filter), reopen with the saved index, commit of 100 chunks; RSS along the way.
 * Ingest: 1,000 text pages (~500 words each) through the offline Bedrock (Titan Text V2,
 * 1,024 dimensions) into a file store; pages per minute.
 * LangChain's MemoryVectorStore (`@langchain/classic`) on the same vectors and queries, when installed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore, type RetrievalFilter, type StoredDocument, type VectorStore } from "bedrock-kit/rag";
import { startLocalBedrock } from "bedrock-kit/testing";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const dimensions = 1024;
const median = (values: number[]): number => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;
const megabytes = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);
let state = 0x9e3779b9;
/** xorshift32, in [0, 1). */
const random = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const words = "circuit router fibre outage spokane seattle ring amplifier keepalive session neighbor prefix invoice ticket customer span optical protection".split(" ");
const sentence = (length: number): string => Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(" ");

const centres = Array.from({ length: 200 }, () => unit(Float32Array.from({ length: dimensions }, () => random() - 0.5)));
function unit(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  for (let index = 0; index < vector.length; index++) vector[index]! /= length;
  return vector;
}
/** A unit vector near a random centre (noise about as long as the centre). */
function clustered(): Float32Array {
  const centre = centres[Math.floor(random() * centres.length)]!;
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = centre[index]! + (random() - 0.5) * 0.11;
  return unit(vector);
}
function documents(first: number, chunks: number, prefix: string): StoredDocument[] {
  const made: StoredDocument[] = [];
  for (let start = first; start < first + chunks; start += 10) {
    made.push({
      id: `${prefix}-${start}`,
      uri: `${prefix}-${start}`,
      contentHash: "",
      metadata: { shard: (start / 10) % 10, bucket: (start / 10) % 100 },
      chunks: Array.from({ length: Math.min(10, first + chunks - start) }, (_, offset) => ({ id: `${prefix}-${start + offset}`, text: sentence(40), textSpan: { start: 0, end: 0 }, vector: clustered() })),
    });
  }
  return made;
}

/** The LangChain.js store users compare with (`@langchain/classic` 1.x, a devDependency here), on the same vectors and queries. */
interface LangChainMemoryStore {
  addVectors(vectors: number[][], documents: { pageContent: string; metadata: Record<string, unknown> }[]): Promise<void>;
  similaritySearchVectorWithScore(query: number[], k: number): Promise<[{ metadata: Record<string, unknown> }, number][]>;
}

/** LangChain's MemoryVectorStore: load time, top-10 median and recall against a float64 scan; skipped when not installed. */
async function measureLangChain(stored: StoredDocument[], queries: Float32Array[], flat: Float32Array): Promise<void> {
  const module = (await import("@langchain/classic/vectorstores/memory").catch(() => undefined)) as { MemoryVectorStore: new (embeddings: unknown) => LangChainMemoryStore } | undefined;
  if (!module) return console.log("LangChain MemoryVectorStore: not installed, not measured");
  const chunks = stored.flatMap((document) => document.chunks);
  const store = new module.MemoryVectorStore({ embedDocuments: async () => [], embedQuery: async () => [] });
  const [, loadMs] = await timed(() => store.addVectors(chunks.map((chunk) => Array.from(chunk.vector)), chunks.map((chunk) => ({ pageContent: chunk.text, metadata: { id: chunk.id } }))));
  const times: number[] = [];
  let agreeing = 0;
  for (const query of queries.slice(0, 20)) {
    const [hits, ms] = await timed(() => store.similaritySearchVectorWithScore(Array.from(query), 10));
    times.push(ms);
    const found = new Set(hits.map(([document]) => document.metadata.id as string));
    // Against a float64 scan of the same vectors (the store under test also holds later appends).
    agreeing += plainLoopTop10(flat, chunks.length, query).filter((row) => found.has(chunks[row]!.id)).length / 10;
  }
  console.log(`LangChain MemoryVectorStore (@langchain/classic): load ${(loadMs / 1000).toFixed(1)} s, top-10 median of 20: ${median(times).toFixed(1)} ms, recall@10 against a float64 scan ${(agreeing / 20).toFixed(3)}; RSS ${megabytes()} MB`);
}

/** The previous exact scan (one loop per row, float64 sums), over the same vectors: the A side of the A/B. */
function plainLoopTop10(vectors: Float32Array, count: number, query: Float32Array): number[] {
  const best: number[] = [];
  const bestScores: number[] = [];
  for (let index = 0; index < count; index++) {
    let score = 0;
    const offset = index * dimensions;
    for (let position = 0; position < dimensions; position++) score += vectors[offset + position]! * query[position]!;
    if (bestScores.length === 10 && score <= bestScores[9]!) continue;
    let at = bestScores.length;
    while (at > 0 && bestScores[at - 1]! < score) at--;
    bestScores.splice(at, 0, score);
    best.splice(at, 0, index);
    if (bestScores.length > 10) {
      bestScores.pop();
      best.pop();
    }
  }
  return best;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}
/** Wall time and this process's CPU time (user + system) of some work, in ms: on a shared machine the wall time includes waiting for a core. */
async function timedWithCpu(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const [, wall] = await timed(work);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}
const wallAndCpu = (runs: { wall: number; cpu: number }[]): string =>
  `${median(runs.map((run) => run.wall)).toFixed(0)} ms (CPU ${median(runs.map((run) => run.cpu)).toFixed(0)} ms)`;

const ids = (hits: { chunk: { id: string } }[]): string[] => hits.map((hit) => hit.chunk.id);
const tenth: RetrievalFilter = { equals: { key: "shard", value: 3 } };
const hundredth: RetrievalFilter = { equals: { key: "bucket", value: 42 } };

const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-rag-scale-"));
const sizes = (process.env.RAG_SCALE_SIZES ?? "10000,100000").split(",").map(Number);
try {
  for (const size of sizes) {
    const path = join(folder, `store-${size}`);
    const stored = documents(0, size, "chunk");
    const queries = Array.from({ length: 50 }, clustered);
    console.log(`\n== ${size} × ${dimensions} (RSS ${megabytes()} MB with the source vectors) ==`);

    const exact = fileStore({ path });
    await exact.open({ embeddingModelId: "synthetic", dimensions });
    const [, firstCommit] = await timed(() => exact.commit({ upsert: stored, remove: [] }));
    const appends: number[] = [];
    for (let round = 0; round < 5; round++) appends.push((await timed(() => exact.commit({ upsert: documents(size + round * 100, 100, "more"), remove: [] })))[1]);
    console.log(`fileStore commit: first (log written whole) ${(firstCommit / 1000).toFixed(1)} s; 100 more chunks (append), median of 5: ${median(appends).toFixed(0)} ms`);

    // A/B: the previous plain loop over one Float32Array against the store's exact search, interleaved.
    const flat = new Float32Array(size * dimensions);
    stored.flatMap((document) => document.chunks).forEach((chunk, index) => flat.set(chunk.vector, index * dimensions));
    const truth: string[][] = [];
    const exactTimes: number[] = [];
    const plainTimes: number[] = [];
    for (const query of queries) {
      const [hits, exactMs] = await timed(() => exact.search(query, { numberOfResults: 10 }));
      truth.push(ids(hits));
      exactTimes.push(exactMs);
      plainTimes.push((await timed(async () => plainLoopTop10(flat, size, query)))[1]);
    }
    const tenthTimes: number[] = [];
    const hundredthTimes: number[] = [];
    const tenthTruth: string[][] = [];
    for (const query of queries) {
      const [hits, ms] = await timed(() => exact.search(query, { numberOfResults: 10, filter: tenth }));
      tenthTruth.push(ids(hits));
      tenthTimes.push(ms);
      hundredthTimes.push((await timed(() => exact.search(query, { numberOfResults: 10, filter: hundredth })))[1]);
    }
    console.log(
      `exact top-10, median of 50: ${median(exactTimes).toFixed(1)} ms (previous plain loop on the same vectors: ${median(plainTimes).toFixed(1)} ms); filter passing 10%: ${median(tenthTimes).toFixed(1)} ms, 1%: ${median(hundredthTimes).toFixed(1)} ms; RSS ${megabytes()} MB`,
    );
    await measureLangChain(stored, queries, flat);
    await exact.close();

    const reopenTimes: { wall: number; cpu: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const reopened = fileStore({ path });
      reopenTimes.push(
        await timedWithCpu(async () => {
          await reopened.open({ embeddingModelId: "synthetic", dimensions });
          await reopened.search(queries[0]!, { numberOfResults: 10 });
        }),
      );
      await reopened.close();
    }
    console.log(`exact: cold open + first query, median of 3: ${wallAndCpu(reopenTimes)}`);

    const hnsw = fileStore({ path, index: "hnsw" });
    const [, buildMs] = await timed(() => hnsw.open({ embeddingModelId: "synthetic", dimensions }));
    const hnswTimes: number[] = [];
    const filteredTimes: number[] = [];
    let agreed = 0;
    let filteredAgreed = 0;
    let filteredShort = 0;
    for (const [position, query] of queries.entries()) {
      const [hits, ms] = await timed(() => hnsw.search(query, { numberOfResults: 10 }));
      hnswTimes.push(ms);
      agreed += ids(hits).filter((id) => truth[position]!.includes(id)).length;
      const [filtered, filteredMs] = await timed(() => hnsw.search(query, { numberOfResults: 10, filter: tenth }));
      filteredTimes.push(filteredMs);
      filteredAgreed += ids(filtered).filter((id) => tenthTruth[position]!.includes(id)).length;
      if (filtered.length < 10) filteredShort += 1;
    }
    console.log(
      `hnsw: open with a new index (build + save) ${(buildMs / 1000).toFixed(1)} s; top-10 median ${median(hnswTimes).toFixed(2)} ms, recall@10 ${(agreed / 500).toFixed(3)}; filter passing 10%: ${median(filteredTimes).toFixed(2)} ms, recall@10 ${(filteredAgreed / 500).toFixed(3)}, ${filteredShort} of 50 short; RSS ${megabytes()} MB`,
    );
    const hnswAppends: number[] = [];
    for (let round = 0; round < 5; round++) hnswAppends.push((await timed(() => hnsw.commit({ upsert: documents(size + 500 + round * 100, 100, "later"), remove: [] })))[1]);
    await hnsw.close();
    const hnswReopens: { wall: number; cpu: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const reopened = fileStore({ path, index: "hnsw" });
      hnswReopens.push(
        await timedWithCpu(async () => {
          await reopened.open({ embeddingModelId: "synthetic", dimensions });
          await reopened.search(queries[0]!, { numberOfResults: 10 });
        }),
      );
      await reopened.close();
    }
    console.log(`hnsw: commit of 100 chunks, median of 5: ${median(hnswAppends).toFixed(0)} ms; cold open with the saved index + first query, median of 3: ${wallAndCpu(hnswReopens)}; RSS ${megabytes()} MB`);
  }

  const bedrock = await startLocalBedrock();
  try {
    const fm = createClient({ ...bedrock.clientOptions, maxRetries: 0 });
    const pages = Number(process.env.RAG_SCALE_PAGES ?? 1000);
    const store: VectorStore = fileStore({ path: join(folder, "ingest") });
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions }, store });
    const input = Array.from({ length: pages }, (_, index) => ({ id: `page-${index}`, text: Array.from({ length: 40 }, () => `${sentence(12)}.`).join(" ") }));
    const [report, ms] = await timed(() => kb.ingest(input));
    console.log(`\ningest offline: ${pages} pages of ~500 words (${report.chunks} chunks) into a file store in ${(ms / 1000).toFixed(1)} s = ${Math.round(pages / (ms / 60_000))} pages/minute`);
    await kb.close();
  } finally {
    await bedrock.close();
  }

  console.log("LlamaIndex SimpleVectorStore: not measured (its package, llamaindex, is not installed here: SimpleVectorStore is not in @llamaindex/core)");
} finally {
  rmSync(folder, { recursive: true, force: true });
}
