/**
 * Amazon Nova understanding models (Micro, Lite, Pro, Premier; Nova 2 Lite) on Bedrock's InvokeModel.
 * Format: ../shared/design/bedrock-formats.md §4.4, from the Amazon Nova user guide's
 * "Complete request schema" and "Invoking Amazon Nova understanding models" (read
 * 2026-11-25): `schemaVersion: "messages-v1"`, `system` as text blocks, `inferenceConfig`,
 * `toolConfig`, nested stream events.
 * Reasoning and caching (read 2026-11-30): Nova 2 takes a top-level `reasoningConfig: { type:
 * "enabled", maxReasoningEffort: "low" | "medium" | "high" }` (AWS Nova 2 user guide "Extended
 * thinking"; Converse callers pass it as `additionalModelRequestFields`, which Bedrock merges
 * into this body) and answers with `reasoningContent` blocks (`reasoningText { text, signature? }`
 * or `redactedContent`; the Converse shapes of `@aws-sdk/client-bedrock-runtime`); with effort
 * `high`, `maxTokens` must be unset (recorded: vercel/ai fixture
 * amazon-bedrock-nova-2-high-reasoning-validation-error.json). Cache points are
 * `{ cachePoint: { type: "default" } }` blocks in `system` and messages, at most 4 per request,
 * none in tools (AWS prompt-caching table as restated by Portkey's Bedrock page); one with
 * nothing before it is refused ("There is nothing available to cache", recorded: vercel/ai
 * fixture amazon-bedrock-cache-point-only-assistant-error.json).
 */
import { isRecord } from "../encoding.js";
import type { ContentPart, StopReason, ToolChoice, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, PartialUsage, ResponseContext, StreamDecoder, StreamDelta } from "./adapter.js";
import { cachePointBlock, checkNovaRequest, novaEffort, toBlock, type NovaBlock } from "./amazon-nova-request.js";
import { splitThinking, ThinkingTagSplitter, type ThinkingPiece } from "./amazon-nova-thinking.js";
import { mergeTurns, toolChoiceNoneWarning } from "./shared/conversation.js";


/** The native InvokeModel body of Nova. */
export interface NovaBody {
  schemaVersion: "messages-v1";
  messages: { role: "user" | "assistant"; content: NovaBlock[] }[];
  system?: NovaBlock[] | undefined;
  reasoningConfig?: { type: "enabled"; maxReasoningEffort: "low" | "medium" | "high" } | undefined;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; topK?: number; stopSequences?: string[] } | undefined;
  toolConfig?: { tools: { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } }[]; toolChoice?: NovaBlock } | undefined;
  [extra: string]: unknown;
}

/** Answer text with Nova 1's `<thinking>` preamble as a reasoning part (only when tools were offered). */
function answerParts(text: string, context: ResponseContext): ContentPart[] {
  const pieces: ThinkingPiece[] = context.toolNames.length > 0 ? splitThinking(text) : [{ type: "text", text }];
  return pieces.map((piece) => (piece.type === "reasoning" ? { type: "reasoning", text: piece.text } : { type: "text", text: piece.text }));
}

function toToolChoice(choice: ToolChoice | undefined): NovaBlock | undefined {
  if (choice === "auto" || choice === "any") return { [choice]: {} };
  if (typeof choice === "object") return { tool: { name: choice.name } };
  return undefined;
}

function readUsage(usage: unknown): PartialUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const result: PartialUsage = {};
  if (typeof usage.inputTokens === "number") result.inputTokens = usage.inputTokens;
  if (typeof usage.outputTokens === "number") result.outputTokens = usage.outputTokens;
  if (typeof usage.cacheReadInputTokenCount === "number") result.cacheReadInputTokens = usage.cacheReadInputTokenCount;
  if (typeof usage.cacheWriteInputTokenCount === "number") result.cacheWriteInputTokens = usage.cacheWriteInputTokenCount;
  return result;
}

