/**
 * Reranks outage notes against a customer's question and prints the best three with their
 * scores and the call's cost.
 * Run: npx tsx examples/rerank.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { exampleClient } from "./offline.js";

const notes = [
  "BGP session to the Spokane edge router flapped after a fibre cut at 14:10.",
  "November invoices were sent on the 3rd.",
  "The Spokane fibre repair crew expects the BGP circuit back by 16:45.",
  "How to reset a home router to factory settings.",
  "Maintenance window for the Denver core switches on Saturday night.",
];

const { fm, close } = await exampleClient();
try {
  const ranked = await fm.rerank({ modelId: "cohere.rerank-v3-5:0", query: "Why is my BGP circuit in Spokane down?", documents: notes, topN: 3 });
  for (const { index, relevanceScore, document } of ranked.results) console.log(`${relevanceScore.toFixed(3)}  #${index}  ${document}`);
  console.log(`${ranked.usage.queries} query, $${ranked.cost?.totalUsd.toFixed(4) ?? "?"}`);
} finally {
  await close();
}
