/**
 * Streams an answer delta by delta, then prints the final result's usage.
 * Run: npx tsx examples/stream.ts
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const { fm, close } = await exampleClient();
try {
  const stream = fm.stream({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    prompt: "Explain in one paragraph why a fibre cut moves traffic to the backup path.",
  });
  for await (const delta of stream.textStream) process.stdout.write(delta);
  const result = await stream.result;
  console.log(`\n\n${result.stopReason}; ${result.usage.inputTokens} in, ${result.usage.outputTokens} out (from the ${result.usage.source}); ${result.latencyMs} ms`);
} finally {
  await close();
}
