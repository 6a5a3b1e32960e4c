/**
 * Summarises a batch of support tickets with fm.map under a client-side rate limit, with a
 * fallback model, printing progress, every outcome in order and the total cost.
 * Run: npx tsx examples/many-calls.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const tickets = Array.from({ length: 40 }, (_, index) => `Ticket ${index + 1}: customer reports ${index % 3 === 0 ? "no dial tone" : index % 3 === 1 ? "slow broadband" : "a double charge"}.`);

const { fm, close } = await exampleClient({ rateLimit: { requestsPerMinute: 600, tokensPerMinute: 200_000 } });
try {
  const outcomes = await fm.map(
    tickets.map((ticket) => ({
      modelId: "amazon.nova-micro-v1:0",
      fallbackModelIds: ["amazon.nova-lite-v1:0"],
      system: "Summarize the support ticket in at most eight words.",
      prompt: ticket,
      maxTokens: 40,
    })),
    {
      concurrency: 8,
      onProgress: ({ done, total }) => {
        if (done % 10 === 0) console.log(`${done}/${total} done`);
      },
    },
  );
  for (const { index, result, error } of outcomes.slice(0, 5)) console.log(`#${index + 1}`, result ? result.text.slice(0, 60) : `failed: ${error?.code}`);
  const failed = outcomes.filter((outcome) => outcome.error).length;
  console.log(`${outcomes.length - failed} answered, ${failed} failed, $${fm.costs().totalUsd.toFixed(5)} in all`);
} finally {
  await close();
}
