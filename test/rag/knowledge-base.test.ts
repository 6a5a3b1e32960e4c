/**
 * bedrock-kit/rag through its public API against the offline Bedrock, whose Titan
 * embeddings keep texts that share words close (so retrieval order is predictable).
 */
import { appendFileSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type BedrockKitClient, type BedrockKitEvent } from "bedrock-kit";
import { createKnowledgeBase, fileStore, type IngestProgress } from "bedrock-kit/rag";
import type { LocalBedrock } from "bedrock-kit/testing";
import { haiku, setup } from "../helpers.js";
import { makeDocx, makePdf } from "./documents.js";

const titan = "amazon.titan-embed-text-v2:0";
let bedrock: LocalBedrock;
let fm: BedrockKitClient;
let root: string;
let docs: string;
const events: BedrockKitEvent[] = [];

beforeAll(async () => {
  ({ bedrock, fm } = await setup({ onEvent: (event) => events.push(event) }));
  root = mkdtempSync(join(tmpdir(), "bedrock-kit-rag-"));
  docs = join(root, "docs");
  mkdirSync(join(docs, "outages"), { recursive: true });
  writeFileSync(join(docs, "bgp-runbook.md"), "# BGP runbook\n\nA BGP circuit goes down when the peer router stops sending keepalives. Check the BGP session state and the hold timer. Reset the BGP neighbor after the fibre is repaired.\n");
  writeFileSync(join(docs, "bgp-runbook.md.metadata.json"), JSON.stringify({ metadataAttributes: { region: "spokane", year: 2025, tags: ["bgp", "routing"] } }));
  writeFileSync(
    join(docs, "billing.html"),
    "<html><head><style>.invoice { color: red }</style><script>var trackingPixel = 'secretscript';</script></head><body><h1>Billing</h1><p>Invoices are sent on the first day of the month. Pay your invoice online.</p></body></html>",
  );
  writeFileSync(join(docs, "billing.html.metadata.json"), JSON.stringify({ metadataAttributes: { region: { value: { type: "STRING", stringValue: "seattle" } }, year: 2023 } }));
  writeFileSync(join(docs, "outages", "spokane.pdf"), makePdf(["Outage report for the Spokane site.\nPower was restored at noon.", "The fibre cut near the river took the DWDM ring down.\nSplicing crews repaired the fibre cut overnight."]));
  writeFileSync(join(docs, "outages", "router.docx"), makeDocx(["Router replacement procedure", "Swap the line card, then verify the optical levels on the router."]));
  writeFileSync(join(docs, "outages", "broken.pdf"), "%PDF-1.4 this is not really a PDF");
  writeFileSync(join(docs, "outages", "photo.png"), "not read");
});

afterAll(async () => {
  await bedrock.close();
  rmSync(root, { recursive: true, force: true });
});

