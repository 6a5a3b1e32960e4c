/**
 * A cloud-security assistant: an agent reads a role's IAM policy through a tool, checks it
 * for wildcard actions with a second tool, and says what to do, with the run's steps and cost.
 * Offline, the model's answers are scripted (what Claude would say); with BEDROCK_LIVE=1 the
 * real model decides.
 * Run: npx tsx examples/cloudsec-assistant.ts
 */
import "./quiet-node-warning.js";
import { createClient } from "bedrock-kit";
import { createAgent, functionTool } from "bedrock-kit/agents";
import { startLocalBedrock } from "bedrock-kit/testing";

const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

/** The policies the tool can read (in a real assistant: IAM's GetRolePolicy). */
const policies: Record<string, unknown> = {
  "ci-deploy": {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::builds/*" },
      { Effect: "Allow", Action: "iam:*", Resource: "*" },
    ],
  },
};

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
}

const readPolicy = functionTool<{ roleName: string }>({
  name: "read_role_policy",
  description: "Returns the IAM policy document (JSON) attached to a role",
  inputSchema: { type: "object", properties: { roleName: { type: "string" } }, required: ["roleName"] },
  execute: ({ roleName }) => {
    const policy = policies[roleName];
    if (!policy) throw new Error(`no role named ${roleName}`);
    return JSON.stringify(policy);
  },
});

const findWildcards = functionTool<{ policy: string }>({
  name: "find_wildcard_actions",
  description: "Lists the allowed actions of an IAM policy document that use a wildcard",
  inputSchema: { type: "object", properties: { policy: { type: "string", description: "The policy document as JSON" } }, required: ["policy"] },
  execute: ({ policy }) => {
    const statements = (JSON.parse(policy) as { Statement: PolicyStatement[] }).Statement;
    const actions = statements.filter((statement) => statement.Effect === "Allow").flatMap((statement) => [statement.Action ?? []].flat());
    return { wildcardActions: actions.filter((action) => action.includes("*")) };
  },
});

const live = process.env.BEDROCK_LIVE === "1";
const bedrock = live ? undefined : await startLocalBedrock();
try {
  const fm = createClient(bedrock?.clientOptions ?? {});
  bedrock?.script(modelId, [
    { text: "Let me read the role's policy.", toolCalls: [{ name: "read_role_policy", input: { roleName: "ci-deploy" } }], usage: { inputTokens: 412, outputTokens: 38 } },
    { toolCalls: [{ name: "find_wildcard_actions", input: { policy: JSON.stringify(policies["ci-deploy"]) } }], usage: { inputTokens: 560, outputTokens: 95 } },
    { text: "This role allows wildcard IAM actions. Rotate and reduce scope.", usage: { inputTokens: 640, outputTokens: 14 } },
  ]);
  const agent = createAgent({
    client: fm,
    modelId,
    instruction: "You review AWS IAM policies. Read the policy, check it for wildcard actions, and answer in two short sentences.",
    tools: [readPolicy, findWildcards],
    maxSteps: 5,
    maxUsd: 0.05,
    maxTokens: 500,
  });
  const run = await agent.invoke({ input: "Is the ci-deploy role safe?" });
  for (const step of run.steps) {
    const calls = step.toolCalls.map((call) => call.name).join(", ") || "answer";
    console.log(`step ${step.index}: ${calls} · ${step.usage.inputTokens} in / ${step.usage.outputTokens} out · $${step.cost?.totalUsd.toFixed(6)}`);
  }
  console.log(`${run.status}: ${run.text}`);
  console.log(`Run: ${run.steps.length} steps, ${run.usage.totalTokens} tokens, $${run.cost?.totalUsd.toFixed(6)}`);
  if (!live && run.text !== "This role allows wildcard IAM actions. Rotate and reduce scope.") throw new Error("unexpected answer");
  bedrock?.assertScriptsConsumed();
} finally {
  await bedrock?.close();
}
