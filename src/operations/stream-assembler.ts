/** One stream attempt: decodes chunks into deltas for the user and the final (or partial) result. */
import type { PartialUsage, StreamDecoder, StreamDelta } from "../adapters/adapter.js";
import { isRecord, parseJsonBytes } from "../encoding.js";
import type { CallScope } from "../pipeline/scope.js";
import { buildResult, guardrailIntervened, pickUsage, readInvocationMetrics, type UsageOrder, type UsageSources } from "./result.js";
import type { StreamSink } from "../stream.js";
import { countTokensNow } from "../tokens/count.js";
import type { ResponseMetadata } from "../transport/index.js";
import type { ContentPart, InvokeResult, ReasoningPart, ToolCallPart, Usage } from "../types.js";
import { checkToolCall } from "./tool-call-checks.js";
import { guardrailOutcome, malformed, priceResult } from "./invoke.js";
import { StopSequenceCutter } from "./stop-sequences.js";
import type { PreparedText } from "./text-request.js";

// Streams: Bedrock's invocation metrics are what it bills; the model's own stream events
// can disagree with them (bedrock-formats.md §4.2 recorded 60 vs 41), so the metrics win.
const streamUsageOrder: UsageOrder = ["metrics", "body", "headers"];
const utf8Decoder = new TextDecoder();

function mergeUsage(target: PartialUsage, update: PartialUsage): void {
  for (const key of Object.keys(update) as (keyof PartialUsage)[]) {
    const value = update[key];
    if (value !== undefined) target[key] = value;
  }
}

/** What one stream attempt has received so far. */
export class StreamAssembler {
  readonly #content: ContentPart[] = [];
  readonly #checking: Promise<void>[] = [];
  readonly #bodyUsage: PartialUsage = {};
  #metrics: PartialUsage | undefined;
  #rawStopReason: string | undefined;
  #stopSequence: string | undefined;
  #guardrail = false;
  #guardrailTrace: unknown;
  #lastText: { type: "text"; text: string } | undefined;
  #openReasoning: ReasoningPart | undefined;
  readonly #cutter: StopSequenceCutter | undefined;
  /** True once a delta reached the user (the attempt can no longer be retried). */
  delivered = false;
  /** True once the model's own end-of-answer event (its stop reason) arrived. */
  finished = false;

  constructor(
    readonly prepared: PreparedText,
    readonly scope: CallScope,
    readonly decoder: StreamDecoder,
    readonly response: ResponseMetadata,
    readonly sink: StreamSink,
  ) {
    this.#cutter = prepared.emulatedStops && new StopSequenceCutter(prepared.emulatedStops);
  }

  /** Decodes one chunk into the result so far and the sink; true when an event woke a waiting consumer. */
  accept(bytes: Uint8Array): boolean {
    let chunk: Record<string, unknown> | undefined;
    let deltas: StreamDelta[];
    try {
      const parsed = parseJsonBytes(bytes);
      if (typeof parsed === "string" && this.decoder.pushString) deltas = this.decoder.pushString(parsed);
      else {
        if (!isRecord(parsed)) throw new Error("a chunk is not a JSON object");
        chunk = parsed;
        deltas = this.decoder.push(parsed);
      }
    } catch (error) {
      throw malformed(this.scope, (error as Error).message, utf8Decoder.decode(bytes), this.response.requestId);
    }
    if (chunk) {
      const metrics = readInvocationMetrics(chunk);
      if (metrics) this.#metrics = metrics;
      if (guardrailIntervened(chunk)) this.#guardrail = true;
      if (chunk["amazon-bedrock-trace"] !== undefined) this.#guardrailTrace = chunk["amazon-bedrock-trace"];
    }
    let woke = false;
    for (const delta of deltas) {
      switch (delta.type) {
        case "text": {
          const text = this.#cutter ? this.#cutter.push(delta.text) : delta.text;
          if (text !== "") woke = this.#deliverText(text) || woke;
          break;
        }
        case "reasoning":
          woke = this.#deliverReasoning(delta) || woke;
          break;
        case "tool-call": {
          this.#lastText = undefined;
          this.#openReasoning = undefined;
          const part: ToolCallPart = { type: "tool-call", ...delta.toolCall };
          this.#checkToolCall(part);
          this.#content.push(part);
          this.delivered = true;
          const { type: _type, ...toolCall } = part;
          woke = this.sink.push({ type: "tool-call", toolCall }) || woke;
          break;
        }
        case "stop":
          this.finished = true;
          this.#rawStopReason = delta.rawStopReason;
          this.#stopSequence = delta.stopSequence;
          break;
        case "usage":
          mergeUsage(this.#bodyUsage, delta.usage);
          break;
      }
    }
    return woke;
  }

  /** Checks a tool call against its tool's schema: now, or (a validator answering with a promise) before the result. */
  #checkToolCall(part: ToolCallPart): void {
    if (!this.prepared.toolChecks) return;
    const checking = checkToolCall(part, this.prepared.toolChecks);
    if (checking) this.#checking.push(checking);
  }