describe("ingest", () => {
  it("reads a folder of Markdown, HTML, PDF and DOCX with sidecar metadata, reports the bad file and goes on, with progress and cost", async () => {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    const progress: IngestProgress[] = [];
    const before = fm.costs().calls;
    const report = await kb.ingest([docs], { onProgress: (step) => progress.push(step) });
    expect(report.failures.map((failure) => failure.path)).toEqual([join(docs, "outages", "broken.pdf")]);
    expect(report.added).toBe(4);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.path).toBe(join(docs, "outages", "broken.pdf"));
    expect(report.failures[0]!.reason).not.toBe("");
    expect(report.skipped).toEqual([join(docs, "outages", "photo.png")]);
    expect(report.chunks).toBeGreaterThanOrEqual(5);
    expect(report.inputTokens).toBeGreaterThan(0);
    expect(report.cost!.totalUsd).toBeGreaterThan(0);
    // Every chunk went through fm.embed: the client's ledger and events saw them.
    expect(fm.costs().calls).toBeGreaterThan(before);
    expect(events.some((event) => event.type === "request" && event.operation === "embed")).toBe(true);
    expect(kb.costs().ingest.totalUsd).toBeCloseTo(report.cost!.totalUsd, 12);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ phase: "committed", documentsRead: 5, documentsTotal: 5, chunksEmbedded: report.chunks, chunksCommitted: report.chunks, failures: 1 });
    expect(progress.some((step) => step.phase === "embedded")).toBe(true);
    expect(last.bytesRead).toBeGreaterThan(500);
    expect(progress.filter((step) => step.phase === "read").map((step) => step.path)).toContain(join(docs, "outages", "broken.pdf"));

    const [best] = await kb.retrieve("Why is my BGP circuit down?");
    expect(best!.location.uri).toBe(join(docs, "bgp-runbook.md"));
    expect(best!.metadata).toEqual({ region: "spokane", year: 2025, tags: ["bgp", "routing"] });
    expect(best!.content.text).toContain("keepalives");
    const page = (await kb.retrieve("fibre cut DWDM ring splicing crews", { numberOfResults: 1 }))[0]!;
    expect(page.location).toMatchObject({ uri: join(docs, "outages", "spokane.pdf"), page: 2 });
    const html = (await kb.retrieve("invoice billing", { numberOfResults: 1 }))[0]!;
    expect(html.content.text).toContain("Invoices are sent");
    expect(html.content.text).not.toMatch(/secretscript|color: red/);
    const docx = (await kb.retrieve("line card optical levels", { numberOfResults: 1 }))[0]!;
    expect(docx.location.uri.endsWith("router.docx")).toBe(true);
    // The span points into the document's extracted text.
    expect(docx.location.textSpan!.end - docx.location.textSpan!.start).toBe(docx.content.text.length);
    expect(kb.costs().retrieval.calls).toBe(4);
  });

  it("reports an invalid sidecar with the file's path and ingests the rest", async () => {
    const folder = join(root, "bad-sidecar");
    mkdirSync(folder);
    writeFileSync(join(folder, "notes.md"), "Some notes.");
    writeFileSync(join(folder, "notes.md.metadata.json"), JSON.stringify({ metadataAttributes: { owner: { nested: true } } }));
    writeFileSync(join(folder, "good.txt"), "A good file.");
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    const report = await kb.ingest(folder);
    expect(report.added).toBe(1);
    expect(report.failures).toEqual([{ path: join(folder, "notes.md"), reason: expect.stringContaining('"owner"') }]);
  });

  it("skips unchanged documents on a second ingest and refuses bad inputs before any request", async () => {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    await kb.ingest({ id: "note-1", text: "The Tacoma PoP runs on generator power.", metadata: { region: "tacoma" } });
    const again = await kb.ingest({ id: "note-1", text: "The Tacoma PoP runs on generator power.", metadata: { region: "tacoma" } });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1, chunks: 0 });
    const changed = await kb.ingest({ id: "note-1", text: "The Tacoma PoP is back on utility power.", metadata: { region: "tacoma" } });
    expect(changed).toMatchObject({ updated: 1 });
    const missing = await kb.ingest([join(root, "nowhere")]);
    expect(missing.failures).toEqual([{ path: join(root, "nowhere"), reason: "no such file or folder" }]);
    await expect(kb.ingest([])).rejects.toThrow(ValidationError);
    await expect(kb.ingest([{ id: "", text: "x" }])).rejects.toMatchObject({ field: "inputs[0]" });
  });
});

