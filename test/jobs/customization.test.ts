import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, registerModel, validateTrainingData, ValidationError, type BedrockKitClient, type CustomizationProgress } from "../../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";
import { startLocalS3, type LocalS3 } from "./local-s3.js";

const directory = mkdtempSync(join(tmpdir(), "bedrock-kit-training-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let fileNumber = 0;
function trainingFile(lines: readonly string[]): string {
  const path = join(directory, `train-${++fileNumber}.jsonl`);
  writeFileSync(path, lines.join("\n"));
  return path;
}

const secret = "PRIVATE-TRAINING-TEXT";
const promptCompletion = JSON.stringify({ prompt: `Classify: ${secret}`, completion: "billing" });
const claude = JSON.stringify({ system: "You sort tickets.", messages: [{ role: "user", content: secret }, { role: "assistant", content: "billing" }] });
const conversation = JSON.stringify({
  schemaVersion: "bedrock-conversation-2024",
  system: [{ text: "You sort tickets." }],
  messages: [{ role: "user", content: [{ text: secret }] }, { role: "assistant", content: [{ text: "billing" }] }],
});

describe("validateTrainingData", () => {
  const table: [string, string, string, string | undefined][] = [
    ["Titan Text", "amazon.titan-text-express-v1", promptCompletion, undefined],
    ["Titan Text", "amazon.titan-text-lite-v1:0:4k", JSON.stringify({ prompt: "only a prompt" }), '"completion" must be a non-empty string'],
    ["Titan Text", "amazon.titan-text-express-v1", JSON.stringify({ prompt: "p", completion: "c", label: 1 }), 'unexpected keys "label"'],
    ["Titan Text", "amazon.titan-text-express-v1", claude, '"prompt" must be a non-empty string'],
    ["Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1:0", claude, undefined],
    ["Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1:0:200k", JSON.stringify({ messages: [{ role: "user", content: "hi" }] }), "at least two messages"],
    ["Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1:0", JSON.stringify({ messages: [{ role: "assistant", content: "a" }, { role: "user", content: "b" }] }), 'messages[0].role must be "user"'],
    ["Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1:0", JSON.stringify({ messages: [{ role: "user", content: [{ text: "a" }] }, { role: "assistant", content: "b" }] }), "messages[0].content must be a non-empty string"],
    ["Claude 3 Haiku", "anthropic.claude-3-haiku-20240307-v1:0", promptCompletion, 'unexpected keys "prompt", "completion"'],
    ["Nova", "amazon.nova-micro-v1:0", conversation, undefined],
    ["Nova", "amazon.nova-lite-v1:0:300k", claude, '"schemaVersion" must be "bedrock-conversation-2024"'],
    ["Nova", "amazon.nova-pro-v1:0", JSON.stringify({ schemaVersion: "bedrock-conversation-2024", messages: [{ role: "user", content: [{ text: "q" }] }, { role: "user", content: [{ text: "a" }] }] }), 'messages[1].role must be "assistant"'],
    ["Nova", "amazon.nova-micro-v1:0", JSON.stringify({ schemaVersion: "bedrock-conversation-2024", messages: [{ role: "user", content: [{ image: {} }] }, { role: "assistant", content: [{ text: "a" }] }] }), "messages[0].content has no { text } block"],
    ["Llama", "meta.llama3-1-8b-instruct-v1:0", promptCompletion, undefined],
    ["Llama", "meta.llama3-2-3b-instruct-v1:0", conversation, undefined],
    ["Llama", "meta.llama3-3-70b-instruct-v1:0", JSON.stringify({ prompt: "", completion: "x" }), '"prompt" must be a non-empty string'],
    ["any", "amazon.nova-micro-v1:0", "{not json", "not valid JSON"],
    ["any", "amazon.nova-micro-v1:0", "[1, 2]", "not a JSON object"],
  ];
  it.each(table)("%s (%s): %s", async (_family, baseModelId, line, problem) => {
    const report = await validateTrainingData(trainingFile([line]), { baseModelId });
    expect(report.records).toBe(1);
    if (problem === undefined) {
      expect(report).toEqual({ ok: true, records: 1, errors: [] });
    } else {
      expect(report.ok).toBe(false);
      expect(report.errors.map((error) => error.line)).toContain(1);
      expect(report.errors.map((error) => error.message).join("; ")).toContain(problem);
    }
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it("reports each bad line by its 1-based number, skipping blank lines", async () => {
    const report = await validateTrainingData(trainingFile([promptCompletion, "", JSON.stringify({ prompt: "x" }), promptCompletion, "oops"]), { baseModelId: "amazon.titan-text-express-v1" });
    expect(report.records).toBe(4);
    expect(report.errors).toEqual([
      { line: 3, message: '"completion" must be a non-empty string' },
      { line: 5, message: "the line is not valid JSON" },
    ]);
  });

  it("checks the record count against maxRecords, and an empty file", async () => {
    expect((await validateTrainingData(trainingFile([promptCompletion, promptCompletion]), { baseModelId: "amazon.titan-text-express-v1", maxRecords: 1 })).errors).toEqual([
      { line: 0, message: "2 records, over the maxRecords of 1" },
    ]);
    expect(await validateTrainingData(trainingFile([]), { baseModelId: "amazon.titan-text-express-v1" })).toEqual({ ok: false, records: 0, errors: [{ line: 0, message: "the file has no records" }] });
  });

  it("refuses a base model fine-tuning does not serve, naming those it does", async () => {
    const error = (await validateTrainingData(trainingFile([promptCompletion]), { baseModelId: "anthropic.claude-sonnet-4-20250514-v1:0" }).catch((caught: unknown) => caught)) as ValidationError;
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.field).toBe("baseModelId");
    expect(error.message).toContain("amazon.nova-micro-v1:0:128k");
  });
});

describe("fm.customization", () => {
  let s3: LocalS3;
  let bedrock: LocalBedrock;
  let fm: BedrockKitClient;
  const request = {
    baseModelId: "amazon.nova-micro-v1:0",
    trainingDataS3Uri: "s3://jobs/training/train.jsonl",
    outputS3Uri: "s3://jobs/training/output/",
    roleArn: "arn:aws:iam::123456789012:role/BedrockCustomization",
    hyperParameters: { epochCount: 2, learningRate: "0.00001" },
    jobName: "ticket-sorter",
    customModelName: "ticket-sorter-v1",
  };

  beforeAll(async () => {
    s3 = await startLocalS3();
    bedrock = await startLocalBedrock({ s3: { endpoint: s3.endpoint, credentials: s3.credentials } });
    fm = createClient(bedrock.clientOptions);
    const client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
    await client.send(new PutObjectCommand({ Bucket: "jobs", Key: "training/train.jsonl", Body: `${conversation}\n` }));
    client.destroy();
  });
  afterAll(async () => {
    await bedrock.close();
    await s3.close();
  });

  it("submits a job, waits with progress, and the custom model is invocable by ARN after registerModel", async () => {
    const job = await fm.customization.submit(request);
    expect(bedrock.customization.jobArns).toEqual([job.jobArn]);
    expect(job.jobArn).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:model-customization-job\//);
    const seen: CustomizationProgress[] = [];
    const done = await job.wait({ pollMs: 5, onProgress: (progress) => seen.push(progress) });
    expect(seen.map((progress) => progress.status)).toEqual(["InProgress", "InProgress", "Completed"]);
    expect(done.customModelArn).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:custom-model\/amazon\.nova-micro-v1:0:128k\//);

    registerModel({ id: done.customModelArn, family: "amazon-nova", pricing: { inputPer1k: 0.001, outputPer1k: 0.002 } });
    bedrock.addModel({ id: done.customModelArn, family: "amazon-nova" });
    const result = await fm.invoke({ modelId: done.customModelArn, prompt: "Sort: refund", maxTokens: 20 });
    expect(result.text).not.toBe("");
    expect(result.cost?.totalUsd).toBeGreaterThan(0);
    expect(bedrock.requests.at(-1)!.modelId).toBe(done.customModelArn);

    const resumed = await createClient(bedrock.clientOptions).customization.get(job.jobArn);
    expect((await resumed.status()).status).toBe("Completed");
  });

  it("a failed job rejects wait with Bedrock's message", async () => {
    bedrock.customization.failNextJob("Training data line 3 is malformed.");
    const job = await fm.customization.submit({ ...request, jobName: "ticket-sorter-2", customModelName: "ticket-sorter-v2" });
    await expect(job.wait({ pollMs: 5 })).rejects.toMatchObject({ name: "ServiceError", code: "CustomizationJobFailed", message: expect.stringContaining("line 3 is malformed") });
  });

  it("wait refuses bad options as a batch job's wait does, and stops on its signal", async () => {
    const job = await fm.customization.submit({ ...request, jobName: "ticket-sorter-3", customModelName: "ticket-sorter-v3" });
    const refusal = { name: "ValidationError", modelId: "amazon.nova-micro-v1:0", operation: "customization" };
    await expect(job.wait(null as never)).rejects.toMatchObject({ ...refusal, field: "options" });
    await expect(job.wait({ onProgress: "log" as never })).rejects.toMatchObject({ ...refusal, field: "onProgress", message: "Invalid onProgress: expected a function" });
    await expect(job.wait({ pollMs: 0 })).rejects.toMatchObject({ ...refusal, field: "pollMs", message: "Invalid pollMs: expected milliseconds from 1 to 2147483647" });
    await expect(job.wait({ signal: "stop" as never })).rejects.toMatchObject({ name: "ValidationError", field: "signal" });
    await expect(job.wait({ pollMs: 5, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError", operation: "customization", message: expect.stringContaining("Waiting for the customization job of") });
  });

  it("the customization policy judges the base model before any request", async () => {
    const before = bedrock.customization.jobArns.length;
    const strict = createClient({ ...bedrock.clientOptions, denyModels: { customization: ["amazon.nova-*"] } });
    await expect(strict.customization.submit(request)).rejects.toMatchObject({ name: "ModelNotAllowedError", operation: "customization" });
    expect(bedrock.customization.jobArns.length).toBe(before);
  });

  it.each([
    ["baseModelId", { baseModelId: "anthropic.claude-sonnet-4-20250514-v1:0" }],
    ["trainingDataS3Uri", { trainingDataS3Uri: "s3://jobs/training/" }],
    ["outputS3Uri", { outputS3Uri: "/tmp/out" }],
    ["roleArn", { roleArn: "BedrockCustomization" }],
    ["jobName", { jobName: "has spaces" }],
    ["customModelName", { customModelName: "" }],
    ["hyperParameters", { hyperParameters: { epochCount: [2] } }],
  ])("refuses a bad %s before any request", async (field, change) => {
    const before = bedrock.customization.jobArns.length;
    const error = (await fm.customization.submit({ ...request, ...change } as typeof request).catch((caught: unknown) => caught)) as ValidationError;
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.field).toBe(field);
    expect(bedrock.customization.jobArns.length).toBe(before);
  });
});
