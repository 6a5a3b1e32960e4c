/**
 * The conformance suite every adapter runs against the offline Bedrock, skipping by
 * capability: native body accepted, invoke and stream agree, usage present, stop reasons
 * mapped, multi-turn with system, tools round trip, images.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../src/models/registry.js";
import { ValidationError, createClient, type BedrockKitClient, type InvokeRequest } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";

const ticketTool = {
  name: "get_ticket_status",
  description: "Looks up a support ticket",
  inputSchema: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] },
};
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a family cannot do the standard way, so the suite expects its own behaviour. */
export interface ConformanceOptions {
  /**
   * The stop reason reported when a native stop sequence ended the answer. Families whose
   * raw value is the same for a natural end and a stop (Mistral text: `stop`) report `end_turn`.
   */
  stopSequenceReportedAs?: "stop_sequence" | "end_turn";
  /** Native fields every request of the suite carries (a model that needs one, e.g. Pegasus's `mediaSource`). */
  native?: Record<string, unknown>;
}

/** Families a conformance call ran for, so the coverage check can name any that has none. */
export const coveredTextFamilies = new Set<string>();

/** Runs the whole suite for one model ID (its family is what is under test). */
export function describeConformance(modelId: string, options: ConformanceOptions = {}): void {
  const { model } = resolveModel(modelId);
  const capabilities = model.capabilities;
  coveredTextFamilies.add(model.family);
  const base: Pick<InvokeRequest, "modelId" | "native"> = options.native ? { modelId, native: options.native } : { modelId };

  describe(`conformance: ${model.family} (${modelId})`, () => {
    let bedrock: LocalBedrock;
    let fm: BedrockKitClient;
    beforeAll(async () => {
      bedrock = await startLocalBedrock();
      fm = createClient({ ...bedrock.clientOptions, retryDelay: { baseMs: 1, maxMs: 5 } });
    });
    afterAll(() => bedrock.close());

    it("sends a native body the offline Bedrock accepts, and the raw SDK client accepts the answer", async () => {
      const result = await fm.invoke({ ...base, prompt: "Why did the Spokane circuit drop?" });
      expect(result.text.length).toBeGreaterThan(0);
      const sent = bedrock.requests.at(-1);
      expect(sent?.modelId).toBe(modelId);
      const raw = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
      try {
        const output = await raw.send(new InvokeModelCommand({ ...base, body: sent?.rawBody, contentType: "application/json" }));
        expect(JSON.parse(new TextDecoder().decode(output.body))).toEqual(result.raw);
      } finally {
        raw.destroy();
      }
    });

    it("invoke and stream agree on text, stop reason and usage", async () => {
      const request: InvokeRequest = { ...base, prompt: "Summarize the outage in two sentences." };
      const invoked = await fm.invoke(request);
      const stream = fm.stream(request);
      let text = "";
      for await (const delta of stream.textStream) text += delta;
      const streamed = await stream.result;
      expect(text).toBe(invoked.text);
      expect(streamed.text).toBe(invoked.text);
      expect(streamed.stopReason).toBe(invoked.stopReason);
      expect(streamed.stopReason).toBe("end_turn");
      expect(streamed.usage.inputTokens).toBe(invoked.usage.inputTokens);
      expect(streamed.usage.outputTokens).toBe(invoked.usage.outputTokens);
      expect(invoked.usage.inputTokens).toBeGreaterThan(0);
      expect(invoked.usage.outputTokens).toBeGreaterThan(0);
      expect(invoked.provider).toBe(model.provider);
    });

    it("maps max_tokens and cuts at a stop sequence (natively or client-side) in invoke and stream", async () => {
      const short = await fm.invoke({ ...base, prompt: "Tell me everything.", maxTokens: 3 });
      expect(short.stopReason).toBe("max_tokens");
      const full = await fm.invoke({ ...base, prompt: "Tell me more." });
      const stop = ` ${full.text.split(" ")[4]}`;
      const stopped = await fm.invoke({ ...base, prompt: "Tell me more.", stopSequences: [stop] });
      expect(stopped.stopReason).toBe(options.stopSequenceReportedAs ?? "stop_sequence");
      expect(stopped.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
      const streamed = await fm.stream({ ...base, prompt: "Tell me more.", stopSequences: [stop] }).result;
      expect(streamed.text).toBe(stopped.text);
      expect(streamed.stopReason).toBe(stopped.stopReason);
    });

    it("takes a multi-turn conversation with system text", async () => {
      const result = await fm.invoke({
        ...base,
        system: "You are a telecom support assistant.",
        messages: [
          { role: "user", content: "Our circuit is down." },
          { role: "assistant", content: "Which circuit?" },
          { role: "user", content: "CKT-2291 in Spokane." },
        ],
      });
      expect(result.text.length).toBeGreaterThan(0);
      if (!capabilities.system) expect(result.warnings).toContainEqual(expect.objectContaining({ type: "emulated", feature: "system" }));
    });

    if (capabilities.tools) {
      it("round-trips a tool call", async () => {
        const question = "What is the status of ticket NET-4521?";
        const first = await fm.invoke({ ...base, prompt: question, tools: [ticketTool], toolChoice: "any" });
        expect(first.stopReason).toBe("tool_use");
        expect(first.toolCalls).toEqual([{ id: expect.any(String), name: "get_ticket_status", input: { ticketId: expect.any(String) } }]);
        const streamed = await fm.stream({ ...base, prompt: question, tools: [ticketTool], toolChoice: "any" }).result;
        expect(streamed.toolCalls).toEqual(first.toolCalls);
        const second = await fm.invoke({
          ...base,
          tools: [ticketTool],
          messages: [
            { role: "user", content: question },
            { role: "assistant", content: first.content },
            { role: "user", content: [{ type: "tool-result", toolCallId: first.toolCalls[0]!.id, content: '{"status":"open"}' }] },
          ],
        });
        expect(second.stopReason).toBe("end_turn");
        expect(second.text.length).toBeGreaterThan(0);
      });
    } else {
      it("refuses tools before the network", async () => {
        const before = bedrock.requests.length;
        await expect(fm.invoke({ ...base, prompt: "hi", tools: [ticketTool] })).rejects.toBeInstanceOf(ValidationError);
        expect(bedrock.requests.length).toBe(before);
      });
    }

    if (capabilities.images) {
      it("takes an image", async () => {
        const result = await fm.invoke({ ...base, messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }, { type: "text", text: "What is this?" }] }] });
        expect(result.text.length).toBeGreaterThan(0);
      });
    } else {
      it("refuses images before the network", async () => {
        const before = bedrock.requests.length;
        await expect(fm.invoke({ ...base, messages: [{ role: "user", content: [{ type: "image", data: png, mediaType: "image/png" }] }] })).rejects.toBeInstanceOf(ValidationError);
        expect(bedrock.requests.length).toBe(before);
      });
    }
  });
}
