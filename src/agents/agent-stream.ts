/**
 * `agent.stream`: a run's events as an async iterable, and its result as a promise.
 * @module
 */
import type { AgentEvent } from "./events.js";
import type { AgentRun } from "./run.js";

/**
 * A running agent, started as soon as it is created. Iterate it once for its events; `result`
 * resolves with the run whether or not anyone iterates, and never causes an unhandled
 * rejection. Bad input rejects both the iteration and `result`; a failed model request
 * ends the run with a `failure` event and `status: "failed"`.
 */
export class AgentStream implements AsyncIterable<AgentEvent> {
  /** Resolves to the run when it ends (any status); rejects only for bad input. */
  readonly result: Promise<AgentRun>;
  readonly #queue: AgentEvent[] = [];
  #ended = false;
  #error: unknown = undefined;
  #waiting: (() => void) | undefined;
  #iterated = false;

  /** @internal Created by `agent.stream()`; `start` runs the agent, reporting each event. */
  constructor(start: (emit: (event: AgentEvent) => void) => Promise<AgentRun>) {
    this.result = start((event) => this.#push(event)).then(
      (run) => {
        this.#end(undefined);
        return run;
      },
      (error: unknown) => {
        this.#end(error);
        throw error;
      },
    );
    this.result.catch(() => undefined);
  }

  #push(event: AgentEvent): void {
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

  /** Iterates the events; a stream can be iterated once. */
  async *[Symbol.asyncIterator](): AsyncIterator<AgentEvent> {
    if (this.#iterated) throw new Error("An agent stream can be iterated once; await its result for the run");
    this.#iterated = true;
    for (;;) {
      const event = this.#queue.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }
}
