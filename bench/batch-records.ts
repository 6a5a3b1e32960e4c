/**
 * Preparing a batch submission: N records generated one at a time (an async generator, so
 * no array is held), encoded by the Nova adapter and uploaded to a local s3rver as JSONL.
 * Prints records per second and the process's peak RSS (s3rver runs in the same process, so
 * part of it is the server's); run once per size, each in its own process, to compare memory:
 *
 *   npx tsx bench/batch-records.ts 10000
 *   npx tsx bench/batch-records.ts 100000
 */
import { createClient } from "../src/index.js";
import { startLocalBedrock } from "../src/testing/index.js";
import { startLocalS3 } from "../test/jobs/local-s3.js";

const count = Number(process.argv[2] ?? 10_000);
const s3 = await startLocalS3();
const bedrock = await startLocalBedrock({ s3: { endpoint: s3.endpoint, credentials: s3.credentials } });
bedrock.batch.stepMs = 600_000; // the bench measures the submission: the offline jobs do not start
const fm = createClient(bedrock.clientOptions);

async function* requests(): AsyncGenerator<{ prompt: string; maxTokens: number }> {
  for (let index = 0; index < count; index++) yield { prompt: `Summarize support ticket ${index}: the customer reports that the router restarts every hour.`, maxTokens: 200 };
}

const started = performance.now();
const job = await fm.batch.submit({
  modelId: "amazon.nova-micro-v1:0",
  requests: requests(),
  inputS3Uri: "s3://jobs/bench/in/",
  outputS3Uri: "s3://jobs/bench/out/",
  roleArn: "arn:aws:iam::123456789012:role/Bench",
});
const seconds = (performance.now() - started) / 1000;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ records: count, jobs: job.jobArns.length, seconds: Number(seconds.toFixed(2)), recordsPerSecond: Math.round(count / seconds), peakRssMiB: Math.round(peakRssMiB) }));
await job.stop();
await bedrock.close();
await s3.close();