describe("through the client", () => {
  it("the client's model policy applies to the embeddings: a refused model ends the ingest and stores nothing", async () => {
    const { bedrock: local, fm: strict } = await setup({ allowModels: ["anthropic.*"] });
    try {
      const kb = await createKnowledgeBase({ client: strict, embedding: { modelId: titan, dimensions: 256 } });
      await expect(kb.ingest({ id: "a", text: "The Spokane circuit is down." })).rejects.toMatchObject({ name: "ModelNotAllowedError" });
      expect(await kb.ingest({ id: "b", text: "x" }).catch((error: Error) => error.name)).toBe("ModelNotAllowedError");
      await expect(kb.retrieve("Spokane")).rejects.toMatchObject({ name: "ModelNotAllowedError" });
    } finally {
      await local.close();
    }
  });

  it("a text over the embedding model's limit (chunking none) fails its document only, never truncated", async () => {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, chunking: { strategy: "none" } });
    const report = await kb.ingest([
      { id: "huge", text: "word ".repeat(60_000) },
      { id: "small", text: "The Spokane circuit is down." },
    ]);
    expect(report.added).toBe(1);
    expect(report.failures).toEqual([{ path: "huge", reason: expect.stringContaining("input limit of 8192") }]);
  });

  it("a single word over the embedding model's limit (default chunking) fails its document only, with the chunker's count", async () => {
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    const report = await kb.ingest([
      { id: "blob", text: `Attached: ${"a".repeat(80_000)}. The Spokane circuit is down.` },
      { id: "small", text: "The Spokane circuit is down." },
    ]);
    expect(report.added).toBe(1);
    expect(report.failures).toEqual([{ path: "blob", reason: expect.stringMatching(/^chunk 1 has about \d+ tokens, over amazon\.titan-embed-text-v2:0's input limit of 8192/) }]);
  });
});

describe("retrieve", () => {
  let kb: Awaited<ReturnType<typeof createKnowledgeBase>>;
  beforeAll(async () => {
    kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 512 } });
    await kb.ingest([
      { id: "spokane-2025", text: "BGP circuit down in Spokane after a fibre cut.", metadata: { region: "spokane", year: 2025, tags: ["bgp"] } },
      { id: "spokane-2023", text: "BGP circuit down in Spokane after a power failure.", metadata: { region: "spokane", year: 2023, tags: ["power"] } },
      { id: "seattle-2025", text: "BGP circuit down in Seattle after a router reboot.", metadata: { region: "seattle", year: 2025, tags: ["bgp", "router"] } },
    ]);
  });

  it("applies Bedrock's RetrievalFilter operators to the metadata before the top-k cut", async () => {
    const ids = async (filter: Parameters<typeof kb.retrieve>[1]): Promise<string[]> => (await kb.retrieve("BGP circuit down", filter)).map((hit) => hit.location.uri).sort();
    expect(await ids({ filter: { andAll: [{ equals: { key: "region", value: "spokane" } }, { greaterThan: { key: "year", value: 2024 } }] } })).toEqual(["spokane-2025"]);
    expect(await ids({ filter: { orAll: [{ equals: { key: "region", value: "seattle" } }, { lessThan: { key: "year", value: 2024 } }] } })).toEqual(["seattle-2025", "spokane-2023"]);
    expect(await ids({ filter: { in: { key: "region", value: ["seattle", "tacoma"] } } })).toEqual(["seattle-2025"]);
    expect(await ids({ filter: { notIn: { key: "region", value: ["seattle"] } } })).toEqual(["spokane-2023", "spokane-2025"]);
    expect(await ids({ filter: { listContains: { key: "tags", value: "router" } } })).toEqual(["seattle-2025"]);
    expect(await ids({ filter: { startsWith: { key: "region", value: "spo" } } })).toEqual(["spokane-2023", "spokane-2025"]);
    expect(await ids({ filter: { stringContains: { key: "tags", value: "pow" } } })).toEqual(["spokane-2023"]);
    expect(await ids({ filter: { greaterThanOrEquals: { key: "year", value: 2025 } }, numberOfResults: 1 })).toHaveLength(1);
    expect(await ids({ filter: { equals: { key: "x-amz-bedrock-kb-source-uri", value: "seattle-2025" } } })).toEqual(["seattle-2025"]);
  });

  it("refuses an unknown operator, a wrong value type and numberOfResults of 0 or 101, naming the field", async () => {
    const calls = fm.costs().calls;
    await expect(kb.retrieve("x", { filter: { like: { key: "region", value: "s" } } as never })).rejects.toMatchObject({ name: "ValidationError", field: "filter" });
    await expect(kb.retrieve("x", { filter: { andAll: [{ equals: { key: "a", value: 1 } }, { greaterThan: { key: "year", value: "2024" } }] } as never })).rejects.toMatchObject({
      field: "filter.andAll[1].greaterThan.value",
    });
    await expect(kb.retrieve("x", { numberOfResults: 0 })).rejects.toMatchObject({ field: "numberOfResults" });
    await expect(kb.retrieve("x", { numberOfResults: 101 })).rejects.toMatchObject({ field: "numberOfResults" });
    await expect(kb.retrieve("")).rejects.toMatchObject({ field: "query" });
    expect(fm.costs().calls).toBe(calls);
  });

  it("HYBRID fuses keyword (BM25) and vector search, so a rare exact term counts even in a long chunk", async () => {
    const hybrid = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    const filler = Array.from({ length: 30 }, (_, index) => `paragraph ${index} about amplifier maintenance and connector cleaning schedules`).join(". ");
    await hybrid.ingest([
      ...Array.from({ length: 12 }, (_, index) => ({ id: `short-${index}`, text: `The circuit went down at site ${index}.` })),
      { id: "long", text: `${filler}. Alarm ERR4471 raised. ${filler}.` },
    ]);
    // Twelve short chunks share the common words; one long chunk holds the rare one.
    const semantic = (await hybrid.retrieve("circuit down ERR4471", { numberOfResults: 6 })).map((hit) => hit.location.uri);
    const fused = await hybrid.retrieve("circuit down ERR4471", { numberOfResults: 6, searchType: "HYBRID" });
    expect(semantic).not.toContain("long");
    expect(fused.map((hit) => hit.location.uri)).toContain("long");
    expect(fused[0]!.score).toBeLessThanOrEqual(2 / 61);
    await expect(hybrid.retrieve("x", { searchType: "KEYWORD" as never })).rejects.toMatchObject({ field: "searchType" });
  });

  it("reorders the hits with a rerank model through fm.rerank, scores becoming relevance scores", async () => {
    const before = kb.costs().retrieval;
    const hits = await kb.retrieve("router reboot Seattle", { numberOfResults: 3, rerank: { modelId: "cohere.rerank-v3-5:0", numberOfResults: 2 } });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.location.uri).toBe("seattle-2025");
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.score).toBeLessThanOrEqual(1);
    const after = kb.costs().retrieval;
    expect(after.calls - before.calls).toBe(2);
    expect(after.totalUsd - before.totalUsd).toBeGreaterThanOrEqual(0.002);
  });
});

