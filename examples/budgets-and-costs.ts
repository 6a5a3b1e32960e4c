/**
 * Costs and budgets: the cost of each call, an estimate before a call, running totals by
 * model, and a budget that refuses the call that would go over it, before the network.
 * Run: npx tsx examples/budgets-and-costs.ts   (offline; BEDROCK_LIVE=1 for real Bedrock)
 */
import "./quiet-node-warning.js";
import { BudgetExceededError, estimateCost } from "bedrock-kit";
import { exampleClient } from "./offline.js";

const { fm, close } = await exampleClient({ budget: { maxUsd: 0.01 } });
try {
  const prompt = "Summarize last night's outage in the Spokane region for the status page.";
  const estimate = await fm.estimate({ modelId: "us.amazon.nova-lite-v1:0", prompt, maxTokens: 300 });
  console.log(`before: ${estimate.inputTokens} input tokens, at most $${estimate.worstCaseCost?.totalUsd.toFixed(6)}`);

  const answer = await fm.invoke({ modelId: "us.amazon.nova-lite-v1:0", prompt, maxTokens: 300 });
  console.log(`after: ${answer.usage.inputTokens} in / ${answer.usage.outputTokens} out tokens, $${answer.cost?.totalUsd.toFixed(6)}`);
  await fm.invoke({ modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", prompt, maxTokens: 300 });

  const totals = fm.costs();
  for (const [modelId, model] of Object.entries(totals.byModel)) console.log(`${modelId}: ${model.calls} call(s), $${model.totalUsd.toFixed(6)}`);
  console.log(`budget: $${totals.budget?.spentUsd.toFixed(6)} spent of $${totals.budget?.maxUsd}`);

  // A call whose worst case does not fit what is left is refused before it is sent.
  const refused = await fm.invoke({ modelId: "us.anthropic.claude-sonnet-4-6", prompt, maxTokens: 64_000 }).catch((error: unknown) => error);
  console.log(BudgetExceededError.isInstance(refused) ? `refused: ${(refused as Error).message}` : "not refused?");

  // Prices without a call: a million tokens each way on Nova Micro.
  console.log(`1M in + 1M out on Nova Micro: $${estimateCost({ modelId: "amazon.nova-micro-v1:0", inputTokens: 1_000_000, outputTokens: 1_000_000 })?.totalUsd.toFixed(2)}`);
} finally {
  await close();
}
