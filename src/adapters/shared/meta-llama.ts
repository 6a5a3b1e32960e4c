/**
 * The InvokeModel body Meta Llama 2, 3.x and 4 share on Bedrock: one templated `prompt`,
 * `temperature`, `top_p`, `max_gen_len`; `generation` out. Each Llama family differs
 * only in its chat template (meta-llama2.ts, meta-llama3.ts, meta-llama4.ts).
 * Format: ../shared/design/bedrock-formats.md §4.5–4.6, from AWS's "Meta Llama models"
 * page (read 2026-11-25). The body has no stop-sequence or top_k field (Bedrock rejects
 * them as extraneous keys), so stop sequences are applied client-side.
 */
import { isRecord, toBase64 } from "../../encoding.js";
import type { NativeTool } from "../adapter.js";
import type { ModelFamily } from "../../models/model-info.js";
import type { TokenizerChoice } from "../../tokens/tokenizer.js";
import type { Message, StopReason, ToolCallPart, ToolChoice, Warning } from "../../types.js";
import { partsOf, textOf, toolChoiceNoneWarning, topKWarning } from "./conversation.js";
import type {
  AdapterOutput,
  ModelAdapter,
  NativeRequest,
  NormalizedRequest,
  PartialUsage,
  ResponseContext,
  StopDetail,
  StreamDecoder,
  StreamDelta,
} from "../adapter.js";

/** The native InvokeModel body of every Llama family. */
export interface LlamaBody {
  prompt: string;
  temperature?: number | undefined;
  top_p?: number | undefined;
  max_gen_len?: number | undefined;
  /** Llama 3.2 vision and Llama 4: raw base64 images, in the order of the prompt's `<|image|>` tokens. */
  images?: string[] | undefined;
  [extra: string]: unknown;
}

/** Renders a conversation (and optional system text) in one Llama family's chat template. */
export type LlamaTemplate = (messages: Message[], system: string | undefined) => string;

/** The special tokens of a header-style Llama chat template (Llama 3.x and 4). */
export interface HeaderTokens {
  headerStart: string;
  headerEnd: string;
  endOfTurn: string;
}

/** Where an image goes in a Llama 3.2 vision / Llama 4 user turn (Meta's format). */
const imageToken = "<|image|>";

/** One turn of a rendered Llama conversation. */
interface LlamaTurn {
  role: "user" | "assistant" | "ipython";
  text: string;
}

/** The JSON text a Llama model writes for a tool call (Meta's Llama 3.1 JSON format). */
function callText(call: ToolCallPart): string {
  return JSON.stringify({ name: call.name, parameters: call.input ?? {} });
}

/**
 * The conversation as Llama turns: tool results become `ipython` turns (Meta's role for
 * tool output), an assistant's tool calls its JSON call text.
 */
function llamaTurns(messages: Message[]): LlamaTurn[] {
  const turns: LlamaTurn[] = [];
  for (const message of messages) {
    const parts = partsOf(message.content);
    const text = textOf(message.content);
    if (message.role === "assistant") {
      const calls = parts.filter((part): part is ToolCallPart => part.type === "tool-call").map(callText);
      turns.push({ role: "assistant", text: [text, ...calls].filter((piece) => piece !== "").join("\n") });
      continue;
    }
    const results = parts.filter((part) => part.type === "tool-result");
    for (const result of results) turns.push({ role: "ipython", text: result.type === "tool-result" ? result.content : "" });
    // Meta's vision format marks where each image goes; the bytes travel in the body's `images`.
    const userText = parts.map((part) => (part.type === "text" ? part.text : part.type === "image" ? imageToken : "")).join("");
    if (userText !== "" || results.length === 0) turns.push({ role: "user", text: userText });
  }
  return turns;
}

/**
 * A header-style template: `<|begin_of_text|>` once, one `{start}role{end}\n\n{text}{eot}`
 * block per turn (system first, tool results as `ipython`), then an open assistant header,
 * or the final assistant message left open as a prefill.
 */
export function headerTemplate(tokens: HeaderTokens): LlamaTemplate {
  const header = (role: string): string => `${tokens.headerStart}${role}${tokens.headerEnd}\n\n`;
  return (messages, system) => {
    let prompt = "<|begin_of_text|>";
    if (system !== undefined) prompt += `${header("system")}${system}${tokens.endOfTurn}`;
    const turns = llamaTurns(messages);
    const last = turns[turns.length - 1];
    for (const turn of turns) {
      if (turn === last && turn.role === "assistant") return `${prompt}${header("assistant")}${turn.text}`;
      prompt += `${header(turn.role)}${turn.text}${tokens.endOfTurn}`;
    }
    return `${prompt}${header("assistant")}`;
  };
}

/**
 * Meta's prompt-based tool calling (Llama 3.1 and later; AWS documents none of it): the
 * functions and the answer format go in the system turn, the model answers a call as JSON.
 */
function toolInstructions(tools: NativeTool[], choice: ToolChoice | undefined): string {
  const functions = tools.map((tool) => JSON.stringify({ name: tool.name, description: tool.description ?? "", parameters: tool.inputSchema }));
  const must = choice === "any" ? "\nYou must call one of these functions." : typeof choice === "object" ? `\nYou must call the function ${choice.name}.` : "";
  return (
    'You can call functions. To call one, answer with only a JSON object of the form {"name": <function name>, "parameters": <object of argument names and values>} and nothing else.' +
    `\nThe functions:\n${functions.join("\n")}${must}`
  );
}

const pythonTag = "<|python_tag|>";

