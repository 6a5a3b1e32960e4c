/**
 * Shared by the examples: a client pointed at the offline Bedrock, or at real Bedrock
 * when BEDROCK_LIVE=1 (then the AWS SDK's credential chain and AWS_REGION apply).
 */
import { createClient, type BedrockKitClient } from "bedrock-kit";
import { startLocalBedrock } from "bedrock-kit/testing";

export async function exampleClient(): Promise<{ fm: BedrockKitClient; close: () => Promise<void>; where: string }> {
  if (process.env.BEDROCK_LIVE === "1") {
    return { fm: createClient(), close: async () => undefined, where: "Amazon Bedrock" };
  }
  const bedrock = await startLocalBedrock();
  return { fm: createClient(bedrock.clientOptions), close: () => bedrock.close(), where: `the offline Bedrock at ${bedrock.url}` };
}
