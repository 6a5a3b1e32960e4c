/**
 * The same request through one model of every family, in one table: the answer's start,
 * stop reason, tokens, cost and latency. Offline by default (BEDROCK_LIVE=1 for real Bedrock).
 * Run: npx tsx examples/hot-swap.ts
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const models = [
  "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  "anthropic.claude-v2:1",
  "amazon.titan-text-express-v1",
  "us.amazon.nova-lite-v1:0",
  "us.meta.llama3-3-70b-instruct-v1:0",
  "us.meta.llama4-scout-17b-instruct-v1:0",
  "mistral.mistral-large-2407-v1:0",
  "ai21.j2-ultra-v1",
  "ai21.jamba-1-5-mini-v1:0",
  "cohere.command-r-plus-v1:0",
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
