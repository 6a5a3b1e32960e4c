/**
 * Run by the store-lock tests as a child process: ingests one document into a file store
 * (taking its lock), prints "holding", then waits for a line on stdin: "close" closes the
 * knowledge base and prints "closed"; "exit" ends the process without closing it. Killed
 * otherwise.
 *   node --import tsx test/rag/lock-child.ts STORE_FOLDER
 */
import { createInterface } from "node:readline";
import { createClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore } from "bedrock-kit/rag";
import { startLocalBedrock } from "bedrock-kit/testing";

const bedrock = await startLocalBedrock();
const kb = await createKnowledgeBase({
  client: createClient(bedrock.clientOptions),
  embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 256 },
  store: fileStore({ path: process.argv[2]! }),
});
await kb.ingest({ id: "from-the-holder", text: "Marker word xray, written by the process holding the lock." });
process.stdout.write("holding\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "close") {
    await kb.close();
    process.stdout.write("closed\n");
  }
  if (line === "exit") process.exit(0);
}
