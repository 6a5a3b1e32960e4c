/**
 * `ingest` and `sync`: read, parse, chunk, embed (through the client) and commit in batches.
 * A file that cannot be read or parsed is reported and the rest goes on; a batch is
 * committed whole, so nothing is half-written.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { BedrockKitError, getModel, ValidationError, type CallOrigin } from "bedrock-kit";
import { chunkDocument } from "./chunking.js";
import { embedTexts, type EmbeddedTexts, type KnowledgeBaseContext } from "./context.js";
import { addCost, noCost, record } from "./costs.js";
import { isMetadataValue, type Metadata } from "./filter.js";
import { parseFile, whole, type ParsedDocument } from "./parse.js";
import type { DocumentInput, IngestInput, IngestOptions, IngestProgress, IngestReport } from "./ingest-types.js";
import { once } from "./optional-peer.js";
import { listFiles, readSidecar } from "./sources.js";
import type { StoredDocument } from "./store.js";

/** A document read and chunked, waiting for its vectors. */
interface PreparedDocument {
  document: Omit<StoredDocument, "chunks">;
  texts: string[];
  spans: Omit<StoredDocument["chunks"][number], "vector" | "text">[];
  existed: boolean;
}

/** Chunks per embed call: small enough for steady progress, big enough for Cohere's batches of 96. */
const batchChunks = 192;

function checkInputs(inputs: unknown): IngestInput[] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length === 0) throw new ValidationError("Invalid inputs: give at least one path or document", { field: "inputs" });
  list.forEach((input, index) => {
    if (typeof input === "string") {
      if (input === "") throw new ValidationError(`Invalid inputs[${index}]: an empty path`, { field: `inputs[${index}]` });
      return;
    }
    const document = input as Partial<DocumentInput> | null;
    if (typeof document !== "object" || document === null || typeof document.id !== "string" || document.id === "" || typeof document.text !== "string") {
      throw new ValidationError(`Invalid inputs[${index}]: expected a path or { id, text, metadata? }`, { field: `inputs[${index}]` });
    }
    if (document.metadata !== undefined && (typeof document.metadata !== "object" || document.metadata === null || Array.isArray(document.metadata))) {
      throw new ValidationError(`Invalid inputs[${index}].metadata: expected an object of flat attributes`, { field: `inputs[${index}].metadata` });
    }
    for (const [key, value] of Object.entries(document.metadata ?? {})) {
      if (!isMetadataValue(value)) {
        throw new ValidationError(`Invalid inputs[${index}].metadata.${key}: expected a string, number, boolean or list of strings`, { field: `inputs[${index}].metadata.${key}` });
      }
    }
  });
  return list as IngestInput[];
}

