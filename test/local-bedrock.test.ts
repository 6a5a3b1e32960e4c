import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import { request as http2Request } from "./http2-request.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku } from "./helpers.js";

let bedrock: LocalBedrock;
let raw: BedrockRuntimeClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  raw = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
});
afterAll(async () => {
  raw.destroy();
  await bedrock.close();
});

const messagesBody = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 64, messages: [{ role: "user", content: "Hello" }] });

describe("the offline Bedrock", () => {
  it("serves the raw BedrockRuntimeClient over its default HTTP/2 handler", async () => {
    const output = await raw.send(new InvokeModelCommand({ modelId: haiku, body: messagesBody, contentType: "application/json" }));
    const body = JSON.parse(new TextDecoder().decode(output.body));
    expect(body).toMatchObject({ type: "message", role: "assistant", model: "claude-3-haiku-20240307", stop_reason: "end_turn" });
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bedrock.requests.at(-1)?.httpVersion).toBe("2.0");
  });

  it("streams real event-stream frames that the raw client decodes, metrics on the last chunk", async () => {
    const output = await raw.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: messagesBody, contentType: "application/json" }));
    const chunks: Record<string, unknown>[] = [];
    for await (const event of output.body ?? []) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)));
    }
    expect(chunks[0]?.type).toBe("message_start");
    expect(chunks.at(-1)).toMatchObject({ type: "message_stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: expect.any(Number), outputTokenCount: expect.any(Number) } });
  });

  it("speaks HTTP/1.1 to fetch, with Bedrock's error shape and token headers", async () => {
    const bad = await fetch(`${bedrock.url}/model/${encodeURIComponent(haiku)}/invoke`, { method: "POST", body: JSON.stringify({ max_tokens: 5, messages: [] }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toMatch(/^ValidationException/);
    expect(await bad.json()).toEqual({ message: "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again." });
    const good = await fetch(`${bedrock.url}/model/${encodeURIComponent(haiku)}/invoke`, { method: "POST", body: messagesBody });
    expect(good.status).toBe(200);
    expect(Number(good.headers.get("x-amzn-bedrock-input-token-count"))).toBeGreaterThan(0);
    expect(Number(good.headers.get("x-amzn-bedrock-output-token-count"))).toBe(((await good.json()) as { usage: { output_tokens: number } }).usage.output_tokens);
    expect(bedrock.requests.at(-1)?.httpVersion).toBe("1.1");
  });

  it("speaks cleartext HTTP/2 to a plain node:http2 client", async () => {
    const answer = await http2Request(bedrock.url, `/model/${encodeURIComponent(haiku)}/invoke`, messagesBody);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ type: "message" });
  });

  it("rejects unknown keys, wrong roles and unknown models as Bedrock does", async () => {
    const send = (modelId: string, body: unknown) =>
      raw.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: "application/json" })).catch((error: Error) => error);
    const extra = await send(haiku, { ...JSON.parse(messagesBody), model: "claude" });
    expect(extra).toMatchObject({ name: "ValidationException", message: expect.stringContaining("extraneous key [model]") });
    const twice = await send(haiku, { ...JSON.parse(messagesBody), messages: [{ role: "user", content: "a" }, { role: "user", content: "b" }] });
    expect(twice).toMatchObject({ name: "ValidationException", message: expect.stringContaining("roles must alternate") });
    const unknown = await send("acme.model-v1", JSON.parse(messagesBody));
    expect(unknown).toMatchObject({ name: "ValidationException", message: "The provided model identifier is invalid." });
  });

  it("validates the new embedding and Pixtral bodies as their pages describe", async () => {
    const send = (modelId: string, body: unknown) =>
      raw.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: "application/json" })).then(
        () => undefined,
        (error: Error) => error.message,
      );
    const nova = "amazon.nova-2-multimodal-embeddings-v1:0";
    const novaText = { taskType: "SINGLE_EMBEDDING", singleEmbeddingParams: { embeddingPurpose: "GENERIC_INDEX", text: { truncationMode: "END", value: "hi" } } };
    expect(await send(nova, novaText)).toBeUndefined();
    expect(await send(nova, { ...novaText, taskType: "SEGMENTED_EMBEDDING" })).toMatch(/SINGLE_EMBEDDING/);
    expect(await send(nova, { ...novaText, singleEmbeddingParams: { ...novaText.singleEmbeddingParams, embeddingDimension: 512 } })).toMatch(/embeddingDimension/);
    expect(await send(nova, { ...novaText, singleEmbeddingParams: { embeddingPurpose: "GENERIC_INDEX", text: { value: "hi" } } })).toMatch(/truncationMode/);
    expect(await send(nova, { ...novaText, singleEmbeddingParams: { ...novaText.singleEmbeddingParams, image: { format: "png", source: { bytes: "iVBO" } } } })).toMatch(/exactly one/);
    const cohere = "cohere.embed-v4:0";
    expect(await send(cohere, { input_type: "search_document", texts: ["a"], output_dimension: 1536 })).toBeUndefined();
    expect(await send(cohere, { input_type: "search_document", texts: ["a"], output_dimension: 768 })).toMatch(/output_dimension/);
    expect(await send(cohere, { input_type: "search_document", texts: ["a"], images: ["data:image/png;base64,iVBO"] })).toMatch(/exactly one/);
    expect(await send(cohere, { input_type: "search_document", texts: Array.from({ length: 97 }, () => "a") })).toMatch(/texts/);
    expect(await send(cohere, { input_type: "search_document", texts: ["a"], truncate: "END" })).toMatch(/truncate/);
    expect(await send("twelvelabs.marengo-embed-3-0-v1:0", { inputType: "text", inputText: "flat is 2.7's shape" })).toMatch(/required key \[text\]/);
    expect(await send("us.twelvelabs.marengo-embed-2-7-v1:0", { inputType: "video", mediaSource: { base64String: "AAAA" } })).toMatch(/StartAsyncInvoke/);
    const pixtral = "us.mistral.pixtral-large-2502-v1:0";
    const withImage = (url: string) => ({ messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url } }] }] });
    expect(await send(pixtral, withImage("data:image/png;base64,iVBORw0KGgo="))).toBeUndefined();
    expect(await send(pixtral, withImage("https://example.com/cat.png"))).toMatch(/data URL/);
    expect(await send("mistral.mistral-large-3-675b-instruct", withImage("data:image/png;base64,iVBORw0KGgo="))).toMatch(/expected type: String/);
  });

  it("scripts faults for the raw client too, per model ID", async () => {
    bedrock.throttle(1, haiku);
    const error = await raw.send(new InvokeModelCommand({ modelId: haiku, body: messagesBody, contentType: "application/json" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottlingException);
    bedrock.addFault({ type: "corrupt-crc", afterChunks: 2, operation: "stream" });
    const output = await raw.send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: messagesBody, contentType: "application/json" }));
    await expect(
      (async () => {
        for await (const event of output.body ?? []) void event;
      })(),
    ).rejects.toThrow(/checksum/);
  });

  it("answers deterministically", async () => {
    const send = async () =>
      new TextDecoder().decode((await raw.send(new InvokeModelCommand({ modelId: haiku, body: messagesBody, contentType: "application/json" }))).body);
    const first = JSON.parse(await send());
    const second = JSON.parse(await send());
    expect(second.content).toEqual(first.content);
    expect(second.usage).toEqual(first.usage);
  });
});
