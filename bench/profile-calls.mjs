// Runs N calls of one kind against the offline Bedrock from the built package, for a CPU or
// heap profile of bedrock-kit's per-call work:
//
//   npm run build
//   node --cpu-prof --cpu-prof-dir=.tmp/profile bench/profile-calls.mjs invoke 3000
//   node --heap-prof --heap-prof-dir=.tmp/profile bench/profile-calls.mjs stream 100 http://127.0.0.1:PORT
//
// Kinds: invoke (sequential), stream (one whole stream each), concurrent (batches of 64
// invokes). Without a URL the calls go to a fresh offline Bedrock in this process (its
// answers are a few sentences); with the URL of ../shared/bench/fake-bedrock.mjs they go to
// that process, whose streams carry 2,000 deltas. Prints wall and CPU time per call; open
// the profile in Chrome DevTools.
import { performance } from "node:perf_hooks";
import { createClient } from "../dist/index.js";
import { startLocalBedrock } from "../dist/testing/index.js";

const kinds = ["invoke", "stream", "concurrent"];
const [kind = "invoke", countText = "1000", url] = process.argv.slice(2);
const count = Number(countText);
if (!kinds.includes(kind) || !(count > 0)) {
  console.error(`usage: node bench/profile-calls.mjs <${kinds.join("|")}> <count> [endpoint URL]`);
  process.exit(2);
}

const bedrock = url ? undefined : await startLocalBedrock();
const credentials = { accessKeyId: "AKIAPROFILE000000000", secretAccessKey: "profile-secret" };
const fm = createClient({ region: "us-east-1", credentials, endpoint: url ?? bedrock.url });
const request = { modelId: "anthropic.claude-3-haiku-20240307-v1:0", prompt: "Summarize the outage log in one paragraph.", maxTokens: 256 };

const calls = {
  invoke: () => fm.invoke(request),
  stream: async () => {
    for await (const event of fm.stream(request)) void event;
  },
  concurrent: () => Promise.all(Array.from({ length: 64 }, () => fm.invoke(request))),
};
const call = calls[kind];

for (let warm = 0; warm < Math.min(50, count); warm++) await call();
const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
for (let index = 0; index < count; index++) await call();
const wallMs = (performance.now() - startedAt) / count;
const cpu = process.cpuUsage(cpuBefore);
const where = bedrock ? "client and offline Bedrock in one process" : "client process only";
console.log(`${kind}: ${wallMs.toFixed(3)} ms wall, ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms CPU per call (${where})`);
await bedrock?.close();
