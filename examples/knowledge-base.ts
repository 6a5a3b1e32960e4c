/**
 * The telecom support bot's knowledge base: ingests the outage runbooks and logs in
 * examples/data/telecom (Markdown, HTML, a PDF, with Bedrock `.metadata.json` sidecars)
 * into an encrypted file store, then asks "Why is my BGP circuit down?" and prints the
 * answer with its sources and what the knowledge base spent.
 * Run: npx tsx examples/knowledge-base.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 *
 * dwdm-ring-report.pdf was written by `makePdf` of test/rag/documents.ts (two text pages,
 * Helvetica). Offline, the simulated model writes placeholder sentences and cites nothing,
 * so the sources printed are the retrieved chunks; a real model cites them as [1], [2].
 */
import "./quiet-node-warning.js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createKnowledgeBase, fileStore, localKey, type RetrievalResult } from "bedrock-kit/rag";
import { exampleClient } from "./offline.js";

const dataFolder = new URL("./data/telecom/", import.meta.url).pathname;
const storeFolder = mkdtempSync(join(tmpdir(), "telecom-kb-"));
const describe = (source: RetrievalResult): string =>
  `${relative(dataFolder, source.location.uri)}${source.location.page === undefined ? "" : `, page ${source.location.page}`}`;

const { fm, close, where } = await exampleClient();
try {
  const kb = await createKnowledgeBase({
    client: fm,
    embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 512 },
    store: fileStore({ path: storeFolder }),
    // In production: localKey(process.env.KB_KEY), 64 hexadecimal characters kept in a secret store.
    encryption: { key: localKey(randomBytes(32).toString("hex")) },
  });
  const report = await kb.ingest([dataFolder], {
    onProgress: (progress) => {
      if (progress.phase === "read") console.log(`read ${progress.documentsRead}/${progress.documentsTotal} ${relative(dataFolder, progress.path ?? "")}`);
    },
  });
  console.log(`ingested ${report.added} documents as ${report.chunks} chunks from ${where} (${report.inputTokens} tokens, $${report.cost?.totalUsd.toFixed(6)})`);
  for (const failure of report.failures) console.log(`could not ingest ${failure.path}: ${failure.reason}`);

  const question = "Why is my BGP circuit down?";
  const answer = await kb.retrieveAndGenerate(question, {
    modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    numberOfResults: 3,
    filter: { notEquals: { key: "kind", value: "faq" } },
    maxTokens: 400,
  });
  console.log(`\nQ: ${question}\nA: ${answer.text}\n`);
  if (answer.citations.length > 0) {
    for (const citation of answer.citations) {
      console.log(`"${answer.text.slice(citation.span.start, citation.span.end)}" — ${citation.references.map(describe).join("; ")}`);
    }
  } else {
    console.log("Sources (retrieved):");
    for (const source of answer.references) console.log(`  ${describe(source)} (score ${source.score.toFixed(3)})`);
  }
  const costs = kb.costs();
  console.log(`\nthis answer: $${answer.cost?.totalUsd.toFixed(6)}; knowledge base so far: $${costs.totalUsd.toFixed(6)} (ingest $${costs.ingest.totalUsd.toFixed(6)})`);
  await kb.close();
} finally {
  await close();
  rmSync(storeFolder, { recursive: true, force: true });
}