describe("chunking", () => {
  const sentences = Array.from({ length: 120 }, (_, index) => `Sentence ${index} tells the story of circuit ${index} in the northern ring.`).join(" ");

  it("default: chunks of about 300 tokens with whole sentences; fixedSize: at most maxTokens, overlapping", async () => {
    const byDefault = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    const report = await byDefault.ingest({ id: "long", text: sentences });
    expect(report.chunks).toBeGreaterThan(2);
    const hits = await byDefault.retrieve("circuit 57 northern ring", { numberOfResults: 100 });
    for (const hit of hits) expect(hit.content.text).toMatch(/^Sentence \d+ .*ring\.$/);

    const fixed = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, chunking: { strategy: "fixedSize", maxTokens: 40, overlapPercentage: 25 } });
    const fixedReport = await fixed.ingest({ id: "long", text: sentences });
    expect(fixedReport.chunks).toBeGreaterThan(report.chunks * 3);
    const spans = (await fixed.retrieve("circuit", { numberOfResults: 100 })).map((hit) => hit.location.textSpan!).sort((left, right) => left.start - right.start);
    expect(spans.some((span, index) => index > 0 && span.start < spans[index - 1]!.end)).toBe(true);
  });

  it("hierarchical: searches children and returns their parents, each once", async () => {
    const kb = await createKnowledgeBase({
      client: fm,
      embedding: { modelId: titan, dimensions: 256 },
      chunking: { strategy: "hierarchical", levelConfigurations: [{ maxTokens: 200 }, { maxTokens: 40 }], overlapTokens: 10 },
    });
    await kb.ingest({ id: "long", text: sentences });
    const hits = await kb.retrieve("Sentence 57 tells the story of circuit 57", { numberOfResults: 3 });
    expect(hits[0]!.content.text).toContain("Sentence 57 tells");
    expect(hits[0]!.chunkId).toMatch(/:p\d+$/);
    expect(new Set(hits.map((hit) => hit.chunkId)).size).toBe(hits.length);
    // A parent is several children long.
    expect(hits[0]!.content.text.length).toBeGreaterThan(400);
  });

  it("semantic: starts a chunk where the meaning shifts, embedding the sentences through the client (counted as ingest cost)", async () => {
    const routing = Array.from({ length: 6 }, (_, index) => `The BGP neighbor on router ${index} lost its keepalive session.`).join(" ");
    const billing = Array.from({ length: 6 }, (_, index) => `Invoice ${index} lists the monthly service credit for billing.`).join(" ");
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, chunking: { strategy: "semantic", maxTokens: 300, breakpointPercentileThreshold: 90 } });
    const report = await kb.ingest({ id: "mixed", text: `${routing} ${billing}` });
    expect(report.chunks).toBe(2);
    // 12 sentences and 2 chunks embedded.
    expect(kb.costs().ingest.calls).toBe(2);
    expect(report.inputTokens).toBeGreaterThan(0);
    const hits = await kb.retrieve("invoice billing credit", { numberOfResults: 2 });
    expect(hits[0]!.content.text).toBe(billing);
    expect(hits[1]!.content.text).toBe(routing);
  });

  it("refuses settings Bedrock refuses", async () => {
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: titan }, chunking: { strategy: "fixedSize", maxTokens: 0, overlapPercentage: 20 } })).rejects.toMatchObject({
      field: "chunking.maxTokens",
    });
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: titan }, chunking: { strategy: "sliding" } as never })).rejects.toMatchObject({ field: "chunking.strategy" });
    // Cohere Embed v3 reads 512 tokens per text.
    await expect(
      createKnowledgeBase({ client: fm, embedding: { modelId: "cohere.embed-english-v3" }, chunking: { strategy: "fixedSize", maxTokens: 1000, overlapPercentage: 10 } }),
    ).rejects.toMatchObject({ field: "chunking", message: expect.stringContaining("512") });
  });
});