function fromBlocks(blocks: unknown[], context: ResponseContext): ContentPart[] {
  const content: ContentPart[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) throw new Error("a content block is not an object");
    if (typeof block.text === "string") content.push(...answerParts(block.text, content.length === 0 ? context : { toolNames: [] }));
    else if (isRecord(block.toolUse)) {
      const { toolUseId, name, input } = block.toolUse;
      content.push({ type: "tool-call", id: String(toolUseId), name: String(name), input: input ?? {} });
    } else if (isRecord(block.reasoningContent)) {
      const reasoning = block.reasoningContent;
      if (typeof reasoning.redactedContent === "string") content.push({ type: "reasoning", text: "", redacted: reasoning.redactedContent });
      else if (isRecord(reasoning.reasoningText) && typeof reasoning.reasoningText.text === "string") {
        const part: ContentPart = { type: "reasoning", text: reasoning.reasoningText.text };
        if (typeof reasoning.reasoningText.signature === "string") part.signature = reasoning.reasoningText.signature;
        content.push(part);
      }
    }
  }
  return content;
}

interface OpenTool {
  id: string;
  name: string;
  json: string;
}

/** A piece of split answer text as a stream delta. */
function pieceDelta(piece: ThinkingPiece): StreamDelta {
  return piece.type === "reasoning" ? { type: "reasoning", text: piece.text } : { type: "text", text: piece.text };
}

function createDecoder(context: ResponseContext): StreamDecoder {
  const tools = new Map<number, OpenTool>();
  const content: NovaBlock[] = [];
  // Nova 1's `<thinking>` preamble comes before any tool call, so only answers with tools are split.
  const splitter = context.toolNames.length > 0 ? new ThinkingTagSplitter() : undefined;
  let text = "";
  let reasoning: { text: string; signature?: string } | undefined;
  let stopReason: unknown;
  let usage: unknown;
  const flushText = (): void => {
    if (text !== "") content.push({ text });
    text = "";
  };
  const flushReasoning = (): void => {
    if (reasoning) content.push({ reasoningContent: { reasoningText: { ...reasoning } } });
    reasoning = undefined;
  };
  const endSplit = (): StreamDelta[] => (splitter ? splitter.end().map(pieceDelta) : []);
  const reasoningDeltas = (delta: Record<string, unknown>): StreamDelta[] => {
    if (typeof delta.redactedContent === "string") {
      content.push({ reasoningContent: { redactedContent: delta.redactedContent } });
      return [{ type: "reasoning", text: "", redacted: delta.redactedContent }];
    }
    reasoning ??= { text: "" };
    if (typeof delta.text === "string" && delta.text !== "") {
      reasoning.text += delta.text;
      return [{ type: "reasoning", text: delta.text }];
    }
    if (typeof delta.signature === "string") {
      reasoning.signature = delta.signature;
      return [{ type: "reasoning", text: "", signature: delta.signature }];
    }
    return [];
  };
  return {
    push(chunk) {
      if (isRecord(chunk.contentBlockStart)) {
        const start = chunk.contentBlockStart;
        const toolUse = isRecord(start.start) ? start.start.toolUse : undefined;
        if (isRecord(toolUse)) {
          tools.set(Number(start.contentBlockIndex), { id: String(toolUse.toolUseId), name: String(toolUse.name), json: "" });
        }
        return [];
      }
      if (isRecord(chunk.contentBlockDelta)) {
        const delta = chunk.contentBlockDelta.delta;
        if (!isRecord(delta)) throw new Error("contentBlockDelta has no delta");
        if (typeof delta.text === "string") {
          text += delta.text;
          if (delta.text === "") return [];
          return splitter ? splitter.push(delta.text).map(pieceDelta) : [{ type: "text", text: delta.text }];
        }
        if (isRecord(delta.reasoningContent)) return reasoningDeltas(delta.reasoningContent);
        const tool = tools.get(Number(chunk.contentBlockDelta.contentBlockIndex));
        if (isRecord(delta.toolUse) && tool) tool.json += typeof delta.toolUse.input === "string" ? delta.toolUse.input : "";
        return [];
      }
      if (isRecord(chunk.contentBlockStop)) {
        const index = Number(chunk.contentBlockStop.contentBlockIndex);
        const tool = tools.get(index);
        if (!tool) {
          flushText();
          flushReasoning();
          return [];
        }
        tools.delete(index);
        const input: unknown = tool.json === "" ? {} : JSON.parse(tool.json);
        content.push({ toolUse: { toolUseId: tool.id, name: tool.name, input } });
        return [...endSplit(), { type: "tool-call", toolCall: { id: tool.id, name: tool.name, input } }];
      }
      if (isRecord(chunk.messageStop)) {
        flushText();
        flushReasoning();
        stopReason = chunk.messageStop.stopReason;
        return [...endSplit(), { type: "stop", rawStopReason: typeof stopReason === "string" ? stopReason : undefined, stopSequence: undefined }];
      }
      if (isRecord(chunk.metadata)) {
        usage = chunk.metadata.usage;
        const read = readUsage(usage);
        return read ? [{ type: "usage", usage: read } satisfies StreamDelta] : [];
      }
      return [];
    },
    raw() {
      return { output: { message: { role: "assistant", content } }, stopReason, usage };
    },
  };
}

