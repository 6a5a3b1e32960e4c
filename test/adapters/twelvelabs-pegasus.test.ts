import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twelveLabsPegasus } from "../../src/adapters/twelvelabs-pegasus.js";
import { resolveModel } from "../../src/models/registry.js";
import { ValidationError, type StreamEvent } from "../../src/index.js";
import type { LocalBedrock } from "../../src/testing/index.js";
import { normalizedRequest, readFixture, setup } from "../helpers.js";

const pegasus = "us.twelvelabs.pegasus-1-2-v1:0";
const video = { s3Location: { uri: "s3://outage-videos/spokane.mp4", bucketOwner: "111122223333" } };

describe("twelvelabs-pegasus codec", () => {
  it("writes inputPrompt, mediaSource, temperature and maxOutputTokens; reads message and finishReason", () => {
    const { body, emulatedStopSequences } = twelveLabsPegasus.toNativeBody(
      normalizedRequest("What happens in the video?", { temperature: 0, maxTokens: 300, stopSequences: ["END"], native: { mediaSource: { base64String: "AAAAIGZ0eXA=" } } }),
      resolveModel(pegasus).model,
    );
    expect(body).toEqual({ inputPrompt: "What happens in the video?", mediaSource: { base64String: "AAAAIGZ0eXA=" }, temperature: 0, maxOutputTokens: 300 });
    expect(emulatedStopSequences).toEqual(["END"]);
    expect(twelveLabsPegasus.fromNativeBody(JSON.parse(readFixture("twelvelabs-pegasus/response-length.json")))).toEqual({
      content: [{ type: "text", text: "This video contains multiple scenes showing various activities. The first scene shows..." }],
      rawStopReason: "length",
      stopSequence: undefined,
      usage: undefined,
    });
    expect(twelveLabsPegasus.mapStopReason("length")).toBe("max_tokens");
  });
});

describe("twelvelabs-pegasus through the offline Bedrock", () => {
  let bedrock: LocalBedrock;
  let fm: Awaited<ReturnType<typeof setup>>["fm"];
  beforeAll(async () => ({ bedrock, fm } = await setup()));
  afterAll(() => bedrock.close());

  it("describes a video given in native.mediaSource, and streams it as one delta", async () => {
    const invoked = await fm.invoke({ modelId: pegasus, prompt: "What happens in the video?", native: { mediaSource: video } });
    expect(invoked.text.length).toBeGreaterThan(0);
    expect(bedrock.requests.at(-1)?.body).toEqual({ inputPrompt: "What happens in the video?", mediaSource: video });
    const stream = fm.stream({ modelId: pegasus, prompt: "What happens in the video?", native: { mediaSource: video } });
    const events: StreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(["text", "finish"]);
    expect((await stream.result).text).toBe(invoked.text);
    expect((await stream.result).warnings).toContainEqual(expect.objectContaining({ type: "emulated", feature: "stream" }));
  });

  it("refuses a request without a video, or with a malformed one, before the network", async () => {
    const before = bedrock.requests.length;
    for (const native of [undefined, { mediaSource: {} }, { mediaSource: { s3Location: { uri: "https://example.com/v.mp4" } } }]) {
      const error = await fm.invoke({ modelId: pegasus, prompt: "What happens?", ...(native ? { native } : {}) }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("native.mediaSource");
      expect((error as Error).message).toContain("base64String");
    }
    expect(bedrock.requests.length).toBe(before);
  });
});
