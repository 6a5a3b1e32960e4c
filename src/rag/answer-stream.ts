/** `retrieveAndGenerateStream`: the answer as text and citation events, then the finished result. */
import { BedrockKitError, type CallOrigin } from "bedrock-kit";
import { CitationParser, type AnswerTextEvent, type CitationEvent } from "./citations.js";
import type { KnowledgeBaseContext } from "./context.js";
import { finishGeneration, prepareGeneration, type GenerationResult, type RetrieveAndGenerateOptions } from "./generate.js";

/** The last event of a successful answer stream. */
export interface AnswerFinishEvent<Result = GenerationResult> {
  /** Discriminator. */
  type: "finish";
  /** What `retrieveAndGenerate` would have resolved to. */
  result: Result;
}

/** An event of {@link AnswerStream}: answer text, a citation, or the finish. */
export type AnswerStreamEvent<Result = GenerationResult> = AnswerTextEvent | CitationEvent | AnswerFinishEvent<Result>;

/** Makes an answer, handing on text and citations as they come; resolves to the whole result. */
export type AnswerProducer<Result> = (emit: (event: AnswerTextEvent | CitationEvent) => void, signal: AbortSignal) => Promise<Result>;

/** A local knowledge base's streamed answer: retrieve, then `fm.stream`, the markers turned into citations. */
export function localAnswer(context: KnowledgeBaseContext, origin: CallOrigin, query: string, options: RetrieveAndGenerateOptions): AnswerProducer<GenerationResult> {
  return async (emit, signal) => {
    const { request, retrieval } = await prepareGeneration(context, origin, query, { ...options, signal });
    const parser = new CitationParser(retrieval.results);
    const stream = context.client.stream(request);
    for await (const event of stream) {
      if (event.type === "text") for (const output of parser.push(event.text)) emit(output);
    }
    for (const output of parser.end()) emit(output);
    return finishGeneration(context, retrieval, await stream.result, parser);
  };
}

/**
 * A streamed answer, started as soon as it is created: iterate it once for `text`,
 * `citation` and `finish` events (citations arrive as soon as the part they cover is
 * complete), or await `result`. Like `fm.stream`'s stream, `result` never causes an
 * unhandled rejection.
 */
export class AnswerStream<Result = GenerationResult> implements AsyncIterable<AnswerStreamEvent<Result>> {
  /** Resolves to the whole result when the answer is complete; rejects with the error that ended it. */
  readonly result: Promise<Result>;
  readonly #controller = new AbortController();
  readonly #queue: AnswerStreamEvent<Result>[] = [];
  #ended = false;
  #error: unknown;
  #waiting: (() => void) | undefined;
  #iterated = false;

  /** @internal Created by `retrieveAndGenerateStream`. */
  constructor(produce: AnswerProducer<Result>, userSignal: AbortSignal | undefined) {
    const signal = userSignal ? AbortSignal.any([userSignal, this.#controller.signal]) : this.#controller.signal;
    this.result = this.#run(produce, signal);
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
  [Symbol.asyncIterator](): AsyncIterator<AnswerStreamEvent<Result>> {
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

  async #run(produce: AnswerProducer<Result>, signal: AbortSignal): Promise<Result> {
    const result = await produce((event) => this.#push(event), signal);
    this.#push({ type: "finish", result });
    return result;
  }

  #push(event: AnswerStreamEvent<Result>): void {
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

  async #next(): Promise<IteratorResult<AnswerStreamEvent<Result>>> {
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