describe("retrieveAndGenerate", () => {
  let kb: Awaited<ReturnType<typeof createKnowledgeBase>>;
  beforeAll(async () => {
    kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 } });
    await kb.ingest([docs]);
  });

  it("answers with citations whose spans point into the text and whose references are the chunks, with usage and cost", async () => {
    bedrock.script(haiku, [{ text: "The BGP session dropped because the peer stopped sending keepalives [1]. Reset the neighbor after the fibre repair [1][2]. Nothing else is known." }]);
    const before = kb.costs();
    const answer = await kb.retrieveAndGenerate("Why is my BGP circuit down?", { modelId: haiku, numberOfResults: 3 });
    expect(answer.text).toBe("The BGP session dropped because the peer stopped sending keepalives. Reset the neighbor after the fibre repair. Nothing else is known.");
    expect(answer.citations).toHaveLength(2);
    const [first, second] = answer.citations;
    expect(answer.text.slice(first!.span.start, first!.span.end)).toBe("The BGP session dropped because the peer stopped sending keepalives");
    expect(answer.text.slice(second!.span.start, second!.span.end)).toBe("Reset the neighbor after the fibre repair");
    expect(first!.references[0]!.location.uri).toBe(join(docs, "bgp-runbook.md"));
    expect(second!.references).toHaveLength(2);
    expect(answer.references).toHaveLength(3);
    expect(answer.usage.embeddingTokens).toBeGreaterThan(0);
    expect(answer.usage.outputTokens).toBeGreaterThan(0);
    expect(answer.cost!.totalUsd).toBeGreaterThan(answer.generation.cost!.totalUsd);
    const after = kb.costs();
    expect(after.generation.calls - before.generation.calls).toBe(1);
    expect(after.totalUsd - before.totalUsd).toBeCloseTo(answer.cost!.totalUsd, 12);
  });

  it("streams text without markers and citation events, then finish", async () => {
    bedrock.script(haiku, [{ text: "Power was restored at noon [2]. The fibre cut took the ring down [1]." }]);
    const stream = kb.retrieveAndGenerateStream("fibre cut power restored Spokane", { modelId: haiku, numberOfResults: 2 });
    let text = "";
    const citations: number[] = [];
    let finished = false;
    for await (const event of stream) {
      if (event.type === "text") text += event.text;
      if (event.type === "citation") citations.push(event.citation.span.end);
      if (event.type === "finish") finished = true;
    }
    expect(text).toBe("Power was restored at noon. The fibre cut took the ring down.");
    expect(finished).toBe(true);
    expect(citations).toEqual([26, 60]);
    const result = await stream.result;
    expect(result.citations.map((citation) => citation.references[0])).toEqual([result.references[1], result.references[0]]);
    expect(result.references.map((reference) => reference.location.page).sort()).toEqual([1, 2]);
  });

  it("keeps bracketed numbers that are not search results as text, and a model that cites nothing gets no citations", async () => {
    bedrock.script(haiku, [{ text: "Ticket [2024] is open [1]. See clause [9]." }, { text: "I could not find an exact answer." }]);
    const answer = await kb.retrieveAndGenerate("BGP keepalives", { modelId: haiku, numberOfResults: 2 });
    expect(answer.text).toBe("Ticket [2024] is open. See clause [9].");
    expect(answer.citations).toHaveLength(1);
    expect(answer.text.slice(answer.citations[0]!.span.start, answer.citations[0]!.span.end)).toBe("Ticket [2024] is open");
    const uncited = await kb.retrieveAndGenerate("BGP keepalives", { modelId: haiku, numberOfResults: 2, promptTemplate: "Results:\n$search_results$" });
    expect(uncited.citations).toEqual([]);
    expect(uncited.references).toHaveLength(2);
  });

  it("an aborted stream rejects its result and iteration", async () => {
    const stream = kb.retrieveAndGenerateStream("BGP keepalives", { modelId: haiku });
    stream.abort();
    // Aborted during the query's embedding: fm.embed's EmbeddingError, code Aborted.
    await expect(stream.result).rejects.toMatchObject({ code: "Aborted" });
    await expect(
      (async () => {
        for await (const _event of stream) void _event;
      })(),
    ).rejects.toMatchObject({ code: "Aborted" });
  });

  it("refuses a template without $search_results$", async () => {
    await expect(kb.retrieveAndGenerate("x", { modelId: haiku, promptTemplate: "Answer: $query$" })).rejects.toMatchObject({ field: "promptTemplate" });
  });
});

