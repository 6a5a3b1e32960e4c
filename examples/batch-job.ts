/**
 * A batch inference job: 120 ticket summaries submitted as one Bedrock batch job (about
 * half the on-demand price), waited for, and read back in request order with each record's
 * cost at batch prices. Offline it runs on the offline Bedrock and a local S3-compatible
 * server (s3rver); with BEDROCK_LIVE=1 it uses real Bedrock and your buckets and role
 * (BATCH_INPUT_S3, BATCH_OUTPUT_S3, BATCH_ROLE_ARN).
 * Run: npx tsx examples/batch-job.ts
 */
import "./quiet-node-warning.js";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, estimateCost, type BedrockKitClient } from "bedrock-kit";
import { startLocalBedrock } from "bedrock-kit/testing";

/** s3rver's constructor, as much of it as the example uses. */
type S3rver = new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

interface Setup {
  fm: BedrockKitClient;
  inputS3Uri: string;
  outputS3Uri: string;
  roleArn: string;
  close(): Promise<void>;
}

async function setUp(): Promise<Setup> {
  if (process.env.BEDROCK_LIVE === "1") {
    const { BATCH_INPUT_S3, BATCH_OUTPUT_S3, BATCH_ROLE_ARN } = process.env;
    if (!BATCH_INPUT_S3 || !BATCH_OUTPUT_S3 || !BATCH_ROLE_ARN) throw new Error("Set BATCH_INPUT_S3, BATCH_OUTPUT_S3 and BATCH_ROLE_ARN for a live batch job");
    return { fm: createClient(), inputS3Uri: BATCH_INPUT_S3, outputS3Uri: BATCH_OUTPUT_S3, roleArn: BATCH_ROLE_ARN, close: async () => undefined };
  }
  const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-batch-example-"));
  const S3rver = createRequire(import.meta.url)("s3rver") as S3rver;
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: folder, configureBuckets: [{ name: "tickets" }] });
  const { port } = await s3.run();
  const bedrock = await startLocalBedrock({ s3: { endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } } });
  return {
    fm: createClient(bedrock.clientOptions),
    inputS3Uri: "s3://tickets/batch/in/",
    outputS3Uri: "s3://tickets/batch/out/",
    roleArn: "arn:aws:iam::123456789012:role/BedrockBatchRole",
    close: async () => {
      await bedrock.close();
      await s3.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

const modelId = "amazon.nova-micro-v1:0";
const issues = ["Fibre down in sector 7", "Bill charged twice", "Router lights red", "BGP session flapping", "No dial tone since Monday", "Slow speeds every evening"];
const { fm, inputS3Uri, outputS3Uri, roleArn, close } = await setUp();
try {
  // Bedrock takes batch jobs of 100 records and more.
  const requests = Array.from({ length: 120 }, (_, index) => ({ recordId: `ticket${index}`, prompt: `Summarize this support ticket in one line: ${issues[index % issues.length]}`, maxTokens: 60 }));
  const job = await fm.batch.submit({ modelId, requests, inputS3Uri, outputS3Uri, roleArn });
  console.log(`Submitted ${requests.length} records as ${job.jobArns.join(", ")}`);

  await job.wait({ pollMs: process.env.BEDROCK_LIVE === "1" ? 30_000 : 50, onProgress: ({ status, processed, total }) => console.log(`  ${status}: ${processed}/${total}`) });
  let totalUsd = 0;
  let shown = 0;
  for await (const { recordId, result, error } of job.results()) {
    totalUsd += result?.cost?.totalUsd ?? 0;
    if (shown++ < 3) console.log(`${recordId}: ${result ? result.text : `failed (${error?.code})`}`);
  }
  const onDemand = requests.length * (estimateCost({ modelId, inputTokens: 20, outputTokens: 30 })?.totalUsd ?? 0);
  console.log(`... ${requests.length} records in request order; batch cost $${totalUsd.toFixed(6)} (the same calls on demand, about 20 in / 30 out tokens each: $${onDemand.toFixed(6)})`);
} finally {
  await close();
}
