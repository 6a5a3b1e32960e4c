/** Scripted faults of the offline Bedrock: what a test can make the next requests suffer. */
import type { StreamExceptionType } from "./event-stream.js";

/** Which requests a fault applies to, and how many times. */
export interface FaultScope {
  /** The model ID as it appears in the request path, or a glob (`*`); default: every model. */
  modelId?: string | undefined;
  /** Default: every operation. */
  operation?: "invoke" | "stream" | "countTokens" | undefined;
  /** How many matching requests suffer it. Default 1; `Infinity` for all. */
  times?: number | undefined;
}

/** An HTTP error response shaped like Bedrock's: `x-amzn-ErrorType` header and `{"message"}` body. */
export interface HttpErrorFault extends FaultScope {
  /** Discriminator. */
  type: "http-error";
  /** HTTP status, e.g. 429. */
  status: number;
  /** e.g. `ThrottlingException`; omit to send a bare status (as a proxy or load balancer would). */
  errorType?: string | undefined;
  /** The `message` of the error body. */
  message?: string | undefined;
}

/** HTTP 200, then `afterChunks` chunk frames, then an exception frame. */
export interface ExceptionFrameFault extends FaultScope {
  /** Discriminator. */
  type: "exception-frame";
  /** Good chunk frames sent first (0: the exception is the first frame). */
  afterChunks: number;
  /** The `:exception-type` header. */
  exceptionType: StreamExceptionType;
  /** The `message` of the exception payload. */
  message?: string | undefined;
}

/** HTTP 200, then `afterChunks` good frames, then one with a wrong message CRC. */
export interface CorruptCrcFault extends FaultScope {
  /** Discriminator. */
  type: "corrupt-crc";
  /** Good chunk frames sent first. */
  afterChunks: number;
}

/** HTTP 200, then `afterChunks` good frames, then half a frame and a dropped connection. */
export interface TruncateFault extends FaultScope {
  /** Discriminator. */
  type: "truncate";
  /** Good chunk frames sent first. */
  afterChunks: number;
}

/** HTTP 200, then `afterChunks` good frames, then a clean end of the response (a proxy that gave up). */
export interface EndEarlyFault extends FaultScope {
  /** Discriminator. */
  type: "end-early";
  /** Good chunk frames sent before the end. */
  afterChunks: number;
}

/** HTTP 200 with this body instead of the model's answer (another family's JSON, or not JSON). */
export interface ReplaceBodyFault extends FaultScope {
  /** Discriminator. */
  type: "replace-body";
  /** The response body, sent as it is. */
  body: string;
}

/** Waits before answering (normally, after the wait). */
export interface DelayFault extends FaultScope {
  /** Discriminator. */
  type: "delay";
  /** Milliseconds before the response starts. */
  ms: number;
}

/** Streams: waits before each chunk frame. */
export interface ChunkDelayFault extends FaultScope {
  /** Discriminator. */
  type: "chunk-delay";
  /** Milliseconds before each frame. */
  ms: number;
}

/** One scripted fault. */
export type Fault =
  | HttpErrorFault
  | ExceptionFrameFault
  | CorruptCrcFault
  | TruncateFault
  | EndEarlyFault
  | ReplaceBodyFault
  | DelayFault
  | ChunkDelayFault;

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
  take(modelId: string, operation: "invoke" | "stream" | "countTokens"): Fault | undefined {
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
