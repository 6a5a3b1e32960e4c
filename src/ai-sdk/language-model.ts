/** An AI SDK `LanguageModelV3` over `fm.invoke` and `fm.stream`. */
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult, LanguageModelV3StreamResult } from "@ai-sdk/provider";
import type { BedrockKitClient } from "../index.js";
import { prepareCall } from "./call-options.js";
import { contentOf, finishReasonOf, providerMetadataOf, usageOf, warningsOf } from "./result.js";
import { streamParts } from "./stream-parts.js";

/** The provider name the AI SDK logs and keys metadata by. */
export const providerName = "bedrock-kit";

/**
 * A Bedrock text model for the AI SDK: `generateText`, `streamText`, `generateObject` and
 * their tool loops run on bedrock-kit's client, so its budget, policy, ledger, audit log
 * and retries apply to every step.
 */
export class BedrockKitLanguageModel implements LanguageModelV3 {
  /** The AI SDK's model interface version. */
  readonly specificationVersion = "v3";
  /** `bedrock-kit`. */
  readonly provider = providerName;
  /** Images in URLs are downloaded by the AI SDK: bedrock-kit sends bytes. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #client: BedrockKitClient;

  /** Made by `createBedrockKit(...)(modelId)`. */
  constructor(
    /** The Bedrock model ID, inference-profile ID or ARN. */
    readonly modelId: string,
    client: BedrockKitClient,
  ) {
    this.#client = client;
  }

  /** One `fm.invoke` call. */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { request, warnings, jsonTool } = prepareCall(this.modelId, options);
    const result = await this.#client.invoke(request);
    return {
      content: contentOf(result, jsonTool),
      finishReason: finishReasonOf(result, jsonTool),
      usage: usageOf(result.usage),
      providerMetadata: providerMetadataOf(result),
      response: { id: result.requestId, modelId: result.modelId, timestamp: new Date(Date.now() - result.latencyMs), body: result.raw },
      warnings: [...warnings, ...warningsOf(result.warnings)],
    };
  }

  /** One `fm.stream` call; a request bedrock-kit refuses arrives as an `error` part. */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { request, warnings, jsonTool } = prepareCall(this.modelId, options);
    const stream = this.#client.stream(request);
    return { stream: streamParts(stream, warnings, jsonTool, options.includeRawChunks === true) };
  }
}
