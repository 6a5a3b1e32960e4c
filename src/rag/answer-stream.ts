/** `retrieveAndGenerateStream`: the answer as text and citation events, then the finished result. */
import { BedrockKitError } from "bedrock-kit";
import { CitationParser, type AnswerTextEvent, type CitationEvent } from "./citations.js";
import type { KnowledgeBaseContext } from "./context.js";
import { finishGeneration, prepareGeneration, type GenerationResult, type RetrieveAndGenerateOptions } from "./generate.js";

/** The last event of a successful answer stream. */
export interface AnswerFinishEvent {
  /** Discriminator. */
  type: "finish";
  /** What `retrieveAndGenerate` would have resolved to. */
  result: GenerationResult;
}

/** An event of {@link AnswerStream}: answer text, a citation, or the finish. */
export type AnswerStreamEvent = AnswerTextEvent | CitationEvent | AnswerFinishEvent;

/**
 * A streamed answer, started as soon as it is created: iterate it once for `text`,
 * `citation` and `finish` events (citations arrive as soon as the part they cover is
 * complete), or await `result`. Like `fm.stream`'s stream, `result` never causes an
 * unhandled rejection.
 */
export class AnswerStream implements AsyncIterable<AnswerStreamEvent> {
  /** Resolves to the whole result when the answer is complete; rejects with the error that ended it. */
  readonly result: Promise<GenerationResult>;
  readonly #controller = new AbortController();
  readonly #queue: AnswerStreamEvent[] = [];
  #ended = false;
  #error: unknown;
  #waiting: (() => void) | undefined;
  #iterated = false;

  /** @internal Created by `retrieveAndGenerateStream`. */
  constructor(context: KnowledgeBaseContext, query: string, options: RetrieveAndGenerateOptions) {
    const signal = options?.signal ? AbortSignal.any([options.signal, this.#controller.signal]) : this.#controller.signal;
    this.result = this.#run(context, query, { ...options, signal });
    this.result.then(
      () => this.#end(undefined),
      (error: unknown) => this.#end(error ?? new Error("the answer stream failed")),
    );
  }

  /** Stops the retrieval or generation; iteration and `result` reject with the abort error. */
  abort(): void {
    this.#controller.abort();
  }

  /** The answer's text deltas only (no citation markers). Iterating it counts as the stream's one iteration. */
  get textStream(): AsyncIterable<string> {
    const events = this;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const event of events) if (event.type === "text") yield event.text;
      },
    };
  }

  /** Iterates `text`, `citation` and `finish` events. A stream can be iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<AnswerStreamEvent> {
    if (this.#iterated) throw new BedrockKitError("This answer stream is already being iterated; await `result` for the final result", { code: "StreamAlreadyIterated" });
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: async () => {
        if (!this.#ended) this.abort();
        return { done: true, value: undefined };
      },
    };
  }

  async #run(context: KnowledgeBaseContext, query: string, options: RetrieveAndGenerateOptions): Promise<GenerationResult> {
    const { request, retrieval } = await prepareGeneration(context, query, options);
    const parser = new CitationParser(retrieval.results);
    const stream = context.client.stream(request);
    for await (const event of stream) {
      if (event.type === "text") for (const output of parser.push(event.text)) this.#push(output);
    }
    for (const output of parser.end()) this.#push(output);
    const result = finishGeneration(context, retrieval, await stream.result, parser);
    this.#push({ type: "finish", result });
    return result;
  }

  #push(event: AnswerStreamEvent): void {
    this.#queue.push(event);
    this.#wake();
  }

  #end(error: unknown): void {
    this.#ended = true;
    this.#error = error;
    this.#wake();
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.();
  }

  async #next(): Promise<IteratorResult<AnswerStreamEvent>> {
    for (;;) {
      const event = this.#queue.shift();
      if (event) return { done: false, value: event };
      if (this.#ended) {
        if (this.#error !== undefined) {
          const error = this.#error;
          this.#error = undefined;
          throw error;
        }
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }
}