describe("fileStore", () => {
  it("persists, reopens without re-embedding, and refuses another model or dimension", async () => {
    const path = join(root, "store-plain");
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 512 }, store: fileStore({ path }) });
    await kb.ingest([docs]);
    await kb.close();
    const reopened = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 512 }, store: fileStore({ path }) });
    const again = await reopened.ingest([docs]);
    expect(again).toMatchObject({ added: 0, unchanged: 4, chunks: 0 });
    expect((await reopened.retrieve("BGP keepalives"))[0]!.location.uri).toBe(join(docs, "bgp-runbook.md"));
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }) })).rejects.toMatchObject({
      name: "ValidationError",
      field: "embedding.dimensions",
      message: expect.stringContaining("512"),
    });
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: "cohere.embed-english-v3" }, store: fileStore({ path }) })).rejects.toMatchObject({ field: "embedding.modelId" });
    // Without dimensions, the store's own size is used.
    const adopted = await createKnowledgeBase({ client: fm, embedding: { modelId: titan }, store: fileStore({ path }) });
    expect(adopted.embedding.dimensions).toBe(512);
  });

  it("sync adds new files and removes the stored documents of deleted ones", async () => {
    const folder = join(root, "sync");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.md"), "Alpha site runbook.");
    writeFileSync(join(folder, "b.txt"), "Bravo site runbook.");
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path: join(root, "store-sync") }) });
    expect(await kb.sync(folder)).toMatchObject({ added: 2, removed: 0 });
    rmSync(join(folder, "a.md"));
    writeFileSync(join(folder, "b.txt"), "Bravo site runbook, revised.");
    writeFileSync(join(folder, "c.md"), "Charlie site runbook.");
    expect(await kb.sync(folder)).toMatchObject({ added: 1, updated: 1, removed: 1 });
    expect((await kb.retrieve("site runbook", { numberOfResults: 10 })).map((hit) => hit.location.uri).sort()).toEqual([join(folder, "b.txt"), join(folder, "c.md")]);
  });

  it("encrypts chunk text, metadata and vectors; without the key or with another it refuses to open", async () => {
    const path = join(root, "store-encrypted");
    const key = "11".repeat(32);
    const { localKey } = await import("bedrock-kit/rag");
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }), encryption: { key: localKey(key) } });
    await kb.ingest([docs]);
    const bytes = readFileSync(join(path, "log.bkkb"));
    for (const word of ["keepalives", "spokane", "Invoices", "bgp-runbook"]) expect(bytes.includes(word)).toBe(false);
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }) })).rejects.toMatchObject({ field: "encryption" });
    await expect(
      createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }), encryption: { key: localKey("22".repeat(32)) } }),
    ).rejects.toMatchObject({ code: "DecryptionFailed" });
    expect(() => localKey("short")).toThrow(ValidationError);
    const reopened = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 256 }, store: fileStore({ path }), encryption: { key: localKey(key) } });
    expect((await reopened.retrieve("BGP keepalives"))[0]!.metadata.region).toBe("spokane");
  });
});

