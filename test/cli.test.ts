/**
 * The `bedrock-kit` command, run in-process with its output captured (the packed bin runs
 * as a child process with an empty HOME in `npm run check:package`).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "commander";
import { commandPath, helpExamples } from "../src/cli/help-examples.js";
import { buildProgram, runCli } from "../src/cli/program.js";
import type { Output } from "../src/cli/output.js";
import { auditLog, createClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { startLocalS3 } from "./jobs/local-s3.js";

interface Captured {
  code: number;
  out: string;
  error: string;
}

async function cli(...argv: string[]): Promise<Captured> {
  let out = "";
  let error = "";
  const output: Output = { out: (text) => (out += text), error: (text) => (error += text), colour: false };
  const code = await runCli(argv, output);
  return { code, out, error };
}

let bedrock: LocalBedrock;
beforeAll(async () => (bedrock = await startLocalBedrock()));
afterAll(() => bedrock.close());

describe("bedrock-kit CLI", () => {
  it("invokes offline and prints the answer, with tokens and cost on stderr", async () => {
    const result = await cli("--offline", "invoke", "-m", "amazon.nova-micro-v1:0", "Why", "is", "BGP", "down?");
    expect(result.code).toBe(0);
    expect(result.out.trim().length).toBeGreaterThan(0);
    expect(result.error).toMatch(/amazon\.nova-micro-v1:0: \d+ in \/ \d+ out tokens, \$/);
  });

  it("prints one JSON document with --json, for invoke and stream", async () => {
    for (const command of ["invoke", "stream"]) {
      const result = await cli("--offline", "--json", command, "-m", "anthropic.claude-3-haiku-20240307-v1:0", "--max-tokens", "50", "hello");
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.out) as { text: string; usage: { outputTokens: number }; cost: { totalUsd: number } };
      expect(parsed.text.length).toBeGreaterThan(0);
      expect(parsed.usage.outputTokens).toBeGreaterThan(0);
      expect(parsed.cost.totalUsd).toBeGreaterThan(0);
    }
  });

  it("talks to a Bedrock endpoint given by --endpoint (here `bedrock-kit local`'s offline Bedrock)", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIACLITEST000000000";
    process.env.AWS_SECRET_ACCESS_KEY = "cli-secret";
    try {
      const result = await cli("--endpoint", bedrock.url, "--region", "us-east-1", "--json", "invoke", "-m", "amazon.nova-micro-v1:0", "ping");
      expect(result.code).toBe(0);
      expect(bedrock.requests.at(-1)!.modelId).toBe("amazon.nova-micro-v1:0");
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it("lists models as a table or JSON, filtered by provider", async () => {
    const table = await cli("models", "--provider", "cohere");
    expect(table.out.split("\n")[0]).toMatch(/^ID\s+PROVIDER\s+FAMILY/);
    expect(table.out).toContain("cohere.rerank-v3-5:0");
    const json = JSON.parse((await cli("--json", "models", "--provider", "amazon")).out) as { provider: string }[];
    expect(json.length).toBeGreaterThan(5);
    expect(json.every((model) => model.provider === "amazon")).toBe(true);
  });

  it("counts tokens, prices tokens, estimates, embeds and reranks", async () => {
    expect(JSON.parse((await cli("--offline", "--json", "tokens", "-m", "anthropic.claude-3-haiku-20240307-v1:0", "hello world")).out)).toMatchObject({ tokens: expect.any(Number) });
    expect(JSON.parse((await cli("--json", "cost", "-m", "amazon.nova-micro-v1:0", "--input", "1000", "--output", "1000")).out).totalUsd).toBeCloseTo(0.000035 + 0.00014, 9);
    expect((await cli("--offline", "estimate", "-m", "amazon.nova-micro-v1:0", "--max-tokens", "100", "a prompt")).out).toContain("fits the");
    const embedded = JSON.parse((await cli("--offline", "--json", "embed", "-m", "amazon.titan-embed-text-v2:0", "--dimensions", "256", "one", "two")).out) as { embeddings: number[][] };
    expect(embedded.embeddings.map((vector) => vector.length)).toEqual([256, 256]);
    const ranked = await cli("--offline", "rerank", "-m", "cohere.rerank-v3-5:0", "-q", "bgp circuit down", "--top", "1", "invoice sent", "the bgp circuit is down");
    expect(ranked.out).toContain("the bgp circuit is down");
    expect(ranked.out).not.toContain("invoice sent");
  });

  it("writes a generated image as a PNG", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "bedrock-kit-cli-")), "out.png");
    const result = await cli("--offline", "image", "-m", "amazon.nova-canvas-v1:0", "-o", file, "--seed", "7", "a", "rack", "of", "routers");
    expect(result.code).toBe(0);
    expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("verifies an audit log: exit 0 when intact, 1 naming the first broken line", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "bedrock-kit-cli-audit-")), "audit.jsonl");
    await createClient({ ...bedrock.clientOptions, audit: auditLog({ path }) }).invoke({ modelId: "amazon.nova-micro-v1:0", prompt: "hi" });
    const intact = await cli("audit", "verify", path);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toContain("ok: 1 lines");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, readFileSync(path, "utf8").replace('"success"', '"denied"'));
    const broken = await cli("audit", "verify", path);
    expect(broken.out).toContain("BROKEN at line 1");
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });

  it("exits 2 on bad usage or input, naming the problem, and never prints prompt text", async () => {
    expect((await cli("invoke")).code).toBe(2);
    const unknown = await cli("--offline", "invoke", "-m", "nosuch.model", "SECRET-PROMPT");
    expect(unknown.code).toBe(2);
    expect(unknown.error).toContain("Unknown model ID nosuch.model");
    const badNumber = await cli("--offline", "invoke", "-m", "amazon.nova-micro-v1:0", "--max-tokens", "lots", "SECRET-PROMPT");
    expect(badNumber.code).toBe(2);
    expect(badNumber.error).toContain("--max-tokens");
    const badCap = await cli("--offline", "invoke", "-m", "amazon.nova-micro-v1:0", "--max-usd", "lots", "SECRET-PROMPT");
    expect(badCap.code).toBe(2);
    expect(badCap.error).toContain("--max-usd");
    const overCap = await cli("--offline", "invoke", "-m", "amazon.nova-micro-v1:0", "--max-usd", "0.0000001", "SECRET-PROMPT");
    expect(overCap.code).toBe(1);
    expect(overCap.error).toContain("exceeds its maxUsd");
    expect(`${unknown.error}${badNumber.error}${badCap.error}${overCap.error}`).not.toContain("SECRET-PROMPT");
    expect((await cli("no-such-command")).code).toBe(2);
  });

  it("runs doctor offline: every check passes and says why", async () => {
    const result = await cli("--offline", "--json", "doctor");
    const checks = JSON.parse(result.out) as { name: string; ok: boolean }[];
    expect(checks.map((check) => [check.name, check.ok])).toEqual([["credentials", true], ["region", true], ["model access", true]]);
    expect(result.code).toBe(0);
  });

  it("submits a batch job from a JSONL of requests, waits, and prints every record in order", async () => {
    const s3 = await startLocalS3();
    const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-cli-batch-"));
    const file = join(folder, "requests.jsonl");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, Array.from({ length: 100 }, (_, index) => JSON.stringify({ prompt: `Summarize ticket ${index}`, maxTokens: 20 })).join("\n"));
    process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
    try {
      const result = await cli("--offline", "--json", "batch", "--s3-endpoint", s3.endpoint, "submit", "-m", "amazon.nova-micro-v1:0", "--requests", file, "--input-s3", `s3://${s3.bucket}/in/`, "--output-s3", `s3://${s3.bucket}/out/`, "--role", "arn:aws:iam::123456789012:role/batch", "--wait");
      expect(result.error).toContain("submitted arn:aws:bedrock:");
      expect(result.code).toBe(0);
      const lines = result.out.trim().split("\n").map((line) => JSON.parse(line) as { recordId: string; text?: string; cost?: { totalUsd: number } });
      expect(lines).toHaveLength(100);
      expect(lines.map((line) => line.recordId)).toEqual(Array.from({ length: 100 }, (_, index) => `R${String(index + 1).padStart(11, "0")}`));
      expect(lines.every((line) => (line.text?.length ?? 0) > 0 && (line.cost?.totalUsd ?? 0) > 0)).toBe(true);
      const bad = await cli("--offline", "batch", "--s3-endpoint", s3.endpoint, "submit", "-m", "amazon.nova-micro-v1:0", "--requests", file, "--input-s3", "bucket/in", "--output-s3", `s3://${s3.bucket}/out/`, "--role", "arn:aws:iam::123456789012:role/batch");
      expect(bad.code).toBe(2);
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      await s3.close();
    }
  });

  it("runs an agent from a JSON configuration: an answer, or control returned with the pending call", async () => {
    const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-cli-agent-"));
    const { writeFileSync } = await import("node:fs");
    const plain = join(folder, "plain.json");
    writeFileSync(plain, JSON.stringify({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", instruction: "You are a telecom support assistant." }));
    const answered = JSON.parse((await cli("--offline", "--json", "agent", "run", plain, "Why", "is", "my", "BGP", "circuit", "down?")).out) as { status: string; text: string; steps: unknown[]; cost: { totalUsd: number } };
    expect(answered).toMatchObject({ status: "completed" });
    expect(answered.text.length).toBeGreaterThan(0);
    expect(answered.cost.totalUsd).toBeGreaterThan(0);

    const withTool = join(folder, "tool.json");
    writeFileSync(withTool, JSON.stringify({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", tools: [{ name: "get_ticket_status", description: "Looks up a ticket", inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] } }] }));
    const paused = await cli("--offline", "agent", "run", withTool, "What is the status of ticket NET-4521?");
    expect(paused.code).toBe(0);
    expect(paused.out).toContain("awaiting results for get_ticket_status(");
    expect(paused.error).toContain("[awaiting-tool-results: 1 step(s)");

    const missing = await cli("--offline", "agent", "run", join(folder, "nope.json"), "hi");
    expect(missing.code).toBe(2);
    expect(missing.error).toContain("cannot be read as JSON (ENOENT)");
  });

  it("ingests a folder into a knowledge base, then answers a question from it in another command, with its sources", async () => {
    const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-cli-kb-"));
    const store = join(folder, "store");
    const data = new URL("../examples/data/telecom/", import.meta.url).pathname;
    const ingested = await cli("--offline", "kb", "--store", store, "ingest", data);
    expect(ingested.code).toBe(0);
    expect(ingested.out).toMatch(/^\d+ added, 0 updated/);
    const asked = await cli("--offline", "--json", "kb", "--store", store, "ask", "Why is my BGP circuit down?");
    expect(asked.code).toBe(0);
    const answer = JSON.parse(asked.out) as { text: string; sources: string[] };
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.sources.some((source) => source.includes("bgp-circuit-down.md"))).toBe(true);
    const wrongModel = await cli("--offline", "kb", "--store", store, "--embedding", "cohere.embed-english-v3", "ask", "hello");
    expect(wrongModel.code).toBe(2);
  });

  it("has --help for every command", async () => {
    for (const command of ["models", "invoke", "stream", "tokens", "cost", "estimate", "embed", "image", "rerank", "local", "doctor"]) {
      const help = await cli(command, "--help");
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: bedrock-kit ${command}`);
    }
  });
});

/** Splits an example line as a shell would (double quotes only; `$VAR` kept as text). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

describe("bedrock-kit --help examples", () => {
  const program = buildProgram({ out: () => undefined, error: () => undefined, colour: false });
  const leaves: Command[] = [];
  const visit = (command: Command): void => (command.commands.length === 0 ? void leaves.push(command) : command.commands.forEach(visit));
  program.commands.forEach(visit);

  it("shows examples after every command's help", async () => {
    expect(leaves.length).toBeGreaterThan(15);
    for (const command of leaves) {
      const path = commandPath(command);
      expect(helpExamples[path], path).toBeDefined();
      const help = await cli(...path.split(" "), "--help");
      expect(help.out, path).toContain(`Examples:\n  $ bedrock-kit ${helpExamples[path]![0]}`);
    }
    expect(Object.keys(helpExamples).sort()).toEqual(leaves.map(commandPath).sort());
  });

  it("uses only options the command and its parents accept, in each example", () => {
    for (const [path, examples] of Object.entries(helpExamples)) {
      const chain: Command[] = [program];
      for (const name of path.split(" ")) chain.push(chain.at(-1)!.commands.find((command) => command.name() === name)!);
      const flags = new Set(chain.flatMap((command) => command.options.flatMap((option) => [option.long, option.short])).filter(Boolean));
      for (const example of examples) {
        const words = shellWords(example);
        for (const word of words.filter((candidate) => candidate.startsWith("-"))) expect(flags.has(word), `${word} in "${example}"`).toBe(true);
        const commandWords = words.filter((word) => path.split(" ").includes(word));
        expect(commandWords.slice(0, path.split(" ").length).join(" "), example).toBe(path);
      }
    }
  });

  it("runs every example that needs only the offline Bedrock", async () => {
    const folder = mkdtempSync(join(tmpdir(), "bedrock-kit-cli-examples-"));
    const runnable = Object.entries(helpExamples).flatMap(([path, examples]) => examples.filter((example) => example.startsWith("--offline") && path !== "agent run").map((example) => ({ path, example })));
    expect(runnable.length).toBeGreaterThan(10);
    for (const { path, example } of runnable) {
      const words = shellWords(example).map((word) => (word === "./kb" ? join(folder, "kb") : word === "tower.png" ? join(folder, "tower.png") : word));
      const result = await cli(...words);
      expect(result.code, `${path}: ${example}\n${result.error}`).toBe(0);
      expect(result.out.length, example).toBeGreaterThan(0);
    }
    for (const example of [...helpExamples.cost!, ...helpExamples.models!]) expect((await cli(...shellWords(example))).code, example).toBe(0);
  }, 60_000);
});
