/** The client's events and audit log see each knowledge-base ingest, retrieval and answer as one run of the knowledge base. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog, createClient, ValidationError, type AuditEntry, type BedrockKitEvent } from "../../src/index.js";
import { createKnowledgeBase } from "../../src/rag/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

const secret = "PRIVATE-QUERY-MARKER";
const documents = [
  { id: "bgp", text: "BGP sessions drop when the hold timer expires. Check the peer's keepalives first.", metadata: { region: "spokane" } },
  { id: "billing", text: "Invoices are sent on the first of the month.", metadata: { region: "boise" } },
];

it("marks every call of an ingest, a retrieval with rerank, an answer and a streamed answer with the knowledge base's name and one run ID each", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "bedrock-kit-kb-origin-")), "audit.jsonl");
  const events: BedrockKitEvent[] = [];
  const fm = createClient({ ...bedrock.clientOptions, onEvent: (event) => events.push(event), audit: auditLog({ path }) });
  const kb = await createKnowledgeBase({ client: fm, name: "runbooks", embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 256 } });
  const runs: { operations: string[]; runId: string }[] = [];
  const runOf = async (work: () => Promise<unknown>): Promise<void> => {
    const before = events.length;
    await work();
    const mine = events.slice(before).filter((event) => event.type === "response");
    const runIds = new Set(mine.map((event) => event.origin?.runId));
    expect(runIds.size).toBe(1);
    expect(mine.every((event) => event.origin?.kind === "knowledge-base" && event.origin.name === "runbooks")).toBe(true);
    runs.push({ operations: mine.map((event) => event.operation), runId: [...runIds][0]! });
  };
  await runOf(() => kb.ingest(documents));
  await runOf(() => kb.retrieve(`Why is BGP down? ${secret}`, { rerank: { modelId: "cohere.rerank-v3-5:0" } }));
  await runOf(() => kb.retrieveAndGenerate(`Why is BGP down? ${secret}`, { modelId: "amazon.nova-micro-v1:0" }));
  await runOf(async () => {
    const stream = kb.retrieveAndGenerateStream(`Why is BGP down? ${secret}`, { modelId: "anthropic.claude-3-haiku-20240307-v1:0" });
    for await (const _event of stream);
  });
  expect(runs.map((run) => run.operations)).toEqual([["embed"], ["embed", "rerank"], ["embed", "invoke"], ["embed", "stream"]]);
  expect(new Set(runs.map((run) => run.runId)).size).toBe(4);

  const lines = readFileSync(path, "utf8").trim().split("\n");
  expect(lines.join("\n")).not.toContain(secret);
  const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
  expect(entries.map((entry) => entry.origin?.runId)).toEqual(runs.flatMap((run) => run.operations.map(() => run.runId)));
  expect(entries.every((entry) => entry.origin?.kind === "knowledge-base" && entry.origin.name === "runbooks")).toBe(true);
});

it("refuses a name that is not 1 to 100 characters", async () => {
  const fm = createClient(bedrock.clientOptions);
  await expect(createKnowledgeBase({ client: fm, name: "", embedding: { modelId: "amazon.titan-embed-text-v2:0" } })).rejects.toThrow(ValidationError);
});