/** Nova: the messages-v1 schema with `system`, `inferenceConfig`, `toolConfig`, images, Nova 2 reasoning and cache points. */
export const amazonNova = {
  family: "amazon-nova",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  checkRequest: checkNovaRequest,

  toNativeBody(request: NormalizedRequest, model): NativeRequest<NovaBody> {
    const warnings: Warning[] = [];
    const turns = mergeTurns(request.messages, toBlock).map((turn) => ({ role: turn.role, content: turn.content.filter((block): block is NovaBlock => block !== undefined) }));
    const body: NovaBody = { schemaVersion: "messages-v1", messages: turns };
    if (request.systemParts) body.system = request.systemParts.map((part) => (part.type === "text" ? { text: part.text } : { ...cachePointBlock }));
    else if (request.system !== undefined) body.system = [{ text: request.system }];
    const effort = request.reasoning && novaEffort(request.reasoning, model, warnings);
    if (effort) body.reasoningConfig = { type: "enabled", maxReasoningEffort: effort };
    const config: NonNullable<NovaBody["inferenceConfig"]> = {};
    if (request.maxTokens !== undefined) {
      if (effort === "high") {
        warnings.push({ type: "unsupported", feature: "maxTokens", message: `${model.id} takes no maxTokens with reasoning effort "high"; maxTokens was not sent.` });
      } else config.maxTokens = request.maxTokens;
    }
    if (request.temperature !== undefined) config.temperature = request.temperature;
    if (request.topP !== undefined) config.topP = request.topP;
    if (request.topK !== undefined) config.topK = request.topK;
    if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
    if (Object.keys(config).length > 0) body.inferenceConfig = config;
    if (request.tools?.length) {
      if (request.toolChoice === "none") {
        warnings.push({ ...toolChoiceNoneWarning });
      } else {
        if (request.tools.some((tool) => tool.cachePoint)) {
          warnings.push({ type: "unsupported", feature: "cache-point", message: `${model.id} caches no tool definitions; the tools' cache points were not sent.` });
        }
        body.toolConfig = {
          tools: request.tools.map((tool) => ({
            toolSpec: {
              name: tool.name,
              ...(tool.description === undefined ? {} : { description: tool.description }),
              inputSchema: { json: tool.inputSchema },
            },
          })),
        };
        const choice = toToolChoice(request.toolChoice);
        if (choice) body.toolConfig.toolChoice = choice;
      }
    }
    return { body: { ...body, ...request.native }, warnings };
  },

  fromNativeBody(body: unknown, context: ResponseContext): AdapterOutput {
    const message = isRecord(body) && isRecord(body.output) ? body.output.message : undefined;
    if (!isRecord(body) || !isRecord(message) || !Array.isArray(message.content)) {
      throw new Error("the body has no output.message.content array");
    }
    return {
      content: fromBlocks(message.content, context),
      rawStopReason: typeof body.stopReason === "string" ? body.stopReason : undefined,
      stopSequence: undefined,
      usage: readUsage(body.usage),
    };
  },

  createStreamDecoder: createDecoder,

  mapStopReason(raw: string | undefined): StopReason {
    switch (raw) {
      case "end_turn":
      case "max_tokens":
      case "stop_sequence":
      case "tool_use":
      case "content_filtered":
      case "guardrail_intervened":
        return raw;
      default:
        return "unknown";
    }
  },
} satisfies ModelAdapter<NovaBody>;
