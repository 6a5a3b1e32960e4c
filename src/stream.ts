/**
 * BedrockStream: one object that is async-iterable over stream events, with a text
 * view, a final-result promise and `abort()`.
 */
import { BedrockKitError } from "./errors.js";
import { eventsToReadableStream, serverSentEvents, textBytes } from "./web-streams.js";
import type { InvokeResult, StreamEvent, ToolCall } from "./types.js";

/** Where a running call delivers its events. */
export interface StreamSink {
  /** Queues an event; true when a consumer was waiting for it (the producer may then yield to it). */
  push(event: StreamEvent): boolean;
  /** Ends the stream with its final result (the `finish` event is pushed for you). */
  finish(result: InvokeResult): void;
  fail(error: unknown): void;
}

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A streaming call, started as soon as it is created. Iterate it once (directly or
 * through `textStream`); `result` resolves with the invoke-shaped result whether or
 * not anyone iterates, and never causes an unhandled rejection.
 */
export class BedrockStream<Call extends ToolCall = ToolCall> implements AsyncIterable<StreamEvent> {
  /** Resolves to the invoke-shaped result when the stream ends; rejects with the error that ended it. `Call` types its `toolCalls`. */
  readonly result: Promise<InvokeResult<Call>>;
  readonly #controller: AbortController;
  readonly #queue: StreamEvent[] = [];
  #head = 0;
  #ended = false;
  #error: unknown = undefined;
  #waiting: ((value: void) => void) | undefined;
  #iterated = false;
  #resolveResult!: (result: InvokeResult<Call>) => void;
  #rejectResult!: (error: unknown) => void;

  /** @internal Created by `client.stream()`; `run` starts the call and reports into the sink. */
  constructor(run: (sink: StreamSink, signal: AbortSignal) => void, controller: AbortController) {
    this.#controller = controller;
    this.result = new Promise<InvokeResult<Call>>((resolve, reject) => {
      this.#resolveResult = resolve;
      this.#rejectResult = reject;
    });
    this.result.catch(() => undefined);
    run(
      {
        push: (event) => this.#enqueue(event),
        finish: (result) => {
          this.#enqueue({ type: "finish", result });
          this.#end(undefined);
          this.#resolveResult(result as InvokeResult<Call>);
        },
        fail: (error) => {
          this.#end(error);
          this.#rejectResult(error);
        },
      },
      controller.signal,
    );
  }

  /** Stops the call and frees its connection; iteration and `result` reject with `AbortError`. */
  abort(): void {
    this.#controller.abort();
  }

  /**
   * The text deltas only, in order. Reading this property consumes nothing; iterating the
   * view counts as the stream's one iteration.
   */
  get textStream(): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () => {
        const events = this[Symbol.asyncIterator]();
        return {
          async next(): Promise<IteratorResult<string>> {
            for (;;) {
              const step = await events.next();
              if (step.done) return done;
              if (step.value.type === "text") return { done: false, value: step.value.text };
            }
          },
          async return(): Promise<IteratorResult<string>> {
            await events.return?.();
            return done;
          },
        };
      },
    };
  }

  /**
   * The events as a web `ReadableStream` (consumes the stream's one iteration; cancelling
   * the reader aborts the call).
   */
  toReadableStream(): ReadableStream<StreamEvent> {
    return eventsToReadableStream(this);
  }

  /** Two readers of every event (e.g. one to the browser, one to a log), from the one iteration. */
  tee(): [ReadableStream<StreamEvent>, ReadableStream<StreamEvent>] {
    return this.toReadableStream().tee();
  }

  /** A `Response` whose body is the answer's text as it streams (`text/plain; charset=utf-8`). */
  toTextStreamResponse(init: ResponseInit = {}): Response {
    const headers = new Headers(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "text/plain; charset=utf-8");
    return new Response(textBytes(this.toReadableStream()), { ...init, headers });
  }

  /**
   * A `Response` of Server-Sent Events (`text/event-stream`): `text`, `reasoning`,
   * `tool-call`, then `finish` (stop reason, usage, cost) or `error`; read it in the browser
   * with `EventSource` or `fetch`.
   */
  toServerSentEventsResponse(init: ResponseInit = {}): Response {
    const headers = new Headers(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "text/event-stream; charset=utf-8");
    if (!headers.has("cache-control")) headers.set("cache-control", "no-cache");
    return new Response(serverSentEvents(this.toReadableStream()), { ...init, headers });
  }

  /** Iterates `text`, `reasoning`, `tool-call` and `finish` events. A stream can be iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.#iterated) {
      throw new BedrockKitError("This stream is already being iterated; a stream can be iterated once (await `result` for the final result)", {
        code: "StreamAlreadyIterated",
      });
    }
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: async () => {
        if (!this.#ended) this.#controller.abort();
        return done;
      },
    };
  }

  #enqueue(event: StreamEvent): boolean {
    if (this.#ended) return false;
    this.#queue.push(event);
    const waiting = this.#waiting;
    if (!waiting) return false;
    this.#waiting = undefined;
    waiting();
    return true;
  }

  #end(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting();
    }
  }

  async #next(): Promise<IteratorResult<StreamEvent>> {
    for (;;) {
      if (this.#head < this.#queue.length) {
        const value = this.#queue[this.#head] as StreamEvent;
        this.#queue[this.#head] = undefined as unknown as StreamEvent;
        this.#head += 1;
        if (this.#head === this.#queue.length) {
          this.#queue.length = 0;
          this.#head = 0;
        }
        return { done: false, value };
      }
      if (this.#ended) {
        if (this.#error !== undefined) {
          const error = this.#error;
          this.#error = undefined;
          throw error;
        }
        return done;
      }
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
      });
    }
  }
}