/** A short stable ID for chunk IDs. */
function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Reads, ingests and (for `sync`) removes: the one routine behind `ingest` and `sync`. */
export async function runIngest(context: KnowledgeBaseContext, origin: CallOrigin, inputs: unknown, options: IngestOptions | undefined, syncing: boolean): Promise<IngestReport> {
  const started = performance.now();
  const list = checkInputs(inputs);
  const paths = list.filter((input): input is string => typeof input === "string");
  const texts = list.filter((input): input is DocumentInput => typeof input !== "string");
  const listing = await listFiles(paths);
  const report: IngestReport = { added: 0, updated: 0, unchanged: 0, removed: 0, chunks: 0, failures: [...listing.failures], skipped: listing.skipped, inputTokens: 0, cost: noCost, durationMs: 0 };
  const summaries = await context.store.listDocuments();
  const stored = new Map(summaries.map((summary) => [summary.id, summary.contentHash]));
  // The embedding model's input limit in tokens (the catalog's context window), checked per chunk (its count from chunking) before any request.
  const inputLimit = getModel(context.embeddingModelId)?.contextWindow || undefined;
  const settings = JSON.stringify([context.embeddingModelId, context.requestedDimensions ?? null, context.chunking]);
  const progress: IngestProgress = { phase: "read", documentsRead: 0, documentsTotal: listing.files.length + texts.length, chunks: 0, chunksEmbedded: 0, chunksCommitted: 0, bytesRead: 0, failures: report.failures.length };
  const tell = (update: Partial<IngestProgress>): void => {
    Object.assign(progress, update, { failures: report.failures.length });
    try {
      options?.onProgress?.({ ...progress });
    } catch {
      // A progress callback cannot break an ingest.
    }
  };
  /** Before the first embedding call: a store that would refuse the write says so while nothing is spent. */
  const readyToWrite = once(async () => context.store.prepareToWrite?.());
  /** One embedding call's tokens and cost, in the knowledge base's ingest line and this report. */
  const account = (embedded: EmbeddedTexts): void => {
    record(context.costs.ingest, embedded.cost, embedded.inputTokens);
    report.inputTokens += embedded.inputTokens;
    report.cost = addCost(report.cost, embedded.cost);
  };
  // Semantic chunking embeds sentences: counted as ingest cost.
  const embedForChunking = async (texts: string[]): Promise<Float32Array[]> => {
    await readyToWrite();
    const embedded = await embedTexts(context, origin, texts, "search_document", options?.signal);
    account(embedded);
    return embedded.vectors;
  };
  let batch: PreparedDocument[] = [];
  let batchSize = 0;
  // Embedded documents are committed a batch at a time: a commit costs what it adds (the file
  // store appends to its log), and a crash loses at most the batch in progress.
  let uncommitted: { prepared: PreparedDocument; document: StoredDocument }[] = [];
  let uncommittedChunks = 0;

  const commit = async (): Promise<void> => {
    if (uncommitted.length === 0) return;
    await context.store.commit({ upsert: uncommitted.map((entry) => entry.document), remove: [] });
    for (const { prepared } of uncommitted) {
      if (prepared.existed) report.updated += 1;
      else report.added += 1;
      stored.set(prepared.document.id, prepared.document.contentHash);
    }
    report.chunks += uncommittedChunks;
    const chunksCommitted = progress.chunksCommitted + uncommittedChunks;
    uncommitted = [];
    uncommittedChunks = 0;
    tell({ phase: "committed", chunksCommitted, path: undefined });
  };

  const flush = async (): Promise<void> => {
    while (batch.length > 0) {
      options?.signal?.throwIfAborted();
      const chunkTexts = batch.flatMap((prepared) => prepared.texts);
      await readyToWrite();
      let embedded;
      try {
        embedded = await embedTexts(context, origin, chunkTexts, "search_document", options?.signal);
      } catch (error) {
        // A text the model refuses (e.g. over its input limit with chunking "none") fails its document only.
        const match = error instanceof ValidationError ? /^texts\[(\d+)\]$/.exec(error.field ?? "") : null;
        if (!match) throw error;
        let position = Number(match[1]);
        const failed = batch.find((prepared) => (position -= prepared.texts.length) < 0)!;
        report.failures.push({ path: failed.document.id, reason: (error as Error).message });
        batch = batch.filter((prepared) => prepared !== failed);
        continue;
      }
      account(embedded);
      let next = 0;
      for (const prepared of batch) {
        const document: StoredDocument = {
          ...prepared.document,
          chunks: prepared.spans.map((span, index) => ({ ...span, text: prepared.texts[index]!, vector: embedded.vectors[next++]! })),
        };
        uncommitted.push({ prepared, document });
      }
      uncommittedChunks += chunkTexts.length;
      batch = [];
      batchSize = 0;
      tell({ phase: "embedded", chunksEmbedded: progress.chunksEmbedded + chunkTexts.length, path: undefined });
      if (uncommittedChunks >= batchChunks) await commit();
    }
  };

  const prepare = async (id: string, parsed: () => Promise<ParsedDocument>, metadata: Metadata, hashed: Uint8Array[], bytes: number): Promise<void> => {
    const hash = createHash("sha256");
    for (const part of hashed) hash.update(part);
    const contentHash = hash.update(settings).digest("hex");
    if (stored.get(id) === contentHash) {
      report.unchanged += 1;
      tell({ phase: "read", path: id, documentsRead: progress.documentsRead + 1, bytesRead: progress.bytesRead + bytes });
      return;
    }
    const { text, sections } = await parsed();
    if (text.trim() === "") throw new Error("no text could be extracted (a scanned PDF needs OCR first)");
    const { chunks, parents } = await chunkDocument(text, sections, context.chunking, context.embeddingModelId, embedForChunking);
    if (inputLimit !== undefined) {
      for (const [index, chunk] of chunks.entries()) {
        if (chunk.tokens > inputLimit) {
          throw new Error(`chunk ${index} has about ${chunk.tokens} tokens, over ${context.embeddingModelId}'s input limit of ${inputLimit}; choose smaller chunks (it is never truncated)`);
        }
      }
    }
    const prefix = shortHash(id);
    const document: Omit<StoredDocument, "chunks"> = { id, uri: id, contentHash, metadata };
    if (parents.length > 0) {
      document.parents = parents.map((parent, index) => ({ id: `${prefix}:p${index}`, text: text.slice(parent.start, parent.end), textSpan: { start: parent.start, end: parent.end }, ...(parent.page === undefined ? {} : { page: parent.page }) }));
    }
    batch.push({
      document,
      existed: stored.has(id),
      texts: chunks.map((chunk) => text.slice(chunk.start, chunk.end)),
      spans: chunks.map((chunk, index) => ({
        id: `${prefix}:${index}`,
        textSpan: { start: chunk.start, end: chunk.end },
        ...(chunk.page === undefined ? {} : { page: chunk.page }),
        ...(chunk.parent === undefined ? {} : { parentId: `${prefix}:p${chunk.parent}` }),
      })),
    });
    batchSize += chunks.length;
    tell({ phase: "read", path: id, documentsRead: progress.documentsRead + 1, chunks: progress.chunks + chunks.length, bytesRead: progress.bytesRead + bytes });
  };

  const attempt = async (id: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      // A failed call of the client (throttled, over budget, refused by policy, aborted) is not about this file: it
      // ends the ingest. Only a text the embedding model refuses (field texts[i]) is this file's failure.
      if (error instanceof BedrockKitError && !(error instanceof ValidationError && /^texts\[/.test(error.field ?? ""))) throw error;
      report.failures.push({ path: id, reason: error instanceof Error ? error.message : String(error) });
      tell({ phase: "read", path: id, documentsRead: progress.documentsRead + 1 });
    }
    if (batchSize >= batchChunks) await flush();
  };

  try {
    for (const path of listing.files) {
      options?.signal?.throwIfAborted();
      await attempt(path, async () => {
        const bytes = await readFile(path);
        const sidecar = await readSidecar(path);
        await prepare(path, () => parseFile(path, bytes), sidecar?.metadata ?? {}, sidecar ? [bytes, sidecar.bytes] : [bytes], bytes.length);
      });
    }
    for (const input of texts) {
      options?.signal?.throwIfAborted();
      await attempt(input.id, async () => {
        const metadata = input.metadata ?? {};
        const bytes = Buffer.from(input.text);
        await prepare(input.id, async () => whole(input.text.trim()), metadata, [bytes, Buffer.from(JSON.stringify(metadata))], bytes.length);
      });
    }
    await flush();
  } catch (error) {
    // What was embedded (and paid for) is kept before the error goes on.
    await commit().catch(() => undefined);
    throw error;
  }
  await commit();

  if (syncing) {
    const folders = paths.map((path) => resolve(path));
    const present = new Set(listing.files);
    const gone = [...stored.keys()].filter((id) => !present.has(id) && folders.some((folder) => id === folder || id.startsWith(folder + sep)));
    if (gone.length > 0) {
      await context.store.commit({ upsert: [], remove: gone });
      report.removed = gone.length;
    }
  }
  report.durationMs = performance.now() - started;
  return report;
}