  /** Settles when every tool call's check has (undefined when none is pending). */
  checking(): Promise<unknown> | undefined {
    return this.#checking.length > 0 ? Promise.all(this.#checking) : undefined;
  }

  /** Delivers text a client-side stop sequence held back, once the stream has ended. */
  flush(): void {
    const rest = this.#cutter?.flush();
    if (rest) this.#deliverText(rest);
  }

  /** The invoke-shaped, priced result of what arrived. */
  result(): InvokeResult {
    return this.#build(pickUsage(this.#sources(), streamUsageOrder));
  }

  /**
   * The result of a stream that ended early, priced with the best known usage: the input
   * as reported (or estimated), the output as reported or estimated from the deltas
   * delivered, whichever is larger — Bedrock bills what it generated. `usage.partial` is set.
   */
  partialResult(): InvokeResult {
    const reported = pickUsage(this.#sources(), streamUsageOrder);
    let source: Usage["source"] = reported.source;
    let inputTokens = reported.inputTokens;
    if (inputTokens === 0) {
      inputTokens = this.prepared.estimatedInputTokens ?? 0;
      if (source === "none") source = "estimate";
    }
    const deliveredText = this.#content.map((part) => (part.type === "text" || part.type === "reasoning" ? part.text : part.type === "tool-call" ? `${part.name} ${JSON.stringify(part.input)}` : "")).join("");
    const deliveredTokens = deliveredText === "" ? 0 : countTokensNow(this.prepared.target.requested, deliveredText).tokens;
    let outputTokens = reported.outputTokens;
    if (deliveredTokens > outputTokens) {
      outputTokens = deliveredTokens;
      source = "estimate";
    }
    return this.#build({ ...reported, inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, source, partial: true });
  }

  #sources(): UsageSources {
    return { metrics: this.#metrics, body: this.#bodyUsage, headers: this.response.headerUsage };
  }

  #build(usage: Usage): InvokeResult {
    const result = buildResult({
      resolved: this.prepared.target,
      content: this.#content,
      rawStopReason: this.#rawStopReason,
      stopSequence: this.#cutter?.matched ?? this.#stopSequence,
      guardrail: this.#guardrail,
      emulatedStop: this.#cutter?.matched !== undefined,
      usage,
      requestId: this.response.requestId,
      startedAt: this.scope.startedAt,
      raw: this.decoder.raw(),
      warnings: this.prepared.warnings,
    });
    if (this.prepared.guardrail) result.guardrail = guardrailOutcome(result, this.#guardrailTrace);
    return priceResult(this.prepared, result);
  }

  /**
   * Adds reasoning to the result (text to the open reasoning part; a signature closes it;
   * a redacted block is a part of its own) and its text to the sink.
   */
  #deliverReasoning(delta: Extract<StreamDelta, { type: "reasoning" }>): boolean {
    this.#lastText = undefined;
    if (delta.redacted !== undefined) {
      this.#content.push({ type: "reasoning", text: "", redacted: delta.redacted });
      this.#openReasoning = undefined;
      return false;
    }
    if (!this.#openReasoning) {
      this.#openReasoning = { type: "reasoning", text: "" };
      this.#content.push(this.#openReasoning);
    }
    this.#openReasoning.text += delta.text;
    if (delta.signature !== undefined) {
      this.#openReasoning.signature = delta.signature;
      this.#openReasoning = undefined;
    }
    if (delta.text === "") return false;
    this.delivered = true;
    return this.sink.push({ type: "reasoning", text: delta.text });
  }

  /** Adds text to the result and the sink; true when it woke a waiting consumer. */
  #deliverText(text: string): boolean {
    this.#openReasoning = undefined;
    if (this.#lastText) this.#lastText.text += text;
    else {
      this.#lastText = { type: "text", text };
      this.#content.push(this.#lastText);
    }
    this.delivered = true;
    return this.sink.push({ type: "text", text });
  }
}
