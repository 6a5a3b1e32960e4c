// The AI SDK provider's cost per call: the AI SDK's own generateText and streamText through
// `bedrock-kit/ai-sdk` against the AI SDK's Bedrock provider (`@ai-sdk/amazon-bedrock`, which
// speaks Converse), on the same offline Bedrock and the same simulated model, from the built
// package:
//
//   npm run build && node --expose-gc bench/ai-sdk.mjs [rounds]
//
// Variants run interleaved, one call each per round, so that drift hits each alike. Prints
// the median milliseconds per call and the heap allocated per call (heap growth over a
// batch of calls with the collector off between them, divided by the batch), with the
// ratio of bedrock-kit to the AI SDK's provider.
import { performance } from "node:perf_hooks";
import { generateText, streamText } from "ai";
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { createClient } from "../dist/index.js";
import { createBedrockKit } from "../dist/ai-sdk/index.js";
import { startLocalBedrock } from "../dist/testing/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const rounds = Number(process.argv[2] ?? "400");
const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const prompt = "Summarize the Spokane outage in one sentence.";
const bedrock = await startLocalBedrock();
const { endpoint, region, credentials } = bedrock.clientOptions;
const bedrockKit = createBedrockKit({ client: createClient({ ...bedrock.clientOptions, maxRetries: 0 }) });
const amazonBedrock = createAmazonBedrock({ region, baseURL: endpoint, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });

const variants = {
  "generateText, bedrock-kit/ai-sdk": () => generateText({ model: bedrockKit(modelId), prompt, maxOutputTokens: 200 }),
  "generateText, @ai-sdk/amazon-bedrock": () => generateText({ model: amazonBedrock(modelId), prompt, maxOutputTokens: 200 }),
  "streamText, bedrock-kit/ai-sdk": async () => {
    const result = streamText({ model: bedrockKit(modelId), prompt, maxOutputTokens: 200 });
    for await (const _delta of result.textStream);
  },
  "streamText, @ai-sdk/amazon-bedrock": async () => {
    const result = streamText({ model: amazonBedrock(modelId), prompt, maxOutputTokens: 200 });
    for await (const _delta of result.textStream);
  },
};

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
};

for (const run of Object.values(variants)) for (let warm = 0; warm < 30; warm += 1) await run();
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const [name, run] of Object.entries(variants)) {
    const started = performance.now();
    await run();
    times[name].push(performance.now() - started);
  }
}

/** Heap allocated per call: growth over a batch with no collection in between (needs --expose-gc). */
async function allocatedPerCall(run, batch = 50) {
  if (!globalThis.gc) return undefined;
  const samples = [];
  for (let repeat = 0; repeat < 7; repeat += 1) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let call = 0; call < batch; call += 1) await run();
    samples.push((process.memoryUsage().heapUsed - before) / batch);
  }
  return median(samples);
}

const rows = [];
for (const [name, run] of Object.entries(variants)) rows.push({ name, ms: median(times[name]), kb: await allocatedPerCall(run) });
for (const row of rows) {
  const peer = rows.find((other) => other.name === row.name.replace("bedrock-kit/ai-sdk", "@ai-sdk/amazon-bedrock"));
  const ratio = peer && peer !== row ? ` (${(row.ms / peer.ms).toFixed(2)}× time, ${row.kb && peer.kb ? `${(row.kb / peer.kb).toFixed(2)}× heap` : "heap n/a"})` : "";
  console.log(`${row.name.padEnd(38)} ${row.ms.toFixed(3)} ms/call  ${row.kb === undefined ? "" : `${(row.kb / 1024).toFixed(1)} KiB/call`}${ratio}`);
}
console.log(`${rounds} rounds, load average ${(await import("node:os")).loadavg().map((load) => load.toFixed(1)).join(" ")}`);
await bedrock.close();
