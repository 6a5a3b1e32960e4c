/** `batch submit`, `batch status` and `batch results`: Bedrock batch inference from the shell. */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import type { BatchJob, BatchRequest, BedrockKitClient } from "../index.js";
import { optionsOf, UsageError, wholeNumber } from "./input.js";
import { formatUsd, printJson, type Output } from "./output.js";
import { withSession } from "./session.js";

/** Options of `batch submit`. */
interface SubmitOptions {
  model: string;
  requests: string;
  inputS3: string;
  outputS3: string;
  role: string;
  name?: string | undefined;
  wait?: boolean | undefined;
  pollMs?: string | undefined;
}

/** The requests of a JSONL file, one invoke request (without `modelId`) per line, read as the upload goes. */
async function* readRequests(path: string): AsyncIterable<BatchRequest> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UsageError(`${path} line ${number} is not JSON (one request object per line)`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError(`${path} line ${number} is not a request object`);
    yield parsed as BatchRequest;
  }
}

/** Waits for a job with one progress line per change, then prints its outcomes. */
async function waitAndPrint(job: BatchJob, output: Output, json: boolean | undefined, pollMs: number | undefined): Promise<void> {
  let last = "";
  await job.wait({
    ...(pollMs === undefined ? {} : { pollMs }),
    onProgress: (progress) => {
      const line = `${progress.status}: ${progress.processed}/${progress.total || "?"} records`;
      if (line !== last && !json) output.error(`${line}\n`);
      last = line;
    },
  });
  await printResults(job, output, json);
}

/** Prints every record's outcome (JSON lines with --json) and the total at batch prices. */
async function printResults(job: BatchJob, output: Output, json: boolean | undefined): Promise<void> {
  let total = 0;
  let failed = 0;
  for await (const outcome of job.results()) {
    total += outcome.result?.cost?.totalUsd ?? 0;
    if (outcome.error) failed += 1;
    if (json) output.out(`${JSON.stringify({ recordId: outcome.recordId, text: outcome.result?.text, usage: outcome.result?.usage, cost: outcome.result?.cost, error: outcome.error && { code: outcome.error.code, message: outcome.error.message } })}\n`);
    else output.out(`${outcome.recordId}\t${outcome.result ? outcome.result.text.replace(/\s+/g, " ") : `ERROR ${outcome.error?.code}: ${outcome.error?.message}`}\n`);
  }
  if (!json) output.error(`[${failed} failed, ${formatUsd(total)} at batch prices]\n`);
}

/** The job of the ARNs given. */
function jobOf(fm: BedrockKitClient, arns: string[]): Promise<BatchJob> {
  return fm.batch.get(arns);
}

/** Adds the batch commands. */
export function addBatchCommands(program: Command, output: Output): void {
  const batch = program.command("batch").description("Bedrock batch inference: many requests at about half the on-demand price").option("--s3-endpoint <url>", "an S3-compatible endpoint (a local server)");
  batch
    .command("submit")
    .description("upload a JSONL of requests (one invoke request per line) and start the job(s)")
    .requiredOption("-m, --model <id>", "the model every record runs on")
    .requiredOption("--requests <file>", "JSONL: one request per line, e.g. {\"prompt\": \"...\", \"maxTokens\": 200}")
    .requiredOption("--input-s3 <uri>", "s3://bucket/prefix/ for the input")
    .requiredOption("--output-s3 <uri>", "s3://bucket/prefix/ for the output")
    .requiredOption("--role <arn>", "the service role Bedrock assumes")
    .option("--name <name>", "the job name")
    .option("--wait", "wait for the job and print its results")
    .option("--poll-ms <n>", "first wait between status polls (default 30000; 50 with --offline)")
    .action(async (_options, command: Command) => {
      const options = optionsOf<SubmitOptions>(command);
      await withSession(options, async (fm) => {
        const request: Parameters<typeof fm.batch.submit>[0] = { modelId: options.model, requests: readRequests(options.requests), inputS3Uri: options.inputS3, outputS3Uri: options.outputS3, roleArn: options.role };
        if (options.name !== undefined) request.jobName = options.name;
        const job = await fm.batch.submit(request);
        if (options.json && !options.wait) printJson(output, { jobArns: job.jobArns });
        else output.error(`submitted ${job.jobArns.join(", ")}\n`);
        const pollMs = options.pollMs !== undefined ? wholeNumber(options.pollMs, "--poll-ms") : options.offline ? 50 : undefined;
        if (options.wait) await waitAndPrint(job, output, options.json, pollMs);
      });
    });
  batch
    .command("status")
    .description("the status of a job (or of a split submission's jobs)")
    .argument("<jobArn...>", "the job ARN(s) `batch submit` printed")
    .action(async (arns: string[], _options, command: Command) => {
      const options = optionsOf<Record<string, never>>(command);
      await withSession(options, async (fm) => {
        const job = await jobOf(fm, arns);
        const details = await job.describe();
        if (options.json) return printJson(output, details);
        for (const detail of details) output.out(`${detail.jobArn}\t${detail.status}${detail.message ? `\t${detail.message}` : ""}\n`);
      });
    });
  batch
    .command("results")
    .description("every record's answer or error, in request order, priced at batch prices")
    .argument("<jobArn...>", "the job ARN(s)")
    .action(async (arns: string[], _options, command: Command) => {
      const options = optionsOf<Record<string, never>>(command);
      await withSession(options, async (fm) => printResults(await jobOf(fm, arns), output, options.json));
    });
}