describe("crash safety", () => {
  it("a process killed in the middle of an ingest leaves the store as of its last commit", async () => {
    const { spawn } = await import("node:child_process");
    const path = join(root, "store-crash");
    const child = spawn(process.execPath, ["--import", "tsx", new URL("./ingest-child.ts", import.meta.url).pathname, path], { stdio: ["ignore", "pipe", "inherit"] });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the child exited with ${code} after ${committed} commits`)));
      child.stdout!.on("data", (data: Buffer) => {
        committed = Math.max(committed, ...[...data.toString().matchAll(/committed (\d+)/g)].map((match) => Number(match[1])));
        // Killed at once, without a chance to finish what it is writing.
        if (committed >= 25) resolve();
      });
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    // As if the kill had landed in the middle of a rewrite (a temporary file of the dead writer)
    // and of an append (a record cut short: its length says more bytes than follow).
    writeFileSync(join(path, `.log.bkkb.${child.pid}.0badc0de.tmp`), "half-written");
    const log = join(path, "log.bkkb");
    const whole = readFileSync(log).length;
    const torn = Buffer.alloc(64);
    torn.writeUInt32LE(4096, (8 - (whole % 8)) % 8);
    appendFileSync(log, torn);
    const kb = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 1024 }, store: fileStore({ path }) });
    const hits = await kb.retrieve("outage log for circuit", { numberOfResults: 100 });
    const stored = new Set(hits.map((hit) => hit.location.uri));
    // Every document reported committed is there (one more may have been committed before the kill).
    expect(stored.size).toBeGreaterThanOrEqual(committed);
    for (let index = 0; index < committed; index++) expect(stored.has(`document-${index}`)).toBe(true);
    // The killed writer's lock is left behind, naming it; the next commit takes it over.
    expect(readdirSync(path)).toEqual(["log.bkkb", "writer.lock"]);
    expect(JSON.parse(readFileSync(join(path, "writer.lock"), "utf8")).pid).toBe(child.pid);
    // The next commit cuts the torn tail before appending: a reopened store has both.
    await kb.ingest({ id: "after-the-crash", text: "Marker word yankee after the crash." });
    expect(JSON.parse(readFileSync(join(path, "writer.lock"), "utf8")).pid).toBe(process.pid);
    await kb.close();
    expect(readdirSync(path)).toEqual(["log.bkkb"]);
    const reopened = await createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 1024 }, store: fileStore({ path }) });
    const uris = new Set((await reopened.retrieve("outage log for circuit yankee", { numberOfResults: 100 })).map((hit) => hit.location.uri));
    expect(uris.has("after-the-crash")).toBe(true);
    expect(uris.size).toBe(stored.size + 1);
  }, 30_000);
});

describe.skipIf(!process.env.PGVECTOR_URL)("pgvectorStore (PGVECTOR_URL)", () => {
  const table = `rag_test_kb_${process.pid}`;
  afterAll(async () => {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: process.env.PGVECTOR_URL });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS "${table}", "${table}_documents", "${table}_manifest" CASCADE`);
    await client.end();
  });

  it("ingests, retrieves with filters, pages, parents and HYBRID, answers with citations, and refuses another dimension", async () => {
    const { pgvectorStore } = await import("bedrock-kit/rag");
    const connectionString = process.env.PGVECTOR_URL!;
    const kb = await createKnowledgeBase({
      client: fm,
      embedding: { modelId: titan, dimensions: 256 },
      store: pgvectorStore({ connectionString, table }),
      chunking: { strategy: "hierarchical", levelConfigurations: [{ maxTokens: 120 }, { maxTokens: 30 }], overlapTokens: 5 },
    });
    const report = await kb.ingest([docs]);
    expect(report.added).toBe(4);
    const [best] = await kb.retrieve("Why is my BGP circuit down?", { filter: { andAll: [{ equals: { key: "region", value: "spokane" } }, { greaterThan: { key: "year", value: 2024 } }] } });
    expect(best!.location.uri).toBe(join(docs, "bgp-runbook.md"));
    expect(best!.chunkId).toMatch(/:p\d+$/);
    const page = (await kb.retrieve("fibre cut DWDM ring splicing crews", { numberOfResults: 1, searchType: "HYBRID" }))[0]!;
    expect(page.location).toMatchObject({ uri: join(docs, "outages", "spokane.pdf"), page: 2 });
    bedrock.script(haiku, [{ text: "The peer stopped sending keepalives [1]." }]);
    const answer = await kb.retrieveAndGenerate("BGP keepalives", { modelId: haiku, numberOfResults: 2 });
    expect(answer.citations[0]!.references[0]!.location.uri).toBe(join(docs, "bgp-runbook.md"));
    expect(await kb.ingest([docs])).toMatchObject({ unchanged: 4, chunks: 0 });
    await kb.close();
    await expect(createKnowledgeBase({ client: fm, embedding: { modelId: titan, dimensions: 512 }, store: pgvectorStore({ connectionString, table }) })).rejects.toMatchObject({
      field: "embedding.dimensions",
    });
    await expect(
      createKnowledgeBase({ client: fm, embedding: { modelId: titan }, store: pgvectorStore({ connectionString, table }), encryption: { key: (await import("bedrock-kit/rag")).localKey("11".repeat(32)) } }),
    ).rejects.toMatchObject({ field: "encryption" });
  });
});
