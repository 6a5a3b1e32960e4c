/**
 * Run by the crash test as a child process: ingests one document per call into a file
 * store, forever, printing "committed N" after each, until it is killed.
 *   node --import tsx test/rag/ingest-child.ts STORE_FOLDER
 */
import { createClient } from "bedrock-kit";
import { createKnowledgeBase, fileStore } from "bedrock-kit/rag";
import { startLocalBedrock } from "bedrock-kit/testing";

const bedrock = await startLocalBedrock();
const kb = await createKnowledgeBase({
  client: createClient(bedrock.clientOptions),
  embedding: { modelId: "amazon.titan-embed-text-v2:0", dimensions: 1024 },
  store: fileStore({ path: process.argv[2]! }),
});
// Each document is a commit: one record appended to the store's log (a few chunks of 1,024
// floats), so a kill often lands in the middle of an append.
const paragraph = Array.from({ length: 40 }, (_, index) => `Line ${index} of the outage log for circuit`).join(". ");
for (let index = 0; ; index++) {
  await kb.ingest({ id: `document-${index}`, text: `${paragraph} ${index}. Marker word zulu${index}.`, metadata: { index } });
  process.stdout.write(`committed ${index + 1}\n`);
}
