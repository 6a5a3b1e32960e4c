/** Mistral's current chat models, Nova and Stability IDs that are not chat or text-to-image, through the public API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnknownModelError, ValidationError, getModel } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => ({ bedrock, fm } = await setup()));
afterAll(() => bedrock.close());

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("Mistral's current models", () => {
  it("are chat-completion models in the catalog, Pixtral alone with images and a profile", () => {
    for (const id of ["mistral.mistral-large-3-675b-instruct", "mistral.magistral-small-2509", "mistral.ministral-3-3b-instruct", "mistral.ministral-3-8b-instruct", "mistral.ministral-3-14b-instruct", "mistral.devstral-2-123b"]) {
      expect(getModel(id)).toMatchObject({ family: "mistral-chat", capabilities: { tools: true, system: true, images: false } });
      expect(getModel(id).pricing).toBeDefined();
    }
    expect(getModel("us.mistral.pixtral-large-2502-v1:0")).toMatchObject({
      family: "mistral-chat",
      capabilities: { images: true },
      profileRequired: true,
      pricing: { inputPer1k: 0.002, outputPer1k: 0.006 },
    });
  });

  it("sends Pixtral a user turn with images as text and image_url chunks, and reads the chat answer", async () => {
    const result = await fm.invoke({
      modelId: "us.mistral.pixtral-large-2502-v1:0",
      system: "Be brief.",
      messages: [{ role: "user", content: [{ type: "text", text: "What is in the picture?" }, { type: "image", data: png, mediaType: "image/png" }] }],
      maxTokens: 50,
    });
    expect(bedrock.requests.at(-1)?.body).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in the picture?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(png).toString("base64")}` } },
          ],
        },
      ],
      max_tokens: 50,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.cost?.totalUsd).toBeGreaterThan(0);
  });

  it("refuses images for a Mistral chat model without them, before the network", async () => {
    const before = bedrock.requests.length;
    await expect(
      fm.invoke({ modelId: "mistral.mistral-large-3-675b-instruct", messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }] }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(bedrock.requests.length).toBe(before);
  });

  it("returns Magistral's shown reasoning apart from its answer", async () => {
    bedrock.script("mistral.magistral-small-2509", [
      { native: { choices: [{ index: 0, message: { role: "assistant", content: [{ type: "thinking", thinking: [{ type: "text", text: "7 is prime." }] }, { type: "text", text: "7" }] }, stop_reason: "stop" }] } },
    ]);
    const result = await fm.invoke({ modelId: "mistral.magistral-small-2509", prompt: "Name one prime number." });
    expect(result.text).toBe("7");
    expect(result.reasoning).toBe("7 is prime.");
    expect(result.stopReason).toBe("end_turn");
  });

  it("serves newer Pixtral, Magistral, Ministral, Devstral and Voxtral IDs as chat completion, not [INST] text", () => {
    for (const id of ["mistral.pixtral-large-2511-v1:0", "mistral.magistral-medium-2512", "mistral.ministral-3-1b-instruct", "mistral.devstral-3", "mistral.voxtral-small-24b-2507"]) {
      expect(getModel(id).family).toBe("mistral-chat");
    }
    expect(getModel("mistral.pixtral-large-2511-v1:0").capabilities.images).toBe(true);
    expect(getModel("mistral.mistral-tiny-v1:0").family).toBe("mistral-prompt");
  });
});

describe("IDs that are not chat or text-to-image models", () => {
  it("finds Nova embedding models in the embedding family, never Nova chat", () => {
    expect(getModel("amazon.nova-2-multimodal-embeddings-v1:0").family).toBe("amazon-nova-embed");
    expect(getModel("amazon.nova-3-multimodal-embeddings-v1:0").family).toBe("amazon-nova-embed");
    expect(getModel("amazon.nova-3-lite-v1:0").family).toBe("amazon-nova");
  });

  it("refuses Nova Sonic by ID as a bidirectional-stream model", async () => {
    for (const id of ["amazon.nova-sonic-v1:0", "amazon.nova-2-sonic-v1:0", "us.amazon.nova-2-sonic-v1:0"]) {
      expect(() => getModel(id)).toThrow(UnknownModelError);
      expect(() => getModel(id)).toThrow(/InvokeModelWithBidirectionalStream/);
    }
    await expect(fm.invoke({ modelId: "amazon.nova-2-sonic-v1:0", prompt: "hi" })).rejects.toThrow(/speech-to-speech/);
  });

  it("refuses Stability's image-editing services by ID, never sending them the text-to-image body", async () => {
    const before = bedrock.requests.length;
    for (const id of [
      "stability.stable-image-remove-background-v1:0",
      "stability.stable-image-inpaint-v1:0",
      "stability.stable-outpaint-v1:0",
      "stability.stable-image-search-replace-v1:0",
      "stability.stable-fast-upscale-v1:0",
      "stability.stable-style-transfer-v1:0",
      "us.stability.stable-image-control-sketch-v1:0",
    ]) {
      await expect(fm.generateImage({ modelId: id, prompt: "a lighthouse" })).rejects.toThrow(/image-editing services/);
      expect(() => getModel(id)).toThrow(UnknownModelError);
    }
    expect(bedrock.requests.length).toBe(before);
    expect(getModel("stability.stable-image-core-v1:1").family).toBe("stability-image");
  });
});
