import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3LineWriter } from "../../src/jobs/s3-files.js";
import { createJobClients, loadJobSdk } from "../../src/jobs/aws-clients.js";
import { auditLog, createClient, estimateCost, registerModel, ValidationError, type BatchOutcome, type BatchProgress, type BedrockKitClient, type BedrockKitEvent } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { startLocalS3, type LocalS3 } from "./local-s3.js";

const nova = "amazon.nova-micro-v1:0";
const roleArn = "arn:aws:iam::123456789012:role/BedrockBatch";

let s3: LocalS3;
let bedrock: LocalBedrock;
let fm: BedrockKitClient;

beforeAll(async () => {
  s3 = await startLocalS3();
  bedrock = await startLocalBedrock({ s3: { endpoint: s3.endpoint, credentials: s3.credentials } });
  bedrock.batch.stepMs = 2;
  fm = createClient(bedrock.clientOptions);
});
afterAll(async () => {
  await bedrock.close();
  await s3.close();
});

function tickets(count: number, start = 0): { prompt: string; maxTokens: number }[] {
  return Array.from({ length: count }, (_unused, index) => ({ prompt: `Summarize ticket ${start + index}`, maxTokens: 50 }));
}

async function collect(outcomes: AsyncIterable<BatchOutcome>): Promise<BatchOutcome[]> {
  const all: BatchOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}

const locations = (name: string) => ({ inputS3Uri: `s3://jobs/in/${name}/`, outputS3Uri: `s3://jobs/out/${name}/`, roleArn });

