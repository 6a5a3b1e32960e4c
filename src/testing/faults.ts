/** Scripted faults of the offline Bedrock: what a test can make the next requests suffer. */
import type { StreamExceptionType } from "./event-stream.js";

/** Which requests a fault applies to, and how many times. */
export interface FaultScope {
  /** The model ID as it appears in the request path, or a glob (`*`); default: every model. */
  modelId?: string;
  /** Default: both operations. */
  operation?: "invoke" | "stream";
  /** How many matching requests suffer it. Default 1; `Infinity` for all. */
  times?: number;
}

/** One scripted fault. */
export type Fault = FaultScope &
  (
    | {
        /** An HTTP error response shaped like Bedrock's: `x-amzn-ErrorType` header and `{"message"}` body. */
        type: "http-error";
        status: number;
        /** e.g. `ThrottlingException`; omit to send a bare status (as a proxy or load balancer would). */
        errorType?: string;
        message?: string;
      }
    | {
        /** HTTP 200, then `afterChunks` chunk frames, then an exception frame. */
        type: "exception-frame";
        afterChunks: number;
        exceptionType: StreamExceptionType;
        message?: string;
      }
    | {
        /** HTTP 200, then `afterChunks` good frames, then one with a wrong message CRC. */
        type: "corrupt-crc";
        afterChunks: number;
      }
    | {
        /** HTTP 200, then `afterChunks` good frames, then half a frame and a closed connection. */
        type: "truncate";
        afterChunks: number;
      }
    | {
        /** HTTP 200 with this body instead of the model's answer (e.g. another family's JSON, or not JSON). */
        type: "replace-body";
        body: string;
      }
    | {
        /** Waits `ms` before answering (normally, after the wait). */
        type: "delay";
        ms: number;
      }
    | {
        /** Streams: waits `ms` before each chunk frame. */
        type: "chunk-delay";
        ms: number;
      }
  );

interface ArmedFault {
  fault: Fault;
  remaining: number;
  pattern: RegExp | undefined;
}

function globPattern(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** The faults armed on one server, consumed in the order they were added. */
export class FaultPlan {
  readonly #armed: ArmedFault[] = [];

  add(fault: Fault): void {
    this.#armed.push({
      fault,
      remaining: fault.times ?? 1,
      pattern: fault.modelId === undefined ? undefined : globPattern(fault.modelId),
    });
  }

  clear(): void {
    this.#armed.length = 0;
  }

  /** The first armed fault matching this request, counted as used. */
  take(modelId: string, operation: "invoke" | "stream"): Fault | undefined {
    const index = this.#armed.findIndex(
      (armed) =>
        armed.remaining > 0 &&
        (armed.fault.operation === undefined || armed.fault.operation === operation) &&
        (armed.pattern === undefined || armed.pattern.test(modelId)),
    );
    const armed = this.#armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed.splice(index, 1);
    return armed.fault;
  }
}
