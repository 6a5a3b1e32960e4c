/**
 * A tamper-evident audit log: one hash-chained line per call (never the prompt or the
 * answer), verified, then tampered with and caught.
 * Run: npx tsx examples/audit-log.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditLog, verifyAuditLog } from "bedrock-kit";
import { exampleClient } from "./offline.js";

const path = join(mkdtempSync(join(tmpdir(), "bedrock-kit-audit-")), "audit.jsonl");
const key = "a-secret-key-kept-outside-the-log!";
const { fm, close } = await exampleClient({ audit: auditLog({ path, key }), denyModels: ["meta.*"] });
try {
  await fm.invoke({ modelId: "us.amazon.nova-lite-v1:0", prompt: "Customer 4711 reports no dial tone." });
  await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: ["no dial tone"] });
  await fm.invoke({ modelId: "us.meta.llama3-3-70b-instruct-v1:0", prompt: "refused by policy" }).catch(() => undefined);

  const lines = readFileSync(path, "utf8").trim().split("\n");
  for (const line of lines) {
    const entry = JSON.parse(line) as { operation: string; modelId: string; outcome: string; costUsd: number | null };
    console.log(`${entry.operation} ${entry.modelId} ${entry.outcome} $${entry.costUsd ?? 0}`);
  }
  console.log("verified:", await verifyAuditLog(path, { key }));

  writeFileSync(path, readFileSync(path, "utf8").replace('"outcome":"denied"', '"outcome":"success"'));
  console.log("after tampering:", await verifyAuditLog(path, { key }));
} finally {
  await close();
}
