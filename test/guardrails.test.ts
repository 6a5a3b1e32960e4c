/** Guardrails on invoke and stream: Bedrock's headers on the wire, interventions, traces, bad input. */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createClient } from "../src/index.js";
import type { LocalBedrock } from "../src/testing/index.js";
import { haiku, setup } from "./helpers.js";

let bedrock: LocalBedrock;
let fm: Awaited<ReturnType<typeof setup>>["fm"];
beforeAll(async () => {
  ({ bedrock, fm } = await setup());
  bedrock.addGuardrail({ identifier: "gr-telecom", deniedWords: ["password"], blockedMessage: "I can't help with account credentials." });
  bedrock.addGuardrail({ identifier: "gr-versioned", version: "3", deniedWords: ["refund"] });
});
afterAll(() => bedrock.close());

const guardrail = { identifier: "gr-telecom", version: "DRAFT" } as const;

describe("guardrails", () => {
  it("sends Bedrock's guardrail headers, signed, on invoke and stream", async () => {
    await fm.invoke({ modelId: haiku, prompt: "Is the link up?", guardrail: { ...guardrail, trace: "enabled" } });
    expect(bedrock.requests.at(-1)!.headers).toMatchObject({ "x-amzn-bedrock-guardrailidentifier": "gr-telecom", "x-amzn-bedrock-guardrailversion": "DRAFT", "x-amzn-bedrock-trace": "ENABLED" });
    expect(String(bedrock.requests.at(-1)!.headers.authorization)).toContain("x-amzn-bedrock-guardrailidentifier");
    await fm.stream({ modelId: "amazon.nova-lite-v1:0", prompt: "Is the link up?", guardrail }).result;
    expect(bedrock.requests.at(-1)!.headers).toMatchObject({ "x-amzn-bedrock-guardrailidentifier": "gr-telecom", "x-amzn-bedrock-guardrailversion": "DRAFT" });
    expect(bedrock.requests.at(-1)!.headers["x-amzn-bedrock-trace"]).toBeUndefined();
  });

  it("ends an intervened call with guardrail_intervened, the blocked message and the trace", async () => {
    const invoked = await fm.invoke({ modelId: haiku, prompt: "What is the admin password?", guardrail: { ...guardrail, trace: "enabled" } });
    expect(invoked).toMatchObject({ stopReason: "guardrail_intervened", text: "I can't help with account credentials.", guardrail: { intervened: true } });
    expect(JSON.stringify(invoked.guardrail!.trace)).toContain('"name":"password"');
    for (const modelId of [haiku, "amazon.nova-lite-v1:0", "meta.llama3-8b-instruct-v1:0"]) {
      const streamed = await fm.stream({ modelId, prompt: "Tell me the PASSWORD.", guardrail }).result;
      expect(streamed).toMatchObject({ stopReason: "guardrail_intervened", text: "I can't help with account credentials.", guardrail: { intervened: true, trace: null } });
    }
  });

  it("reports a guardrail that did not intervene", async () => {
    const result = await fm.invoke({ modelId: haiku, prompt: "Is the link up?", guardrail });
    expect(result.stopReason).toBe("end_turn");
    expect(result.guardrail).toEqual({ intervened: false, trace: null });
    expect((await fm.invoke({ modelId: haiku, prompt: "hi" })).guardrail).toBeUndefined();
  });

  it("passes the guardrail through a user's BedrockRuntimeClient too", async () => {
    const bedrockRuntime = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
    const viaSdk = createClient({ bedrockRuntime });
    const result = await viaSdk.invoke({ modelId: haiku, prompt: "Can I get a refund?", guardrail: { identifier: "gr-versioned", version: "3", trace: "enabled_full" } });
    expect(result.stopReason).toBe("guardrail_intervened");
    expect(bedrock.requests.at(-1)!.headers).toMatchObject({ "x-amzn-bedrock-guardrailversion": "3", "x-amzn-bedrock-trace": "ENABLED_FULL" });
    bedrockRuntime.destroy();
  });

  it("refuses a bad guardrail before the network, and an unknown one as Bedrock does", async () => {
    const before = bedrock.requests.length;
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", guardrail: { identifier: "gr-telecom" } as never })).rejects.toMatchObject({ name: "ValidationError", field: "guardrail.version" });
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", guardrail: { identifier: "", version: "1" } })).rejects.toMatchObject({ field: "guardrail.identifier" });
    await expect(fm.stream({ modelId: haiku, prompt: "hi", guardrail: { ...guardrail, trace: "verbose" as never } }).result).rejects.toMatchObject({ field: "guardrail.trace" });
    await expect(fm.invoke({ modelId: haiku, prompt: "hi", guardrail: { identifier: "gr-telecom", version: "v2" } })).rejects.toMatchObject({ field: "guardrail.version" });
    expect(bedrock.requests.length).toBe(before);
    const unknown = await fm.invoke({ modelId: haiku, prompt: "hi", guardrail: { identifier: "gr-nope", version: "1" } }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).message).toContain("guardrail");
  });
});

describe("fm.applyGuardrail", () => {
  it("asks Bedrock's ApplyGuardrail for a verdict on text, through both transport paths", async () => {
    const blocked = await fm.applyGuardrail({ identifier: "gr-telecom", version: "DRAFT", source: "INPUT", content: "What is the admin password?" });
    expect(blocked).toMatchObject({ action: "GUARDRAIL_INTERVENED", outputs: [{ text: "I can't help with account credentials." }] });
    expect(JSON.stringify(blocked.assessments)).toContain('"name":"password"');
    expect(bedrock.requests.at(-1)).toMatchObject({ operation: "applyGuardrail", modelId: "gr-telecom", body: { source: "INPUT", content: [{ text: { text: "What is the admin password?" } }] } });
    const clean = await fm.applyGuardrail({ identifier: "gr-telecom", version: "DRAFT", source: "OUTPUT", content: [{ text: "The link is up." }] });
    expect(clean).toMatchObject({ action: "NONE", outputs: [] });
    const bedrockRuntime = new BedrockRuntimeClient({ ...bedrock.clientOptions, maxAttempts: 1 });
    await expect(createClient({ bedrockRuntime }).applyGuardrail({ identifier: "gr-versioned", version: "3", source: "INPUT", content: "refund please" })).resolves.toMatchObject({ action: "GUARDRAIL_INTERVENED" });
    bedrockRuntime.destroy();
  });

  it("checks its input before the network and is not subject to the model policy", async () => {
    const before = bedrock.requests.length;
    await expect(fm.applyGuardrail({ identifier: "gr-telecom", version: "latest", source: "INPUT", content: "x" })).rejects.toMatchObject({ field: "version" });
    await expect(fm.applyGuardrail({ identifier: "gr-telecom", version: "1", source: "BOTH" as never, content: "x" })).rejects.toMatchObject({ field: "source" });
    await expect(fm.applyGuardrail({ identifier: "gr-telecom", version: "1", source: "INPUT", content: [] })).rejects.toMatchObject({ field: "content" });
    expect(bedrock.requests.length).toBe(before);
    const strict = createClient({ ...bedrock.clientOptions, allowModels: ["cohere.*"] });
    await expect(strict.applyGuardrail({ identifier: "gr-telecom", version: "DRAFT", source: "INPUT", content: "hello" })).resolves.toMatchObject({ action: "NONE" });
    await expect(fm.applyGuardrail({ identifier: "gr-unknown", version: "1", source: "INPUT", content: "x" })).rejects.toMatchObject({ code: "ResourceNotFoundException" });
  });
});
