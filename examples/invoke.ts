/**
 * One request, one answer: text, stop reason, token usage and latency.
 * Run: npm run demo   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const { fm, close, where } = await exampleClient();
try {
  const result = await fm.invoke({
    modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    system: "You are a telecom support assistant. Answer in two sentences.",
    prompt: "The BGP session to our Spokane site dropped at noon. What happened?",
    maxTokens: 200,
  });
  console.log(`Model:       ${result.modelId} (via ${where})`);
  console.log(`Answer:      ${result.text}`);
  console.log(`Stop reason: ${result.stopReason} (model said "${result.rawStopReason}")`);
  console.log(`Usage:       ${result.usage.inputTokens} in + ${result.usage.outputTokens} out = ${result.usage.totalTokens} tokens (from the ${result.usage.source})`);
  console.log(`Cost:        ${result.cost ? `$${result.cost.totalUsd.toFixed(6)}` : "unknown"} (total so far: $${fm.costs().totalUsd.toFixed(6)})`);
  console.log(`Latency:     ${result.latencyMs} ms, request ${result.requestId}`);
  for (const warning of result.warnings) console.log(`Warning:     ${warning.message}`);
} finally {
  await close();
}
