/**
 * The same request through one model of every family, in one table: the answer's start,
 * stop reason, tokens, cost and latency. Offline by default (BEDROCK_LIVE=1 for real Bedrock).
 * Run: npx tsx examples/hot-swap.ts
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

// One active model of each family bedrock-kit serves with the same request (Claude text
// completions, Titan Text, Jamba and Command R have reached or are past their end of life).
const models = [
  "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  "us.anthropic.claude-sonnet-4-6",
  "us.amazon.nova-lite-v1:0",
  "us.amazon.nova-2-lite-v1:0",
  "us.meta.llama3-3-70b-instruct-v1:0",
  "us.meta.llama4-scout-17b-instruct-v1:0",
  "mistral.mistral-7b-instruct-v0:2",
  "mistral.mistral-large-3-675b-instruct",
  "ai21.j2-ultra-v1",
  "openai.gpt-oss-20b-1:0",
  "qwen.qwen3-32b-v1:0",
  "moonshot.kimi-k2-thinking",
  "us.deepseek.r1-v1:0",
  "us.writer.palmyra-x5-v1:0",
];

const { fm, close } = await exampleClient();
try {
  const rows: string[][] = [["model", "answer starts", "stop reason", "tokens in/out", "cost", "latency"]];
  for (const modelId of models) {
    const result = await fm.invoke({
      modelId,
      system: "You are a telecom support assistant.",
      prompt: "The BGP session to our Spokane site dropped at noon. What happened?",
      maxTokens: 200,
    });
    const cost = result.cost ? `$${result.cost.totalUsd.toFixed(6)}` : "unknown";
    rows.push([modelId, `${result.text.slice(0, 40)}…`, result.stopReason, `${result.usage.inputTokens}/${result.usage.outputTokens}`, cost, `${result.latencyMs} ms`]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
} finally {
  await close();
}
