/**
 * Embeds a handful of sentences and prints each one's nearest neighbour.
 * Run: npx tsx examples/embed-similarity.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const sentences = [
  "The fibre link to the Spokane site was cut at noon.",
  "Traffic moved to the backup path after the fibre cut.",
  "Reset the router and check the interface counters.",
  "Check the router's interface counters after a reset.",
  "The invoice for November is attached.",
];

function cosine(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let dot = 0;
  let leftLength = 0;
  let rightLength = 0;
  for (let index = 0; index < left.length; index++) {
    dot += (left[index] ?? 0) * (right[index] ?? 0);
    leftLength += (left[index] ?? 0) ** 2;
    rightLength += (right[index] ?? 0) ** 2;
  }
  return dot / Math.sqrt(leftLength * rightLength);
}

const { fm, close } = await exampleClient();
try {
  const { embeddings, usage, cost } = await fm.embed({ modelId: "amazon.titan-embed-text-v2:0", texts: sentences, dimensions: 512 });
  sentences.forEach((sentence, index) => {
    const scored = sentences.map((other, otherIndex) => ({ other, score: otherIndex === index ? -1 : cosine(embeddings[index]!, embeddings[otherIndex]!) }));
    const best = scored.reduce((left, right) => (right.score > left.score ? right : left));
    console.log(`${sentence}\n  nearest: ${best.other} (${best.score.toFixed(3)})`);
  });
  console.log(`\n${usage.inputTokens} input tokens, ${cost ? `$${cost.totalUsd.toFixed(8)}` : "cost unknown"}`);
} finally {
  await close();
}
