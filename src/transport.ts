/**
 * The only module that imports the AWS SDK. Sends InvokeModel and
 * InvokeModelWithResponseStream, yields chunk bytes, and reads what the SDK's output
 * does not expose: the request ID and the token-count headers.
 *
 * Two paths. bedrock-kit's own client resolves credentials, Region, endpoint and signer
 * once through a `BedrockRuntimeClient`'s own resolvers, then signs each call with that
 * SigV4 signer and sends it on a keep-alive `node:http(s)` agent: no per-call middleware
 * stack (docs/performance.md has the measurements). A `bedrockRuntime` client the user
 * passes in is used through its own middleware stack, so its plugins, handler and retry
 * settings all apply.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConflictException,
  CountTokensCommand,
  InternalServerException,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  type InvokeModelCommandOutput,
  type InvokeModelWithResponseStreamCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  DeserializeMiddleware,
  HttpRequest,
  HttpResponse,
  MetadataBearer,
  RequestSigner,
  ResponseMetadata as SdkResponseMetadata,
} from "@smithy/types";
import { FrameSplitter, decodeFrame } from "./event-stream.js";
import { resolveRegion } from "./region.js";
import type { PartialUsage } from "./types.js";

/** How the transport builds its own client when the user gives no `bedrockRuntime`. */
export interface TransportOptions {
  /** The explicit Region; when absent, {@link resolveRegion} finds it as the AWS SDK does. */
  region: string | undefined;
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

type Headers = Record<string, string | string[] | undefined>;

const eventStreamType = "application/vnd.amazon.eventstream";
type RawBody = AsyncIterable<Uint8Array> & { destroy?: () => void };

function readHeaderNumber(headers: Headers, name: string): number | undefined {
  const value = headers[name];
  if (typeof value !== "string") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function readMetadata(headers: Headers | undefined, requestId: string | undefined): ResponseMetadata {
  if (!headers) return { requestId, headerUsage: undefined };
  const inputTokens = readHeaderNumber(headers, "x-amzn-bedrock-input-token-count");
  const outputTokens = readHeaderNumber(headers, "x-amzn-bedrock-output-token-count");
  const headerUsage = inputTokens === undefined && outputTokens === undefined ? undefined : { inputTokens, outputTokens };
  return { requestId, headerUsage };
}

function headerText(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
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

// ---------------------------------------------------------------------------------------
// Direct path: bedrock-kit's own client.

/**
 * Bedrock Runtime's modelled errors, by the name Bedrock sends in `x-amzn-errortype`: the
 * classes the SDK's deserializer throws (`@aws-sdk/client-bedrock-runtime` 3.1164.0
 * `dist-types/models/errors.d.ts`, read 2026-11-30), so a cause looks the same on both paths.
 */
const exceptionClasses: Record<string, new (options: { message: string; $metadata: SdkResponseMetadata }) => Error> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
};

/**
 * The error code of a restJson1 error response, read as the SDK reads it (`@smithy/core`
 * `protocols/json/parseJsonBody.js` `loadRestJsonErrorCode`, 3.41.0, read 2026-11-30): the
 * `x-amzn-errortype` header, else the body's `code` (any case), else its `__type`; then the
 * part before a `,` and a `:`, and after a `#`. Written here rather than imported: importing
 * that CommonJS module from ESM costs a scan of the whole file at start-up.
 */
function errorCode(headers: Headers, body: Record<string, unknown>): string | undefined {
  const codeKey = Object.keys(body).find((key) => key.toLowerCase() === "code");
  const raw = headerText(headers, "x-amzn-errortype") ?? (codeKey === undefined ? undefined : body[codeKey]) ?? body.__type;
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const beforeColon = String(raw).split(",")[0]?.split(":")[0] ?? "";
  return beforeColon.includes("#") ? beforeColon.split("#")[1] : beforeColon;
}

/** Turns a non-2xx response into the error the SDK would have thrown for it. */
function serviceError(response: IncomingMessage, bodyBytes: Buffer): Error {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(bodyBytes.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // A body that is not JSON (a proxy's HTML page) still maps by its status code.
  }
  const headers = response.headers;
  const statusCode = response.statusCode ?? 0;
  const $metadata: SdkResponseMetadata = {
    httpStatusCode: statusCode,
    requestId: headerText(headers, "x-amzn-requestid"),
    extendedRequestId: headerText(headers, "x-amz-id-2"),
    cfId: headerText(headers, "x-amz-cf-id"),
    attempts: 1,
    totalRetryDelay: 0,
  };
  const { message: lowerMessage, Message: upperMessage, ...fields } = body;
  const message = String(lowerMessage ?? upperMessage ?? "UnknownError");
  const code = errorCode(headers, body) ?? "Unknown";
  const Exception = exceptionClasses[code];
  const error = Exception
    ? new Exception({ message, $metadata })
    : new BedrockRuntimeServiceException({ name: code, $fault: statusCode >= 500 ? "server" : "client", message, $metadata });
  return Object.assign(error, fields);
}

/** The whole body of a response, with one listener set instead of an async iterator. */
function readBody(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    response.on("data", (part: Buffer) => parts.push(part));
    response.once("end", () => resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
    response.once("error", reject);
  });
}

/** What the direct path resolves once, through the SDK's own resolvers. */
interface Route {
  signer: RequestSigner;
  protocol: string;
  hostname: string;
  port: number | undefined;
  host: string;
  /** The endpoint's path without a trailing slash ("" for most). */
  basePath: string;
  send: typeof httpRequest;
  agent: HttpAgent;
}

/**
 * Resolves Region, FIPS/dual-stack settings, the endpoint (Bedrock Runtime's endpoint
 * rules, or the user's `endpoint` validated by them) and the SigV4 signer (the
 * client's credential chain, memoized and refreshed by the SDK) of `client`, once.
 */
async function resolveRoute(client: BedrockRuntimeClient, endpoint: string | undefined, agents: Agents): Promise<Route> {
  const config = client.config;
  const resolved = config.endpointProvider(
    {
      Region: await config.region(),
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      Endpoint: endpoint,
    },
    { logger: config.logger },
  );
  const authScheme = (resolved.properties?.authSchemes as { name?: string; signingName?: string; signingRegion?: string }[] | undefined)?.find(
    (scheme) => scheme.name === "sigv4",
  );
  const signer = await config.signer(
    authScheme ? { name: "sigv4", signingName: authScheme.signingName ?? "bedrock", signingRegion: authScheme.signingRegion ?? (await config.region()), properties: {} } : undefined,
  );
  const url = resolved.url;
  const secure = url.protocol === "https:";
  return {
    signer,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ""),
    send: secure ? httpsRequest : httpRequest,
    agent: secure ? agents.https : agents.http,
  };
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * Keep-alive HTTP/1.1 agents. The SDK's default Node handler for Bedrock Runtime is HTTP/2
 * with one session per request (`disableConcurrentStreams`), a new connection and TLS
 * handshake per call; docs/performance.md has the measurements.
 */
function createAgents(): Agents {
  const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const };
  return { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
}

/** Where the signer's clock correction lives: the SDK client's resolved config, shared with its own stack. */
interface Clock {
  systemClockOffset: number;
}

/** The last `Date` header parsed: it changes once a second, so most responses repeat it. */
let lastDate = { text: "", time: Number.NaN };

/**
 * Corrects the signing clock from a response's `Date` header, as the SDK's SigV4 signer
 * does after every response of an operation without event-stream output (`@aws-sdk/core`
 * `AwsSdkSigV4Signer` `successHandler`/`errorHandler` and `getUpdatedSystemClockOffset`,
 * 3.981.1, read 2026-11-30): skipped when a cache answered (`Age`) or the answer took over
 * 15 minutes.
 */
function sampleClock(clock: Clock, response: IncomingMessage, sentAt: number): void {
  const date = headerText(response.headers, "date");
  if (date === undefined || response.headers.age !== undefined) return;
  if (date !== lastDate.text) lastDate = { text: date, time: Date.parse(date) };
  const receivedAt = Date.now();
  if (Number.isNaN(lastDate.time) || receivedAt - sentAt > 900_000) return;
  clock.systemClockOffset = lastDate.time - receivedAt;
}

/** Signs and sends one POST; resolves with a 2xx response, rejects with the SDK's error for any other. */
async function post(route: Route, clock: Clock, path: string, accept: string, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  const unsigned = {
    method: "POST",
    protocol: route.protocol,
    hostname: route.hostname,
    port: route.port,
    path,
    query: {},
    headers: { host: route.host, "content-type": "application/json", accept, "content-length": String(Buffer.byteLength(body)) },
    body,
  };
  const signed = await route.signer.sign(unsigned as HttpRequest, { signingDate: new Date(Date.now() + clock.systemClockOffset) });
  const sentAt = Date.now();
  signal.throwIfAborted();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = route.send({ agent: route.agent, hostname: route.hostname, port: route.port, method: "POST", path, headers: signed.headers }, resolve);
    // One abort listener for the call's life, removed when the request closes (after its
    // response ends or is destroyed); lighter than the `signal` option's stream plumbing.
    const abort = (): void => {
      request.destroy(Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR", cause: signal.reason }));
    };
    signal.addEventListener("abort", abort, { once: true });
    request.once("close", () => signal.removeEventListener("abort", abort));
    request.once("error", reject);
    request.end(body);
  });
  const statusCode = response.statusCode ?? 0;
  if (accept !== eventStreamType) sampleClock(clock, response, sentAt);
  if (statusCode >= 200 && statusCode < 300) return response;
  throw serviceError(response, await readBody(response));
}