describe("fm.batch", () => {
  it("runs 1,000 requests end to end: results in request order, priced at batch prices", async () => {
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(1_000), ...locations("thousand"), jobName: "thousand" });
    expect(job.jobArns).toHaveLength(1);
    expect(bedrock.batch.jobArns).toContain(job.jobArn);
    expect(await s3.keys("in/thousand/")).toEqual(["in/thousand/thousand.jsonl"]);
    const firstLine = JSON.parse((await s3.read("in/thousand/thousand.jsonl")).split("\n")[0]!) as { recordId: string; modelInput: Record<string, unknown> };
    expect(firstLine.recordId).toBe("R00000000001");
    expect(firstLine.modelInput.messages).toEqual([{ role: "user", content: [{ text: "Summarize ticket 0" }] }]);

    const seen: BatchProgress[] = [];
    const final = await job.wait({ pollMs: 5, onProgress: (progress) => seen.push(progress) });
    expect(final).toMatchObject({ status: "Completed", processed: 1_000, total: 1_000, succeeded: 1_000, failed: 0 });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.some((progress) => progress.processed > 0 && progress.processed < 1_000)).toBe(true);

    const outcomes = await collect(job.results());
    expect(outcomes.map((outcome) => outcome.recordId)).toEqual(Array.from({ length: 1_000 }, (_unused, index) => `R${String(index + 1).padStart(11, "0")}`));
    expect(outcomes.every((outcome) => outcome.result !== undefined && outcome.error === undefined)).toBe(true);
    const first = outcomes[0]!.result!;
    expect(first.text).not.toBe("");
    const batchCost = estimateCost({ modelId: nova, inputTokens: first.usage.inputTokens, outputTokens: first.usage.outputTokens, batch: true })!;
    const onDemand = estimateCost({ modelId: nova, inputTokens: first.usage.inputTokens, outputTokens: first.usage.outputTokens })!;
    expect(first.cost).toEqual(batchCost);
    expect(batchCost.totalUsd).toBeCloseTo(onDemand.totalUsd / 2, 12);
  });

  it("resumes a job from its ARN in a new client", async () => {
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(120).map((request, index) => ({ ...request, recordId: `ticket${index}` })), ...locations("resume") });
    const other = createClient(bedrock.clientOptions);
    const resumed = await other.batch.get(job.jobArn);
    expect(resumed.modelId).toBe(nova);
    await resumed.wait({ pollMs: 5 });
    expect(await resumed.status()).toBe("Completed");
    const outcomes = await collect(resumed.results());
    expect(outcomes.map((outcome) => outcome.recordId)).toEqual(Array.from({ length: 120 }, (_unused, index) => `ticket${index}`));
  });

  it("resumes a job from its ARN in another process", async () => {
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(100).map((request, index) => ({ ...request, recordId: `child${index}` })), ...locations("child") });
    const child = new URL("./resume-child.ts", import.meta.url).pathname;
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(tsx, [child, bedrock.url, s3.endpoint, job.jobArn], { timeout: 30_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    const report = JSON.parse(output.trim().split("\n").at(-1)!) as { status: string; recordIds: string[]; costUsd: number };
    expect(report.status).toBe("Completed");
    expect(report.recordIds).toEqual(Array.from({ length: 100 }, (_unused, index) => `child${index}`));
    expect(report.costUsd).toBeGreaterThan(0);
  });

  it.each([
    ["missing", "@aws-sdk/client-s3", "fm.batch needs the optional package @aws-sdk/client-s3: npm install @aws-sdk/client-s3"],
    ["broken", "@aws-sdk/client-bedrock", "fm.batch needs the optional package @aws-sdk/client-bedrock, which is installed but did not load (a broken build)"],
  ])("an optional AWS SDK peer that is %s is a MissingDependency error naming it", async (mode, field, message) => {
    const child = new URL("./missing-peer-child.ts", import.meta.url).pathname;
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(tsx, [child, mode], { timeout: 30_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect(JSON.parse(output)).toEqual({ name: "ValidationError", code: "MissingDependency", field, message });
  });

  it("reports a failed record and a lost record as error outcomes, in place", async () => {
    bedrock.batch.failRecord("bad7", "Input is too long for requested model.");
    bedrock.batch.omitRecord("lost9");
    const requests = tickets(100).map((request, index) => ({ ...request, recordId: index === 7 ? "bad7" : index === 9 ? "lost9" : `ok${index}` }));
    const job = await fm.batch.submit({ modelId: nova, requests, ...locations("failing") });
    await job.wait({ pollMs: 5 });
    const outcomes = await collect(job.results());
    expect(outcomes).toHaveLength(100);
    expect(outcomes[7]!.error).toMatchObject({ name: "ValidationError", code: "BatchRecordFailed", statusCode: 400 });
    expect(outcomes[7]!.error!.message).toContain("Input is too long");
    expect(outcomes[9]!.error).toMatchObject({ name: "ServiceError", code: "BatchRecordMissing" });
    expect(outcomes.filter((outcome) => outcome.result).length).toBe(98);
  });

  it("a failed job rejects wait with Bedrock's message, and every record is an error outcome", async () => {
    bedrock.batch.failNextJob("The role cannot read the input bucket.");
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(100), ...locations("failed-job") });
    await expect(job.wait({ pollMs: 5 })).rejects.toMatchObject({ name: "ServiceError", code: "BatchJobFailed", message: expect.stringContaining("The role cannot read the input bucket.") });
    expect(await job.status()).toBe("Failed");
    const outcomes = await collect(job.results());
    expect(outcomes).toHaveLength(100);
    expect(outcomes.every((outcome) => outcome.error?.code === "BatchJobFailed")).toBe(true);
  });

  it("a stalled job: wait stops on its signal, results refuse until the job ends, stop() ends it", async () => {
    bedrock.batch.stallNextJob();
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(100), ...locations("stalled") });
    await expect(job.wait({ pollMs: 5, signal: AbortSignal.timeout(150) })).rejects.toMatchObject({ name: "AbortError" });
    expect(await job.status()).toBe("InProgress");
    await expect(collect(job.results())).rejects.toMatchObject({ code: "BatchJobNotFinished" });
    await job.stop();
    expect(await job.status()).toBe("Stopped");
  });

  it("splits a submission over a job's record quota into several jobs, each over the minimum", async () => {
    const job = await fm.batch.submit({ modelId: nova, requests: tickets(450), ...locations("split"), jobName: "split", quotas: { maxRecordsPerJob: 200 } });
    expect(job.jobArns).toHaveLength(3);
    expect((await s3.keys("in/split/")).sort()).toEqual(["in/split/split-2.jsonl", "in/split/split-3.jsonl", "in/split/split.jsonl"]);
    const details = await job.describe();
    expect(details.map((each) => each.jobName)).toEqual(["split", "split-2", "split-3"]);
    const progress = await job.wait({ pollMs: 5 });
    expect(progress.jobs.map((each) => each.totalRecordCount)).toEqual([200, 150, 100]);
    const outcomes = await collect(job.results());
    expect(outcomes.map((outcome) => outcome.recordId)).toEqual(Array.from({ length: 450 }, (_unused, index) => `R${String(index + 1).padStart(11, "0")}`));
  });

  it("streams an async iterable of requests", async () => {
    async function* generate(): AsyncGenerator<{ prompt: string; maxTokens: number }> {
      for (let index = 0; index < 150; index++) yield { prompt: `Generated ${index}`, maxTokens: 20 };
    }
    const job = await fm.batch.submit({ modelId: nova, requests: generate(), ...locations("iterable") });
    await job.wait({ pollMs: 5 });
    expect((await collect(job.results())).filter((outcome) => outcome.result)).toHaveLength(150);
  });

  it("encodes each request of an array once, as it does each request of an iterable", async () => {
    let reads = 0;
    const counted = (index: number) => ({
      get prompt() {
        reads += 1;
        return `Counted ${index}`;
      },
      maxTokens: 20,
    });
    await fm.batch.submit({ modelId: nova, requests: Array.from({ length: 100 }, (_unused, index) => counted(index)), ...locations("encoded-array") });
    const arrayReads = reads;
    reads = 0;
    function* generate(): Generator<ReturnType<typeof counted>> {
      for (let index = 0; index < 100; index++) yield counted(index);
    }
    await fm.batch.submit({ modelId: nova, requests: generate(), ...locations("encoded-iterable") });
    expect(reads).toBeGreaterThan(0);
    expect(arrayReads).toBe(reads);
  });

  describe("bad input fails before any upload, naming the field", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["an input URI that is not s3://bucket/prefix/", { inputS3Uri: "s3://jobs/in/file.jsonl" }, "inputS3Uri"],
      ["an output URI that is not S3", { outputS3Uri: "https://jobs.s3.amazonaws.com/out/" }, "outputS3Uri"],
      ["a missing role ARN", { roleArn: undefined }, "roleArn"],
      ["a model batch inference does not serve", { modelId: "amazon.titan-text-express-v1" }, "modelId"],
      ["a request for another model", { requests: [...tickets(150), { modelId: "amazon.nova-lite-v1:0", prompt: "x" }] }, "requests[150].modelId"],
      ["a record over the file-size quota", { requests: [...tickets(140), { prompt: "y".repeat(5_000) }], quotas: { maxFileBytes: 4_000 } }, "requests[140]"],
      ["a request invoke would refuse", { requests: [...tickets(130), { prompt: "z", temperature: 7 }] }, "requests[130].temperature"],
      ["a record with its own cost cap", { requests: [...tickets(120), { prompt: "b", maxUsd: 1 } as never] }, "requests[120].maxUsd"],
      ["a duplicate record ID", { requests: [...tickets(110), { prompt: "a", recordId: "R00000000003" }] }, "requests[110].recordId"],
      ["fewer requests than a job's minimum", { requests: tickets(99) }, "requests"],
      ["quotas that cannot split", { quotas: { minRecordsPerJob: 100, maxRecordsPerJob: 150 } }, "quotas.maxRecordsPerJob"],
    ];
    it.each(cases)("%s", async (_name, change, field) => {
      const name = `bad-${field.replace(/\W/g, "")}`;
      const request = { modelId: nova, requests: tickets(150), ...locations(name), ...change } as Parameters<BedrockKitClient["batch"]["submit"]>[0];
      const jobsBefore = bedrock.batch.jobArns.length;
      const error = await fm.batch.submit(request).catch((caught: unknown) => caught);
      expect(bedrock.batch.jobArns.length).toBe(jobsBefore);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
      expect(await s3.keys(`in/${name}/`)).toEqual([]);
    });

    it("names the models batch inference serves", async () => {
      const error = (await fm.batch.submit({ modelId: "amazon.titan-text-express-v1", requests: tickets(100), ...locations("names") }).catch((caught: unknown) => caught)) as ValidationError;
      expect(error.message).toContain("anthropic.claude-3-haiku-20240307-v1:0");
      expect(error.message).toContain(nova);
    });
  });

  it("refuses stop sequences the model cannot take on the wire (invoke cuts them itself; nothing cuts a batch output)", async () => {
    const custom = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abc123";
    registerModel({ id: custom, family: "amazon-titan-text" });
    const requests = tickets(100).map((request) => ({ ...request, stopSequences: ["END"] }));
    const error = (await fm.batch.submit({ modelId: custom, requests, ...locations("stops") }).catch((caught: unknown) => caught)) as ValidationError;
    expect(error.field).toBe("requests[0].stopSequences");
    expect(await s3.keys("in/stops/")).toEqual([]);
  });

  it("an upload that fails halfway leaves no job and no file", async () => {
    const before = bedrock.batch.jobArns.length;
    async function* failing(): AsyncGenerator<{ prompt: string; maxTokens?: number; temperature?: number }> {
      yield* tickets(300);
      yield { prompt: "bad", temperature: 9 };
    }
    const error = await fm.batch.submit({ modelId: nova, requests: failing(), ...locations("halfway"), quotas: { maxRecordsPerJob: 200 } }).catch((caught: unknown) => caught);
    expect((error as ValidationError).field).toBe("requests[300].temperature");
    expect(await s3.keys("in/halfway/")).toEqual([]);
    expect(bedrock.batch.jobArns.length).toBe(before);
  });

  it("the batch policy applies before anything is uploaded", async () => {
    const strict = createClient({ ...bedrock.clientOptions, allowModels: { batch: ["anthropic.*"] } });
    await expect(strict.batch.submit({ modelId: nova, requests: tickets(100), ...locations("policy") })).rejects.toMatchObject({ name: "ModelNotAllowedError" });
    expect(await s3.keys("in/policy/")).toEqual([]);
  });

  it("writes one audit line and one response event for a submission, and an error line for a refused one", async () => {
    const directory = mkdtempSync(join(tmpdir(), "bedrock-kit-batch-audit-"));
    const path = join(directory, "audit.jsonl");
    const events: BedrockKitEvent[] = [];
    const audited = createClient({ ...bedrock.clientOptions, audit: auditLog({ path }), onEvent: (event) => void events.push(event) });
    await audited.batch.submit({ modelId: nova, requests: tickets(100), ...locations("audited") });
    await audited.batch.submit({ modelId: nova, requests: tickets(10), ...locations("audited-small") }).catch(() => undefined);
    const lines = readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.operation, line.modelId, line.outcome, line.errorCode])).toEqual([
      ["batch", nova, "success", null],
      ["batch", nova, "error", "InvalidRequest"],
    ]);
    expect(events.map((event) => `${event.operation} ${event.type}`)).toEqual(["batch response", "batch error"]);
    rmSync(directory, { recursive: true, force: true });
  });

  it("uploads a large file in parts (multipart upload), and an aborted one leaves nothing", async () => {
    const clients = createJobClients(await loadJobSdk("test"), "us-east-1", { credentials: s3.credentials, endpoint: undefined, s3Endpoint: s3.endpoint });
    const line = `${"x".repeat(99)}\n`;
    const writer = new S3LineWriter(clients, "jobs", "parts/big.jsonl", new AbortController().signal, 5 * 1024 * 1024);
    for (let index = 0; index < 120_000; index++) await writer.write(line);
    await writer.finish();
    expect((await s3.read("parts/big.jsonl")).length).toBe(12_000_000);
    const aborted = new S3LineWriter(clients, "jobs", "parts/aborted.jsonl", new AbortController().signal, 5 * 1024 * 1024);
    for (let index = 0; index < 60_000; index++) await aborted.write(line);
    // s3rver 3.7 answers AbortMultipartUpload with MethodNotAllowed (S3 itself takes it); its parts are never listed either way.
    await expect(aborted.abort()).rejects.toMatchObject({ name: "MethodNotAllowed" });
    await writer.abort();
    expect(await s3.keys("parts/")).toEqual([]);
    clients.s3.destroy();
    clients.bedrock.destroy();
  });
});
