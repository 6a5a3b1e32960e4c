import { describe, expect, it } from "vitest";
import { adapters } from "../src/adapters/index.js";
import { coveredTextFamilies, describeConformance } from "./conformance.js";

// One model of every family; adding a family adds one line.
describeConformance("anthropic.claude-3-haiku-20240307-v1:0");
describeConformance("anthropic.claude-v2:1");
describeConformance("amazon.titan-text-express-v1");
describeConformance("us.amazon.nova-lite-v1:0");
describeConformance("amazon.nova-micro-v1:0");
describeConformance("us.amazon.nova-2-lite-v1:0");
describeConformance("global.anthropic.claude-opus-5");
describeConformance("us.anthropic.claude-sonnet-4-6");
describeConformance("global.anthropic.claude-opus-4-8");
describeConformance("meta.llama2-13b-chat-v1");
describeConformance("us.meta.llama3-3-70b-instruct-v1:0");
describeConformance("us.meta.llama4-scout-17b-instruct-v1:0");
describeConformance("mistral.mistral-7b-instruct-v0:2", { stopSequenceReportedAs: "end_turn" });
describeConformance("mistral.mistral-large-2407-v1:0");
describeConformance("us.mistral.pixtral-large-2502-v1:0");
describeConformance("ai21.j2-ultra-v1");
describeConformance("ai21.jamba-1-5-large-v1:0", { stopSequenceReportedAs: "end_turn" });
describeConformance("cohere.command-text-v14", { stopSequenceReportedAs: "end_turn" });
describeConformance("cohere.command-r-plus-v1:0");
describeConformance("openai.gpt-oss-120b-1:0", { stopSequenceReportedAs: "end_turn" });
describeConformance("qwen.qwen3-vl-235b-a22b", { stopSequenceReportedAs: "end_turn" });
describeConformance("us.deepseek.r1-v1:0", { stopSequenceReportedAs: "end_turn" });
describeConformance("deepseek.v3.2", { stopSequenceReportedAs: "end_turn" });
describeConformance("us.writer.palmyra-x5-v1:0", { stopSequenceReportedAs: "end_turn" });
describeConformance("moonshot.kimi-k2-thinking");
describeConformance("moonshotai.kimi-k2.5");
describeConformance("zai.glm-5", { stopSequenceReportedAs: "end_turn" });
describeConformance("google.gemma-3-27b-it", { stopSequenceReportedAs: "end_turn" });
describeConformance("us.twelvelabs.pegasus-1-2-v1:0", { native: { mediaSource: { s3Location: { uri: "s3://outage-videos/spokane.mp4", bucketOwner: "111122223333" } } } });

describe("text conformance coverage", () => {
  it("runs for every text family", () => {
    expect([...coveredTextFamilies].sort()).toEqual([...adapters.keys()].sort());
  });
});
