/**
 * Shared by the examples: a client pointed at the offline Bedrock, or at real Bedrock
 * when BEDROCK_LIVE=1 (then the AWS SDK's credential chain and AWS_REGION apply).
 */
import { createClient, type BedrockKitClient, type ClientOptions } from "bedrock-kit";
import { startLocalBedrock } from "bedrock-kit/testing";

export async function exampleClient(options: ClientOptions = {}): Promise<{ fm: BedrockKitClient; close: () => Promise<void>; where: string }> {
  if (process.env.BEDROCK_LIVE === "1") {
    return { fm: createClient(options), close: async () => undefined, where: "Amazon Bedrock" };
  }
  const bedrock = await startLocalBedrock();
  return { fm: createClient({ ...options, ...bedrock.clientOptions }), close: () => bedrock.close(), where: `the offline Bedrock at ${bedrock.url}` };
}
