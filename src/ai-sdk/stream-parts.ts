/**
 * A bedrock-kit stream as the AI SDK's stream parts: text and reasoning blocks
 * (start, deltas, end), each tool call as its input (start, one delta, end) then the call,
 * and a finish with usage, finish reason and `providerMetadata.bedrockKit`.
 */
import type { LanguageModelV3StreamPart, SharedV3Warning } from "@ai-sdk/provider";
import type { BedrockStream, InvokeResult, ReasoningPart } from "../index.js";
import { jsonToolName } from "./call-options.js";
import { finishReasonOf, providerMetadataOf, reasoningMetadataOf, unknownUsage, usageOf, warningsOf } from "./result.js";

/** What the stream writes its parts to. */
type Emit = (part: LanguageModelV3StreamPart) => void;

/**
 * Follows which text or reasoning block is open. Reasoning blocks stay open until the
 * result is known, because their signatures (which Claude needs back in a tool loop) come
 * with it.
 */
class Blocks {
  #count = 0;
  #openText: string | undefined;
  #openReasoning: string | undefined;
  readonly #reasoningIds: string[] = [];

  constructor(private readonly emit: Emit) {}

  text(delta: string): void {
    this.#openReasoning = undefined;
    if (this.#openText === undefined) {
      this.#openText = `text-${this.#count++}`;
      this.emit({ type: "text-start", id: this.#openText });
    }
    this.emit({ type: "text-delta", id: this.#openText, delta });
  }

  reasoning(delta: string): void {
    this.endText();
    if (this.#openReasoning === undefined) {
      this.#openReasoning = `reasoning-${this.#count++}`;
      this.#reasoningIds.push(this.#openReasoning);
      this.emit({ type: "reasoning-start", id: this.#openReasoning });
    }
    this.emit({ type: "reasoning-delta", id: this.#openReasoning, delta });
  }

  /** Ends the open text block, if any (before a tool call, a reasoning block or the finish). */
  endText(): void {
    if (this.#openText === undefined) return;
    this.emit({ type: "text-end", id: this.#openText });
    this.#openText = undefined;
  }

  /** Ends the open text block and lets the next reasoning delta start a new block (a tool call came between). */
  interrupt(): void {
    this.endText();
    this.#openReasoning = undefined;
  }

  /**
   * Ends every reasoning block: the streamed ones in order with the signatures of the
   * result's streamed reasoning parts, then a block for each redacted part (which streams
   * no text) carrying its encrypted content.
   */
  endReasoning(result: InvokeResult | undefined): void {
    const parts = (result?.content ?? []).filter((part): part is ReasoningPart => part.type === "reasoning");
    const streamed = parts.filter((part) => part.text !== "");
    const matched = streamed.length === this.#reasoningIds.length;
    this.#reasoningIds.forEach((id, index) => {
      const providerMetadata = matched ? reasoningMetadataOf(streamed[index]!) : undefined;
      this.emit(providerMetadata ? { type: "reasoning-end", id, providerMetadata } : { type: "reasoning-end", id });
    });
    for (const part of parts.filter((candidate) => candidate.text === "")) {
      const id = `reasoning-${this.#count++}`;
      this.emit({ type: "reasoning-start", id });
      const providerMetadata = reasoningMetadataOf(part);
      this.emit(providerMetadata ? { type: "reasoning-end", id, providerMetadata } : { type: "reasoning-end", id });
    }
  }
}

/** Writes a bedrock-kit stream's events as AI SDK stream parts, then closes. */
async function pump(stream: BedrockStream, warnings: SharedV3Warning[], jsonTool: boolean, includeRaw: boolean, emit: Emit): Promise<void> {
  emit({ type: "stream-start", warnings });
  const blocks = new Blocks(emit);
  let result: InvokeResult | undefined;
  try {
    for await (const event of stream) {
      if (includeRaw) emit({ type: "raw", rawValue: event });
      switch (event.type) {
        case "text":
          if (!jsonTool) blocks.text(event.text);
          break;
        case "reasoning":
          blocks.reasoning(event.text);
          break;
        case "tool-call": {
          const { toolCall } = event;
          const input = JSON.stringify(toolCall.input);
          if (jsonTool && toolCall.name === jsonToolName) {
            blocks.text(input);
            break;
          }
          blocks.interrupt();
          emit({ type: "tool-input-start", id: toolCall.id, toolName: toolCall.name });
          emit({ type: "tool-input-delta", id: toolCall.id, delta: input });
          emit({ type: "tool-input-end", id: toolCall.id });
          emit({ type: "tool-call", toolCallId: toolCall.id, toolName: toolCall.name, input });
          break;
        }
        case "finish":
          result = event.result;
          break;
      }
    }
  } catch (error) {
    blocks.endText();
    blocks.endReasoning(undefined);
    emit({ type: "error", error });
    emit({ type: "finish", usage: unknownUsage, finishReason: { unified: "error", raw: undefined } });
    return;
  }
  blocks.endText();
  blocks.endReasoning(result);
  if (!result) return;
  // bedrock-kit's own warnings come with the result; a second stream-start replaces the
  // step's warnings with the full list (the AI SDK keeps the last one it reads).
  if (result.warnings.length > 0) emit({ type: "stream-start", warnings: [...warnings, ...warningsOf(result.warnings)] });
  emit({ type: "response-metadata", id: result.requestId, modelId: result.modelId });
  emit({ type: "finish", usage: usageOf(result.usage), finishReason: finishReasonOf(result, jsonTool), providerMetadata: providerMetadataOf(result) });
}

/** The AI SDK's `ReadableStream` of parts over a bedrock-kit stream; cancelling it aborts the call. */
export function streamParts(stream: BedrockStream, warnings: SharedV3Warning[], jsonTool: boolean, includeRaw: boolean): ReadableStream<LanguageModelV3StreamPart> {
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      void pump(stream, warnings, jsonTool, includeRaw, (part) => controller.enqueue(part)).then(() => controller.close());
    },
    cancel() {
      stream.abort();
    },
  });
}
