/**
 * A stream's events as web streams and `Response`s, for Node and web frameworks (Next.js
 * route handlers, Hono, Remix, a Lambda function URL): the events as a `ReadableStream`,
 * the text alone, or Server-Sent Events. Each consumes the stream's one iteration.
 */
import type { InvokeResult, StreamEvent } from "./types.js";

const encoder = new TextEncoder();

/** The events of an async iterable as a `ReadableStream`; cancelling it ends the iteration (and with it the call). */
export function eventsToReadableStream(events: AsyncIterable<StreamEvent>): ReadableStream<StreamEvent> {
  let iterator: AsyncIterator<StreamEvent> | undefined;
  return new ReadableStream<StreamEvent>({
    async pull(controller) {
      iterator ??= events[Symbol.asyncIterator]();
      try {
        const step = await iterator.next();
        if (step.done) controller.close();
        else controller.enqueue(step.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
}

/** The text deltas of a stream of events, as UTF-8 bytes. */
export function textBytes(events: ReadableStream<StreamEvent>): ReadableStream<Uint8Array> {
  return events.pipeThrough(
    new TransformStream<StreamEvent, Uint8Array>({
      transform(event, controller) {
        if (event.type === "text") controller.enqueue(encoder.encode(event.text));
      },
    }),
  );
}

/** What the SSE `finish` event carries: the result without the model's raw body. */
function finishSummary(result: InvokeResult): Record<string, unknown> {
  return { modelId: result.modelId, stopReason: result.stopReason, usage: result.usage, cost: result.cost, requestId: result.requestId, toolCalls: result.toolCalls, warnings: result.warnings };
}

/**
 * A stream of events as Server-Sent Events: `text`, `reasoning` and `tool-call` events as
 * they come, then `finish` (stop reason, usage, cost; no raw body) or `error` (the error's
 * name, code and message, which carry no prompt text).
 */
export function serverSentEvents(events: ReadableStream<StreamEvent>): ReadableStream<Uint8Array> {
  const frame = (name: string, data: unknown): Uint8Array => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  const reader = events.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await reader.read();
        if (step.done) {
          controller.close();
          return;
        }
        const event = step.value;
        if (event.type === "text" || event.type === "reasoning") controller.enqueue(frame(event.type, { text: event.text }));
        else if (event.type === "tool-call") controller.enqueue(frame("tool-call", event.toolCall));
        else controller.enqueue(frame("finish", finishSummary(event.result)));
      } catch (error) {
        const failure = error as { name?: string; code?: string; message?: string };
        controller.enqueue(frame("error", { name: failure.name, code: failure.code, message: failure.message }));
        controller.close();
      }
    },
    async cancel() {
      await reader.cancel();
    },
  });
}