/** A tool call the model wrote as JSON text, if the text is one and names an offered tool. */
function parseCall(text: string, toolNames: string[]): ToolCallPart | undefined {
  let candidate = text.trim();
  if (candidate.startsWith(pythonTag)) candidate = candidate.slice(pythonTag.length).trim();
  if (!candidate.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(candidate);
    if (!isRecord(parsed) || typeof parsed.name !== "string" || !toolNames.includes(parsed.name)) return undefined;
    const input = parsed.parameters ?? parsed.arguments ?? {};
    return { type: "tool-call", id: `llama_0_${parsed.name}`, name: parsed.name, input };
  } catch {
    return undefined;
  }
}

/** True while streamed text may still turn out to be a JSON tool call. */
function mayBeCall(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed === "" || trimmed.startsWith("{") || trimmed.startsWith(pythonTag) || pythonTag.startsWith(trimmed);
}

function readUsage(chunk: Record<string, unknown>): PartialUsage {
  const usage: PartialUsage = {};
  if (typeof chunk.prompt_token_count === "number") usage.inputTokens = chunk.prompt_token_count;
  if (typeof chunk.generation_token_count === "number") usage.outputTokens = chunk.generation_token_count;
  return usage;
}

function createDecoder(context: ResponseContext): StreamDecoder {
  let generation = "";
  let last: Record<string, unknown> = {};
  let inputTokens: number | undefined;
  // With tools offered, text that may be a JSON call is held until it is known.
  let holding = context.toolNames.length > 0;
  let held = "";
  return {
    push(chunk) {
      if (typeof chunk.generation !== "string") throw new Error("a chunk has no generation");
      last = chunk;
      generation += chunk.generation;
      const usage = readUsage(chunk);
      if (usage.inputTokens !== undefined) inputTokens = usage.inputTokens;
      const deltas: StreamDelta[] = [];
      let text = chunk.generation;
      if (holding) {
        held += text;
        text = "";
        if (!mayBeCall(held)) {
          holding = false;
          text = held;
        }
      }
      if (text !== "") deltas.push({ type: "text", text });
      if (usage.outputTokens !== undefined) deltas.push({ type: "usage", usage: { inputTokens, outputTokens: usage.outputTokens } });
      if (typeof chunk.stop_reason === "string") {
        if (holding) {
          const call = parseCall(held, context.toolNames);
          if (call) deltas.push({ type: "tool-call", toolCall: { id: call.id, name: call.name, input: call.input } });
          else if (held !== "") deltas.push({ type: "text", text: held });
        }
        deltas.push({ type: "stop", rawStopReason: chunk.stop_reason, stopSequence: undefined });
      }
      return deltas;
    },
    raw() {
      const { "amazon-bedrock-invocationMetrics": _metrics, ...rest } = last;
      return { ...rest, generation, prompt_token_count: inputTokens ?? null };
    },
  };
}

/** Builds the adapter of one Llama family from its template and its tokenizer. */
export function llamaAdapter(family: ModelFamily, template: LlamaTemplate, tokenizer: TokenizerChoice): ModelAdapter<LlamaBody> {
  return {
    family,
    parameterRanges: { temperature: [0, 1], topP: [0, 1] },
    tokenizer,

    toNativeBody(request: NormalizedRequest, model): NativeRequest<LlamaBody> {
      const warnings: Warning[] = [];
      if (request.topK !== undefined) {
        warnings.push(topKWarning(model.id));
      }
      let system = request.system;
      if (request.tools?.length) {
        if (request.toolChoice === "none") warnings.push({ ...toolChoiceNoneWarning });
        else {
          const instructions = toolInstructions(request.tools, request.toolChoice);
          system = system === undefined ? instructions : `${system}\n\n${instructions}`;
          warnings.push({
            type: "emulated",
            feature: "tools",
            message: `${model.id} has no tool fields on Bedrock; the tools are described in the system turn in Meta's JSON call format and calls are parsed from the answer.`,
          });
        }
      }
      const body: LlamaBody = { prompt: template(request.messages, system) };
      const images = request.messages.flatMap((message) => partsOf(message.content).flatMap((part) => (part.type === "image" ? [toBase64(part.data)] : [])));
      if (images.length > 0) body.images = images;
      if (request.temperature !== undefined) body.temperature = request.temperature;
      if (request.topP !== undefined) body.top_p = request.topP;
      if (request.maxTokens !== undefined) body.max_gen_len = request.maxTokens;
      const result: NativeRequest<LlamaBody> = { body: { ...body, ...request.native }, warnings };
      if (request.stopSequences?.length) {
        warnings.push({
          type: "emulated",
          feature: "stopSequences",
          message: `${model.id} takes no stop sequences on Bedrock; bedrock-kit applies them to the text it returns.`,
        });
        result.emulatedStopSequences = request.stopSequences;
      }
      return result;
    },

    fromNativeBody(body: unknown, context: ResponseContext): AdapterOutput {
      if (!isRecord(body) || typeof body.generation !== "string") throw new Error("the body has no generation");
      const call = context.toolNames.length > 0 ? parseCall(body.generation, context.toolNames) : undefined;
      return {
        content: call ? [call] : body.generation === "" ? [] : [{ type: "text", text: body.generation }],
        rawStopReason: typeof body.stop_reason === "string" ? body.stop_reason : undefined,
        stopSequence: undefined,
        usage: readUsage(body),
      };
    },

    createStreamDecoder: createDecoder,

    mapStopReason(raw: string | undefined, detail: StopDetail): StopReason {
      if (raw === "stop") return detail.toolCallCount > 0 ? "tool_use" : "end_turn";
      if (raw === "length") return "max_tokens";
      return "unknown";
    },
  };
}
