import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { registerModel, ValidationError } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { haiku, setup } from "../helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
let raw: BedrockRuntimeClient;
beforeAll(async () => {
  ({ bedrock, fm } = await setup({ maxRetries: 0 }));
  raw = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
});
afterAll(async () => {
  raw.destroy();
  await bedrock.close();
});

const messagesBody = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 16, messages: [{ role: "user", content: "Hello" }] });
const invalid = "The provided model identifier is invalid.";

function send(modelId: string): Promise<unknown> {
  return raw.send(new InvokeModelCommand({ modelId, body: messagesBody, contentType: "application/json" })).catch((error: unknown) => error);
}

describe("model IDs the offline Bedrock accepts", () => {
  it("answers a truncated ID as Bedrock does, through the raw SDK and createClient", async () => {
    expect(await send("anthropic.claude-3-haiku")).toMatchObject({ name: "ValidationException", message: invalid, $metadata: { httpStatusCode: 400 } });
    const error = await fm.invoke({ modelId: "anthropic.claude-3-haiku", prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(invalid);
  });

  it("refuses a profile prefix the model has no profile for, and profile/ARN kinds that do not match", async () => {
    expect(await send(`jp.${haiku}`)).toMatchObject({ name: "ValidationException", message: invalid });
    expect(await send(`arn:aws:bedrock:us-east-1::foundation-model/us.${haiku}`)).toMatchObject({ message: invalid });
    expect(await send(`arn:aws:bedrock:us-east-1:111122223333:inference-profile/${haiku}`)).toMatchObject({ message: invalid });
    expect(await send("arn:aws:bedrock:us-east-1:111122223333:custom-model/anthropic.claude-3-haiku-20240307-v1:0:200k/abc123")).toMatchObject({ message: invalid });
  });

  it("serves catalog IDs, listed profiles and ARNs through createClient", async () => {
    const ids = [
      haiku,
      `us.${haiku}`,
      `eu.${haiku}`,
      `apac.${haiku}`,
      "global.anthropic.claude-sonnet-4-20250514-v1:0",
      `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`,
      `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${haiku}`,
      "amazon.nova-micro-v1:0",
    ];
    for (const modelId of ids) {
      const result = await fm.invoke({ modelId, prompt: "hi", maxTokens: 8 });
      expect(result.text.length, modelId).toBeGreaterThan(0);
    }
  });

  it("serves a registered custom-model ARN", async () => {
    const arn = "arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.nova-micro-v1:0/support-tuned";
    expect(await send(arn)).toMatchObject({ message: invalid });
    registerModel({ id: arn, family: "amazon-nova" });
    const result = await fm.invoke({ modelId: arn, prompt: "hi", maxTokens: 8 });
    expect(result.text.length).toBeGreaterThan(0);
  });

  it("serves an ID newer than the catalog once the test adds it", async () => {
    const newer = "anthropic.claude-haiku-9-20300101-v1:0";
    expect(await send(newer)).toMatchObject({ message: invalid });
    bedrock.addModel({ id: newer, family: "anthropic-messages" });
    expect(JSON.parse(new TextDecoder().decode(((await send(newer)) as { body: Uint8Array }).body))).toMatchObject({ type: "message" });
  });
});
