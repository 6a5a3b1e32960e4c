/**
 * Amazon Nova understanding models (Micro, Lite, Pro, Premier) on Bedrock's InvokeModel.
 * Format: ../shared/design/bedrock-formats.md §4.4, from the Amazon Nova user guide's
 * "Complete request schema" and "Invoking Amazon Nova understanding models" (read
 * 2026-11-25): `schemaVersion: "messages-v1"`, `system` as text blocks, `inferenceConfig`,
 * `toolConfig`, nested stream events.
 */
import { isRecord, toBase64 } from "../encoding.js";
import type { ContentPart, StopReason, ToolChoice, Warning } from "../types.js";
import type { AdapterOutput, ModelAdapter, NativeRequest, NormalizedRequest, PartialUsage, StreamDecoder, StreamDelta } from "./adapter.js";
import { mergeTurns, toolChoiceNoneWarning } from "./shared/conversation.js";

type NovaBlock = Record<string, unknown>;

/** The native InvokeModel body of Nova. */
export interface NovaBody {
  schemaVersion: "messages-v1";
  messages: { role: "user" | "assistant"; content: NovaBlock[] }[];
  system?: { text: string }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; topK?: number; stopSequences?: string[] };
  toolConfig?: { tools: { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } }[]; toolChoice?: NovaBlock };
  [extra: string]: unknown;
}

function toBlock(part: ContentPart): NovaBlock {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "image":
      return { image: { format: part.mediaType.replace(/^image\//, ""), source: { bytes: toBase64(part.data) } } };
    case "tool-call":
      return { toolUse: { toolUseId: part.id, name: part.name, input: part.input ?? {} } };
    case "tool-result":
      return { toolResult: { toolUseId: part.toolCallId, content: [{ text: part.content }], status: part.isError ? "error" : "success" } };
    case "reasoning":
    case "cache-point":
      // The catalog gives no model of this family reasoning or a prompt cache yet: gateFeatures drops these parts.
      throw new Error(`${part.type} parts are not encoded for this family yet`);
  }
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

function fromBlocks(blocks: unknown[]): ContentPart[] {
  const content: ContentPart[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) throw new Error("a content block is not an object");
    if (typeof block.text === "string") content.push({ type: "text", text: block.text });
    else if (isRecord(block.toolUse)) {
      const { toolUseId, name, input } = block.toolUse;
      content.push({ type: "tool-call", id: String(toolUseId), name: String(name), input: input ?? {} });
    }
    // reasoningContent and other blocks stay in `raw`.
  }
  return content;
}

interface OpenTool {
  id: string;
  name: string;
  json: string;
}

function createDecoder(): StreamDecoder {
  const tools = new Map<number, OpenTool>();
  const content: NovaBlock[] = [];
  let text = "";
  let stopReason: unknown;
  let usage: unknown;
  const flushText = (): void => {
    if (text !== "") content.push({ text });
    text = "";
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
          return delta.text === "" ? [] : [{ type: "text", text: delta.text }];
        }
        const tool = tools.get(Number(chunk.contentBlockDelta.contentBlockIndex));
        if (isRecord(delta.toolUse) && tool) tool.json += typeof delta.toolUse.input === "string" ? delta.toolUse.input : "";
        return [];
      }
      if (isRecord(chunk.contentBlockStop)) {
        const index = Number(chunk.contentBlockStop.contentBlockIndex);
        const tool = tools.get(index);
        if (!tool) {
          flushText();
          return [];
        }
        tools.delete(index);
        const input: unknown = tool.json === "" ? {} : JSON.parse(tool.json);
        content.push({ toolUse: { toolUseId: tool.id, name: tool.name, input } });
        return [{ type: "tool-call", toolCall: { id: tool.id, name: tool.name, input } }];
      }
      if (isRecord(chunk.messageStop)) {
        flushText();
        stopReason = chunk.messageStop.stopReason;
        return [{ type: "stop", rawStopReason: typeof stopReason === "string" ? stopReason : undefined, stopSequence: undefined }];
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

/** Nova: the messages-v1 schema with `system`, `inferenceConfig`, `toolConfig` and images. */
export const amazonNova = {
  family: "amazon-nova",
  parameterRanges: { temperature: [0, 1], topP: [0, 1] },
  tokenizer: { estimator: "large-vocabulary" },

  toNativeBody(request: NormalizedRequest): NativeRequest<NovaBody> {
    const warnings: Warning[] = [];
    const body: NovaBody = { schemaVersion: "messages-v1", messages: mergeTurns(request.messages, toBlock) };
    if (request.system !== undefined) body.system = [{ text: request.system }];
    const config: NonNullable<NovaBody["inferenceConfig"]> = {};
    if (request.maxTokens !== undefined) config.maxTokens = request.maxTokens;
    if (request.temperature !== undefined) config.temperature = request.temperature;
    if (request.topP !== undefined) config.topP = request.topP;
    if (request.topK !== undefined) config.topK = request.topK;
    if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
    if (Object.keys(config).length > 0) body.inferenceConfig = config;
    if (request.tools?.length) {
      if (request.toolChoice === "none") {
        warnings.push({ ...toolChoiceNoneWarning });
      } else {
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

  fromNativeBody(body: unknown): AdapterOutput {
    const message = isRecord(body) && isRecord(body.output) ? body.output.message : undefined;
    if (!isRecord(body) || !isRecord(message) || !Array.isArray(message.content)) {
      throw new Error("the body has no output.message.content array");
    }
    return {
      content: fromBlocks(message.content),
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
