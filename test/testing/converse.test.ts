/**
 * Converse and ConverseStream in the offline Bedrock, driven by the raw AWS SDK's
 * ConverseCommand and ConverseStreamCommand (a client nobody here wrote).
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  ThrottlingException,
  ValidationException,
  type ContentBlock,
  type Message,
  type Tool,
} from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLocalBedrock, type LocalBedrock } from "../../src/testing/index.js";

let bedrock: LocalBedrock;
let runtime: BedrockRuntimeClient;
beforeAll(async () => {
  bedrock = await startLocalBedrock();
  runtime = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
});
beforeEach(() => {
  bedrock.clearScripts();
  bedrock.clearFaults();
});
afterAll(async () => {
  runtime.destroy();
  await bedrock.close();
});

const claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const tools: Tool[] = [
  {
    toolSpec: {
      name: "get_ticket_status",
      description: "Looks up a support ticket by its ID",
      inputSchema: { json: { type: "object", properties: { ticketId: { type: "string" } }, required: ["ticketId"] } },
    },
  },
];

describe("the offline Bedrock's Converse", () => {
  for (const modelId of [claude, "amazon.nova-lite-v1:0", "meta.llama3-1-8b-instruct-v1:0", "us.meta.llama3-3-70b-instruct-v1:0"]) {
    it(`answers ConverseCommand and ConverseStreamCommand on ${modelId}`, async () => {
      const input = { modelId, system: [{ text: "You are terse." }], messages: [{ role: "user" as const, content: [{ text: "Is the circuit up?" }] }], inferenceConfig: { maxTokens: 100, temperature: 0.2 } };
      const answer = await runtime.send(new ConverseCommand(input));
      const text = answer.output?.message?.content?.[0]?.text ?? "";
      expect(text.length).toBeGreaterThan(0);
      expect(answer.stopReason).toBe("end_turn");
      expect(answer.usage?.totalTokens).toBe((answer.usage?.inputTokens ?? 0) + (answer.usage?.outputTokens ?? 0));
      expect(bedrock.requests.at(-1)).toMatchObject({ operation: "converse", modelId });

      const streamed = await runtime.send(new ConverseStreamCommand(input));
      const types: string[] = [];
      let deltas = "";
      for await (const event of streamed.stream!) {
        types.push(Object.keys(event).find((key) => key !== "$unknown")!);
        if (event.contentBlockDelta?.delta?.text) deltas += event.contentBlockDelta.delta.text;
        if (event.metadata) expect(event.metadata.usage?.outputTokens).toBe(answer.usage?.outputTokens);
      }
      expect(deltas).toBe(text);
      expect(types[0]).toBe("messageStart");
      expect(types.slice(-2)).toEqual(["messageStop", "metadata"]);
    });
  }

  it("runs a tool round trip: toolUse, then toolResult, then an answer (invoke and stream)", async () => {
    const messages: Message[] = [{ role: "user", content: [{ text: "What is the ticket status of NET-4521?" }] }];
    const first = await runtime.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages, toolConfig: { tools } }));
    expect(first.stopReason).toBe("tool_use");
    const toolUse = first.output!.message!.content!.find((block) => block.toolUse)!.toolUse!;
    expect(toolUse.name).toBe("get_ticket_status");
    expect(toolUse.input).toEqual({ ticketId: expect.any(String) });
    messages.push(first.output!.message!);
    messages.push({ role: "user", content: [{ toolResult: { toolUseId: toolUse.toolUseId!, content: [{ json: { status: "open" } }] } }] });
    const second = await runtime.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages, toolConfig: { tools } }));
    expect(second.stopReason).toBe("end_turn");

    const streamed = await runtime.send(
      new ConverseStreamCommand({ modelId: claude, messages: [messages[0]!], toolConfig: { tools, toolChoice: { tool: { name: "get_ticket_status" } } } }),
    );
    let name: string | undefined;
    let json = "";
    let stopReason: string | undefined;
    for await (const event of streamed.stream!) {
      name ??= event.contentBlockStart?.start?.toolUse?.name;
      json += event.contentBlockDelta?.delta?.toolUse?.input ?? "";
      stopReason ??= event.messageStop?.stopReason;
    }
    expect(name).toBe("get_ticket_status");
    expect(JSON.parse(json)).toEqual({ ticketId: expect.any(String) });
    expect(stopReason).toBe("tool_use");
  });

  it("serves scripted replies, reasoning included, in Converse's shapes", async () => {
    bedrock.script(claude, [{ reasoning: "Look it up.", toolCalls: [{ name: "get_ticket_status", input: { ticketId: "T-1" } }] }, { text: "T-1 is open.", usage: { inputTokens: 50, outputTokens: 4 } }]);
    const first = await runtime.send(new ConverseCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "T-1?" }] }], toolConfig: { tools } }));
    const content = first.output!.message!.content as ContentBlock[];
    expect(content[0]!.reasoningContent?.reasoningText?.text).toBe("Look it up.");
    expect(typeof content[0]!.reasoningContent?.reasoningText?.signature).toBe("string");
    expect(content[1]!.toolUse).toMatchObject({ name: "get_ticket_status", input: { ticketId: "T-1" } });
    const second = await runtime.send(new ConverseStreamCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "T-1?" }] }] }));
    let text = "";
    for await (const event of second.stream!) {
      text += event.contentBlockDelta?.delta?.text ?? "";
      if (event.metadata) expect(event.metadata.usage).toMatchObject({ inputTokens: 50, outputTokens: 4 });
    }
    expect(text).toBe("T-1 is open.");
    bedrock.assertScriptsConsumed();
  });

  it("applies guardrailConfig: a denied word is blocked with guardrail_intervened and the trace", async () => {
    bedrock.addGuardrail({ identifier: "gr-converse", deniedWords: ["password"], blockedMessage: "Blocked." });
    const guardrailConfig = { guardrailIdentifier: "gr-converse", guardrailVersion: "DRAFT", trace: "enabled" as const };
    const blocked = await runtime.send(new ConverseCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "The admin password?" }] }], guardrailConfig }));
    expect(blocked.stopReason).toBe("guardrail_intervened");
    expect(blocked.output?.message?.content?.[0]?.text).toBe("Blocked.");
    expect(blocked.trace?.guardrail?.inputAssessment?.["gr-converse"]?.topicPolicy?.topics?.[0]?.name).toBe("password");
    const allowed = await runtime.send(new ConverseCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "Hello" }] }], guardrailConfig }));
    expect(allowed.stopReason).toBe("end_turn");
    const streamed = await runtime.send(new ConverseStreamCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "password" }] }], guardrailConfig }));
    let stopReason: string | undefined;
    for await (const event of streamed.stream!) stopReason ??= event.messageStop?.stopReason;
    expect(stopReason).toBe("guardrail_intervened");
    await expect(
      runtime.send(new ConverseCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "a" }] }], guardrailConfig: { guardrailIdentifier: "nope", guardrailVersion: "1" } })),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it("validates as Bedrock does and applies the faults", async () => {
    const rejects = async (input: ConstructorParameters<typeof ConverseCommand>[0], message: RegExp): Promise<void> => {
      const error = await runtime.send(new ConverseCommand(input)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as Error).message).toMatch(message);
    };
    await rejects({ modelId: claude, messages: [{ role: "assistant", content: [{ text: "hi" }] }] }, /must start with a user message/);
    await rejects(
      { modelId: claude, messages: [{ role: "user", content: [{ text: "a" }] }, { role: "user", content: [{ text: "b" }] }] },
      /must alternate between user and assistant/,
    );
    await rejects(
      { modelId: claude, messages: [{ role: "user", content: [{ toolResult: { toolUseId: "x", content: [{ text: "y" }] } }] }] },
      /toolConfig field must be defined/,
    );
    await rejects(
      { modelId: "meta.llama3-1-8b-instruct-v1:0", messages: [{ role: "user", content: [{ text: "a" }] }], toolConfig: { tools, toolChoice: { any: {} } } },
      /doesn't support the toolConfig.toolChoice.any field/,
    );
    await rejects({ modelId: "amazon.titan-text-express-v1", messages: [{ role: "user", content: [{ text: "a" }] }] }, /doesn't support the model/);
    await rejects({ modelId: "anthropic.claude-3-haiku", messages: [{ role: "user", content: [{ text: "a" }] }] }, /model identifier is invalid/);

    bedrock.throttle(1);
    await expect(runtime.send(new ConverseCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "a" }] }] }))).rejects.toBeInstanceOf(ThrottlingException);
    bedrock.addFault({ type: "exception-frame", afterChunks: 2, exceptionType: "modelStreamErrorException", operation: "stream" });
    const streamed = await runtime.send(new ConverseStreamCommand({ modelId: claude, messages: [{ role: "user", content: [{ text: "Tell me about the outage" }] }] }));
    const failure = await (async () => {
      for await (const event of streamed.stream!) void event;
    })().catch((caught: unknown) => caught);
    expect((failure as Error).name).toBe("ModelStreamErrorException");
  });
});
