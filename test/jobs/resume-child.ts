/**
 * Run by batch.test.ts in a child process (`tsx`): resumes a batch job from its ARN alone,
 * with a new client, and prints one JSON line: the outcomes' record IDs and their cost.
 */
import { createClient } from "../../src/index.js";

const [endpoint, s3Endpoint, jobArn] = process.argv.slice(2) as [string, string, string];
const fm = createClient({ endpoint, s3Endpoint, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
const job = await fm.batch.get(jobArn);
await job.wait({ pollMs: 5 });
const recordIds: string[] = [];
let costUsd = 0;
for await (const { recordId, result } of job.results()) {
  recordIds.push(recordId);
  costUsd += result?.cost?.totalUsd ?? Number.NaN;
}
console.log(JSON.stringify({ status: await job.status(), recordIds, costUsd }));