/**
 * The path of a model operation. Model IDs may be ARNs with `:` and `/`; like the SDK
 * (`extendedEncodeURIComponent` for a restJson1 `{modelId}` label), every reserved
 * character is percent-encoded, `!'()*` included.
 */
function modelPath(basePath: string, modelId: string, action: string): string {
  const label = encodeURIComponent(modelId).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${basePath}/model/${label}/${action}`;
}

function responseMetadata(response: IncomingMessage): ResponseMetadata {
  return readMetadata(response.headers, headerText(response.headers, "x-amzn-requestid"));
}

// ---------------------------------------------------------------------------------------
// SDK path: a user's client.

/** Where the transport hides a stream's raw body holder (on the command input) and response headers (on the output). */
const headersKey = Symbol("bedrock-kit.headers");
const rawBodyKey = Symbol("bedrock-kit.raw-body");
const middlewareName = "bedrockKitTransport";
const rawBodyMiddlewareName = "bedrockKitRawEventStream";

type WithHeaders = { [headersKey]?: Record<string, string> };
type WithRawBody = { [rawBodyKey]?: { body?: RawBody } };

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
 * Added once to the client's stack, outermost in the deserialize step: keeps the raw
 * response headers on the output (the SDK's output does not expose the token-count
 * headers), and turns a stream handoff into the command's output.
 */
const transportMiddleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
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

function outputMetadata(output: MetadataBearer): ResponseMetadata {
  const headers = (output as WithHeaders)[headersKey];
  return readMetadata(headers, output.$metadata.requestId ?? headers?.["x-amzn-requestid"]);
}

function send<Output extends MetadataBearer>(client: BedrockRuntimeClient, command: object, signal: AbortSignal): Promise<Output> {
  return (client.send as (command: unknown, options: object) => Promise<Output>)(command, { abortSignal: signal });
}

function readInputTokens(output: { inputTokens?: unknown }): number {
  if (typeof output.inputTokens !== "number") throw new Error("CountTokens answered without inputTokens");
  return output.inputTokens;
}

/** The transport over a user's `BedrockRuntimeClient`: its own stack, plus two middlewares that read headers and hand over the stream body. */
function createSdkTransport(client: BedrockRuntimeClient): Transport {
  installMiddleware(client);
  return {
    async invoke(modelId, body, signal) {
      const command = new InvokeModelCommand({ modelId, body, contentType: "application/json", accept: "application/json" });
      const output = await send<InvokeModelCommandOutput>(client, command, signal);
      return { body: output.body, ...outputMetadata(output) };
    },

    async countTokens(modelId, body, signal) {
      const command = new CountTokensCommand({ modelId, input: { invokeModel: { body: Buffer.from(body, "utf8") } } });
      return readInputTokens(await send<{ inputTokens?: number } & MetadataBearer>(client, command, signal));
    },

    async invokeStream(modelId, body, signal) {
      const command = new InvokeModelWithResponseStreamCommand({ modelId, body, contentType: "application/json", accept: "application/json" });
      const holder: { body?: RawBody } = {};
      Object.defineProperty(command.input, rawBodyKey, { value: holder });
      const output = await send<InvokeModelWithResponseStreamCommandOutput>(client, command, signal);
      if (!holder.body) throw new Error("The stream response has no body");
      return { chunks: readChunks(holder.body), ...outputMetadata(output) };
    },
  };
}

/**
 * Builds the transport: the direct path for bedrock-kit's own client (bedrock-kit owns
 * retries, so each call is one attempt), or the SDK path over a client the user passes in,
 * used with its own settings.
 */
export function createTransport(options: TransportOptions): Transport {
  if (options.bedrockRuntime) return createSdkTransport(options.bedrockRuntime);
  const agents = createAgents();
  // Built for its resolved configuration only: no request goes through its stack, so it
  // gets a handler that refuses instead of the default HTTP/2 handler it would build.
  const client = new BedrockRuntimeClient({
    region: () => resolveRegion(options.region),
    credentials: options.credentials,
    endpoint: options.endpoint,
    requestHandler: { handle: () => Promise.reject(new Error("bedrock-kit sends its own requests; this client only resolves configuration")) },
  });
  let route: Promise<Route> | undefined;
  const getRoute = (): Promise<Route> => {
    if (route) return route;
    route = resolveRoute(client, options.endpoint, agents);
    // A failed resolution (an endpoint the rules reject, an unreadable config file) is tried again next call.
    route.catch(() => (route = undefined));
    return route;
  };

  return {
    async invoke(modelId, body, signal) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "invoke");
      const response = await post(resolved, client.config, path, "application/json", body, signal);
      return { body: await readBody(response), ...responseMetadata(response) };
    },

    async countTokens(modelId, body, signal) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "count-tokens");
      // The InvokeModel body as a base64 blob (Bedrock API Reference, `CountTokensInput` and
      // `InvokeModelTokensRequest`, read 2026-11-30).
      const request = JSON.stringify({ input: { invokeModel: { body: Buffer.from(body, "utf8").toString("base64") } } });
      const response = await post(resolved, client.config, path, "application/json", request, signal);
      return readInputTokens(JSON.parse((await readBody(response)).toString("utf8")) as { inputTokens?: unknown });
    },

    async invokeStream(modelId, body, signal) {
      const resolved = await getRoute();
      const path = modelPath(resolved.basePath, modelId, "invoke-with-response-stream");
      const response = await post(resolved, client.config, path, eventStreamType, body, signal);
      return { chunks: readChunks(response), ...responseMetadata(response) };
    },
  };
}
