/**
 * The only module that imports the AWS SDK. Sends InvokeModel and
 * InvokeModelWithResponseStream, yields chunk bytes, and reads what the SDK's output
 * does not expose: the request ID and the token-count headers.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import {
  BedrockRuntimeClient,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type InvokeModelCommandOutput,
  type InvokeModelWithResponseStreamCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler, type NodeHttpHandlerOptions } from "@smithy/node-http-handler";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  DeserializeMiddleware,
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  MetadataBearer,
  RequestHandler,
} from "@smithy/types";
import type { PartialUsage } from "./types.js";
import { FrameSplitter, decodeFrame } from "./event-stream.js";

/** How the transport builds its own `BedrockRuntimeClient` when the user gives none. */
export interface TransportOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  endpoint: string | undefined;
  bedrockRuntime: BedrockRuntimeClient | undefined;
}

/** What the response headers of one call said. */
export interface ResponseMetadata {
  requestId: string | undefined;
  /** `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count`, when sent. */
  headerUsage: PartialUsage | undefined;
}

/** One InvokeModel answer. */
export interface InvokeResponse extends ResponseMetadata {
  body: Uint8Array;
}

/** One InvokeModelWithResponseStream answer: headers arrived, chunks to come. */
export interface StreamResponse extends ResponseMetadata {
  /**
   * The model JSON bytes of the `chunk` events, in batches (one per network read, decoded
   * as iterated). Iterating throws at an exception frame, a bad CRC or a truncated frame,
   * after the chunks before it.
   */
  chunks: AsyncIterable<Iterable<Uint8Array>>;
}

/** Sends one request; `signal` ends it and frees its connection. */
export interface Transport {
  invoke(modelId: string, body: string, signal: AbortSignal): Promise<InvokeResponse>;
  invokeStream(modelId: string, body: string, signal: AbortSignal): Promise<StreamResponse>;
  /** Bedrock's CountTokens for an InvokeModel body: the input tokens Bedrock would bill. */
  countTokens(modelId: string, body: string, signal: AbortSignal): Promise<number>;
}

/** Where the transport hides a call's signal (on the command input and the HTTP request) and response headers (on the output). */
const signalKey = Symbol("bedrock-kit.signal");
const headersKey = Symbol("bedrock-kit.headers");
const rawBodyKey = Symbol("bedrock-kit.raw-body");
const middlewareName = "bedrockKitTransport";
const rawBodyMiddlewareName = "bedrockKitRawEventStream";

type WithSignal = { [signalKey]?: AbortSignal };
type WithHeaders = { [headersKey]?: Record<string, string> };
type RawBody = AsyncIterable<Uint8Array> & { destroy?: () => void };
type WithRawBody = { [rawBodyKey]?: { body?: RawBody } };

type HandleFunction = (request: HttpRequest, options: HttpHandlerOptions) => Promise<{ response: HttpResponse }>;

/**
 * HTTP/1.1 with keep-alive connections, taking each call's abort signal from the request
 * itself. The SDK's default for Bedrock Runtime on Node is an HTTP/2 handler with one
 * session per request (`disableConcurrentStreams`), i.e. a new connection (and TLS
 * handshake) for every call; docs/performance.md has the measurements. Reading the signal
 * from the request (not from `send()` options) lets the client cache its middleware chain
 * (`cacheMiddleware`), which the SDK only does when `send()` gets no options.
 */
class KeepAliveRequestHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly #inner: NodeHttpHandler;
  readonly #handle: HandleFunction;

  constructor() {
    const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const };
    this.#inner = new NodeHttpHandler({ httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) });
    this.#handle = this.#inner.handle.bind(this.#inner) as HandleFunction;
  }

  get metadata(): NodeHttpHandler["metadata"] {
    return this.#inner.metadata;
  }

  handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const abortSignal = (request as WithSignal)[signalKey] ?? options.abortSignal;
    return this.#handle(request, abortSignal ? { ...options, abortSignal } : options);
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.#inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.#inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.#inner.destroy();
  }
}

/**
 * A successful stream response handed from the inner middleware to the outer one, past
 * the SDK's deserializer: bedrock-kit decodes the event stream itself (src/event-stream.ts),
 * synchronously per network read, without the SDK's per-event schema machinery and copies,
 * and without the deserializer's wait for the first event.
 */
class StreamHandoff {
  constructor(readonly response: HttpResponse) {}
}

/**
 * Added once to the client's stack, outermost in the deserialize step: moves the call's
 * signal from the command input onto the signed request, keeps the raw response headers
 * on the output (the SDK's output does not expose the token-count headers), and turns a
 * stream handoff into the command's output.
 */
const transportMiddleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const signal = (args.input as WithSignal)[signalKey];
  if (signal) (args.request as WithSignal)[signalKey] = signal;
  let result;
  try {
    result = await next(args);
  } catch (error) {
    if (!(error instanceof StreamHandoff)) throw error;
    const headers = error.response.headers;
    const output: MetadataBearer = {
      $metadata: { httpStatusCode: error.response.statusCode, requestId: headers["x-amzn-requestid"] },
    };
    Object.defineProperty(output, headersKey, { value: headers });
    return { response: error.response, output };
  }
  const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
  if (headers && result.output) Object.defineProperty(result.output, headersKey, { value: headers });
  return result;
};

