/**
 * Testing your own code with scripted answers: the offline Bedrock answers the next calls
 * to a model with the steps you give, in that model's native format (here a Nova tool call,
 * then a text answer), and tells you if a step was never used.
 * Run: npx tsx examples/scripted-answers.ts
 */
import "./quiet-node-warning.js";
import { createClient, type Message, type ToolDefinition } from "bedrock-kit";
import { startLocalBedrock } from "bedrock-kit/testing";

const modelId = "amazon.nova-lite-v1:0";
const tools: ToolDefinition[] = [
  {
    name: "get_circuit_status",
    description: "Looks up a circuit by its ID",
    inputSchema: { type: "object", properties: { circuitId: { type: "string" } }, required: ["circuitId"] },
  },
];

/** The code under test: asks the model, runs the tool it asks for, returns the final answer and its cost. */
async function answerWithTools(fm: ReturnType<typeof createClient>, question: string): Promise<{ text: string; costUsd: number }> {
  const messages: Message[] = [{ role: "user", content: question }];
  let costUsd = 0;
  for (let step = 0; step < 4; step++) {
    const result = await fm.invoke({ modelId, messages, tools });
    costUsd += result.cost?.totalUsd ?? 0;
    if (result.toolCalls.length === 0) return { text: result.text, costUsd };
    messages.push({ role: "assistant", content: result.content });
    messages.push({
      role: "user",
      content: result.toolCalls.map((call) => ({ type: "tool-result" as const, toolCallId: call.id, content: JSON.stringify({ circuitId: (call.input as { circuitId?: string }).circuitId, state: "down", since: "12:04" }) })),
    });
  }
  throw new Error("the model kept calling tools");
}

const bedrock = await startLocalBedrock();
try {
  bedrock.script(modelId, [
    { toolCalls: [{ name: "get_circuit_status", input: { circuitId: "SPK-7" } }] },
    { text: "Circuit SPK-7 has been down since 12:04.", usage: { inputTokens: 120, outputTokens: 12 } },
  ]);
  const fm = createClient(bedrock.clientOptions);
  const answer = await answerWithTools(fm, "Is circuit SPK-7 up?");
  bedrock.assertScriptsConsumed(); // throws, naming the model, if a scripted step was never used
  console.log(`Answer: ${answer.text}`);
  console.log(`Requests the offline Bedrock received: ${bedrock.requests.length}; cost of the loop: $${answer.costUsd.toFixed(6)}`);
} finally {
  await bedrock.close();
}