/**
 * Added once, inside the SDK's deserializer: a successful stream response leaves through
 * a {@link StreamHandoff}, its body kept for bedrock-kit's decoder. Error responses go to
 * the SDK's deserializer untouched, so its exception mapping applies.
 */
const rawBodyMiddleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const holder = (args.input as WithRawBody)[rawBodyKey];
  const result = await next(args);
  const response = result.response as HttpResponse | undefined;
  if (holder && response && response.statusCode >= 200 && response.statusCode < 300 && response.body) {
    holder.body = response.body as RawBody;
    throw new StreamHandoff(response);
  }
  return result;
};

function installMiddleware(client: BedrockRuntimeClient): void {
  const stack = client.middlewareStack as { add(middleware: unknown, options: object): void; identify(): string[] };
  if (stack.identify().some((entry) => entry.startsWith(middlewareName))) return;
  stack.add(transportMiddleware, { step: "deserialize", name: middlewareName, priority: "high" });
  stack.add(rawBodyMiddleware, { step: "deserialize", name: rawBodyMiddlewareName, priority: "low" });
}

function readHeaderNumber(headers: Record<string, string>, name: string): number | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function readMetadata(output: MetadataBearer): ResponseMetadata {
  const headers = (output as WithHeaders)[headersKey];
  const requestId = output.$metadata.requestId ?? headers?.["x-amzn-requestid"];
  if (!headers) return { requestId, headerUsage: undefined };
  const inputTokens = readHeaderNumber(headers, "x-amzn-bedrock-input-token-count");
  const outputTokens = readHeaderNumber(headers, "x-amzn-bedrock-output-token-count");
  const headerUsage = inputTokens === undefined && outputTokens === undefined ? undefined : { inputTokens, outputTokens };
  return { requestId, headerUsage };
}

/** Decodes the frames of one network read as they are iterated, so the first chunk needs no wait for the rest. */
function* decodeFrames(frames: Uint8Array[]): Generator<Uint8Array> {
  for (const frame of frames) {
    const decoded = decodeFrame(frame);
    if (decoded.type === "chunk") yield decoded.bytes;
  }
}

/** Splits a raw event-stream body into one lazily decoded batch per network read; closes the body if left early. */
async function* readChunks(body: RawBody): AsyncGenerator<Iterable<Uint8Array>> {
  const splitter = new FrameSplitter();
  let finished = false;
  try {
    for await (const bytes of body) {
      const frames = splitter.push(bytes);
      if (frames.length > 0) yield decodeFrames(frames);
    }
    splitter.end();
    finished = true;
  } finally {
    if (!finished) body.destroy?.();
  }
}

/**
 * Builds the transport. bedrock-kit owns retries, so its own client is built with
 * `maxAttempts: 1`; a client the user passes in is used with its own settings (the
 * transport only adds the middleware that reads response headers).
 */
export function createTransport(options: TransportOptions): Transport {
  const userClient = options.bedrockRuntime;
  const client =
    userClient ??
    new BedrockRuntimeClient({
      region: options.region,
      credentials: options.credentials,
      endpoint: options.endpoint,
      maxAttempts: 1,
      cacheMiddleware: true,
      requestHandler: new KeepAliveRequestHandler(),
    });
  installMiddleware(client);
  // The own client finds the signal on the request; a user's client gets it as an option
  // (its request handler is the SDK's, which only reads options).
  const send = <Output extends MetadataBearer>(command: { input: object }, signal: AbortSignal): Promise<Output> => {
    Object.defineProperty(command.input, signalKey, { value: signal });
    return userClient
      ? (client.send as (command: unknown, options: object) => Promise<Output>)(command, { abortSignal: signal })
      : (client.send as (command: unknown) => Promise<Output>)(command);
  };

  return {
    async invoke(modelId, body, signal) {
      const command = new InvokeModelCommand({ modelId, body, contentType: "application/json", accept: "application/json" });
      const output = await send<InvokeModelCommandOutput>(command, signal);
      return { body: output.body, ...readMetadata(output) };
    },

    async countTokens(modelId, body, signal) {
      const command = new CountTokensCommand({ modelId, input: { invokeModel: { body: Buffer.from(body, "utf8") } } });
      const output = await send<{ inputTokens?: number } & MetadataBearer>(command, signal);
      if (typeof output.inputTokens !== "number") throw new Error("CountTokens answered without inputTokens");
      return output.inputTokens;
    },

    async invokeStream(modelId, body, signal) {
      const command = new InvokeModelWithResponseStreamCommand({
        modelId,
        body,
        contentType: "application/json",
        accept: "application/json",
      });
      const holder: { body?: RawBody } = {};
      Object.defineProperty(command.input, rawBodyKey, { value: holder });
      const output = await send<InvokeModelWithResponseStreamCommandOutput>(command, signal);
      if (!holder.body) throw new Error("The stream response has no body");
      return { chunks: readChunks(holder.body), ...readMetadata(output) };
    },
  };
}
